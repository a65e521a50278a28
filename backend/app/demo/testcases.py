"""Saved test cases the library journeys carry (docs/test-runs.md): a marketer opening one
sees how a made-up customer goes through it, and what a change to the draft would alter.

Every library template has one or two (`CASES`, by slug); the demo journeys made from the
library get theirs. `expected` is what the case gives on the library journey, and
`tests/integration/test_library_test_cases.py` runs every case of every template through
the test-run code and checks it still ends so, with no problem on any step.

Cases whose timing matters start at a fixed instant (`at`), so a date in them (an
appointment, a delivery day, a renewal) stays ahead of the virtual clock whenever it is
run. Contact data a journey reads beyond name, email and phone goes in `attributes`
(`contact.region` reads them too), which the Test panel's form keeps when a case is
opened again.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from app.testruns.models import JourneyTestCase

Json = dict[str, Any]
# A Monday morning; the dates the cases carry are reckoned from it.
AT: Final = "2026-06-01T09:00:00+00:00"


def _contact(name: str, *, phone: bool = True, sms: bool = True, **extra: Any) -> Json:
    """A made-up customer in London, agreeing to every channel unless told otherwise."""
    first = name.partition(" ")[0].lower()
    fields: Json = {"name": name, "email": f"{first}@example.com"}
    if phone:
        fields["phone"] = "+441632960001"
    return {
        "type": "made_up",
        "fields": fields,
        "consent": {"email": True, "sms": sms, "letter": True},
        "timezone": "Europe/London",
        **extra,
    }


def _start(properties: Json | None = None, *, trigger: str | None = None) -> Json:
    start: Json = {"properties": properties or {}, "at": AT}
    if trigger is not None:
        start["trigger_node_id"] = trigger
    return start


def _job(node_id: str, outcome: str, **form: Any) -> Json:
    return {"type": "job", "node_id": node_id, "outcome": outcome, "form": form}


def _event(node_id: str, **properties: Any) -> Json:
    return {"type": "event", "node_id": node_id, "properties": properties}


_SKIP: Final[Json] = {"type": "fast_forward"}


def _ended(path: list[str], messages: list[str], reason: str = "end") -> Json:
    """A case that runs to its end; `messages` are `<step>:<email|sms|letter>` in order."""
    return {
        "status": "completed",
        "ended_reason": reason,
        "path": path,
        "messages": messages,
        "waiting_at": [],
    }


Case = tuple[str, Json, Json]  # name, test-run request, expected result

_ADA: Final[Json] = {
    "type": "made_up",
    "fields": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+441632960001"},
    "consent": {"email": True, "sms": True, "letter": True},
    "timezone": "Europe/London",
    "objects": {"return": {"status": "requested"}, "order": {"status": "delivered"}},
}
_RETURN: Final[Json] = {
    "event_name": "return.requested",
    # The rejection letter reads `event.order_id` (app/demo/channels.py): without it the
    # case's letter would not render.
    "properties": {
        "return_number": "R-1001",
        "order_id": "ORD-1001",
        "order_number": "ORD-1001",
        "reason": "Broken",
    },
}

_RETURNS: Final[list[Case]] = [
    (
        "A faulty return gets a replacement and the tracking email",
        {
            "contact": _ADA,
            "start": _RETURN,
            "choices": [
                _job("validate-product", "valid"),
                _job("send-replacement", "sent", tracking_number="TRK-1001"),
            ],
        },
        _ended(
            [
                "return-requested",
                "validate-product",
                "send-replacement",
                "email-tracking",
                "end-replaced",
            ],
            ["email-tracking:email"],
        ),
    ),
    (
        "A return that is not faulty gets the rejection letter",
        {
            "contact": _ADA,
            "start": _RETURN,
            "choices": [_job("validate-product", "invalid", reason="No fault found")],
        },
        _ended(
            [
                "return-requested",
                "validate-product",
                "rejection-letter",
                "reject-return",
                "end-rejected",
            ],
            ["rejection-letter:letter"],
        ),
    ),
]

_ORDER: Final[Json] = {"order_number": "ORD-3001", "order_id": "ORD-3001"}
_ORDERS: Final[list[Case]] = [
    (
        "An everyday order is confirmed, made, despatched and followed by a review request",
        {
            "contact": _contact("Grace Hopper", objects={"order": {"status": "placed"}}),
            "start": _start({**_ORDER, "total": 250}),
            "choices": [
                _job("confirm-order", "confirmed"),
                _job("manufacture", "made"),
                _job("despatch", "despatched", carrier="DPD", tracking_number="DPD-3001"),
                _SKIP,
            ],
        },
        _ended(
            [
                "order-placed",
                "big-order",
                "confirm-order",
                "manufacture",
                "despatch",
                "email-on-its-way",
                "wait-7-days",
                "email-review",
                "end",
            ],
            ["email-on-its-way:email", "email-review:email"],
        ),
    ),
    (
        "A large order the senior approver rejects is cancelled",
        {
            "contact": _contact("Grace Hopper", objects={"order": {"status": "placed"}}),
            "start": _start({**_ORDER, "total": 2500}),
            "choices": [_job("senior-approval", "rejected", reason="Over the credit limit")],
        },
        _ended(
            [
                "order-placed",
                "big-order",
                "senior-approval",
                "cancel-order",
                "email-cancelled",
                "end-cancelled",
            ],
            ["email-cancelled:email"],
        ),
    ),
]

_LEADS: Final[list[Case]] = [
    (
        "A hot lead in the north is called by Sales North and qualified",
        {
            "contact": _contact("Alan Turing", attributes={"region": "north"}, score=60),
            "start": _start(),
            "choices": [_job("call-north", "qualified", budget=5000, notes="Wants a demo")],
        },
        _ended(["score-50", "region", "call-north", "tag-qualified", "end"], []),
    ),
    (
        "A lead from outside the four regions goes to the sales queue, not interested",
        {
            "contact": _contact("Alan Turing", attributes={"region": "abroad"}, score=60),
            "start": _start(),
            "choices": [_job("call-other", "not_interested")],
        },
        _ended(["score-50", "region", "call-other", "end"], []),
    ),
]

_SLEEPY: Final[list[Case]] = [
    (
        "A sleepy customer says prices held them back and gets the better price",
        {
            "contact": _contact("Katherine Johnson"),
            "start": _start(),
            "choices": [_event("wait-feedback", reason="price")],
        },
        _ended(
            ["daily", "newsletter", "wait-feedback", "answer", "email-price", "end"],
            ["newsletter:email", "email-price:email"],
        ),
    ),
    (
        "No feedback within a week: the coupon",
        {
            "contact": _contact("Katherine Johnson"),
            "start": _start(),
            "choices": [{"type": "time_out", "node_id": "wait-feedback"}],
        },
        _ended(
            ["daily", "newsletter", "wait-feedback", "email-coupon", "end"],
            ["newsletter:email", "email-coupon:email"],
        ),
    ),
]

_PAYMENTS: Final[list[Case]] = [
    (
        "Paid after the reminder email: the goal is reached",
        {
            "contact": _contact("Grace Hopper"),
            "start": _start({"invoice": "INV-501", "amount": 120}),
            "choices": [{"type": "event", "name": "payment.received", "properties": {}}],
        },
        _ended(
            ["payment-missed", "email-reminder", "wait-3-days"],
            ["email-reminder:email"],
            "goal_event:payment.received",
        ),
    ),
    (
        "Reminders unread and unpaid: collections call and a promise to pay",
        {
            "contact": _contact("Grace Hopper"),
            "start": _start({"invoice": "INV-502", "amount": 120}),
            "choices": [
                _SKIP,
                {"type": "time_out", "node_id": "wait-payment"},
                _job("call-customer", "promised_to_pay", promised_date="2026-06-15"),
            ],
        },
        _ended(
            [
                "payment-missed",
                "email-reminder",
                "wait-3-days",
                "opened",
                "sms-reminder",
                "wait-payment",
                "call-customer",
                "end",
            ],
            ["email-reminder:email", "sms-reminder:sms"],
        ),
    ),
]

_DELIVERY: Final[Json] = {"order_number": "ORD-2001", "number": "ORD-2001"}
_DELIVERIES: Final[list[Case]] = [
    (
        "The customer answers YES on delivery day and is thanked",
        {
            "contact": _contact("Ada Lovelace"),
            "start": _start({**_DELIVERY, "delivery_date": "2026-06-03"}),
            "choices": [_SKIP, _event("wait-reply", keyword="YES")],
        },
        _ended(
            [
                "order-placed",
                "delivery-day",
                "sms-check",
                "wait-reply",
                "said-yes",
                "sms-thanks",
                "end-ok",
            ],
            ["sms-check:sms", "sms-thanks:sms"],
        ),
    ),
    (
        "No answer: an apology, support told, the order resent",
        {
            "contact": _contact("Ada Lovelace"),
            "start": _start({**_DELIVERY, "delivery_date": "2026-06-03"}),
            "choices": [
                _SKIP,
                {"type": "time_out", "node_id": "wait-reply"},
                _job("resend", "resent"),
            ],
        },
        _ended(
            [
                "order-placed",
                "delivery-day",
                "sms-check",
                "wait-reply",
                "sms-apology",
                "notify-manager",
                "resend",
                "end-resent",
            ],
            ["sms-check:sms", "sms-apology:sms"],
        ),
    ),
]

_COURSE: Final[list[Case]] = [
    (
        "Texting SLIDES gives the slides and three lessons over eleven days",
        {
            "contact": _contact("Alan Turing"),
            "start": _start({"keyword": "SLIDES", "text": "SLIDES"}),
            "choices": [_SKIP, _SKIP, _SKIP],
        },
        _ended(
            [
                "texted-slides",
                "tag-course",
                "sms-slides",
                "wait-1-day",
                "sms-lesson-2",
                "wait-3-days",
                "sms-lesson-3",
                "wait-7-days",
                "sms-feedback",
                "end",
            ],
            [
                "sms-slides:sms",
                "sms-lesson-2:sms",
                "sms-lesson-3:sms",
                "sms-feedback:sms",
            ],
        ),
    ),
]

_SURVEYS: Final[list[Case]] = [
    (
        "A fan scores 10 after an order and is invited to review",
        {
            "contact": _contact("Grace Hopper"),
            "start": _start({"order_number": "ORD-4001"}),
            "choices": [_SKIP, _event("wait-answer", score=10)],
        },
        _ended(
            [
                "order-completed",
                "wait-1-hour",
                "email-survey",
                "wait-answer",
                "score",
                "email-review",
                "end",
            ],
            ["email-survey:email", "email-review:email"],
        ),
    ),
    (
        "An unhappy customer scores 4 after a service visit and is called",
        {
            "contact": _contact("Grace Hopper"),
            "start": _start(
                {"job_type": "service_visit", "status": "completed"}, trigger="visit-done"
            ),
            "choices": [
                _SKIP,
                _event("wait-answer", score=4),
                _job("call-unhappy", "resolved", what_happened="The engineer was late"),
            ],
        },
        _ended(
            [
                "visit-done",
                "wait-1-hour",
                "email-survey",
                "wait-answer",
                "score",
                "call-unhappy",
                "end",
            ],
            ["email-survey:email"],
        ),
    ),
]

_APPOINTMENTS: Final[list[Case]] = [
    (
        "An appointment in nine days: confirmed, reminded the day before, asked after",
        {
            "contact": _contact("Katherine Johnson"),
            "start": _start({"id": "APT-1001", "appointment_at": "2026-06-10T14:00:00+00:00"}),
            "choices": [_SKIP, _SKIP],
        },
        _ended(
            [
                "appointment-scheduled",
                "email-confirm",
                "sms-confirm",
                "day-before",
                "sms-reminder",
                "after",
                "email-feedback",
                "end",
            ],
            [
                "email-confirm:email",
                "sms-confirm:sms",
                "sms-reminder:sms",
                "email-feedback:email",
            ],
        ),
    ),
]

_ONBOARDING: Final[list[Case]] = [
    (
        "A new customer who never logs in gets the follow-up email",
        {
            "contact": _contact("Ada Lovelace"),
            "start": _start({"role": "customer"}),
            "choices": [_SKIP],
        },
        _ended(
            [
                "became-customer",
                "email-welcome",
                "portal-welcome",
                "portal-guide",
                "wait-7-days",
                "logged-in",
                "email-follow-up",
                "end",
            ],
            ["email-welcome:email", "email-follow-up:email"],
        ),
    ),
    (
        "A new customer who has logged in gets recommendations",
        {
            "contact": _contact(
                "Ada Lovelace", attributes={"portal_last_login_at": "2026-06-03T10:00:00+00:00"}
            ),
            "start": _start({"role": "customer"}),
            "choices": [_SKIP],
        },
        _ended(
            [
                "became-customer",
                "email-welcome",
                "portal-welcome",
                "portal-guide",
                "wait-7-days",
                "logged-in",
                "email-recommend",
                "end",
            ],
            ["email-welcome:email", "email-recommend:email"],
        ),
    ),
]

_VIPS: Final[list[Case]] = [
    (
        "A new VIP who agreed to texts gets the SMS; sales are told",
        {"contact": _contact("Grace Hopper"), "start": _start({"segment": "vips"})},
        _ended(["joined-vips", "can-text", "vip-sms", "tell-sales", "end"], ["vip-sms:sms"]),
    ),
    (
        "A new VIP with no phone gets the email instead",
        {
            "contact": _contact("Grace Hopper", phone=False, sms=False),
            "start": _start({"segment": "vips"}),
        },
        _ended(["joined-vips", "can-text", "vip-email", "tell-sales", "end"], ["vip-email:email"]),
    ),
]

_BIRTHDAYS: Final[list[Case]] = [
    (
        "On a customer's birthday: the coupon email",
        {
            "contact": _contact("Alan Turing", attributes={"birthday": "1990-06-01"}),
            "start": _start(trigger="birthday"),
        },
        _ended(["birthday", "email-birthday", "end-birthday"], ["email-birthday:email"]),
    ),
    (
        "Renewal in 30 days: reminded now and again a week before",
        {
            "contact": _contact("Alan Turing", attributes={"renewal_date": "2026-07-01"}),
            "start": _start(trigger="renews-in-30"),
            "choices": [_SKIP],
        },
        _ended(
            [
                "renews-in-30",
                "email-renewal-30",
                "renewal-minus-7",
                "email-renewal-7",
                "end-renewal",
            ],
            ["email-renewal-30:email", "email-renewal-7:email"],
        ),
    ),
]

# library slug -> its cases (every template has one or two)
CASES: Final[dict[str, list[Case]]] = {
    "order-to-delivery": _ORDERS,  # S1
    "return-and-replacement": _RETURNS,  # S2
    "lead-routing": _LEADS,  # S3
    "retention-sleepy-customers": _SLEEPY,  # S4
    "payment-collection": _PAYMENTS,  # S5
    "delivery-check": _DELIVERIES,  # S6
    "course-by-sms": _COURSE,  # S7
    "satisfaction-survey": _SURVEYS,  # S8
    "appointment-reminders": _APPOINTMENTS,  # S9
    "customer-onboarding": _ONBOARDING,  # S10
    "vip-welcome": _VIPS,  # S12
    "birthdays-and-renewals": _BIRTHDAYS,  # S13
}


def add_test_cases(
    db: AsyncSession, journey_id: uuid.UUID, slug: str, when: datetime, by: uuid.UUID | None
) -> None:
    """The saved cases of a journey just made from library template `slug`."""
    for index, (name, request, expected) in enumerate(CASES.get(slug, [])):
        db.add(
            JourneyTestCase(
                journey_id=journey_id,
                name=name,
                request=request,
                expected=expected,
                # A second apart: the panel lists them in this order.
                created_at=when + timedelta(seconds=index),
                created_by=by,
            )
        )
