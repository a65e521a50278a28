"""Who a website's visitor is, proven: identity verification for public write keys.

A public write key sits in every visitor's browser, so anyone can send with it and claim
to be anyone. A page may therefore name a person (`contact.external_id`, or `userId` in
track.js's calls) only with the proof the site's server made for that person:

    user_hash = HMAC-SHA256(key's identity secret, user id)   (hex)

sent as `contact.user_hash` / `userHash`. Without a right hash the claim is dropped and
the event stays with the anonymous visitor (`anonymous_id`), with a warning in the answer
that says why; with no anonymous id to fall back on, the event is rejected. A browser never
finds a contact by email or phone: those name another person too easily, so a page's
email and phone are not used to find anyone (an identify call's traits may still fill an
empty email of the visitor, as before).

Servers (server keys, staff) are trusted and need no proof.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Final, Generic, TypeVar

import msgspec
from msgspec import Meta

from app.contacts.schemas import ContactRef
from app.events.calls import Call
from app.events.schemas import EventEnvelope, FieldProblem

T = TypeVar("T")

UserHash = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=128,
        description="HMAC-SHA256 of the external id with the key's identity secret, in hex: "
        "proves a page's claim of who the visitor is (docs/events-api.md).",
    ),
]


class WebsiteContact(ContactRef, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Who a website's event is about: an anonymous visitor, or a person proven by
    `user_hash`."""

    user_hash: UserHash | None = None


class WebsiteEvent(EventEnvelope, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """An event sent to /api/v1/track: an envelope whose contact may carry a user_hash."""

    contact: Annotated[WebsiteContact, Meta(extra_json_schema={"minProperties": 1})]


def user_hash(secret: str, user_id: str) -> str:
    """What a site's server computes for its signed-in user, and what Waymark checks."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


_HOW: Final = (
    "send user_hash = HMAC-SHA256(the key's identity secret, user id), made by your "
    "server (docs/events-api.md)"
)


@dataclass(frozen=True, slots=True)
class Proof:
    """The key's identity secret (None: the key has none, and no claim is proven)."""

    secret: str | None

    def why_not(self, user_id: str, sent: str | None) -> str | None:
        """Why `sent` does not prove `user_id`, or None when it does."""
        if self.secret is None:
            return "this key has no identity secret, so no page can prove who its visitor is"
        if not sent:
            return f"there is no user hash: {_HOW}"
        if not hmac.compare_digest(sent.lower(), user_hash(self.secret, user_id)):
            return f"the user hash does not match it: {_HOW}"
        return None


@dataclass
class Checked(Generic[T]):
    """What survives the check, or the problems that reject it; warnings either way."""

    item: T | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)


def _dropped(where: str, what: str, why: str) -> FieldProblem:
    return FieldProblem(where, f"{what} was not used: {why}; the event stays anonymous")


def check_event(event: WebsiteEvent, proof: Proof, prefix: str = "") -> Checked[EventEnvelope]:
    """The event as it may be recorded: on the proven person, else on the visitor."""
    contact = event.contact
    at = f"{prefix}contact"
    checked: Checked[EventEnvelope] = Checked()
    person: str | None = None
    if contact.external_id is not None:
        why = proof.why_not(contact.external_id, contact.user_hash)
        if why is None:
            person = contact.external_id
        else:
            checked.warnings.append(_dropped(f"{at}.external_id", "The external id", why))
    for name, value in (("email", contact.email), ("phone", contact.phone)):
        if value is not None:
            checked.warnings.append(
                FieldProblem(
                    f"{at}.{name}",
                    f"A website's {name} is not used to find a contact (it names another "
                    "person too easily); send the person's external id with its user hash",
                )
            )
    if person is None and contact.anonymous_id is None:
        checked.problems = [
            FieldProblem(
                f"{at}.user_hash",
                "A website must prove who the person is, or send an anonymous_id: "
                + (checked.warnings[0].message if checked.warnings else _HOW),
            )
        ]
        checked.warnings = []
        return checked
    ref = ContactRef(external_id=person, anonymous_id=contact.anonymous_id)
    fields = {f: getattr(event, f) for f in EventEnvelope.__struct_fields__}
    checked.item = EventEnvelope(**{**fields, "contact": ref})
    return checked


def check_call(call: Call, proof: Proof, prefix: str = "") -> Checked[Call]:
    """The call as it may run: its userId kept only when proven by its userHash."""
    checked: Checked[Call] = Checked(item=call)
    if call.user_id is None:
        return checked
    why = proof.why_not(call.user_id, call.user_hash)
    if why is None:
        return checked
    if call.anonymous_id is None:
        return Checked(
            problems=[
                FieldProblem(
                    f"{prefix}userHash",
                    f"A website must prove who the person is, or send an anonymousId: "
                    f"the userId {why}",
                )
            ]
        )
    checked.warnings.append(_dropped(f"{prefix}userId", "The userId", why))
    # An identify without a proven person only files its traits on the visitor.
    checked.item = msgspec.structs.replace(call, user_id=None, user_hash=None)
    return checked


def check_items(
    items: Sequence[WebsiteEvent | list[FieldProblem]], proof: Proof
) -> tuple[list[EventEnvelope | list[FieldProblem]], dict[int, list[FieldProblem]]]:
    """A /track batch checked event by event: (items as they may be recorded, or their
    problems; the warnings of each index)."""
    out: list[EventEnvelope | list[FieldProblem]] = []
    warnings: dict[int, list[FieldProblem]] = {}
    for index, item in enumerate(items):
        if isinstance(item, list):
            out.append(item)
            continue
        checked = check_event(item, proof, f"batch[{index}].")
        out.append(checked.item if checked.item is not None else checked.problems)
        if checked.warnings:
            warnings[index] = checked.warnings
    return out, warnings


def check_calls(
    items: Sequence[Call | list[FieldProblem]], proof: Proof
) -> tuple[list[Call | list[FieldProblem]], dict[int, list[FieldProblem]]]:
    """track.js's calls checked one by one, as `check_items`."""
    out: list[Call | list[FieldProblem]] = []
    warnings: dict[int, list[FieldProblem]] = {}
    for index, item in enumerate(items):
        if isinstance(item, list):
            out.append(item)
            continue
        checked = check_call(item, proof, f"batch[{index}].")
        out.append(checked.item if checked.item is not None else checked.problems)
        if checked.warnings:
            warnings[index] = checked.warnings
    return out, warnings
