"""API keys: created with their secret shown once, stored as a hash, revoked for good.

A public write key also has the websites it may be used from and an identity secret, made
with the key (shown once, rotatable), with which a site's server proves its users' ids
to track.js (app.events.website)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admin.schemas import (
    AllowedOrigins,
    ApiKey,
    ApiKeyCreated,
    ApiKeyRequest,
    IdentitySecretCreated,
)
from app.auth import audit
from app.auth import models as m
from app.auth.guards import PUBLIC_KEY_PREFIX, SERVER_KEY_PREFIX
from app.auth.permissions import KEY_SCOPES, Permission
from app.auth.principal import UserPrincipal
from app.auth.tokens import hash_token, new_token
from app.lib.origins import OriginError, normalise_origin
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError

# wm_sk_ plus eight characters: enough to tell keys apart, far too little to guess one.
_PREFIX_LENGTH = 14


def _view(key: m.ApiKey, creator_email: str) -> ApiKey:
    return ApiKey(
        id=key.id,
        name=key.name,
        kind="public_write" if key.kind == "public_write" else "server",
        prefix=key.prefix,
        # What a public key may do is fixed (send tracking events), whatever was stored
        # with it: keys made before it was stored (and the demo's) hold no scopes.
        scopes=[Permission.EVENTS_WRITE.value] if key.kind == "public_write" else list(key.scopes),
        created_at=key.created_at,
        created_by=creator_email,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        allowed_origins=list(key.allowed_origins),
        identity_secret_set_at=key.identity_secret_set_at,
    )


def new_identity_secret() -> str:
    # 256 bits, like the keys; a prefix says what it is when pasted into a config file.
    return new_token("wm_is_")


def _origins(kind: str, origins: list[str]) -> list[str]:
    if origins and kind != "public_write":
        raise InvalidInputError.on_field(
            "allowed_origins",
            "Only a public write key is used from web pages; a server key takes no websites.",
        )
    errors = []
    shown: list[str] = []
    for index, origin in enumerate(origins):
        try:
            shown.append(normalise_origin(origin))
        except OriginError as error:
            errors.append(FieldError(f"allowed_origins[{index}]", str(error)))
    if errors:
        raise InvalidInputError(
            "Some websites are not web origins: " + "; ".join(e.message for e in errors),
            errors=errors,
        )
    return list(dict.fromkeys(shown))


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
    origins = _origins(data.kind, data.allowed_origins)
    public = data.kind == "public_write"
    secret = new_token(PUBLIC_KEY_PREFIX if public else SERVER_KEY_PREFIX)
    identity_secret = new_identity_secret() if public else None
    key = m.ApiKey(
        name=data.name.strip(),
        kind=data.kind,
        prefix=secret[:_PREFIX_LENGTH],
        secret_hash=hash_token(secret),
        scopes=scopes,
        created_by=actor.user_id,
        created_at=now,
        allowed_origins=origins,
        identity_secret=identity_secret,
        identity_secret_set_at=now if public else None,
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
            {
                "name": key.name,
                "kind": key.kind,
                "prefix": key.prefix,
                "scopes": scopes,
                **({"allowed_origins": origins} if public else {}),
            }
        ),
        at=now,
    )
    return ApiKeyCreated(
        key=secret, api_key=_view(key, actor.email), identity_secret=identity_secret
    )


async def _locked_key(db: AsyncSession, key_id: uuid.UUID) -> tuple[m.ApiKey, str]:
    """The key, locked for a change, and its creator's email."""
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
    return key, creator


async def _public_key(db: AsyncSession, key_id: uuid.UUID) -> tuple[m.ApiKey, str]:
    """A live public write key, locked for the change, and its creator's email."""
    key, creator = await _locked_key(db, key_id)
    if key.kind != "public_write":
        raise ConflictError(
            "Only a public write key has websites and an identity secret; this is a server key."
        )
    if key.revoked_at is not None:
        raise ConflictError("This key is revoked: it cannot be changed. Create a new one.")
    return key, creator


async def set_allowed_origins(
    db: AsyncSession,
    *,
    actor_id: uuid.UUID,
    key_id: uuid.UUID,
    data: AllowedOrigins,
    now: datetime,
) -> ApiKey:
    key, creator = await _public_key(db, key_id)
    origins = _origins(key.kind, data.allowed_origins)
    before = list(key.allowed_origins)
    if origins != before:
        key.allowed_origins = origins
        await audit.record(
            db,
            actor_id=actor_id,
            action="api_key.origins_changed",
            target_type="api_key",
            target_id=key.id,
            changes={"allowed_origins": {"from": before, "to": origins}},
            at=now,
        )
    return _view(key, creator)


async def rotate_identity_secret(
    db: AsyncSession, *, actor_id: uuid.UUID, key_id: uuid.UUID, now: datetime
) -> IdentitySecretCreated:
    """A new identity secret; hashes made with the old one are refused from now on."""
    key, creator = await _public_key(db, key_id)
    before = key.identity_secret_set_at
    secret = new_identity_secret()
    key.identity_secret = secret
    key.identity_secret_set_at = now
    await audit.record(
        db,
        actor_id=actor_id,
        action="api_key.identity_secret_rotated",
        target_type="api_key",
        target_id=key.id,
        # When, never the secret.
        changes={
            "identity_secret_set_at": {
                "from": before.isoformat() if before else None,
                "to": now.isoformat(),
            }
        },
        at=now,
    )
    return IdentitySecretCreated(identity_secret=secret, api_key=_view(key, creator))


async def revoke_key(
    db: AsyncSession, *, actor_id: uuid.UUID, key_id: uuid.UUID, now: datetime
) -> ApiKey:
    key, creator = await _locked_key(db, key_id)
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
