"""The journeys API (docs/journeys-api.md) against real Postgres and Redis: drafts with
optimistic locking, publishing immutable versions, status changes, copies, import/export,
the library, the catalog, permissions and the audit trail."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import pytest
from sqlalchemy import select, text

from app.auth.models import AuditEntry
from app.auth.principal import Actor
from app.demo.journeys import seed_catalog
from app.engine.definition import JourneyDefinition
from app.journeys import services
from app.journeys.library import list_templates
from app.journeys.schemas import DraftSave
from app.lib.problems import ConflictError
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys"


def node(kind: str, node_id: str, config: dict[str, Any], y: int = 0) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id.title(),
        "position": {"x": 0, "y": y},
        "config": config,
    }


def canonical(definition: dict[str, Any]) -> Any:
    """A definition as the API answers it (defaults filled in where msgspec keeps them)."""
    return msgspec.json.decode(msgspec.json.encode(msgspec.convert(definition, JourneyDefinition)))


def welcome_journey() -> dict[str, Any]:
    """Manual enrolment → welcome email → end: valid against the demo catalog."""
    return {
        "nodes": [
            node("trigger.manual", "start", {}),
            node("action.send_email", "mail", {"template": "welcome"}, 100),
            node("flow.end", "end", {}, 200),
        ],
        "edges": [
            {"id": "e1", "source": "start", "source_handle": "next", "target": "mail"},
            {"id": "e2", "source": "mail", "source_handle": "next", "target": "end"},
        ],
    }


@pytest.fixture
async def catalog(resources: Resources, standard_roles: None) -> None:
    """The demo roles (queues), job types and message templates."""
    async with resources.sessions.begin() as db:
        await seed_catalog(db)


@pytest.fixture
async def marketer(signed_in: SignIn, catalog: None) -> SignedIn:
    return await signed_in("marketer", name="Priya Shah")


async def create(browser: Browser, name: str = "Welcome", **body: Any) -> dict[str, Any]:
    response = await browser.post(URL, json={"name": name, **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def save(
    browser: Browser, journey: dict[str, Any], definition: dict[str, Any], **body: Any
) -> Any:
    return await browser.put(
        f"{URL}/{journey['id']}/draft",
        json={"revision": journey["draft_revision"], "definition": definition, **body},
    )


async def audit_actions(resources: Resources, journey_id: str) -> list[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target_type == "journey", AuditEntry.target_id == journey_id)
            .order_by(AuditEntry.id)
        )
        return list(rows)


async def test_create_get_and_save_a_draft(marketer: SignedIn, resources: Resources) -> None:
    account, browser = marketer
    empty = await create(browser, description="Say hello")
    assert empty["status"] == "draft"
    assert empty["draft_revision"] == 1
    assert empty["published_version"] is None
    assert empty["has_unpublished_changes"] is True
    assert empty["updated_by"] == {"id": str(account.id), "name": "Priya Shah"}
    assert empty["definition"] == canonical({})
    assert [p["code"] for p in empty["problems"]] == ["no_trigger"]

    saved = await save(browser, empty, welcome_journey(), name="Welcome series")
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert (body["draft_revision"], body["name"], body["problems"]) == (2, "Welcome series", [])
    again = (await browser.get(f"{URL}/{empty['id']}")).json()
    assert again["definition"] == canonical(welcome_journey())
    assert again["description"] == "Say hello"
    assert await audit_actions(resources, empty["id"]) == [
        "journey.created",
        "journey.draft_saved",
    ]


async def test_an_unfinished_draft_is_saved_with_its_problems(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser)
    unfinished = welcome_journey()
    unfinished["nodes"][1]["config"]["template"] = "no_such_template"
    response = await save(browser, journey, unfinished)
    assert response.status_code == 200
    problems = response.json()["problems"]
    assert [(p["code"], p["node_id"]) for p in problems] == [("unknown_email_template", "mail")]


async def test_a_stale_save_is_refused_and_overwrites_nothing(
    marketer: SignedIn, signed_in: SignIn
) -> None:
    _, priya = marketer
    _, sam = await signed_in("marketer", name="Sam Lee")
    opened = await create(priya)
    first = await save(priya, opened, welcome_journey())
    assert first.status_code == 200
    stale = welcome_journey()
    stale["nodes"] = stale["nodes"][:1]
    refused = await save(sam, opened, stale)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["current_revision"] == 2
    assert problem["updated_by"]["name"] == "Priya Shah"
    assert "Someone else saved this journey since you opened it" in problem["detail"]
    kept = (await priya.get(f"{URL}/{opened['id']}")).json()
    assert (kept["draft_revision"], kept["definition"]) == (2, canonical(welcome_journey()))


async def test_two_concurrent_saves_exactly_one_wins(
    marketer: SignedIn, resources: Resources, clock: MutableClock
) -> None:
    account, browser = marketer
    journey = await create(browser)
    one, two = welcome_journey(), welcome_journey()
    two["nodes"][0]["label"] = "Second"

    async def save_in_own_session(definition: dict[str, Any], hold: asyncio.Event | None) -> int:
        async with resources.sessions.begin() as db:
            saved = await services.save_draft(
                db,
                actor=Actor(account.id),
                journey_id=journey["id"],
                data=DraftSave(revision=1, definition=definition),
                now=clock.now(),
            )
            if hold is not None:
                await hold.wait()  # keep the row locked, uncommitted
            return saved.draft_revision

    release = asyncio.Event()
    first = asyncio.create_task(save_in_own_session(one, release))
    await asyncio.sleep(0.2)  # the first UPDATE holds the row
    second = asyncio.create_task(save_in_own_session(two, None))
    await asyncio.sleep(0.3)  # the second UPDATE waits on the row lock
    assert not second.done()
    release.set()
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert results[0] == 2
    assert isinstance(results[1], ConflictError)
    kept = (await browser.get(f"{URL}/{journey['id']}")).json()
    assert (kept["draft_revision"], kept["definition"]) == (2, canonical(one))


async def test_a_draft_that_does_not_decode_is_refused_by_node(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser)
    broken = welcome_journey()
    broken["nodes"].insert(
        1, node("flow.wait_duration", "wait", {"duration": {"amount": "soon", "unit": "days"}})
    )
    response = await save(browser, journey, broken)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "nodes[1].config.duration.amount"
    assert response.json()["problems"][0]["node_id"] == "wait"
    assert (await browser.get(f"{URL}/{journey['id']}")).json()["draft_revision"] == 1


async def test_a_dangling_connection_in_a_refused_draft_is_named_by_its_edge(
    marketer: SignedIn,
) -> None:
    _, browser = marketer
    journey = await create(browser)
    broken = welcome_journey()
    broken["nodes"].insert(
        1, node("flow.wait_duration", "wait", {"duration": {"amount": "soon", "unit": "days"}})
    )
    broken["edges"].append(
        {"id": "e3", "source": "end", "source_handle": "next", "target": "nowhere"}
    )
    response = await save(browser, journey, broken)
    assert response.status_code == 400
    body = response.json()
    [error] = [e for e in body["errors"] if "nowhere" in e["message"]]
    assert error["field"] == "edges[2].target"
    assert "Connection “e3”" in error["message"]
    [problem] = [p for p in body["problems"] if p["code"] == "dangling_edge"]
    assert (problem["edge_id"], problem["field"]) == ("e3", "edges[2].target")


async def test_validate_reports_without_saving(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser)
    orphan = welcome_journey()
    orphan["edges"] = orphan["edges"][:1]
    response = await browser.post(f"{URL}/{journey['id']}/validate", json={"definition": orphan})
    assert response.status_code == 200
    codes = {p["code"] for p in response.json()["problems"]}
    assert {"exit_not_connected", "unreachable_node"} <= codes
    assert (await browser.get(f"{URL}/{journey['id']}")).json()["draft_revision"] == 1


async def test_publish_creates_numbered_immutable_versions(
    marketer: SignedIn, resources: Resources
) -> None:
    account, browser = marketer
    journey = await create(browser, definition=welcome_journey())
    published = await browser.post(
        f"{URL}/{journey['id']}/publish", json={"revision": 1, "note": "First"}
    )
    assert published.status_code == 200, published.text
    v1 = published.json()
    assert (v1["version"], v1["note"], v1["definition"]) == (
        1,
        "First",
        canonical(welcome_journey()),
    )
    assert v1["published_by"] == {"id": str(account.id), "name": "Priya Shah"}
    after = (await browser.get(f"{URL}/{journey['id']}")).json()
    assert (after["status"], after["published_version"]) == ("active", 1)
    assert after["has_unpublished_changes"] is False

    changed = welcome_journey()
    changed["nodes"][1]["label"] = "Say welcome"
    saved = (await save(browser, after, changed)).json()
    assert saved["has_unpublished_changes"] is True
    v2 = await browser.post(f"{URL}/{journey['id']}/publish", json={"revision": 2})
    assert v2.json()["version"] == 2

    listed = (await browser.get(f"{URL}/{journey['id']}/versions")).json()
    assert [(v["version"], v["note"]) for v in listed] == [(2, None), (1, "First")]
    old = (await browser.get(f"{URL}/{journey['id']}/versions/1")).json()
    assert old["definition"] == canonical(welcome_journey())
    assert (await browser.get(f"{URL}/{journey['id']}/versions/3")).status_code == 404
    async with resources.engine.connect() as connection:
        with pytest.raises(Exception, match="immutable"):
            await connection.execute(text("UPDATE journey_versions SET note = 'changed'"))
    assert await audit_actions(resources, journey["id"]) == [
        "journey.created",
        "journey.published",
        "journey.draft_saved",
        "journey.published",
    ]


async def test_publish_refuses_invalid_and_stale_drafts(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser)
    invalid = await browser.post(f"{URL}/{journey['id']}/publish", json={"revision": 1})
    assert invalid.status_code == 422
    assert [p["code"] for p in invalid.json()["problems"]] == ["no_trigger"]
    await save(browser, journey, welcome_journey())
    stale = await browser.post(f"{URL}/{journey['id']}/publish", json={"revision": 1})
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert (await browser.get(f"{URL}/{journey['id']}/versions")).json() == []


async def test_pause_resume_archive_and_their_refusals(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser, definition=welcome_journey())
    base = f"{URL}/{journey['id']}"
    refused = await browser.post(f"{base}/resume")
    assert refused.status_code == 409
    assert "never been published" in refused.json()["detail"]
    assert (await browser.post(f"{base}/pause")).status_code == 409
    await browser.post(f"{base}/publish", json={"revision": 1})
    assert (await browser.post(f"{base}/pause")).json()["status"] == "paused"
    assert (await browser.post(f"{base}/pause")).status_code == 409
    # Publishing a paused journey keeps it paused.
    assert (await browser.post(f"{base}/publish", json={"revision": 1})).status_code == 200
    assert (await browser.get(base)).json()["status"] == "paused"
    assert (await browser.post(f"{base}/resume")).json()["status"] == "active"
    assert (await browser.post(f"{base}/archive")).json()["status"] == "archived"
    assert (await browser.post(f"{base}/archive")).status_code == 409
    assert (await save(browser, journey, welcome_journey())).status_code == 409
    assert (await browser.post(f"{base}/resume")).status_code == 409


async def test_list_filters_and_search(marketer: SignedIn, clock: MutableClock) -> None:
    _, browser = marketer
    welcome = await create(browser, "Welcome series", description="New customers")
    clock.advance(minutes=1)  # newest change first
    await create(browser, "Payment chaser")
    clock.advance(minutes=1)
    old = await create(browser, "Old newsletter", description="welcome back")
    await browser.post(f"{URL}/{old['id']}/archive")

    def names(response: Any) -> list[str]:
        return [j["name"] for j in response.json()["items"]]

    listed = await browser.get(URL)
    assert names(listed) == ["Payment chaser", "Welcome series"]
    assert listed.json()["total"] == 2
    assert names(await browser.get(URL, params={"q": "welcome"})) == ["Welcome series"]
    assert names(await browser.get(URL, params={"status": "archived"})) == ["Old newsletter"]
    assert names(await browser.get(URL, params={"status": "draft", "q": "CHASER"})) == [
        "Payment chaser"
    ]
    paged = await browser.get(URL, params={"page": 2, "page_size": 1})
    assert (names(paged), paged.json()["total"]) == (["Welcome series"], 2)
    assert welcome["id"] == paged.json()["items"][0]["id"]
    assert (await browser.get(URL, params={"status": "running"})).status_code == 400


async def test_duplicate_copies_the_draft(marketer: SignedIn, resources: Resources) -> None:
    _, browser = marketer
    journey = await create(browser, definition=welcome_journey())
    await browser.post(f"{URL}/{journey['id']}/publish", json={"revision": 1})
    copied = await browser.post(f"{URL}/{journey['id']}/duplicate", json={})
    assert copied.status_code == 201
    body = copied.json()
    assert (body["name"], body["status"], body["published_version"]) == (
        "Copy of Welcome",
        "draft",
        None,
    )
    assert body["definition"] == canonical(welcome_journey())
    named = await browser.post(f"{URL}/{journey['id']}/duplicate", json={"name": "Welcome B"})
    assert named.json()["name"] == "Welcome B"
    assert await audit_actions(resources, body["id"]) == ["journey.created"]


async def test_export_then_import_round_trips_unchanged(
    marketer: SignedIn, resources: Resources
) -> None:
    _, browser = marketer
    template = await browser.post(f"{URL}/from-template", json={"slug": "order-to-delivery"})
    exported = await browser.get(f"{URL}/{template.json()['id']}/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    assert "order-to-delivery.waymark.json" in exported.headers["content-disposition"]
    document = exported.json()
    assert document["format"] == "waymark.journey/v1"
    imported = await browser.post(f"{URL}/import", json=document)
    assert imported.status_code == 201, imported.text
    assert imported.json()["problems"] == []
    again = await browser.get(f"{URL}/{imported.json()['id']}/export")
    assert again.content == exported.content
    assert await audit_actions(resources, imported.json()["id"]) == ["journey.imported"]


async def test_import_of_a_broken_document_names_the_node_and_saves_nothing(
    marketer: SignedIn,
) -> None:
    _, browser = marketer
    definition = welcome_journey()
    definition["nodes"].append(node("action.send_sms", "sms", {"text": 42}, 300))
    definition["nodes"].append(node("flow.teleport", "beam", {}, 400))
    document = {"format": "waymark.journey/v1", "name": "Broken", "definition": definition}
    response = await browser.post(f"{URL}/import", json=document)
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert "nodes[3].config.text" in fields
    assert "nodes[4].kind" in fields
    assert (await browser.get(URL)).json()["total"] == 0

    wrong_format = dict(document, format="zapier/v9")
    assert (await browser.post(f"{URL}/import", json=wrong_format)).status_code == 400


async def test_import_of_a_decodable_but_invalid_document_is_saved_with_problems(
    marketer: SignedIn,
) -> None:
    _, browser = marketer
    definition = welcome_journey()
    definition["edges"] = []
    document = {"format": "waymark.journey/v1", "name": "Half done", "definition": definition}
    response = await browser.post(f"{URL}/import", json=document)
    assert response.status_code == 201
    assert {p["code"] for p in response.json()["problems"]} >= {"exit_not_connected"}


async def test_every_library_template_starts_a_journey(marketer: SignedIn) -> None:
    _, browser = marketer
    library = (await browser.get(f"{URL}/library")).json()
    assert [t["scenario"] for t in library] == [t.scenario for t in list_templates()]
    for template in library:
        response = await browser.post(f"{URL}/from-template", json={"slug": template["slug"]})
        assert response.status_code == 201, (template["slug"], response.text)
        body = response.json()
        assert body["name"] == template["name"]
        errors = [p for p in body["problems"] if p.get("severity", "error") == "error"]
        # No segments are seeded here (test_segments_api seeds them and expects no errors).
        assert {p["code"] for p in errors} <= {"unknown_segment"}, template["slug"]
    unknown = await browser.post(f"{URL}/from-template", json={"slug": "nope"})
    assert unknown.status_code == 404


async def test_catalog_lists_queues_job_types_templates_and_events(
    marketer: SignedIn, resources: Resources
) -> None:
    _, browser = marketer
    async with resources.sessions.begin() as db:
        for name in ("order.placed", "page.viewed", "order.placed"):
            await db.execute(
                text("INSERT INTO contacts (id) VALUES (gen_random_uuid()) RETURNING id")
            )
            await db.execute(
                text(
                    "INSERT INTO events (contact_id, name, source, occurred_at) "
                    "SELECT id, :name, 'api', now() FROM contacts LIMIT 1"
                ),
                {"name": name},
            )
    catalog = (await browser.get(f"{URL}/catalog")).json()
    queues = {q["name"]: q["label"] for q in catalog["queues"]}
    assert queues["collections"] == "Collections"
    assert {"warehouse", "print", "sales_north", "administration"} <= set(queues)
    call = next(t for t in catalog["job_types"] if t["name"] == "call_customer")
    assert call == {
        "name": "call_customer",
        "label": "Call about a missed payment",
        "queue": "collections",
        "outcomes": ["paid", "promised_to_pay", "unreachable"],
    }
    assert {"name": "welcome", "label": "Welcome"} in catalog["email_templates"]
    assert "payment_reminder_sms" in {t["name"] for t in catalog["sms_templates"]}
    assert [t["name"] for t in catalog["letter_templates"]] == ["return_rejected"]
    assert catalog["segments"] == []
    assert catalog["event_names"] == ["order.placed", "page.viewed"]


# The channels' message counts per step.
NO_MESSAGES = {"sent": 0, "opened": 0, "clicked": 0, "failed": 0, "not_sent": {}, "refused": 0}


async def test_stats_are_zero_for_every_step(marketer: SignedIn) -> None:
    _, browser = marketer
    journey = await create(browser, definition=welcome_journey())
    stats = (await browser.get(f"{URL}/{journey['id']}/stats")).json()
    assert stats == {
        "nodes": {
            "start": {"entered": 0, "waiting": 0, "exits": {"next": 0}, **NO_MESSAGES},
            "mail": {"entered": 0, "waiting": 0, "exits": {"next": 0}, **NO_MESSAGES},
            "end": {"entered": 0, "waiting": 0, "exits": {}, **NO_MESSAGES},
        }
    }


async def test_who_may_read_write_and_publish(
    marketer: SignedIn, signed_in: SignIn, resources: Resources
) -> None:
    _, priya = marketer
    journey = await create(priya, definition=welcome_journey())
    base = f"{URL}/{journey['id']}"
    _, warehouse = await signed_in("warehouse")
    for url in (URL, base, f"{URL}/catalog", f"{URL}/library", f"{base}/versions"):
        response = await warehouse.get(url)
        assert response.status_code == 403, url
        assert "journeys:read" in response.json()["detail"]
    # A supervisor reads journeys but may neither change nor publish them.
    _, supervisor = await signed_in("supervisor")
    assert (await supervisor.get(base)).status_code == 200
    assert (await save(supervisor, journey, welcome_journey())).status_code == 403
    assert (await supervisor.post(f"{base}/publish", json={"revision": 1})).status_code == 403
    assert (await supervisor.post(f"{base}/archive")).status_code == 403
    # An editor without journeys:publish may save but not publish.
    from app.auth.permissions import Permission  # noqa: PLC0415
    from tests.support.accounts import create_role  # noqa: PLC0415

    await create_role(resources, "editor", {Permission.JOURNEYS_READ, Permission.JOURNEYS_WRITE})
    _, editor = await signed_in("editor")
    assert (await save(editor, journey, welcome_journey())).status_code == 200
    refused = await editor.post(f"{base}/publish", json={"revision": 2})
    assert refused.status_code == 403
    assert "journeys:publish" in refused.json()["detail"]
    assert (await browser_get_status(priya, base)) == "draft"


async def browser_get_status(browser: Browser, url: str) -> str:
    status: str = (await browser.get(url)).json()["status"]
    return status


async def test_unknown_journey_is_404(marketer: SignedIn) -> None:
    _, browser = marketer
    missing = f"{URL}/00000000-0000-0000-0000-000000000000"
    assert (await browser.get(missing)).status_code == 404
    assert (await browser.post(f"{missing}/publish", json={"revision": 1})).status_code == 404
    assert (
        await browser.put(f"{missing}/draft", json={"revision": 1, "definition": {}})
    ).status_code == 404
    assert (await browser.get(f"{missing}/versions/1")).status_code == 404
