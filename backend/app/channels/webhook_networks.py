"""The private networks webhook steps may call anyway: editable by a super-user at run time.

`WAYMARK_WEBHOOK_ALLOW_NETWORKS` is the first value; once a super-user saves a list
(Admin · Webhook networks), the saved list applies. The webhook sender reads it at every
send (one primary-key read), so a change applies to the next call in every worker without
a restart. Every change is an audit entry (`webhook_networks.changed`).
"""

from __future__ import annotations

import ipaddress
import uuid
from datetime import datetime
from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.models import User
from app.channels.webhook import IPNetwork, allowed_networks
from app.lib import runtime_settings
from app.lib.problems import FieldError, InvalidInputError
from app.settings import Settings

SETTING: Final = "webhook_allow_networks"
MAX_NETWORKS: Final = 100


class ChangedBy(msgspec.Struct, frozen=True):
    id: uuid.UUID
    email: str


class WebhookNetworks(msgspec.Struct, frozen=True):
    """The allow-list in force and where it comes from."""

    # Each as a network in CIDR form, e.g. `10.20.0.0/16`.
    networks: list[str]
    # `environment` until a super-user saves a list, then `saved`.
    source: Literal["environment", "saved"]
    # WAYMARK_WEBHOOK_ALLOW_NETWORKS: what applies while nothing is saved.
    environment: list[str]
    updated_at: datetime | None = None
    updated_by: ChangedBy | None = None


Network = Annotated[str, Meta(min_length=1, max_length=64, examples=["10.20.0.0/16"])]


class WebhookNetworksUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The new list (replaces the one in force; an empty list allows no private network)."""

    networks: Annotated[list[Network], Meta(max_length=MAX_NETWORKS)]


class WebhookNetworksApi(msgspec.Struct, frozen=True):
    """The allow-list API's shapes in one schema (schemas/webhook-networks-api.schema.json),
    so the SPA's TypeScript types are generated from these."""

    current: WebhookNetworks
    update: WebhookNetworksUpdate


def _environment(settings: Settings) -> list[str]:
    return [str(network) for network in allowed_networks(settings.webhook_allow_networks)]


async def networks(session: AsyncSession, settings: Settings) -> list[IPNetwork]:
    """The allow-list the webhook guard applies now."""
    saved = await runtime_settings.read(session, SETTING)
    if saved is None:
        return allowed_networks(settings.webhook_allow_networks)
    return [ipaddress.ip_network(text) for text in saved.value]


async def current(session: AsyncSession, settings: Settings) -> WebhookNetworks:
    environment = _environment(settings)
    saved = await runtime_settings.read(session, SETTING)
    if saved is None:
        return WebhookNetworks(networks=environment, source="environment", environment=environment)
    by = None
    if saved.updated_by is not None:
        email = await session.scalar(select(User.email).where(User.id == saved.updated_by))
        by = ChangedBy(saved.updated_by, email) if email else None
    return WebhookNetworks(
        networks=list(saved.value),
        source="saved",
        environment=environment,
        updated_at=saved.updated_at,
        updated_by=by,
    )


def _parse(data: WebhookNetworksUpdate) -> list[str]:
    """Each network in canonical form (`10.1.2.3/8` → `10.0.0.0/8`), each once."""
    found: list[str] = []
    errors: list[FieldError] = []
    for index, text in enumerate(data.networks):
        where = f"networks[{index}]"
        try:
            network = ipaddress.ip_network(text.strip(), strict=False)
        except ValueError:
            errors.append(
                FieldError(where, f"“{text}” is not a network: write one such as 10.20.0.0/16.")
            )
            continue
        if network.prefixlen == 0:
            errors.append(
                FieldError(
                    where,
                    f"“{text}” is every address: that would turn the guard off. "
                    "Name the private networks your webhooks call.",
                )
            )
            continue
        if str(network) not in found:
            found.append(str(network))
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise InvalidInputError(f"The allow-list was not saved. {shown}", errors=errors)
    return found


async def change(
    session: AsyncSession,
    settings: Settings,
    *,
    actor_id: uuid.UUID,
    data: WebhookNetworksUpdate,
    now: datetime,
) -> WebhookNetworks:
    """Save a new allow-list (audited, in the caller's transaction)."""
    wanted = _parse(data)
    before = await current(session, settings)
    await runtime_settings.save(session, SETTING, wanted, by=actor_id, at=now)
    if wanted != before.networks or before.source == "environment":
        await audit.record(
            session,
            actor_id=actor_id,
            action="webhook_networks.changed",
            target_type="setting",
            target_id=SETTING,
            changes={"networks": {"from": before.networks, "to": wanted}},
            at=now,
        )
    return await current(session, settings)
