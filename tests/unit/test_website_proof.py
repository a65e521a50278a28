"""A page's claim of who its visitor is holds only with the user hash of the key's secret."""

from __future__ import annotations

import hashlib
import hmac

import msgspec

from app.events.calls import IdentifyCall, TrackCall
from app.events.proof import Proof, WebsiteEvent, check_call, check_event, user_hash

SECRET = "wm_is_unit-secret"
PROOF = Proof(SECRET)


def _event(**contact: str) -> WebsiteEvent:
    return msgspec.convert({"name": "order.placed", "contact": contact}, WebsiteEvent)


def test_the_user_hash_is_hex_hmac_sha256_of_the_user_id() -> None:
    # What a site's server computes, in any language: HMAC-SHA256(secret, user id), hex.
    expected = hmac.new(SECRET.encode(), b"cust-1001", hashlib.sha256).hexdigest()
    assert user_hash(SECRET, "cust-1001") == expected
    assert len(expected) == 64


def test_a_proven_external_id_is_kept_and_nothing_else_finds_the_contact() -> None:
    checked = check_event(
        _event(
            external_id="c-1", user_hash=user_hash(SECRET, "c-1"), email="x@y.z", anonymous_id="v"
        ),
        PROOF,
    )
    assert checked.item is not None
    assert (checked.item.contact.external_id, checked.item.contact.email) == ("c-1", None)
    assert checked.item.contact.anonymous_id == "v"
    assert [w.field for w in checked.warnings] == ["contact.email"]


def test_an_unproven_claim_falls_back_to_the_visitor_or_is_rejected() -> None:
    for contact in (
        {"external_id": "c-1"},
        {"external_id": "c-1", "user_hash": user_hash(SECRET, "c-2")},  # someone else's
        {"external_id": "c-1", "user_hash": user_hash("other", "c-1")},
        {"email": "ada@example.com"},
        {"phone": "+441632960001"},
    ):
        kept = check_event(_event(**contact, anonymous_id="v"), PROOF)
        assert kept.item is not None, contact
        assert kept.item.contact.external_id is None
        assert kept.item.contact.email is None
        assert kept.item.contact.phone is None
        assert kept.warnings
        refused = check_event(_event(**contact), PROOF, "batch[3].")
        assert refused.item is None
        assert [p.field for p in refused.problems] == ["batch[3].contact.user_hash"]


def test_without_a_secret_no_claim_is_proven() -> None:
    checked = check_event(
        _event(external_id="c-1", user_hash=user_hash(SECRET, "c-1"), anonymous_id="v"),
        Proof(None),
    )
    assert checked.item is not None
    assert checked.item.contact.external_id is None
    assert "no identity secret" in checked.warnings[0].message


def test_calls_keep_a_proven_user_id_and_drop_an_unproven_one() -> None:
    proven = TrackCall(event="x.y", user_id="c-1", user_hash=user_hash(SECRET, "c-1"))
    assert check_call(proven, PROOF).item == proven
    guessed = IdentifyCall(user_id="c-1", anonymous_id="v", user_hash="ab" * 32)
    checked = check_call(guessed, PROOF, "batch[0].")
    assert checked.item is not None
    assert checked.item.user_id is None
    assert checked.item.anonymous_id == "v"
    assert checked.warnings[0].field == "batch[0].userId"
    alone = check_call(TrackCall(event="x.y", user_id="c-1"), PROOF, "batch[1].")
    assert alone.item is None
    assert alone.problems[0].field == "batch[1].userHash"
    visitor = TrackCall(event="x.y", anonymous_id="v")
    assert check_call(visitor, PROOF).item == visitor
