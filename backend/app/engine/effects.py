"""Side effects an advance asks for. The worker writes them to the outbox, keyed.

Each carries `key = "<enrollment>:<node>:<visit>"`: the outbox's unique key, so a replay
of the same step never sends twice, while a second visit of a node (a loop) sends again.
Templates are carried as written; the dispatcher renders them in the sandbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from msgspec import field


class _Effect(msgspec.Struct, frozen=True, tag_field="type", kw_only=True):
    key: str
    node_id: str


class SendEmail(_Effect, frozen=True, tag="send_email"):
    template: str | None = None
    subject: str | None = None
    body: str | None = None


class SendSms(_Effect, frozen=True, tag="send_sms"):
    template: str | None = None
    text: str | None = None


class CreateLetter(_Effect, frozen=True, tag="create_letter"):
    template: str | None = None
    body: str | None = None
    print_queue: str | None = None


class ConsentSet(msgspec.Struct, frozen=True):
    channel: str
    granted: bool


class UpdateContact(_Effect, frozen=True, tag="update_contact"):
    set_fields: dict[str, Any] = field(default_factory=dict)
    clear_fields: list[str] = field(default_factory=list)
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    score_change: int = 0
    add_roles: list[str] = field(default_factory=list)
    remove_roles: list[str] = field(default_factory=list)
    consent: list[ConsentSet] = field(default_factory=list)


class UpdateObject(_Effect, frozen=True, tag="update_object"):
    object_type: str
    set_fields: dict[str, Any]


class CreateJob(_Effect, frozen=True, tag="create_job"):
    """`job_ref` (= the key) comes back in `JobFinished`; the token waits for it."""

    job_ref: str
    job_type: str
    queue: str
    title: str
    guidance: str | None = None
    priority: str = "normal"
    due_at: datetime | None = None
    link_objects: list[str] = field(default_factory=list)
    escalate_at: datetime | None = None
    escalate_priority: str | None = None
    escalate_notify_supervisors: bool = False


class Webhook(_Effect, frozen=True, tag="webhook"):
    url: str
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    # Journey variable -> JSON pointer into the answer.
    save_response: dict[str, str] = field(default_factory=dict)


class NotifyStaff(_Effect, frozen=True, tag="notify_staff"):
    queue: str
    message: str
    audience: Literal["everyone", "supervisors"] = "everyone"


class EmitEvent(_Effect, frozen=True, tag="emit_event"):
    event_name: str
    properties: dict[str, str] = field(default_factory=dict)


class PortalMessage(_Effect, frozen=True, tag="portal_message"):
    title: str
    body: str
    link: str | None = None
    pin: bool = False


Effect = (
    SendEmail
    | SendSms
    | CreateLetter
    | UpdateContact
    | UpdateObject
    | CreateJob
    | Webhook
    | NotifyStaff
    | EmitEvent
    | PortalMessage
)


def effect_key(enrollment_id: str, node_id: str, visit: int) -> str:
    """The outbox key of a step: one per (enrollment, node, visit)."""
    return f"{enrollment_id}:{node_id}:{visit}"
