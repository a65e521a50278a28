"""The journey library: ready-made journeys for the scenarios Waymark runs.

Each `library/<slug>.json` holds a name, a description, the scenario it implements and a
journey definition. A marketer starts a new journey from one, adjusts it and publishes.
`DEMO_CATALOG` names the queues, templates, job types and segments they refer to; the
demo data creates them, and a test checks every template against it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Final

import msgspec
from msgspec import Meta

from app.engine.catalog import Catalog
from app.engine.definition import JourneyDefinition

LIBRARY_DIR: Final = Path(__file__).resolve().parent / "library"
_SLUG: Final = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class TemplateInfo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A library entry as the "new journey from template" list shows it."""

    slug: str
    name: str
    description: str
    scenario: str


class LibraryFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The content of one `library/<slug>.json` file."""

    name: Annotated[str, Meta(min_length=1, max_length=120)]
    description: Annotated[str, Meta(max_length=1000)]
    scenario: Annotated[str, Meta(pattern=r"^S\d+$")]
    definition: JourneyDefinition


class TemplateNotFoundError(LookupError):
    """No library template has this slug."""


_decode: Final = msgspec.json.Decoder(LibraryFile).decode


def _read(slug: str) -> LibraryFile:
    path = LIBRARY_DIR / f"{slug}.json"
    if not _SLUG.match(slug) or not path.is_file():
        raise TemplateNotFoundError(slug)
    return _decode(path.read_bytes())


def list_templates() -> list[TemplateInfo]:
    """Every template, in scenario order (S1, S2 … S13)."""
    infos = []
    for path in LIBRARY_DIR.glob("*.json"):
        entry = _read(path.stem)
        infos.append(TemplateInfo(path.stem, entry.name, entry.description, entry.scenario))
    return sorted(infos, key=lambda info: (int(info.scenario[1:]), info.slug))


class TemplateDocument(msgspec.Struct, frozen=True):
    """A library entry with its definition: what "start from a template" puts on a canvas."""

    slug: str
    name: str
    description: str
    definition: JourneyDefinition


def template_document(slug: str) -> TemplateDocument:
    """Template `slug` in full; TemplateNotFoundError when there is none."""
    entry = _read(slug)
    return TemplateDocument(slug, entry.name, entry.description, entry.definition)


def load_template(slug: str) -> JourneyDefinition:
    """The definition of template `slug`; TemplateNotFoundError when there is none."""
    return _read(slug).definition


def _names(*names: str) -> frozenset[str]:
    return frozenset(names)


DEMO_CATALOG: Final = Catalog(
    queues=_names(
        "administration",
        "production",
        "fulfilment",
        "customer_support",
        "warehouse",
        "print",
        "sales",
        "sales_north",
        "sales_south",
        "sales_east",
        "sales_west",
        "collections",
        "customer_success",
        "data_protection",
    ),
    email_templates=_names(
        "order_on_its_way",
        "order_review_request",
        "order_new_total",
        "order_cancelled",
        "return_replacement_sent",
        "newsletter_feedback",
        "feedback_coupon",
        "payment_reminder",
        "satisfaction_survey",
        "review_invitation",
        "thank_you",
        "appointment_confirmation",
        "appointment_feedback",
        "welcome",
        "onboarding_follow_up",
        "content_recommendation",
        "birthday_coupon",
        "renewal_reminder",
        "vip_welcome",
    ),
    sms_templates=_names(
        "payment_reminder_sms",
        "delivery_check",
        "delivery_thanks",
        "delivery_apology",
        "course_slides",
        "course_lesson_2",
        "course_lesson_3",
        "course_feedback",
        "appointment_confirmation_sms",
        "appointment_reminder_sms",
        "vip_welcome_sms",
    ),
    letter_templates=_names("return_rejected"),
    job_types={
        "senior_approval": ["approved", "rejected"],
        "confirm_order": ["confirmed", "apply_discount", "cancel"],
        "manufacture": ["made"],
        "despatch": ["despatched"],
        "validate_product": ["valid", "invalid"],
        "send_replacement": ["sent"],
        "call_lead": ["qualified", "not_interested"],
        "call_customer": ["paid", "promised_to_pay", "unreachable"],
        "resend_order": ["resent"],
        "call_unhappy_customer": ["resolved", "unresolved"],
        "service_visit": ["done"],
        "print_letter": ["printed"],
    },
    segments=_names("no_activity_90_days", "customers", "newsletter_subscribers", "vips"),
    event_names=_names(
        "order.placed",
        "order.completed",
        "return.requested",
        "feedback.submitted",
        "payment.missed",
        "payment.received",
        "sms.received",
        "sms.replied",
        "survey.answered",
        "appointment.scheduled",
        "contact.role_changed",
        "portal.logged_in",
    ),
)
