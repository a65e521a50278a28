"""The jobs API around the lifecycle: job types, queue pages, notes, files, the test clock."""

from __future__ import annotations

import hashlib
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from pypdf import PdfWriter

from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn, make_client
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.jobs import JOBS, catalog, s1_order

SignIn = Callable[..., Awaitable[SignedIn]]
TYPES = "/api/v1/job-types"
FORM = {
    "type": "object",
    "required": ["tracking_number"],
    "properties": {"tracking_number": {"type": "string", "pattern": "^[A-Z0-9]{6,}$"}},
}


async def test_job_types_are_content_permitted_users_edit(
    resources: Resources, signed_in: SignIn
) -> None:
    await catalog(resources)
    _, marketer = await signed_in("super_user")
    _, worker = await signed_in("production")
    body = {
        "name": "check_stock",
        "label": "Check stock",
        "queue": "warehouse",
        "guidance": "Count {{ event.sku }}.",
        "form_schema": FORM,
        "ui_schema": {"tracking_number": {"ui:autofocus": True}},
        "outcomes": ["in_stock", "out_of_stock"],
        "default_due_minutes": 60,
        "priority": "high",
    }
    created = await marketer.post(TYPES, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1
    assert (await marketer.post(TYPES, json=body)).status_code == 409
    broken = await marketer.post(
        TYPES,
        json={
            **body,
            "name": "broken",
            "queue": "nowhere",
            "guidance": "{% if %}",
            "form_schema": {"type": "object", "properties": {"x": {"type": "nonsense"}}},
        },
    )
    assert broken.status_code == 422
    fields = {e["field"] for e in broken.json()["errors"]}
    assert {"queue", "guidance"} <= fields
    assert any(f.startswith("form_schema.properties.x") for f in fields), fields
    updated = await marketer.put(
        f"{TYPES}/check_stock",
        json={**{k: v for k, v in body.items() if k != "name"}, "version": 1},
    )
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    stale = await marketer.put(
        f"{TYPES}/check_stock",
        json={**{k: v for k, v in body.items() if k != "name"}, "version": 1},
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    # Workers cannot edit types, but see their names for filters.
    assert (await worker.post(TYPES, json={**body, "name": "x"})).status_code == 403
    names = {t["name"] for t in (await worker.get(f"{JOBS}/types")).json()}
    assert {"check_stock", "confirm_order"} <= names
    assert (await marketer.request("DELETE", f"{TYPES}/check_stock")).status_code == 204


async def test_queue_pages_filter_sort_search_and_page(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    jobs = []
    for i in range(5):
        clock.advance(minutes=1)
        jobs.append(await s1_order(resources, clock, customer=f"c{i}"))
    me, alex = await signed_in("administration")
    _, jo = await signed_in("administration")
    _, boss = await signed_in("supervisor")
    await jo.post(f"{JOBS}/{jobs[0].id}/claim")
    await alex.post(f"{JOBS}/{jobs[1].id}/claim")
    await alex.post(f"{JOBS}/{jobs[1].id}/notes", json={"body": "Customer asked for gift wrap"})

    page = (await alex.get(JOBS)).json()
    ids = [item["id"] for item in page["items"]]
    # Unassigned + mine by default: Jo's job is not in Alex's view, newest first.
    assert str(jobs[0].id) not in ids
    assert len(ids) == 4
    assert ids == [str(j.id) for j in reversed(jobs) if j.id != jobs[0].id]
    # A row a page: the unassigned and Alex's own come in one order, none twice, none lost
    # (the default page reads the two apart and merges them).
    walked: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = (await alex.get(JOBS, params=params)).json()
        walked += [item["id"] for item in body["items"]]
        if not (cursor := body["next_cursor"]):
            break
    assert walked == ids
    assert len((await boss.get(JOBS, params={"scope": "all"})).json()["items"]) == 5
    mine = (await alex.get(JOBS, params={"scope": "mine"})).json()["items"]
    assert [m["id"] for m in mine] == [str(jobs[1].id)]
    # A page row names what the job page names: the type, the contact and the assignee.
    detail = (await alex.get(f"{JOBS}/{jobs[1].id}")).json()
    for field in ("type", "contact", "assignee", "status", "version", "overrunning"):
        assert mine[0][field] == detail[field], field
    assert mine[0]["assignee"]["name"]
    assert mine[0]["contact"]["id"] == str(jobs[1].contact_id)
    assert mine[0]["type"]["label"] != mine[0]["type"]["name"]
    found = (await alex.get(JOBS, params={"q": "gift"})).json()["items"]
    assert [f["id"] for f in found] == [str(jobs[1].id)]
    assert (await alex.get(JOBS, params={"q": "A-c3"})).json()["items"][0]["id"] == str(jobs[3].id)
    # A keyword keeps the default scope: Jo's job matches but is not Alex's to see here.
    assert (await alex.get(JOBS, params={"q": "A-c0"})).json()["items"] == []
    assert (await jo.get(JOBS, params={"q": "A-c0"})).json()["items"][0]["id"] == str(jobs[0].id)

    first = (await alex.get(JOBS, params={"limit": 2, "sort": "due_at"})).json()
    second = (
        await alex.get(JOBS, params={"limit": 2, "sort": "due_at", "cursor": first["next_cursor"]})
    ).json()
    assert first["next_cursor"]
    assert len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    bad = await alex.get(JOBS, params={"cursor": "nonsense"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "cursor"
    wrong = await alex.get(JOBS, params={"status": "lost"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "status"

    # Overrunning: open past due by the API's clock.
    assert (
        await boss.post("/api/v1/test/clock", json={"advance_seconds": 5 * 3600})
    ).status_code == 200
    late = (await boss.get(JOBS, params={"scope": "all", "overrunning": "true"})).json()["items"]
    assert len(late) == 5
    assert all(item["overrunning"] for item in late)
    queues = {q["name"]: q for q in (await alex.get(f"{JOBS}/queues")).json()}
    assert queues["administration"]["open"] == 5
    assert queues["administration"]["unassigned"] == 3
    assert queues["administration"]["mine"] == 1
    assert queues["administration"]["overrunning"] == 5
    assert me.id is not None


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def upload_settings(settings: Settings, tmp_path: Path) -> Settings:
    return msgspec.structs.replace(
        settings, data_dir=str(tmp_path / "data"), job_file_max_bytes=2048
    )


@pytest.fixture
async def upload_client(
    upload_settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(upload_settings, clock=clock)) as opened:
        yield opened


async def test_files_are_checked_stored_privately_and_served_only_to_who_may_see(
    resources: Resources,
    clock: MutableClock,
    signed_in: SignIn,
    upload_settings: Settings,
    upload_client: AsyncTestClient[ASGIApp],
) -> None:
    job = await s1_order(resources, clock)
    pat_account = await create_user(resources, role="administration")
    pat = Browser(upload_client)
    await pat.sign_in(pat_account.email)
    other_account = await create_user(resources, role="warehouse")
    other = Browser(upload_client)
    await other.sign_in(other_account.email)
    url = f"{JOBS}/{job.id}/files"
    pdf = _pdf()
    saved = await pat.post(url, files={"file": ("proof.pdf", pdf, "application/pdf")})
    assert saved.status_code == 201, saved.text
    info = saved.json()
    assert info["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert info["size"] == len(pdf)
    stored = Path(upload_settings.data_dir) / "job-files" / info["id"]
    assert stored.read_bytes() == pdf
    got = await pat.get(f"{url}/{info['id']}")
    assert got.status_code == 200
    assert got.content == pdf
    assert got.headers["content-disposition"].startswith("attachment")
    assert (await other.get(f"{url}/{info['id']}")).status_code == 404

    too_big = await pat.post(
        url, files={"file": ("big.pdf", b"%PDF-" + b"x" * 4096, "application/pdf")}
    )
    assert too_big.status_code == 413
    assert "at most 2 KiB" in too_big.json()["detail"]
    exe = await pat.post(
        url, files={"file": ("run.exe", b"MZ\x90\x00", "application/x-msdownload")}
    )
    assert exe.status_code == 415
    assert "job files may be" in exe.json()["detail"]
    liar = await pat.post(url, files={"file": ("fake.png", b"not a png", "image/png")})
    assert liar.status_code == 415
    assert "its content is not accepted" in liar.json()["detail"]
    # A PDF header before a program (a polyglot) passed when only the first bytes counted.
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
    polyglot = await pat.post(
        url, files={"file": ("invoice.pdf", b"%PDF-1.7\n" + elf, "application/pdf")}
    )
    assert polyglot.status_code == 415
    assert "a Linux program (ELF)" in polyglot.json()["detail"]
    appended = await pat.post(
        url, files={"file": ("invoice.pdf", pdf + b"<script>x</script>", "application/pdf")}
    )
    assert appended.status_code == 415
    empty = await pat.post(url, files={"file": ("empty.txt", b"", "text/plain")})
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "file"
    missing = await pat.post(url, files={"other": ("a.txt", b"hi", "text/plain")})
    assert missing.status_code == 400
    listed = (await pat.get(url)).json()
    assert [f["filename"] for f in listed] == ["proof.pdf"]
    history = [e["action"] for e in (await pat.get(f"{JOBS}/{job.id}/history")).json()]
    assert history == ["job.created", "job.file_added"]


async def test_the_test_clock_moves_the_api_clock(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, boss = await signed_in("supervisor")
    _, worker = await signed_in("administration")
    assert (
        await worker.post("/api/v1/test/clock", json={"advance_seconds": 60})
    ).status_code == 403
    before = (await boss.get(f"{JOBS}/{job.id}")).json()
    assert before["overrunning"] is False
    moved = await boss.post("/api/v1/test/clock", json={"advance_seconds": 5 * 3600})
    assert moved.status_code == 200
    assert moved.json()["offset_seconds"] == 5 * 3600
    assert (await boss.get(f"{JOBS}/{job.id}")).json()["overrunning"] is True
    both = await boss.post("/api/v1/test/clock", json={"advance_seconds": 1, "offset_seconds": 0})
    assert both.status_code == 400
    assert (await boss.post("/api/v1/test/clock", json={"offset_seconds": 0})).status_code == 200


async def test_the_test_clock_exists_only_in_the_test_environment(
    settings: Settings, resources: Resources, signed_in: SignIn
) -> None:
    # Production refuses the development secret key, so give it a real-looking one.
    production = msgspec.structs.replace(
        settings, env="production", secret_key="a-production-secret-key-for-this-test"
    )
    async with make_client(create_asgi_app(production)) as client:
        response = await client.get("/api/v1/test/clock")
    assert response.status_code == 404
