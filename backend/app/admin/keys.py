"""API keys: created with their secret shown once, stored as a hash, revoked for good."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admin.schemas import ApiKey, ApiKeyCreated, ApiKeyRequest
from app.auth import audit
from app.auth import models as m
from app.auth.guards import PUBLIC_KEY_PREFIX, SERVER_KEY_PREFIX
from app.auth.permissions import KEY_SCOPES, Permission
from app.auth.principal import UserPrincipal
from app.auth.tokens import hash_token, new_token
from app.lib.problems import InvalidInputError, NotFoundError

# wm_sk_ plus eight characters: enough to tell keys apart, far too little to guess one.
_PREFIX_LENGTH = 14


def _view(key: m.ApiKey, creator_email: str) -> ApiKey:
    return ApiKey(
        id=key.id,
        name=key.name,
        kind="public_write" if key.kind == "public_write" else "server",
        prefix=key.prefix,
        scopes=list(key.scopes),
        created_at=key.created_at,
        created_by=creator_email,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


async def list_keys(db: AsyncSession) -> list[ApiKey]:
    rows = await db.execute(
        select(m.ApiKey, m.User.email)
        .join(m.User, m.User.id == m.ApiKey.created_by)
        .order_by(m.ApiKey.created_at.desc(), m.ApiKey.name)
    )
    return [_view(key, email) for key, email in rows]


def _scopes(data: ApiKeyRequest, actor: UserPrincipal) -> list[str]:
    wanted = set(data.scopes)
    if data.kind == "public_write":
        if wanted - {Permission.EVENTS_WRITE}:
            raise InvalidInputError.on_field(
                "scopes", "A public write key can only send tracking events; give it no scopes."
            )
        return [Permission.EVENTS_WRITE.value]
    if not wanted:
        raise InvalidInputError.on_field("scopes", "Give a server key at least one scope.")
    if not_for_keys := sorted(wanted - KEY_SCOPES):
        raise InvalidInputError.on_field(
            "scopes",
            f"{', '.join(not_for_keys)} cannot be given to a key: "
            "account and key management stay with people.",
        )
    if beyond := sorted(wanted - actor.permissions):
        raise InvalidInputError.on_field(
            "scopes", f"You can only give a key permissions you hold; you lack {', '.join(beyond)}."
        )
    return sorted(p.value for p in wanted)


async def create_key(
    db: AsyncSession, *, actor: UserPrincipal, data: ApiKeyRequest, now: datetime
) -> ApiKeyCreated:
    scopes = _scopes(data, actor)
    secret = new_token(PUBLIC_KEY_PREFIX if data.kind == "public_write" else SERVER_KEY_PREFIX)
    key = m.ApiKey(
        name=data.name.strip(),
        kind=data.kind,
        prefix=secret[:_PREFIX_LENGTH],
        secret_hash=hash_token(secret),
        scopes=scopes,
        created_by=actor.user_id,
        created_at=now,
    )
    db.add(key)
    await db.flush()
    await audit.record(
        db,
        actor_id=actor.user_id,
        action="api_key.created",
        target_type="api_key",
        target_id=key.id,
        changes=audit.created(
            {"name": key.name, "kind": key.kind, "prefix": key.prefix, "scopes": scopes}
        ),
        at=now,
    )
    return ApiKeyCreated(key=secret, api_key=_view(key, actor.email))


async def revoke_key(
    db: AsyncSession, *, actor_id: uuid.UUID, key_id: uuid.UUID, now: datetime
) -> ApiKey:
    row = (
        await db.execute(
            select(m.ApiKey, m.User.email)
            .join(m.User, m.User.id == m.ApiKey.created_by)
            .where(m.ApiKey.id == key_id)
            .with_for_update(of=m.ApiKey)
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no API key {key_id}.")
    key, creator = row
    if key.revoked_at is None:
        key.revoked_at = now
        await audit.record(
            db,
            actor_id=actor_id,
            action="api_key.revoked",
            target_type="api_key",
            target_id=key.id,
            changes={"revoked_at": {"from": None, "to": now.isoformat()}},
            at=now,
        )
    return _view(key, creator)
