"""Demo data: loads twice without duplicates, and every listed login works."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.contacts.models import Contact
from app.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.resources import Resources
from app.settings import Settings
from tests.support.accounts import Browser


async def test_demo_accounts_load_once_and_sign_in(
    settings: Settings, resources: Resources, browser: Callable[[], Browser]
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert (first.roles_created, first.users_created) == (20, 14)
    assert (second.roles_created, second.users_created) == (0, 0)
    assert (first.journeys_created, second.journeys_created) == (7, 0)
    assert second.catalog_created == 0
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(User)) == 14
        assert await db.scalar(select(func.count()).select_from(Role)) == 20
        ada_contact = await db.scalar(select(Contact).where(Contact.email == "ada@example.com"))
    assert ada_contact is not None
    assert ada_contact.external_id == "cust-1001"  # the contact the demo events created

    assert DEMO_LOGINS[0] == f"super-user@waymark.local / {DEMO_PASSWORD} (super-user)"
    landing = {}
    for line in DEMO_LOGINS:
        email = line.split(" / ")[0]
        me = await browser().sign_in(email, DEMO_PASSWORD, portal="portal" in line)
        landing[email] = me["roles"][0]["dashboard"]
    assert landing["super-user@waymark.local"] == "/admin/users"
    assert landing["marketer@waymark.local"] == "/journeys"
    assert landing["warehouse@waymark.local"] == "/dashboards/warehouse"
    assert landing["ada@example.com"] == "/portal"

    ada = browser()
    await ada.sign_in("ada@example.com", DEMO_PASSWORD, portal=True)
    assert (await ada.get("/api/v1/portal/me")).json()["id"] == str(ada_contact.id)


async def test_demo_portal_customers_have_orders_a_return_messages_and_referrals(
    settings: Settings, resources: Resources, browser: Callable[[], Browser]
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert first.portal_created > 0
    assert second.portal_created == 0
    ada = browser()
    await ada.sign_in("ada@example.com", DEMO_PASSWORD, portal=True)
    orders = (await ada.get("/api/v1/portal/orders")).json()
    assert {o["reference"] for o in orders} == {"ORD-2000", "ORD-2100"}
    [ret] = (await ada.get("/api/v1/portal/returns")).json()
    assert ret["data"]["order_ref"] == "ORD-2000"
    # S2 made the return's job: support checks it, and Ada reads that in her own words.
    assert ret["status_label"] == "Return received — we are checking it"
    [letter] = (await ada.get("/api/v1/portal/documents")).json()
    assert letter["title"] == "Your customer account"
    pdf = await ada.get(f"/api/v1/portal/documents/{letter['id']}/pdf")
    assert pdf.content.startswith(b"%PDF-")
    # Katherine's erasure request waits in the data-protection queue.
    privacy = browser()
    await privacy.sign_in("privacy@waymark.local", DEMO_PASSWORD)
    waiting = (await privacy.get("/api/v1/jobs", params={"queue": "data_protection"})).json()
    assert [(j["type"]["name"], j["status"]) for j in waiting["items"]] == [("data_erasure", "new")]
    home = (await ada.get("/api/v1/portal/home")).json()
    assert [h["title"] for h in home["highlights"]] == ["Getting started"]
    grace = browser()
    await grace.sign_in("grace@example.com", DEMO_PASSWORD, portal=True)
    assert {o["reference"] for o in (await grace.get("/api/v1/portal/orders")).json()} == {
        "ORD-2001",
        "ORD-2101",
    }
    alan = browser()
    await alan.sign_in("alan@example.com", DEMO_PASSWORD, portal=True)
    referrals = (await alan.get("/api/v1/portal/referrals")).json()
    assert {(r["name"], r["stage"]) for r in referrals} == {
        ("Lin L.", "lead"),
        ("Katherine J.", "customer"),
    }


async def test_demo_crm_data_loads_once_and_fills_the_library_segments(
    settings: Settings, resources: Resources
) -> None:
    from app.contacts.models import ContactConsent, ContactNote, ContactObject  # noqa: PLC0415
    from app.segments.services import list_segments  # noqa: PLC0415

    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert first.segments_created == 5
    assert first.contact_changes > 50
    assert (second.segments_created, second.contact_changes) == (0, 0)
    # Katherine joins the VIPs while the demo loads (once); Ada was there first.
    assert (first.vips_welcomed, second.vips_welcomed) == (1, 0)
    async with resources.sessions() as db:
        # 9 from the CRM demo; the portal demo adds its own orders and returns.
        assert (await db.scalar(select(func.count()).select_from(ContactObject)) or 0) >= 9
        assert (await db.scalar(select(func.count()).select_from(ContactNote)) or 0) >= 4
        # 11 from the CRM demo; the channels demo may add its own.
        assert (await db.scalar(select(func.count()).select_from(ContactConsent)) or 0) >= 11
        ada = await db.scalar(select(Contact).where(Contact.email == "ada@example.com"))
        assert ada is not None
        assert ada.tags == ["customer", "vip", "newsletter"]
        assert ada.owner_id is not None
        counts = {s.name: s.count for s in await list_segments(db, datetime.now(UTC))}
    # At least the CRM demo's own (other demos add contacts with orders too).
    assert (counts["customers"] or 0) >= 4  # Ada, Grace, Alan, Donald
    assert (counts["newsletter_subscribers"] or 0) >= 3  # Ada, Margaret, Donald
    assert (counts["hot_leads"] or 0) >= 1  # Katherine: Barbara has an owner
    assert (counts["no_activity_90_days"] or 0) > 0
