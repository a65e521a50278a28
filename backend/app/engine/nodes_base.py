"""What every node has, whatever its kind: an id, a label, a place on the canvas — and
what validation asks of each kind, answered by the kind itself.

A node kind overrides the facets that apply to it (the names it refers to, the config
rules a JSON Schema cannot say, the texts it renders); the defaults say "none". So adding
a kind means writing its class, not editing a `match` in every validation module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from msgspec import Meta

from app.engine.conditions import ConditionGroup
from app.engine.config_rules import Findings
from app.engine.primitives import Frozen, Label, NodeId, Position
from app.engine.references import Reference


class InlineMessage(Frozen, frozen=True):
    """A message a step writes itself (no template): rendered whole, as sending does."""

    channel: Literal["email", "sms", "letter"]
    subject: str | None
    body: str | None
    # Where a problem in each part points: the body's field, and the subject's if any.
    body_field: str
    subject_field: str | None = None


class NodeBase(Frozen, frozen=True, tag_field="kind"):
    """A step of a journey. `kind` says which; `config` holds that kind's settings."""

    id: NodeId
    label: Annotated[Label, Meta(title="Name on the canvas")]
    position: Position

    def references(self) -> Iterator[Reference]:
        """Every catalog name this step uses, with the config field it sits in."""
        return iter(())

    def conditions(self) -> Iterator[tuple[str, ConditionGroup | None]]:
        """The condition groups of the config, with the field each sits in."""
        return iter(())

    def config_problems(self) -> Findings:
        """Every config mistake that decoding alone does not catch."""
        return []

    def texts(self) -> list[tuple[str, str]]:
        """(field path, text) of every template text in the config."""
        return []

    def inline_message(self) -> InlineMessage | None:
        """The message this step writes itself, if it sends one without a template."""
        return None


class EmptyConfig(Frozen, frozen=True):
    """This step has no settings."""
