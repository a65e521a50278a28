"""The customer portal over HTTP: a customer sees and changes only their own records, each
request becomes the business object plus the event journeys listen to, and data rights
(export, erasure) work end to end."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import func, insert, select

from app.auth.models import User
from app.channels.models import Letter
from app.contacts import objects
from app.contacts.models import Contact, ContactNote, ContactObject
from app.contacts.schemas import ObjectCreate, ObjectUpdate
from app.eventlog.models import Event
from app.portal import messages, rights
from app.portal.models import ErasureRequest
from app.reports.timeline import timeline
from app.resources import Resources
from app.settings import Settings
from app.worker import tasks
from app.worker.context import context_of
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.worker import sweep, worker_ctx

SignIn = Callable[..., Awaitable[SignedIn]]


async def _order(
    resources: Resources, contact_id: uuid.UUID, ref: str, status: str = "delivered"
) -> uuid.UUID:
    async with resources.unit_of_work(origin="demo") as unit:
        row = await objects.create_object(
            unit,
            contact_id,
            ObjectCreate(
                kind="order",
                status=status,
                external_ref=ref,
                data={"total": 120.5, "items": [{"sku": "LAMP-1", "qty": 1}]},
            ),
        )
    return row.id


async def _events(resources: Resources, contact_id: uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(Event.name, Event.properties)
            .where(Event.contact_id == contact_id)
            .order_by(Event.id)
        )
        return [(name, props) for name, props in rows]


@pytest.fixture
async def ada(signed_in: SignIn) -> SignedIn:
    return await signed_in("customer", name="Ada Lovelace")


@pytest.fixture
async def grace(signed_in: SignIn) -> SignedIn:
    return await signed_in("customer", name="Grace Hopper")


async def test_sign_in_records_portal_login_and_the_last_login_attribute(
    resources: Resources, ada: SignedIn
) -> None:
    account, _ = ada
    names = [name for name, _ in await _events(resources, account.contact_id)]
    assert "portal.login" in names
    async with resources.sessions() as db:
        contact = await db.get(Contact, account.contact_id)
    assert contact is not None
    assert "portal_last_login_at" in contact.attributes


async def test_sign_ins_do_not_flood_the_timeline_with_attribute_changes(
    resources: Resources, ada: SignedIn, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    account, _ = ada
    for _ in range(3):
        clock.advance(minutes=5)
        await Browser(client).sign_in(account.email, portal=True)

    async with resources.sessions() as db:
        page = await timeline(db, account.contact_id, kinds=frozenset({"event"}))
        contact = await db.get(Contact, account.contact_id)
    names = [item.title for item in page.items]
    # One line per sign-in (the fixture's and these three), and no attribute change.
    assert names.count("portal.login") == 4
    assert "contact.field_changed" not in names
    assert contact is not None
    assert contact.attributes["portal_last_login_at"] == clock.now().isoformat()


async def test_profile_update_and_consent_go_through_the_crm_as_events(
    resources: Resources, ada: SignedIn
) -> None:
    account, browser = ada
    response = await browser.request(
        "PATCH", "/api/v1/portal/profile", json={"phone": "+44 20 7946 0000", "locale": "en-GB"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["phone"] == "+44 20 7946 0000"
    response = await browser.put(
        "/api/v1/portal/profile/consent", json={"channel": "email", "status": "opted_out"}
    )
    assert response.status_code == 200
    email = next(c for c in response.json()["consent"] if c["channel"] == "email")
    assert email == {"channel": "email", "status": "opted_out", "allowed": False}
    events = await _events(resources, account.contact_id)
    changed = [p["field"] for n, p in events if n == "contact.field_changed"]
    assert {"phone", "locale"} <= set(changed)
    opted_out = [p for n, p in events if n == "contact.opted_out"]
    assert opted_out[0]["source"] == "portal"
    assert opted_out[0]["origin"] == "portal"


async def test_bad_profile_input_names_the_field_and_changes_nothing(
    resources: Resources, ada: SignedIn
) -> None:
    _, browser = ada
    response = await browser.request(
        "PATCH", "/api/v1/portal/profile", json={"name": "Ada", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "timezone"
    profile = (await browser.get("/api/v1/portal/profile")).json()
    assert profile["name"] == "Ada Lovelace"
    response = await browser.request("PATCH", "/api/v1/portal/profile", json={"email": "x@y.z"})
    assert response.status_code == 400
    assert "email" in response.text


async def test_a_return_creates_the_object_and_the_return_requested_event(
    resources: Resources, ada: SignedIn
) -> None:
    account, browser = ada
    order_id = await _order(resources, account.contact_id, "A-1001")
    response = await browser.post(
        "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "Arrived cracked"}
    )
    assert response.status_code == 201, response.text
    detail = response.json()
    record = detail["record"]
    assert record["kind"] == "return"
    assert record["status"] == "requested"
    assert record["reference"].startswith("R-")
    assert record["data"] == {
        "order_id": str(order_id),
        "order_ref": "A-1001",
        "reason": "Arrived cracked",
    }
    assert [s["status"] for s in detail["progress"]] == ["requested"]
    requested = [
        p for n, p in await _events(resources, account.contact_id) if n == "return.requested"
    ]
    assert len(requested) == 1
    assert requested[0]["return_number"] == record["reference"]
    assert requested[0]["return_id"] == record["id"]
    assert requested[0]["order_ref"] == "A-1001"

    # A second return for the same order while the first is open is refused.
    again = await browser.post(
        "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "Again"}
    )
    assert again.status_code == 409
    assert record["reference"] in again.json()["detail"]


async def test_the_customer_sees_status_changes_in_their_own_words(
    resources: Resources, clock: MutableClock, ada: SignedIn
) -> None:
    account, browser = ada
    order_id = await _order(resources, account.contact_id, "A-1002")
    created = await browser.post(
        "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "Wrong size"}
    )
    return_id = uuid.UUID(created.json()["record"]["id"])
    async with resources.unit_of_work() as unit:
        await objects.update_object(
            unit, account.contact_id, return_id, ObjectUpdate(status="validated")
        )
    response = await browser.get(f"/api/v1/portal/records/{return_id}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["record"]["status_label"] == "Return accepted: a replacement is being prepared"
    assert [s["status"] for s in detail["progress"]] == ["requested", "validated"]
    listed = (await browser.get("/api/v1/portal/returns")).json()
    assert [r["status"] for r in listed] == ["validated"]


async def test_a_return_needs_an_order_of_ones_own(
    resources: Resources, ada: SignedIn, grace: SignedIn
) -> None:
    _, ada_browser = ada
    grace_account, _ = grace
    graces_order = await _order(resources, grace_account.contact_id, "G-1")
    response = await ada_browser.post(
        "/api/v1/portal/returns", json={"order_id": str(graces_order), "reason": "Mine now"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "order_id"
    async with resources.sessions() as db:
        returns = await db.scalar(
            select(ContactObject.id).where(ContactObject.kind == "return").limit(1)
        )
    assert returns is None


async def test_complaints_enquiries_and_appointments_emit_their_events(
    resources: Resources, clock: MutableClock, ada: SignedIn
) -> None:
    account, browser = ada
    complaint = await browser.post(
        "/api/v1/portal/tickets",
        json={"kind": "complaint", "subject": "Late", "message": "It came a week late."},
    )
    assert complaint.status_code == 201
    assert complaint.json()["record"]["kind"] == "ticket"
    enquiry = await browser.post(
        "/api/v1/portal/tickets",
        json={"kind": "enquiry", "subject": "Colours", "message": "Does it come in green?"},
    )
    assert enquiry.json()["record"]["kind"] == "enquiry"
    when = (clock.now() + timedelta(days=3)).isoformat()
    booked = await browser.post(
        "/api/v1/portal/appointments", json={"starts_at": when, "topic": "Fitting"}
    )
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["record"]["id"]
    later = (clock.now() + timedelta(days=4)).isoformat()
    moved = await browser.post(
        f"/api/v1/portal/appointments/{appointment_id}/move", json={"starts_at": later}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["record"]["status"] == "moved"
    past = await browser.post(
        "/api/v1/portal/appointments",
        json={"starts_at": (clock.now() - timedelta(hours=1)).isoformat(), "topic": "Fitting"},
    )
    assert past.status_code == 400
    assert past.json()["errors"][0]["field"] == "starts_at"
    names = [n for n, _ in await _events(resources, account.contact_id)]
    for name in (
        "complaint.raised",
        "enquiry.raised",
        "appointment.requested",
        "appointment.moved",
    ):
        assert names.count(name) == 1, name
    listed = (await browser.get("/api/v1/portal/tickets")).json()
    assert {r["kind"] for r in listed} == {"ticket", "enquiry"}


async def test_requests_are_rate_limited_with_retry_after(
    settings: Any, resources: Resources, ada: SignedIn
) -> None:
    _, browser = ada
    body = {"kind": "enquiry", "subject": "Hello", "message": "Just checking."}
    for _ in range(settings.portal_requests_per_hour):
        assert (await browser.post("/api/v1/portal/tickets", json=body)).status_code == 201
    refused = await browser.post("/api/v1/portal/tickets", json=body)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert "Try again in" in refused.json()["detail"]


async def test_messages_highlights_and_read_state(
    resources: Resources, clock: MutableClock, ada: SignedIn, grace: SignedIn
) -> None:
    account, browser = ada
    grace_account, grace_browser = grace
    async with resources.sessions.begin() as db:
        first = await messages.deliver(
            db,
            contact_id=account.contact_id,
            title="Getting started",
            body="Five short articles.",
            link="/portal/content/onboarding",
            pinned=True,
            now=clock.now(),
            source_key="e1:portal-guide:1",
        )
        repeat = await messages.deliver(
            db,
            contact_id=account.contact_id,
            title="Getting started",
            body="Five short articles.",
            now=clock.now(),
            source_key="e1:portal-guide:1",
        )
    assert first is not None
    assert repeat is None
    home = (await browser.get("/api/v1/portal/home")).json()
    assert [h["title"] for h in home["highlights"]] == ["Getting started"]
    assert home["unread_messages"] == 1
    # Grace cannot mark Ada's message read, and does not see it.
    assert (await grace_browser.post(f"/api/v1/portal/messages/{first}/read")).status_code == 404
    assert (await grace_browser.get("/api/v1/portal/messages")).json() == []
    read = await browser.post(f"/api/v1/portal/messages/{first}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert (await browser.get("/api/v1/portal/home")).json()["unread_messages"] == 0
    assert grace_account.contact_id != account.contact_id


async def test_page_views_are_events_with_their_category(
    resources: Resources, ada: SignedIn
) -> None:
    account, browser = ada
    response = await browser.post(
        "/api/v1/portal/activity/page-view",
        json={"path": "/portal/content/onboarding", "category": "onboarding"},
    )
    assert response.status_code == 202
    viewed = [
        p for n, p in await _events(resources, account.contact_id) if n == "portal.page_viewed"
    ]
    assert viewed[0]["category"] == "onboarding"
    bad = await browser.post(
        "/api/v1/portal/activity/page-view", json={"path": "/admin", "category": "x"}
    )
    assert bad.status_code == 400
    assert "path" in bad.text


async def test_the_export_holds_all_own_data_and_nobody_elses(
    resources: Resources, ada: SignedIn, grace: SignedIn
) -> None:
    account, browser = ada
    grace_account, _ = grace
    await _order(resources, account.contact_id, "A-2001")
    await _order(resources, grace_account.contact_id, "G-2001")
    response = await browser.get("/api/v1/portal/data-export")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="my-data-')
    document = response.json()
    assert document["contact"]["id"] == str(account.contact_id)
    assert [r["external_ref"] for r in document["records"]] == ["A-2001"]
    assert "G-2001" not in response.text
    assert any(e["name"] == "portal.login" for e in document["events"])


async def _job_completed(
    resources: Resources, contact_id: uuid.UUID, properties: dict[str, Any]
) -> int:
    async with resources.sessions.begin() as db:
        event_id: int = await db.scalar(  # type: ignore[assignment]
            insert(Event)
            .values(
                contact_id=contact_id,
                name="job.status_changed",
                properties={"job_id": str(uuid.uuid4()), "to": "completed", **properties},
                source="job",
                occurred_at=func.now(),
            )
            .returning(Event.id)
        )
    return event_id


async def _erasure_job(staff: Browser, contact_id: uuid.UUID) -> dict[str, Any]:
    """The open erasure job of the contact, as the data-protection dashboard lists it."""
    page = (await staff.get("/api/v1/jobs", params={"queue": "data_protection"})).json()
    mine = [j for j in page["items"] if j["contact"] and j["contact"]["id"] == str(contact_id)]
    assert len(mine) == 1, page
    detail: dict[str, Any] = (await staff.get(f"/api/v1/jobs/{mine[0]['id']}")).json()
    return detail


async def _work(staff: Browser, job_id: str, outcome: str) -> None:
    claimed = await staff.post(f"/api/v1/jobs/{job_id}/claim")
    assert claimed.status_code == 200, claimed.text
    done = await staff.post(
        f"/api/v1/jobs/{job_id}/complete",
        json={"version": claimed.json()["version"], "outcome": outcome, "data": {}},
    )
    assert done.status_code == 200, done.text


async def test_erasure_request_makes_a_data_protection_job_whose_completion_anonymises(
    settings: Settings,
    resources: Resources,
    clock: MutableClock,
    ada: SignedIn,
    signed_in: SignIn,
    tmp_path: Path,
) -> None:
    account, browser = ada
    _, officer = await signed_in("data_protection", name="Dana Prior")
    await _order(resources, account.contact_id, "A-3001")
    # A letter we sent her: its PDF carries her name, so it goes with the rest.
    pdf = tmp_path / "letters" / str(account.contact_id) / "welcome.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 Dear Ada Lovelace")
    async with resources.sessions.begin() as db:
        db.add(
            ContactNote(
                contact_id=account.contact_id, body="Prefers mornings", created_at=clock.now()
            )
        )
        db.add(
            Letter(
                key="erasure-test:letter",
                contact_id=account.contact_id,
                template="welcome",
                path=f"{account.contact_id}/welcome.pdf",
                size=26,
                created_at=clock.now(),
            )
        )
    assert (await browser.get("/api/v1/portal/erasure")).json() is None
    requested = await browser.post("/api/v1/portal/erasure")
    assert requested.status_code == 201, requested.text
    assert requested.json()["status"] == "requested"
    assert (await browser.post("/api/v1/portal/erasure")).status_code == 409

    # The request is a job in the data-protection queue, linked to the contact and request.
    job = await _erasure_job(officer, account.contact_id)
    assert (job["type"]["name"], job["queue"], job["status"]) == (
        "data_erasure",
        "data_protection",
        "new",
    )
    assert [(r["type"], r["id"]) for r in job["related"]] == [
        ("erasure_request", requested.json()["id"])
    ]
    assert "Ada Lovelace" in job["title"]
    [(_, event)] = [
        (n, p)
        for n, p in await _events(resources, account.contact_id)
        if n == "data.erasure_requested"
    ]
    assert event["job_id"] == job["id"]

    # Another kind of job completing does nothing; the erasure job with `erase` erases
    # once the worker's sweep sees its `job.completed` event.
    ctx = worker_ctx(resources, msgspec.structs.replace(settings, data_dir=str(tmp_path)), clock)
    await _job_completed(
        resources, account.contact_id, {"job_type": "validate_product", "outcome": "valid"}
    )
    await sweep(ctx)
    assert (await browser.get("/api/v1/portal/erasure")).json()["status"] == "requested"

    await _work(officer, job["id"], "erase")
    await sweep(ctx)
    # A second sweep (or a repeated completion) changes nothing.
    assert await tasks.settle_erasures(context_of(ctx)) == 0

    async with resources.sessions() as db:
        contact = await db.get(Contact, account.contact_id)
        user = await db.scalar(select(User).where(User.contact_id == account.contact_id))
        order = await db.scalar(
            select(ContactObject).where(ContactObject.contact_id == account.contact_id)
        )
        notes = await db.scalar(
            select(ContactNote.id).where(ContactNote.contact_id == account.contact_id)
        )
        request = await db.scalar(select(ErasureRequest))
        event_count = await db.scalar(
            select(func.count()).select_from(Event).where(Event.contact_id == account.contact_id)
        )
    assert contact is not None
    assert user is not None
    assert order is not None
    assert request is not None
    assert (contact.name, contact.email, contact.phone, contact.attributes) == (
        rights.ERASED_NAME,
        None,
        None,
        {},
    )
    assert not user.is_active
    assert user.password_hash is None
    assert user.email.endswith("@invalid")
    # Aggregate history stays: the order, its status and its total, and every event;
    # free text goes.
    assert (order.kind, order.status, order.external_ref) == ("order", "delivered", "A-3001")
    assert order.data == {"total": 120.5}
    assert notes is None
    assert not pdf.exists()
    async with resources.sessions() as db:
        assert await db.scalar(select(Letter.id).where(Letter.contact_id == contact.id)) is None
    assert event_count is not None
    assert event_count > 5
    assert (request.status, str(request.job_id)) == ("completed", job["id"])
    names = [n for n, _ in await _events(resources, account.contact_id)]
    assert names[-1] == "contact.anonymised"
    # The session is gone with the account.
    assert (await browser.get("/api/v1/portal/me")).status_code == 401
    # The job stays, done, for the team's records.
    done = (await officer.get(f"/api/v1/jobs/{job['id']}")).json()
    assert (done["status"], done["outcome"]) == ("completed", "erase")


async def test_a_declined_erasure_job_keeps_the_data_and_says_so(
    settings: Settings,
    resources: Resources,
    clock: MutableClock,
    ada: SignedIn,
    signed_in: SignIn,
) -> None:
    account, browser = ada
    _, officer = await signed_in("data_protection")
    assert (await browser.post("/api/v1/portal/erasure")).status_code == 201
    job = await _erasure_job(officer, account.contact_id)
    await _work(officer, job["id"], "decline")
    await sweep(worker_ctx(resources, settings, clock))
    view = (await browser.get("/api/v1/portal/erasure")).json()
    assert view["status"] == "declined"
    assert view["completed_at"] is not None
    assert (await browser.get("/api/v1/portal/me")).json()["name"] == "Ada Lovelace"
    # Declined is settled: the customer may ask again, and a new job is made.
    again = await browser.post("/api/v1/portal/erasure")
    assert again.status_code == 201
    assert (await _erasure_job(officer, account.contact_id))["status"] == "new"


async def test_an_erasure_request_whose_job_was_cancelled_is_queued_again_when_asked(
    ada: SignedIn, signed_in: SignIn
) -> None:
    account, browser = ada
    _, supervisor = await signed_in("supervisor")
    first = await browser.post("/api/v1/portal/erasure")
    assert first.status_code == 201
    job = await _erasure_job(supervisor, account.contact_id)
    cancelled = await supervisor.post(
        f"/api/v1/jobs/{job['id']}/cancel",
        json={"version": job["version"], "reason": "Opened by mistake"},
    )
    assert cancelled.status_code == 200, cancelled.text
    # Nobody works it now: asking again queues the same request with a new job.
    again = await browser.post("/api/v1/portal/erasure")
    assert again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    requeued = await _erasure_job(supervisor, account.contact_id)
    assert requeued["id"] != job["id"]
    assert requeued["status"] == "new"
    assert (await browser.post("/api/v1/portal/erasure")).status_code == 409


async def test_affiliates_see_their_referrals_and_customers_do_not(
    resources: Resources, client: AsyncTestClient[ASGIApp], ada: SignedIn
) -> None:
    # The demo roles include `affiliate` (portal:self + portal:affiliate).
    affiliate = await create_user(resources, role="affiliate")
    browser = Browser(client)
    await browser.sign_in(affiliate.email, portal=True)
    async with resources.sessions.begin() as db:
        lead = Contact(
            name="Lin Lee",
            email="lin@example.test",
            attributes={"referred_by": str(affiliate.contact_id)},
        )
        buyer = Contact(name="Bo Berg Smith", attributes=dict(lead.attributes))
        other = Contact(name="Not Mine", attributes={"referred_by": str(uuid.uuid4())})
        db.add_all([lead, buyer, other])
    await _order(resources, buyer.id, "B-1")
    response = await browser.get("/api/v1/portal/referrals")
    assert response.status_code == 200
    seen = {r["name"]: (r["stage"], r["orders"]) for r in response.json()}
    assert seen == {"Lin L.": ("lead", 0), "Bo S.": ("customer", 1)}
    assert "lin@example.test" not in response.text
    assert (await browser.get("/api/v1/portal/profile")).json()["is_affiliate"] is True
    _, customer = ada
    refused = await customer.get("/api/v1/portal/referrals")
    assert refused.status_code == 403


def _ids(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= _ids(item)
    elif isinstance(value, list):
        for item in value:
            found |= _ids(item)
    elif isinstance(value, str):
        found.add(value)
    return found


async def test_idor_no_portal_route_shows_or_changes_another_customers_records(
    resources: Resources, clock: MutableClock, ada: SignedIn, grace: SignedIn
) -> None:
    """Ada has one of everything; Grace tries every portal route with Ada's ids."""
    ada_account, ada_browser = ada
    _, grace_browser = grace
    order_id = await _order(resources, ada_account.contact_id, "IDOR-ORDER")
    ret = (
        await ada_browser.post(
            "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "Secret reason"}
        )
    ).json()["record"]
    appointment = (
        await ada_browser.post(
            "/api/v1/portal/appointments",
            json={"starts_at": (clock.now() + timedelta(days=2)).isoformat(), "topic": "Secret"},
        )
    ).json()["record"]
    async with resources.sessions.begin() as db:
        message_id = await messages.deliver(
            db, contact_id=ada_account.contact_id, title="Secret note", body="x", now=clock.now()
        )
        # A letter of Ada's (its file does not matter: scoping answers before the file).
        letter = Letter(
            key="idor:letter",
            contact_id=ada_account.contact_id,
            template="Secret letter",
            path=f"{ada_account.contact_id}/idor.pdf",
            size=10,
            created_at=clock.now(),
        )
        db.add(letter)
    ada_secrets = {str(order_id), ret["id"], appointment["id"], "IDOR-ORDER", "Secret reason"}

    for path in (
        "/api/v1/portal/me",
        "/api/v1/portal/home",
        "/api/v1/portal/profile",
        "/api/v1/portal/orders",
        "/api/v1/portal/returns",
        "/api/v1/portal/tickets",
        "/api/v1/portal/appointments",
        "/api/v1/portal/messages",
        "/api/v1/portal/erasure",
        "/api/v1/portal/data-export",
        "/api/v1/portal/documents",
    ):
        response = await grace_browser.get(path)
        assert response.status_code == 200, path
        leaked = ada_secrets & _ids(response.json())
        assert not leaked, (path, leaked)
        assert "Secret" not in response.text, path

    for record_id in (str(order_id), ret["id"], appointment["id"]):
        response = await grace_browser.get(f"/api/v1/portal/records/{record_id}")
        assert response.status_code == 404
        assert "Secret" not in response.text
    letter_pdf = await grace_browser.get(f"/api/v1/portal/documents/{letter.id}/pdf")
    assert letter_pdf.status_code == 404
    assert letter_pdf.json()["detail"] == "We could not find that document among yours."
    moved = await grace_browser.post(
        f"/api/v1/portal/appointments/{appointment['id']}/move",
        json={"starts_at": (clock.now() + timedelta(days=5)).isoformat()},
    )
    assert moved.status_code == 404
    assert (
        await grace_browser.post(f"/api/v1/portal/messages/{message_id}/read")
    ).status_code == 404
    taken = await grace_browser.post(
        "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "Taking it"}
    )
    assert taken.status_code == 400
    ticket = await grace_browser.post(
        "/api/v1/portal/tickets",
        json={"kind": "complaint", "subject": "x", "message": "y", "order_id": str(order_id)},
    )
    assert ticket.status_code == 400

    # Nothing of Ada's changed.
    detail = (await ada_browser.get(f"/api/v1/portal/records/{appointment['id']}")).json()
    assert detail["record"]["status"] == "requested"
    assert (await ada_browser.get("/api/v1/portal/home")).json()["unread_messages"] == 1


async def test_staff_cannot_use_portal_routes(signed_in: SignIn) -> None:
    _, staff = await signed_in("customer_support")
    response = await staff.get("/api/v1/portal/orders")
    assert response.status_code == 403


async def test_writes_need_the_csrf_token(ada: SignedIn) -> None:
    _, browser = ada
    response = await browser.request(
        "POST",
        "/api/v1/portal/tickets",
        json={"kind": "enquiry", "subject": "x", "message": "y"},
        csrf=False,
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


async def test_unknown_fields_are_refused(ada: SignedIn) -> None:
    _, browser = ada
    response = await browser.post(
        "/api/v1/portal/tickets",
        json={"kind": "enquiry", "subject": "x", "message": "y", "contact_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert "contact_id" in response.json()["detail"]
