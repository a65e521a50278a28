"""Demo data: S11 ready to look at — two calling projects with processed cards, a
destination with a booked user, two processes of different priority (one inactive), one
run; made once."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.contacts.models import Contact
from app.demo.loader import load_demo_data
from app.resources import Resources
from app.sales.models import Bucket, Card, Process, ProcessRun, Project
from app.settings import Settings


async def test_the_demo_has_s11_with_a_run_that_moved_the_bookings(
    settings: Settings, resources: Resources
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert (first.sales_cards, second.sales_cards) == (8, 0)
    async with resources.sessions() as db:
        projects = {p.name: p.id for p in await db.scalars(select(Project))}
        processes = [
            (p.name, p.priority, p.active)
            for p in await db.scalars(select(Process).order_by(Process.priority))
        ]
        runs = list(await db.scalars(select(ProcessRun)))
        sam = await db.scalar(select(User.id).where(User.email == "supervisor@waymark.local"))
        placed = {
            name: (card.project_id, card.holder_id, card.bucket_id, card.processed)
            for name, card in await db.execute(
                select(Contact.name, Card).join(Card, Card.contact_id == Contact.id)
            )
        }
        buckets = dict((await db.execute(select(Bucket.id, Bucket.name))).all())
    assert set(projects) == {"Calls North", "Calls South", "Booked meetings"}
    assert processes == [
        ("Bookings to Booked meetings", 1, True),
        ("Call backs to the call-back desk", 2, False),
    ]
    assert [(r.status, r.moved) for r in runs] == [("done", 2)]
    booked = projects["Booked meetings"]
    # Booked with Sam, who works Booked meetings: his card; the other into a new bucket.
    assert placed["Olivia North"][:2] == (booked, sam)
    assert placed["Olivia North"][3] is False
    ava = placed["Ava South"]
    assert ava[2] is not None
    assert (ava[0], buckets[ava[2]]) == (booked, "Calls South")
    # Booked after that run: waits in its source project for the next one.
    assert placed["Zoe Harbour"][0] == projects["Calls South"]
    assert placed["Noah Fells"][0] == projects["Calls North"]
