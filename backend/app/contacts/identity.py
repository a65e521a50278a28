"""Who an event is about, many at once; `identify`; and merging two contacts into one.

Resolution follows `contacts.services.find_contact_id` (external id, then anonymous id,
then email, then phone) but answers a whole batch in a handful of queries.

Merging walks the SQLAlchemy metadata for every foreign key to `contacts.id`, so a table
another domain adds later is moved too without a change here. A unique constraint that
includes the contact column is honoured: rows that would collide with the kept contact's
are dropped (the kept contact already has that tag, that membership …), except where
`MERGE_RULES` says otherwise (two logins cannot become one, so that merge is refused).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import (
    Column,
    String,
    Table,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    exists,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.aliases import AnonymousAlias
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.contacts.services import resolve_contact
from app.lib.problems import ConflictError

ANON_PREFIX: Final = "anon:"


def anonymous_external_id(anonymous_id: str) -> str:
    return f"{ANON_PREFIX}{anonymous_id}"


def is_anonymous(external_id: str | None) -> bool:
    """True for a contact nobody has identified: no external id, or only a visitor's."""
    return external_id is None or external_id.startswith(ANON_PREFIX)


# ---- many at once ------------------------------------------------------------------


@dataclass
class _Found:
    by_external: dict[str, uuid.UUID] = field(default_factory=dict)
    by_alias: dict[str, uuid.UUID] = field(default_factory=dict)
    by_email: dict[str, uuid.UUID] = field(default_factory=dict)
    by_phone: dict[str, uuid.UUID] = field(default_factory=dict)

    def pick(self, ref: ContactRef) -> uuid.UUID | None:
        if ref.external_id:
            if (hit := self.by_external.get(ref.external_id)) is not None:
                return hit
        elif ref.anonymous_id:
            hit = self.by_alias.get(ref.anonymous_id) or self.by_external.get(
                anonymous_external_id(ref.anonymous_id)
            )
            if hit is not None:
                return hit
        if ref.email and (hit := self.by_email.get(ref.email.lower())) is not None:
            return hit
        if ref.phone:
            return self.by_phone.get(ref.phone)
        return None


async def _find_many(session: AsyncSession, refs: Sequence[ContactRef]) -> _Found:
    found = _Found()
    externals = {r.external_id for r in refs if r.external_id}
    anonymous = {r.anonymous_id for r in refs if r.anonymous_id and not r.external_id}
    externals |= {anonymous_external_id(a) for a in anonymous}
    emails = {r.email.lower() for r in refs if r.email}
    phones = {r.phone for r in refs if r.phone}
    if externals:
        rows = await session.execute(
            select(Contact.external_id, Contact.id).where(Contact.external_id.in_(externals))
        )
        found.by_external = {str(key): cid for key, cid in rows}
    if anonymous:
        rows = await session.execute(
            select(AnonymousAlias.anonymous_id, AnonymousAlias.contact_id).where(
                AnonymousAlias.anonymous_id.in_(anonymous)
            )
        )
        found.by_alias = {str(anonymous_id): cid for anonymous_id, cid in rows}
    if emails:
        rows = await session.execute(
            select(func.lower(Contact.email), Contact.id).where(
                func.lower(Contact.email).in_(emails)
            )
        )
        found.by_email = {str(email): cid for email, cid in rows}
    if phones:
        # Phones are not unique (households share one): the oldest contact wins, as always.
        rows = await session.execute(
            select(Contact.phone, Contact.id)
            .where(Contact.phone.in_(phones))
            .order_by(Contact.created_at.desc(), Contact.id.desc())
        )
        found.by_phone = {str(phone): cid for phone, cid in rows}
    return found


# Three arrays rather than a VALUES list of 1,000 rows: cheap to plan and to send.
_INSERT_CONTACTS: Final = text(
    """
    INSERT INTO contacts (external_id, email, phone)
    SELECT external_id, email, phone
    FROM unnest(:external_ids, :emails, :phones)
        WITH ORDINALITY AS batch(external_id, email, phone, position)
    ORDER BY position
    ON CONFLICT DO NOTHING
    """
).bindparams(
    bindparam("external_ids", type_=ARRAY(String)),
    bindparam("emails", type_=ARRAY(String)),
    bindparam("phones", type_=ARRAY(String)),
)


def _new_contact_row(ref: ContactRef) -> dict[str, Any]:
    external_id = ref.external_id or (
        anonymous_external_id(ref.anonymous_id) if ref.anonymous_id else None
    )
    return {"external_id": external_id, "email": ref.email, "phone": ref.phone}


def _rows_to_create(missing: Sequence[ContactRef]) -> list[dict[str, Any]]:
    """One new contact per person: a later reference that names a contact created earlier
    in the batch (by any identifier, as a one-at-a-time lookup would find it) adds none."""
    rows: list[dict[str, Any]] = []
    externals: set[str] = set()
    emails: set[str] = set()
    phones: set[str] = set()
    for ref in missing:
        row = _new_contact_row(ref)
        if (
            (row["external_id"] and row["external_id"] in externals)
            or (ref.email and ref.email.lower() in emails)
            or (ref.phone and ref.phone in phones)
        ):
            continue
        rows.append(row)
        if row["external_id"]:
            externals.add(row["external_id"])
        if ref.email:
            emails.add(ref.email.lower())
        if ref.phone:
            phones.add(ref.phone)
    return rows


async def resolve_contacts(session: AsyncSession, refs: Sequence[ContactRef]) -> list[uuid.UUID]:
    """The contact of every reference, creating the missing ones in one INSERT.

    The same reference twice gives the same contact; two references that name one person
    by different identifiers (an external id, then the same email) meet in the unique
    indexes, exactly as one-at-a-time resolution would in that order.
    """
    distinct = list(dict.fromkeys(refs))
    found = await _find_many(session, distinct)
    ids: dict[ContactRef, uuid.UUID] = {}
    missing: list[ContactRef] = []
    for ref in distinct:
        hit = found.pick(ref)
        if hit is None:
            missing.append(ref)
        else:
            ids[ref] = hit
    if missing:
        # Rows that collide (with stored contacts or each other) are skipped and looked up.
        rows = _rows_to_create(missing)
        await session.execute(
            _INSERT_CONTACTS,
            {
                "external_ids": [row["external_id"] for row in rows],
                "emails": [row["email"] for row in rows],
                "phones": [row["phone"] for row in rows],
            },
        )
        again = await _find_many(session, missing)
        for ref in missing:
            hit = again.pick(ref)
            # Only when a concurrent creator rolled back in between: the careful path.
            ids[ref] = hit if hit is not None else await resolve_contact(session, ref)
    return [ids[ref] for ref in refs]


# ---- merging -----------------------------------------------------------------------

MergeRule = Callable[[AsyncSession, Table, Column[Any], uuid.UUID, uuid.UUID], Awaitable[int]]


async def _refuse_two_logins(
    session: AsyncSession, table: Table, column: Column[Any], keep: uuid.UUID, drop: uuid.UUID
) -> int:
    both = await session.scalar(
        select(func.count()).select_from(table).where(column.in_([keep, drop]))
    )
    if both and both > 1:
        raise ConflictError(
            "Both contacts have a login, so they cannot be merged into one; "
            "deactivate one of the logins first."
        )
    result = await session.execute(update(table).where(column == drop).values({column.key: keep}))
    return int(result.rowcount)  # type: ignore[attr-defined]


# Tables whose rows need more than "move them, drop what collides". Keyed by table name.
MERGE_RULES: dict[str, MergeRule] = {
    "users": _refuse_two_logins,
}


def contact_foreign_keys(tables: Iterable[Table]) -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) that points at contacts.id, in a stable order."""
    found = []
    for table in tables:
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            if fk.column.table.name == "contacts" and fk.column.name == "id":
                found.append((table, fk.parent))
    return sorted(found, key=lambda pair: (pair[0].name, pair[1].name))


def _unique_column_sets(table: Table, column: Column[Any]) -> list[list[Column[Any]]]:
    """The other columns of each unique key that includes `column` (primary key too).

    Unique indexes over expressions are left out: their collisions cannot be named by
    columns, and none point at a contact today."""
    keys: list[list[Column[Any]]] = [list(table.primary_key.columns)]
    keys += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [
        list(index.columns)
        for index in table.indexes
        if index.unique and len(index.expressions) == len(index.columns)
    ]
    sets: list[list[Column[Any]]] = []
    for key in keys:
        if column.name in {c.name for c in key}:
            others = [c for c in key if c.name != column.name]
            if others not in sets:
                sets.append(others)
    return sets


async def move_rows(
    session: AsyncSession, table: Table, column: Column[Any], keep: uuid.UUID, drop: uuid.UUID
) -> int:
    """Point the dropped contact's rows at the kept one; rows that would collide go."""
    unique_sets = _unique_column_sets(table, column)
    if any(not others for others in unique_sets):
        # One row per contact: keep the kept contact's if it has one.
        has_own = await session.scalar(select(exists().where(column == keep)))
        if has_own:
            await session.execute(delete(table).where(column == drop))
            return 0
        unique_sets = [others for others in unique_sets if others]
    statement = update(table).where(column == drop).values({column.key: keep})
    for others in unique_sets:
        kept = table.alias("kept")
        statement = statement.where(
            ~exists().where(
                and_(
                    kept.c[column.name] == keep,
                    *(kept.c[c.name].is_not_distinct_from(c) for c in others),
                )
            )
        )
    moved = int((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]
    if unique_sets:
        await session.execute(delete(table).where(column == drop))
    return moved


_NOT_COPIED: Final = frozenset({"id", "external_id", "created_at", "updated_at"})


def _is_empty(value: object) -> bool:
    return value is None or value in ("", {}, [])


async def _fill_from(session: AsyncSession, keep: uuid.UUID, drop: uuid.UUID) -> dict[str, Any]:
    """What the kept contact lacks and the dropped one has: every column, so the CRM's
    later fields come along too. JSON objects are joined, the kept contact's keys winning."""
    table = Contact.__table__
    rows = {
        row.id: row._mapping
        for row in await session.execute(select(table).where(table.c.id.in_([keep, drop])))
    }
    kept, dropped = rows[keep], rows[drop]
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in _NOT_COPIED:
            continue
        mine, theirs = kept[column.name], dropped[column.name]
        if isinstance(mine, dict) and isinstance(theirs, dict) and theirs:
            if any(key not in mine for key in theirs):
                values[column.key] = {**theirs, **mine}
        elif _is_empty(mine) and not _is_empty(theirs):
            values[column.key] = theirs
    return values


@dataclass(frozen=True, slots=True)
class Merged:
    kept: uuid.UUID
    dropped: uuid.UUID
    # table name -> rows moved to the kept contact
    moved: dict[str, int]


async def lock_contacts(session: AsyncSession, ids: Iterable[uuid.UUID]) -> None:
    """Row locks in id order (the worker's per-contact lock), so two merges cannot deadlock."""
    await session.execute(
        select(Contact.id)
        .where(Contact.id.in_(sorted(set(ids))))
        .order_by(Contact.id)
        .with_for_update()
    )


async def merge_contacts(session: AsyncSession, *, keep: uuid.UUID, drop: uuid.UUID) -> Merged:
    """Move everything of `drop` to `keep`, then delete `drop`. The caller commits."""
    # Imported here: app.models imports every domain, which would import this module back.
    from app.models import metadata  # noqa: PLC0415

    assert keep != drop, "a contact cannot be merged into itself"
    await lock_contacts(session, [keep, drop])
    moved: dict[str, int] = {}
    for table, column in contact_foreign_keys(metadata.sorted_tables):
        rule = MERGE_RULES.get(table.name, move_rows)
        count = await rule(session, table, column, keep, drop)
        if count:
            moved[table.name] = moved.get(table.name, 0) + count
    values = await _fill_from(session, keep, drop)
    dropped_external = await session.scalar(select(Contact.external_id).where(Contact.id == drop))
    await session.execute(delete(Contact).where(Contact.id == drop))
    if values:
        await session.execute(update(Contact).where(Contact.id == keep).values(values))
    if dropped_external and dropped_external.startswith(ANON_PREFIX):
        # The visitor's browser keeps sending its anonymous id: point it at the person.
        await point_alias(session, dropped_external.removeprefix(ANON_PREFIX), keep)
    return Merged(kept=keep, dropped=drop, moved=moved)


async def point_alias(session: AsyncSession, anonymous_id: str, contact_id: uuid.UUID) -> None:
    statement = insert(AnonymousAlias).values(anonymous_id=anonymous_id, contact_id=contact_id)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[AnonymousAlias.anonymous_id],
            set_={"contact_id": statement.excluded.contact_id},
        )
    )


# ---- identify ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identified:
    contact_id: uuid.UUID
    created: bool
    merges: list[Merged]
    # Contact fields identify set (name -> new value).
    changed: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Row:
    id: uuid.UUID
    external_id: str | None
    email: str | None
    phone: str | None
    name: str


async def _row(session: AsyncSession, *where: Any) -> _Row | None:
    found = (
        await session.execute(
            select(Contact.id, Contact.external_id, Contact.email, Contact.phone, Contact.name)
            .where(*where)
            .limit(1)
        )
    ).first()
    return _Row(*found) if found is not None else None


async def _visitor(session: AsyncSession, anonymous_id: str) -> _Row | None:
    aliased = await session.scalar(
        select(AnonymousAlias.contact_id).where(AnonymousAlias.anonymous_id == anonymous_id)
    )
    if aliased is not None:
        return await _row(session, Contact.id == aliased)
    return await _row(session, Contact.external_id == anonymous_external_id(anonymous_id))


async def identify(
    session: AsyncSession,
    *,
    user_id: str | None,
    anonymous_id: str | None,
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    trusted: bool,
) -> Identified:
    """Create or update the contact a user id / anonymous id names; merge duplicates.

    `trusted` callers (server keys, staff) may overwrite fields and merge a contact found
    by email. A website's public key is not trusted: it fills only empty fields and
    merges only its own anonymous visitor, so a page cannot pull someone else's record
    into the person it claims to be.
    """
    assert user_id or anonymous_id, "identify needs a user id or an anonymous id"
    known = await _row(session, Contact.external_id == user_id) if user_id else None
    by_email = (
        await _row(session, func.lower(Contact.email) == email.lower())
        if email and trusted
        else None
    )
    visitor = await _visitor(session, anonymous_id) if anonymous_id else None

    if (
        by_email
        and by_email != known
        and not is_anonymous(by_email.external_id)
        and (known or user_id)
    ):
        raise ConflictError(
            f"The email {email} belongs to another contact (external id "
            f"{by_email.external_id}); nothing was changed. Identify that person by "
            "their own userId, or change the email there first.",
        )
    keep = known or by_email or (visitor if visitor and is_anonymous(visitor.external_id) else None)
    created = keep is None
    if keep is None:
        # A visitor's anonymous id that named someone else (a shared computer) moves over.
        new_id = await session.scalar(
            insert(Contact)
            .values(
                external_id=user_id or anonymous_external_id(str(anonymous_id)),
                email=email if email and not await _email_taken(session, email) else None,
                phone=phone,
                name=name or "",
            )
            .returning(Contact.id)
        )
        assert new_id is not None
        keep = _Row(new_id, user_id, None, None, "")
    merges: list[Merged] = []
    for other in (by_email, visitor):
        if other is None or other.id == keep.id or not is_anonymous(other.external_id):
            continue
        if any(m.dropped == other.id for m in merges):
            continue
        merges.append(await merge_contacts(session, keep=keep.id, drop=other.id))
    if anonymous_id:
        await point_alias(session, anonymous_id, keep.id)
    changed = await _apply_traits(
        session, keep.id, user_id=user_id, email=email, phone=phone, name=name, trusted=trusted
    )
    return Identified(contact_id=keep.id, created=created, merges=merges, changed=changed)


async def _email_taken(session: AsyncSession, email: str, *, but: uuid.UUID | None = None) -> bool:
    query = select(exists().where(func.lower(Contact.email) == email.lower()))
    if but is not None:
        query = select(
            exists().where(func.lower(Contact.email) == email.lower(), Contact.id != but)
        )
    return bool(await session.scalar(query))


async def _apply_traits(
    session: AsyncSession,
    contact_id: uuid.UUID,
    *,
    user_id: str | None,
    email: str | None,
    phone: str | None,
    name: str | None,
    trusted: bool,
) -> dict[str, Any]:
    row = await _row(session, Contact.id == contact_id)
    assert row is not None
    values: dict[str, Any] = {}
    if user_id and row.external_id != user_id and is_anonymous(row.external_id):
        values["external_id"] = user_id
        if row.external_id and row.external_id.startswith(ANON_PREFIX):
            await point_alias(session, row.external_id.removeprefix(ANON_PREFIX), contact_id)
    wanted = {"email": email, "phone": phone, "name": name}
    current = {"email": row.email, "phone": row.phone, "name": row.name}
    for field_name, value in wanted.items():
        if value is None or value == current[field_name]:
            continue
        if not trusted and not _is_empty(current[field_name]):
            continue
        if field_name == "email" and await _email_taken(session, value, but=contact_id):
            continue  # another person's address (only reachable untrusted): leave it
        values[field_name] = value
    if values:
        await session.execute(update(Contact).where(Contact.id == contact_id).values(values))
    return values
