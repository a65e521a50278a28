from __future__ import annotations

import msgspec
import pytest

from app.events.schemas import EventEnvelope

decode = msgspec.json.Decoder(EventEnvelope).decode


def test_decodes_a_minimal_event_with_defaults() -> None:
    event = decode(b'{"name": "order.placed", "contact": {"email": "a@example.com"}}')
    assert event.name == "order.placed"
    assert event.properties == {}
    assert event.source == "api"
    assert event.idempotency_key is None


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (b'{"name": "Order Placed", "contact": {"email": "a@example.com"}}', "$.name"),
        (b'{"name": "order.placed", "contact": {}}', "$.contact"),
        (b'{"name": "order.placed", "contact": {"email": "nope"}}', "$.contact.email"),
        (b'{"name": "order.placed", "contact": {"email": "a@b.c"}, "colour": 1}', "colour"),
        (b'{"name": "order.placed", "contact": {"email": "a@b.c"}, "source": "fax"}', "$.source"),
    ],
)
def test_bad_events_say_which_field_is_wrong(payload: bytes, where: str) -> None:
    with pytest.raises(msgspec.ValidationError) as caught:
        decode(payload)
    assert where in str(caught.value)


def test_a_contact_needs_an_identifier() -> None:
    with pytest.raises(msgspec.ValidationError, match="at least one of external_id"):
        decode(b'{"name": "order.placed", "contact": {}}')
