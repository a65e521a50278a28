"""Documents: the letters the letters channel rendered for a customer (weasyprint PDFs under
the data dir) are listed in the portal and download as PDF, for their owner only."""

from __future__ import annotations

import uuid
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import insert

from app.channels.models import MessageTemplate
from app.main import create_asgi_app
from app.resources import Resources
from app.runs.models import OutboxMessage
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.channels import dispatch

pytestmark = pytest.mark.usefixtures("standard_roles")

LETTER = """<p>Dear {{ contact.name }},</p>
<p>We could not accept the return of order {{ event.order_id }}.</p>"""


async def _send_letter(
    resources: Resources, settings: Settings, clock: MutableClock, contact_id: uuid.UUID
) -> None:
    """A letter as a journey's letter step queues it, rendered by the real letters channel."""
    async with resources.sessions.begin() as db:
        await db.execute(
            insert(OutboxMessage).values(
                key=f"test:letter:{contact_id}",
                kind="create_letter",
                payload={
                    "template": "return_rejected",
                    "contact_id": str(contact_id),
                    "node_id": None,
                    "event": {"order_id": "ORD-9"},
                },
                next_attempt_at=clock.now(),
                created_at=clock.now(),
            )
        )
    assert (await dispatch(resources, settings, clock.now())).sent == 1


async def test_a_customer_lists_and_downloads_their_letters_and_nobody_elses(
    settings: Settings, resources: Resources, clock: MutableClock, tmp_path: Path
) -> None:
    letter_settings = msgspec.structs.replace(settings, data_dir=str(tmp_path))
    async with resources.sessions.begin() as db:
        db.add(
            MessageTemplate(
                name="return_rejected",
                label="Return rejected (letter)",
                channel="letter",
                body_html=LETTER,
            )
        )
    ada = await create_user(resources, role="customer", name="Ada Lovelace")
    grace = await create_user(resources, role="customer", name="Grace Hopper")
    staff = await create_user(resources, role="customer_support")
    await _send_letter(resources, letter_settings, clock, ada.contact_id)

    async with make_client(create_asgi_app(letter_settings, clock=clock)) as client:
        ada_browser, grace_browser, staff_browser = (Browser(client) for _ in range(3))
        await ada_browser.sign_in(ada.email, portal=True)
        await grace_browser.sign_in(grace.email, portal=True)
        await staff_browser.sign_in(staff.email)

        listed = await ada_browser.get("/api/v1/portal/documents")
        assert listed.status_code == 200
        [document] = listed.json()
        assert (document["title"], document["kind"]) == ("Return rejected", "letter")
        pdf = await ada_browser.get(f"/api/v1/portal/documents/{document['id']}/pdf")
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")
        assert len(pdf.content) == document["size"]
        assert "attachment" in pdf.headers["content-disposition"]
        assert ".pdf" in pdf.headers["content-disposition"]

        # Grace: no letters of her own, and Ada's is not found (as an unknown id is).
        assert (await grace_browser.get("/api/v1/portal/documents")).json() == []
        theirs = await grace_browser.get(f"/api/v1/portal/documents/{document['id']}/pdf")
        unknown = await grace_browser.get("/api/v1/portal/documents/999999/pdf")
        assert (theirs.status_code, unknown.status_code) == (404, 404)
        assert theirs.json()["detail"] == unknown.json()["detail"]
        assert b"%PDF" not in theirs.content
        # Staff use the staff letters API, not the portal's.
        refused = await staff_browser.get(f"/api/v1/portal/documents/{document['id']}/pdf")
        assert refused.status_code == 403
