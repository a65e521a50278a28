"""The channels Waymark reaches people on, and the kinds of template: the one definition.

Every other list of channels is derived from `CHANNELS` (consent, the message log, the
outbox kinds the senders handle, the template kinds, the catalog's template lists, the
database's check constraints), and `python -m app.schemas` publishes it as
`schemas/channels.json`, from which the SPA's lists and labels are generated. The
`Literal` types beside it are what msgspec and mypy check fields against; `_check` keeps
them equal to the table at import, so they cannot drift apart.

Adding a channel: a row here (and its name in the Literals it belongs to), then its
sender (docs/architecture.md, "Adding a channel").
"""

from __future__ import annotations

from typing import Final, Literal, cast, get_args

import msgspec

ChannelName = Literal["email", "sms", "letter", "phone", "webhook"]
# Consent a contact gives or withdraws; `phone` is a consent channel nobody sends on.
ConsentChannel = Literal["email", "sms", "letter", "phone"]
# What the message log lists: the channels the outbox sends.
MessageChannel = Literal["email", "sms", "letter", "webhook"]
# The channels journeys send from saved templates (`<channel>_templates` in the catalog).
TemplateChannel = Literal["email", "sms", "letter"]
# A saved template's kind: a sending channel's, job guidance, or a layout the others extend.
TemplateKind = Literal["email", "sms", "letter", "guidance", "layout"]
TemplatePart = Literal["subject", "html", "text"]
ConsentRule = Literal["opt_in", "opt_out"]


class Channel(msgspec.Struct, frozen=True, kw_only=True):
    """One channel: how consent works on it, what sends it and what its templates hold."""

    name: ChannelName
    label: str
    # Many of its messages, as a heading: `Emails`, `Texts`.
    plural: str
    # `opt_in`: only after a yes (GDPR / ePrivacy); `opt_out`: until a no; None: not a
    # channel people consent to (a webhook calls another system).
    consent: ConsentRule | None
    # Consent in the customer's words (the portal's choices, the contact's timeline).
    consent_label: str = ""
    consent_description: str = ""
    # The outbox effect kind that sends it (and logs it as a message); None when nothing
    # is sent on it (phone: staff call).
    outbox_kind: str | None = None
    # The parts of its saved templates; empty when journeys send it without templates.
    template_parts: tuple[TemplatePart, ...] = ()
    # The journey step (node kind) that sends on it; None when no step does.
    node_kind: str | None = None
    # Whether opens and clicks are recorded (a tracking pixel and tracked links).
    tracked: bool = False


class TemplateKindInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A kind of saved template and the parts it has."""

    name: TemplateKind
    label: str
    parts: tuple[TemplatePart, ...]


CHANNELS: Final[tuple[Channel, ...]] = (
    Channel(
        name="email",
        label="Email",
        plural="Emails",
        consent="opt_in",
        consent_label="Email",
        consent_description="News and offers by email",
        outbox_kind="send_email",
        template_parts=("subject", "html", "text"),
        node_kind="action.send_email",
        tracked=True,
    ),
    Channel(
        name="sms",
        label="SMS",
        plural="Texts",
        consent="opt_in",
        consent_label="Text messages",
        consent_description="Reminders and offers by SMS",
        outbox_kind="send_sms",
        template_parts=("text",),
        node_kind="action.send_sms",
    ),
    Channel(
        name="letter",
        label="Letter",
        plural="Letters",
        consent="opt_out",
        consent_label="Letters",
        consent_description="Post to your address",
        outbox_kind="create_letter",
        template_parts=("html",),
        node_kind="action.create_letter",
    ),
    Channel(
        name="phone",
        label="Phone",
        plural="Phone calls",
        consent="opt_out",
        consent_label="Phone calls",
        consent_description="Calls from our team",
    ),
    Channel(
        name="webhook",
        label="Webhook",
        plural="Webhooks",
        consent=None,
        outbox_kind="webhook",
        node_kind="action.webhook",
    ),
)

# The derived lists are typed as their Literals: `_check` below proves they are equal.
CONSENT_CHANNELS: Final = cast(
    "tuple[ConsentChannel, ...]", tuple(c.name for c in CHANNELS if c.consent is not None)
)
# Channels that need an explicit yes (or, with the soft opt-in, a customer's order).
OPT_IN_CHANNELS: Final = frozenset(c.name for c in CHANNELS if c.consent == "opt_in")
MESSAGE_CHANNELS: Final = cast(
    "tuple[MessageChannel, ...]", tuple(c.name for c in CHANNELS if c.outbox_kind is not None)
)
# Outbox kind -> the channel it sends on.
MESSAGE_KINDS: Final = {c.outbox_kind: c.name for c in CHANNELS if c.outbox_kind is not None}
TEMPLATE_CHANNELS: Final = cast(
    "tuple[TemplateChannel, ...]", tuple(c.name for c in CHANNELS if c.template_parts)
)

TEMPLATE_KINDS: Final[tuple[TemplateKindInfo, ...]] = (
    *(
        TemplateKindInfo(name=cast("TemplateKind", c.name), label=c.label, parts=c.template_parts)
        for c in CHANNELS
        if c.template_parts
    ),
    TemplateKindInfo(name="guidance", label="Job guidance", parts=("text",)),
    TemplateKindInfo(name="layout", label="Layout", parts=("html",)),
)
TEMPLATE_KIND_NAMES: Final = cast(
    "tuple[TemplateKind, ...]", tuple(kind.name for kind in TEMPLATE_KINDS)
)


def template_parts(kind: str) -> tuple[TemplatePart, ...]:
    """The parts a saved template of `kind` has (KeyError for an unknown kind)."""
    return _PARTS[kind]


def sql_in(column: str, names: tuple[str, ...]) -> str:
    """A check constraint's text: `column IN ('a', 'b')` over names from this table."""
    return f"{column} IN ({', '.join(repr(name) for name in names)})"


class ChannelsDocument(msgspec.Struct, frozen=True, kw_only=True):
    """What `schemas/channels.json` holds: the table, the lists derived from it, and the
    template kinds. Its schema (`channels.schema.json`) types the lists as the Literals."""

    channels: tuple[Channel, ...]
    consent_channels: tuple[ConsentChannel, ...]
    opt_in_channels: tuple[ConsentChannel, ...]
    message_channels: tuple[MessageChannel, ...]
    template_channels: tuple[TemplateChannel, ...]
    template_kinds: tuple[TemplateKindInfo, ...]


def document() -> ChannelsDocument:
    return ChannelsDocument(
        channels=CHANNELS,
        consent_channels=CONSENT_CHANNELS,
        opt_in_channels=tuple(c for c in CONSENT_CHANNELS if c in OPT_IN_CHANNELS),
        message_channels=MESSAGE_CHANNELS,
        template_channels=TEMPLATE_CHANNELS,
        template_kinds=TEMPLATE_KINDS,
    )


_PARTS: Final[dict[str, tuple[TemplatePart, ...]]] = {k.name: k.parts for k in TEMPLATE_KINDS}


def _check() -> None:
    """The Literal types name exactly what the table derives (in its order)."""
    pairs = (
        (ChannelName, tuple(c.name for c in CHANNELS)),
        (ConsentChannel, CONSENT_CHANNELS),
        (MessageChannel, MESSAGE_CHANNELS),
        (TemplateChannel, TEMPLATE_CHANNELS),
        (TemplateKind, TEMPLATE_KIND_NAMES),
    )
    for literal, derived in pairs:
        if get_args(literal) != derived:
            raise RuntimeError(f"{literal} must list {derived} (app/engine/channels.py)")
    for c in CHANNELS:
        if (c.consent is not None) != bool(c.consent_label and c.consent_description):
            raise RuntimeError(f"{c.name}: consent words go with a consent rule, and only then")


_check()
