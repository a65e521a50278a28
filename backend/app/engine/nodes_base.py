"""What every node has, whatever its kind: an id, a label and a place on the canvas."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from app.engine.primitives import Frozen, Label, NodeId, Position


class NodeBase(Frozen, frozen=True, tag_field="kind"):
    """A step of a journey. `kind` says which; `config` holds that kind's settings."""

    id: NodeId
    label: Annotated[Label, Meta(title="Name on the canvas")]
    position: Position


class EmptyConfig(Frozen, frozen=True):
    """This step has no settings."""
