"""Cards from a CSV: every row checked first, each bad one named (`rows[3].email`, rows
numbered as a spreadsheet shows them, the header being row 1); one bad row and nothing
is imported. Contacts are found by external id, email or phone, made when missing."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.identity import resolve_contacts
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.lib.db import any_uuid
from app.lib.problems import FieldError, UnprocessableError
from app.sales.models import Bucket, Card, Member, Stage
from app.sales.schemas import ImportReport

MAX_ROWS: Final = 20_000
# Errors listed in one answer: enough to fix a file, not a second copy of it.
MAX_ERRORS: Final = 100
INSERT_CHUNK: Final = 5_000
IDENTIFIERS: Final = ("email", "external_id", "phone")
COLUMNS: Final = (*IDENTIFIERS, "name", "bucket", "stage", "holder")
_LIMITS: Final = {"email": 320, "external_id": 200, "phone": 40, "name": 200}
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    ref: ContactRef
    name: str
    bucket_id: uuid.UUID | None
    stage_id: uuid.UUID | None
    holder_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class _Names:
    """The project's buckets and stages by name, and its members by email (case folded)."""

    buckets: dict[str, uuid.UUID]
    stages: dict[str, uuid.UUID]
    members: dict[str, uuid.UUID]


async def _names(session: AsyncSession, project_id: uuid.UUID) -> _Names:
    buckets = await session.execute(
        select(Bucket.name, Bucket.id).where(Bucket.project_id == project_id)
    )
    stages = await session.execute(
        select(Stage.name, Stage.id).where(Stage.project_id == project_id)
    )
    members = await session.execute(
        select(User.email, User.id)
        .join(Member, Member.user_id == User.id)
        .where(Member.project_id == project_id)
    )
    return _Names(
        buckets={name.casefold(): i for name, i in buckets},
        stages={name.casefold(): i for name, i in stages},
        members={email.casefold(): i for email, i in members},
    )


def _header(reader: csv.DictReader[str]) -> list[str]:
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise UnprocessableError(
            f"Unknown column “{unknown[0]}”: the columns are {', '.join(COLUMNS)}.",
            errors=[FieldError("rows[1]", f"Unknown column “{c}”.") for c in unknown],
        )
    if not set(columns) & set(IDENTIFIERS):
        raise UnprocessableError(
            "The header (row 1) needs an email, external_id or phone column to find each "
            "row's contact by.",
            errors=[FieldError("rows[1]", "No email, external_id or phone column.")],
        )
    return columns


def _row(
    number: int, values: dict[str, str], names: _Names, errors: list[FieldError]
) -> Row | None:
    found = len(errors)

    def bad(column: str, message: str) -> None:
        errors.append(
            FieldError(f"rows[{number}].{column}" if column else f"rows[{number}]", message)
        )

    for column, limit in _LIMITS.items():
        if len(values.get(column, "")) > limit:
            bad(column, f"Longer than {limit} characters.")
    email = values.get("email") or None
    if email is not None and not _EMAIL.match(email):
        bad("email", f"“{email}” is not an email address.")
    if not any(values.get(c) for c in IDENTIFIERS):
        bad("", "Give an email, external_id or phone to find the contact by.")
    phone = values.get("phone") or None
    if phone is not None and len(phone) < 3:
        bad("phone", "Too short to be a phone number.")

    def named(column: str, known: dict[str, uuid.UUID], what: str) -> uuid.UUID | None:
        value = values.get(column)
        if not value:
            return None
        found_id = known.get(value.casefold())
        if found_id is None:
            bad(column, f"This project has no {what} “{value}”.")
        return found_id

    bucket_id = named("bucket", names.buckets, "bucket")
    stage_id = named("stage", names.stages, "funnel stage")
    holder_id = named("holder", names.members, "member with the email")
    if values.get("bucket") and values.get("holder"):
        bad("holder", "A card is in a bucket or held by a user, not both.")
    if len(errors) > found:
        return None
    return Row(
        number=number,
        ref=ContactRef(
            external_id=values.get("external_id") or None,
            email=email,
            phone=phone,
        ),
        name=values.get("name", ""),
        bucket_id=bucket_id,
        stage_id=stage_id,
        holder_id=holder_id,
    )


def parse(text_: str, names: _Names) -> list[Row]:
    """Every row, or an UnprocessableError naming each bad one (nothing half-read)."""
    reader = csv.DictReader(io.StringIO(text_, newline=""), restkey="\x00extra")
    try:
        columns = _header(reader)
        reader.fieldnames = columns
        rows: list[Row] = []
        errors: list[FieldError] = []
        seen: dict[ContactRef, int] = {}
        for values in reader:
            number = reader.line_num
            if number > MAX_ROWS + 1:
                raise UnprocessableError(
                    f"A CSV may have up to {MAX_ROWS} rows: split the file.",
                    errors=[FieldError(f"rows[{number}]", "Past the last row taken.")],
                )
            if "\x00extra" in values:
                errors.append(
                    FieldError(f"rows[{number}]", "More values than the header has columns.")
                )
                continue
            cleaned = {k: (v or "").strip() for k, v in values.items()}
            if not any(cleaned.values()):
                continue  # an empty line
            row = _row(number, cleaned, names, errors)
            if row is None:
                continue
            if row.ref in seen:
                errors.append(
                    FieldError(f"rows[{number}]", f"The same contact as row {seen[row.ref]}.")
                )
                continue
            seen[row.ref] = number
            rows.append(row)
    except csv.Error as error:
        raise UnprocessableError(
            f"The CSV cannot be read at row {reader.line_num}: {error}.",
            errors=[FieldError(f"rows[{reader.line_num}]", str(error))],
        ) from error
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise UnprocessableError(
            f"{len(errors)} problem(s) in the CSV; nothing was imported. {shown}",
            errors=errors[:MAX_ERRORS],
        )
    if not rows:
        raise UnprocessableError(
            "The CSV has no rows under its header.", errors=[FieldError("rows[2]", "Empty.")]
        )
    return rows


async def import_cards(session: AsyncSession, project_id: uuid.UUID, data: str) -> ImportReport:
    rows = parse(data, await _names(session, project_id))
    contact_ids = await resolve_contacts(session, [row.ref for row in rows])
    # Made by this transaction: their created_at is its start (now()).
    made = await session.scalar(
        select(func.count()).where(
            Contact.id == any_uuid(set(contact_ids)), Contact.created_at == func.now()
        )
    )
    await _fill_names(session, rows, contact_ids)
    cards = [
        {
            "project_id": project_id,
            "contact_id": contact_id,
            "bucket_id": row.bucket_id,
            "holder_id": row.holder_id,
            "stage_id": row.stage_id,
        }
        for row, contact_id in _distinct(rows, contact_ids)
    ]
    count = 0
    # In chunks: a statement binds at most 32,767 values.
    for start in range(0, len(cards), INSERT_CHUNK):
        created = await session.scalars(
            insert(Card)
            .values(cards[start : start + INSERT_CHUNK])
            .on_conflict_do_nothing(index_elements=[Card.project_id, Card.contact_id])
            .returning(Card.id)
        )
        count += len(list(created))
    return ImportReport(
        rows=len(rows),
        created=count,
        already_there=len(rows) - count,
        contacts_created=int(made or 0),
    )


def _distinct(rows: Sequence[Row], contact_ids: Sequence[uuid.UUID]) -> list[tuple[Row, uuid.UUID]]:
    """One card a contact: two rows naming one person differently keep the first."""
    seen: set[uuid.UUID] = set()
    kept = []
    for row, contact_id in zip(rows, contact_ids, strict=True):
        if contact_id not in seen:
            seen.add(contact_id)
            kept.append((row, contact_id))
    return kept


_FILL_NAMES = text(
    """
    UPDATE contacts SET name = given.name, updated_at = now()
    FROM unnest(CAST(:ids AS uuid[]), CAST(:names AS text[])) AS given(id, name)
    WHERE contacts.id = given.id AND contacts.name = '' AND given.name <> ''
    """
)


async def _fill_names(
    session: AsyncSession, rows: Sequence[Row], contact_ids: Sequence[uuid.UUID]
) -> None:
    """A contact with no name takes the row's."""
    named = [(i, row.name) for row, i in zip(rows, contact_ids, strict=True) if row.name]
    if named:
        await session.execute(
            _FILL_NAMES, {"ids": [i for i, _ in named], "names": [n for _, n in named]}
        )
