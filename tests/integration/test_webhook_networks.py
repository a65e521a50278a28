"""The webhook allow-list is a super-user's to change while the product runs: stored in
PostgreSQL, audited, read by the sender at every call (no restart), with
WAYMARK_WEBHOOK_ALLOW_NETWORKS as its first value."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import msgspec
import pytest
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.channels import webhook_networks
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.channels import HttpServer, add_contact, dispatch, http_server
from tests.support.runs import chain, handle, node, outbox, publish, send

URL = "/api/v1/admin/webhook-networks"


@pytest.fixture
def receiver() -> Iterator[HttpServer]:
    yield from http_server()


async def _call(resources: Resources, clock: MutableClock, contact: str) -> None:
    await add_contact(resources, contact, name=contact)
    await handle(resources, clock, await send(resources, clock, "ticket.opened", contact))


async def test_a_super_user_allows_a_network_and_the_next_call_goes_through(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    super_user: SignedIn,
    receiver: HttpServer,
) -> None:
    account, admin = super_user
    assert settings.webhook_allow_networks == ""
    first = (await admin.get(URL)).json()
    assert first == {
        "networks": [],
        "source": "environment",
        "environment": [],
        "updated_at": None,
        "updated_by": None,
    }
    await publish(
        resources,
        "Tickets",
        chain(
            node("trigger.event", "opened", event_name="ticket.opened"),
            node("action.webhook", "hook", url=f"{receiver.url}/hooks", method="POST"),
            node("flow.end", "end"),
        ),
    )
    await _call(resources, clock, "c-1")
    refused = await dispatch(resources, settings, clock.now())
    assert (refused.failed, receiver.requests) == (1, [])

    saved = await admin.put(URL, json={"networks": ["127.0.0.1", " 10.1.2.3/8 "]})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["networks"] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert body["source"] == "saved"
    assert body["updated_by"] == {"id": str(account.id), "email": account.email}

    # The same settings (nothing restarted): the sender reads the saved list.
    await _call(resources, clock, "c-2")
    done = await dispatch(resources, settings, clock.now())
    assert done.sent == 1, [m.last_error for m in await outbox(resources)]
    assert len(receiver.requests) == 1

    async with resources.sessions() as db:
        [entry] = list(
            await db.scalars(
                select(AuditEntry).where(AuditEntry.action == "webhook_networks.changed")
            )
        )
    assert entry.actor_id == account.id
    assert (entry.target_type, entry.target_id) == ("setting", "webhook_allow_networks")
    assert entry.changes == {"networks": {"from": [], "to": ["127.0.0.1/32", "10.0.0.0/8"]}}

    # Emptied again: the next call is refused again.
    assert (await admin.put(URL, json={"networks": []})).json()["networks"] == []
    await _call(resources, clock, "c-3")
    assert (await dispatch(resources, settings, clock.now())).failed == 1


async def test_a_bad_network_is_refused_by_its_place_and_nothing_changes(
    super_user: SignedIn,
) -> None:
    _, admin = super_user
    response = await admin.put(URL, json={"networks": ["10.0.0.0/8", "intranet", "0.0.0.0/0"]})
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"networks[1]", "networks[2]"}
    assert "not a network" in errors["networks[1]"]
    assert "turn the guard off" in errors["networks[2]"]
    assert (await admin.get(URL)).json()["source"] == "environment"
    assert (await admin.put(URL, json={"networks": "10.0.0.0/8"})).status_code == 400


async def test_only_accounts_managers_see_or_change_it(
    signed_in: Callable[..., Awaitable[SignedIn]],
) -> None:
    _, marketer = await signed_in("marketer")
    assert (await marketer.get(URL)).status_code == 403
    assert (await marketer.put(URL, json={"networks": []})).status_code == 403


async def test_the_environment_gives_the_first_value(
    resources: Resources, settings: Settings
) -> None:
    configured = msgspec.structs.replace(settings, webhook_allow_networks="10.20.0.0/16")
    async with resources.sessions() as db:
        shown = await webhook_networks.current(db, configured)
        applied = await webhook_networks.networks(db, configured)
    assert (shown.networks, shown.source) == (["10.20.0.0/16"], "environment")
    assert [str(n) for n in applied] == ["10.20.0.0/16"]
