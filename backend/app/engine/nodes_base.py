"""What every node has, whatever its kind: an id, a label, a place on the canvas, its
exits — and what validation asks of each kind, answered by the kind itself.

A node kind overrides the facets that apply to it (the names it refers to, the config
rules a JSON Schema cannot say, the texts it renders); the defaults say "none". So adding
a kind means writing its class, not editing a `match` in every validation module.

It declares its exits as data (`EXITS`): `app.engine.exits` reads them for validation and
the step numbers, and `python -m app.schemas` publishes every kind's as
`schemas/node-exits.json`, which the canvas reads through the same rules
(frontend/src/features/journeys/model/exits.ts). One declaration, two readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Final

import msgspec
from msgspec import Meta

from app.engine.channels import TemplateChannel
from app.engine.conditions import ConditionGroup
from app.engine.config_rules import Findings
from app.engine.primitives import Frozen, Label, NodeId, Position
from app.engine.references import Reference


class InlineMessage(Frozen, frozen=True):
    """A message a step writes itself (no template): rendered whole, as sending does."""

    channel: TemplateChannel
    subject: str | None
    body: str | None
    # Where a problem in each part points: the body's field, and the subject's if any.
    body_field: str
    subject_field: str | None = None


class _Rule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="rule"):
    """One rule of a node kind's exits; the rules' exits follow each other in order."""


class FixedExit(_Rule, frozen=True, tag="fixed"):
    """One exit every node of the kind has. An optional exit may stay unconnected: the
    contact then ends there."""

    id: str
    label: str
    required: bool = True


class ItemExits(_Rule, frozen=True, tag="items"):
    """One exit per item of the config list `field` (a switch's cases, a split's
    branches): the item's `id`, labelled with its `label` or else its id in words
    (`humanize`), followed by ` (<weight>)` when `weighted`."""

    field: str
    weighted: bool = False


class OutcomeExits(_Rule, frozen=True, tag="outcomes"):
    """One exit per outcome of the job type the config field `field` names, from the
    catalog (labelled with the outcome in words); none without a catalog or for a job
    type it does not know."""

    field: str


ExitRule = FixedExit | ItemExits | OutcomeExits

NEXT: Final = FixedExit("next", "Next")


class NodeBase(Frozen, frozen=True, tag_field="kind"):
    """A step of a journey. `kind` says which; `config` holds that kind's settings."""

    # The kind's exits, in the order the canvas shows them. Most steps have one.
    EXITS: ClassVar[tuple[ExitRule, ...]] = (NEXT,)

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
