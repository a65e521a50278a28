"""What the canvas reads besides the journey: `GET /journeys/catalog/fields` (every field
conditions can read, with names people read, from the built-in fields and a sample of
recent attributes, objects and events) and `GET /journeys/library/{slug}`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from app.contacts import objects, profile
from app.contacts.schemas import ContactCreate, ContactRef, ObjectCreate
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.resources import Resources
from tests.fixtures import SignedIn

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys/catalog/fields"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _data(resources: Resources) -> None:
    async with resources.unit_of_work(now=NOW) as unit:
        ada = await profile.create_contact(
            unit,
            ContactCreate(
                name="Ada",
                external_id="ada",
                attributes={
                    "region": "north",
                    "renewal_date": "2026-12-23",
                    "visits": 3,
                    "address": {"city": "London"},
                },
            ),
        )
        await objects.create_object(
            unit, ada.id, ObjectCreate(kind="order", status="new", data={"value": 120})
        )
    async with resources.unit_of_work(now=NOW) as unit:
        for properties in ({"total": 80, "product": {"category": "prints"}}, {"coupon": None}):
            await record_event(
                unit,
                EventEnvelope(
                    name="cart.abandoned",
                    contact=ContactRef(external_id="ada"),
                    properties=properties,
                    occurred_at=NOW,
                ),
            )


def _by_path(fields: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(f["path"]): f for f in fields}


async def test_fields_have_names_types_and_examples(
    signed_in: SignIn, resources: Resources
) -> None:
    await _data(resources)
    _, browser = await signed_in("marketer")

    response = await browser.get(URL)

    assert response.status_code == 200, response.text
    body = response.json()
    contact = _by_path(body["contact"])
    assert contact["first_name"] == {
        "path": "first_name",
        "label": "First name",
        "type": "text",
        "custom": False,
        "example": None,
    }
    assert contact["consent.email"]["type"] == "boolean"
    assert contact["region"] == {
        "path": "region",
        "label": "Region",
        "type": "text",
        "custom": True,
        "example": "north",
    }
    assert contact["renewal_date"]["type"] == "date"
    assert contact["visits"]["type"] == "number"
    assert contact["address.city"]["label"] == "Address city"
    order = _by_path(body["objects"]["order"])
    assert order["status"]["label"] == "Status"
    assert order["value"] == {
        "path": "value",
        "label": "Value",
        "type": "number",
        "custom": True,
        "example": "120",
    }
    assert set(body["objects"]) >= {"order", "return", "ticket", "appointment"}
    cart = _by_path(body["events"]["cart.abandoned"])
    assert cart["total"]["type"] == "number"
    assert cart["product.category"] == {
        "path": "product.category",
        "label": "Product category",
        "type": "text",
        "custom": True,
        "example": "prints",
    }
    # A property only ever empty is listed, untyped.
    assert cart["coupon"] == {
        "path": "coupon",
        "label": "Coupon",
        "type": "text",
        "custom": True,
        "example": None,
    }


async def test_fields_need_journeys_read(signed_in: SignIn) -> None:
    _, browser = await signed_in("warehouse")
    response = await browser.get(URL)
    assert response.status_code == 403
    assert "journeys:read" in response.json()["detail"]


async def test_a_library_template_comes_with_its_definition(signed_in: SignIn) -> None:
    _, browser = await signed_in("marketer")

    response = await browser.get("/api/v1/journeys/library/payment-collection")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["slug"] == "payment-collection"
    assert body["name"]
    assert body["definition"]["nodes"][0]["kind"].startswith("trigger.")
    missing = await browser.get("/api/v1/journeys/library/no-such-template")
    assert missing.status_code == 404
    assert "no-such-template" in missing.json()["detail"]
