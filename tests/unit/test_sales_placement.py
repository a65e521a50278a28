"""Where an automatic process puts a card (app.sales.placement), table-driven: every
rule and its fallback."""

from __future__ import annotations

import uuid

import pytest

from app.sales.placement import CardFacts, Destination, Rule, Target, place

SETTER, BOOKED, OTHER, BUCKET = (uuid.UUID(int=n) for n in (1, 2, 3, 4))
SOURCE = "Calls North"


def card(*, booking: bool = False, booked: uuid.UUID | None = None) -> CardFacts:
    return CardFacts(
        processed_by=SETTER, booking=booking, booking_user_id=booked, source_name=SOURCE
    )


def members(*users: uuid.UUID) -> Destination:
    return Destination(dict.fromkeys(users, 0))


BUCKET_RULE = Rule("bucket", BUCKET, "Inbox")
CASES = [
    # A booking with a user of the destination goes to that user, whatever the rule.
    (
        "booked",
        BUCKET_RULE,
        card(booking=True, booked=BOOKED),
        members(BOOKED),
        Target("booked_resource", user_id=BOOKED),
    ),
    (
        "booked elsewhere",
        BUCKET_RULE,
        card(booking=True, booked=BOOKED),
        members(OTHER),
        Target("bucket", bucket_id=BUCKET),
    ),
    (
        "not a booking",
        BUCKET_RULE,
        card(booked=BOOKED),
        members(BOOKED),
        Target("bucket", bucket_id=BUCKET),
    ),
    (
        "bucket gone",
        Rule("bucket", BUCKET, None),
        card(),
        members(),
        Target("bucket_missing", new_bucket=SOURCE),
    ),
    (
        "active user",
        Rule("active_user", None, None),
        card(),
        members(SETTER, OTHER),
        Target("active_user", user_id=SETTER),
    ),
    (
        "any active user",
        Rule("active_user", None, None),
        card(),
        members(OTHER),
        Target("any_active_user", user_id=OTHER),
    ),
    (
        "no active user",
        Rule("active_user", None, None),
        card(),
        members(),
        Target("no_active_user", new_bucket=SOURCE),
    ),
    (
        "same user",
        Rule("same_user", BUCKET, "Inbox"),
        card(),
        members(SETTER),
        Target("same_user", user_id=SETTER),
    ),
    (
        "same user missing",
        Rule("same_user", BUCKET, "Inbox"),
        card(),
        members(OTHER),
        Target("same_user_missing", bucket_id=BUCKET),
    ),
    (
        "same user missing, no bucket",
        Rule("same_user", None, None),
        card(),
        members(),
        Target("same_user_missing", new_bucket=SOURCE),
    ),
    (
        "nothing chosen",
        Rule("new_bucket", None, None),
        card(),
        members(SETTER),
        Target("new_bucket", new_bucket=SOURCE),
    ),
]


@pytest.mark.parametrize(
    ("rule", "facts", "destination", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_placement(
    rule: Rule, facts: CardFacts, destination: Destination, expected: Target
) -> None:
    assert place(rule, facts, destination) == expected


def test_any_active_user_is_the_one_holding_the_fewest_cards() -> None:
    destination = Destination({BOOKED: 2, OTHER: 1})
    rule = Rule("active_user", None, None)
    assert place(rule, card(), destination).user_id == OTHER
    destination.took(OTHER)
    destination.took(OTHER)
    assert place(rule, card(), destination).user_id == BOOKED
