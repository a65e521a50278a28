"""Taking events in: one or a batch, each decoded on its own so one bad event names its
index and field and the good ones are kept; all committed before the answer, then rung."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.identity import Identified, identify
from app.contacts.schemas import ContactRef
from app.eventlog.models import Event
from app.events.calls import (
    Call,
    CallBatch,
    IdentifyCall,
    PageCall,
    TrackCall,
    Traits,
    as_envelope,
)
from app.events.proof import WebsiteEvent
from app.events.schemas import (
    BatchAccepted,
    EventEnvelope,
    EventOutcome,
    EventResult,
    EventSource,
    FieldProblem,
)
from app.events.services import record_events
from app.lib.problems import DomainError, FieldError, InvalidInputError
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources

MAX_BATCH: Final = 1000

_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED_FIELD = re.compile(r"(?:missing required|contains unknown) field `([^`]+)`")


class BatchTooLargeError(DomainError):
    status = 413


def field_problem(error: msgspec.MsgspecError, prefix: str = "") -> FieldProblem:
    """msgspec's `Expected int, got str - at $.contact.phone` as (field, message)."""
    matched = _AT.match(str(error))
    message, path = (matched["message"], matched["path"] or "") if matched else (str(error), "")
    named = _NAMED_FIELD.search(message)
    if named:
        path += f".{named[1]}"
    where = f"{prefix}{path}" if prefix else path.lstrip(".")
    return FieldProblem(field=where or "body", message=message)


def _too_many(count: int, limit: int) -> BatchTooLargeError:
    return BatchTooLargeError(
        f"A batch holds at most {limit:,} events; this one has {count:,}. "
        "Split it into smaller batches.",
        errors=[FieldError("batch", f"at most {limit:,} items, got {count:,}")],
    )


def _top_level(body: bytes) -> dict[str, msgspec.Raw]:
    try:
        return msgspec.json.decode(body, type=dict[str, msgspec.Raw])
    except msgspec.MsgspecError as exc:
        raise InvalidInputError(
            'The body must be a JSON object: one event, or {"batch": [event, …]}.',
            errors=[FieldError("body", str(exc))],
        ) from exc


# ---- POST /api/v1/events --------------------------------------------------------------

_envelope = msgspec.json.Decoder(EventEnvelope)
_website_event = msgspec.json.Decoder(WebsiteEvent)
_raw_list = msgspec.json.Decoder(list[msgspec.Raw])
E = TypeVar("E", bound=EventEnvelope)


@dataclass(frozen=True, slots=True)
class Parsed(Generic[E]):
    """A single event (`single`), or a batch: each item decoded, or its problems."""

    single: E | None
    items: list[E | list[FieldProblem]]


def parse_events(body: bytes, *, limit: int = MAX_BATCH) -> Parsed[EventEnvelope]:
    return _parse(body, limit, _envelope)


def parse_website_events(body: bytes, *, limit: int) -> Parsed[WebsiteEvent]:
    """As parse_events, for /track: a contact may carry its user_hash (app.events.proof)."""
    return _parse(body, limit, _website_event)


def _parse(body: bytes, limit: int, decoder: msgspec.json.Decoder[E]) -> Parsed[E]:
    top = _top_level(body)
    if "batch" not in top:
        try:
            return Parsed(single=decoder.decode(body), items=[])
        except msgspec.MsgspecError as exc:
            problem = field_problem(exc)
            raise InvalidInputError(
                f"The event is not valid. {problem.field}: {problem.message}",
                errors=[FieldError(problem.field, problem.message)],
            ) from exc
    extra = sorted(top.keys() - {"batch"})
    if extra:
        raise InvalidInputError.on_field(extra[0], "a batch body holds only `batch`")
    try:
        raw_items = _raw_list.decode(top["batch"])
    except msgspec.MsgspecError as exc:
        raise InvalidInputError.on_field("batch", "must be a list of events") from exc
    if len(raw_items) > limit:
        raise _too_many(len(raw_items), limit)
    if not raw_items:
        raise InvalidInputError.on_field("batch", "is empty: send at least one event")
    items: list[E | list[FieldProblem]] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append(decoder.decode(raw))
        except msgspec.MsgspecError as exc:
            items.append([field_problem(exc, f"batch[{index}]")])
    return Parsed(single=None, items=items)


def _rejected_problem(results: Sequence[EventResult]) -> InvalidInputError:
    errors = [FieldError(e.field, e.message) for r in results for e in r.errors]
    return InvalidInputError(
        f"No event in the batch was valid ({len(results)} rejected); nothing was stored. "
        + "; ".join(f"{e.field}: {e.message}" for e in errors[:5]),
        errors=errors,
    )


async def accept_batch(
    resources: Resources,
    items: Sequence[EventEnvelope | list[FieldProblem]],
    *,
    source: EventSource | None = None,
    warnings: Mapping[int, list[FieldProblem]] | None = None,
) -> BatchAccepted:
    """Commit the good events of a batch in one INSERT, then ring; report every event
    (with the `warnings` of each index, e.g. an identity claim a website did not prove)."""
    good = [
        (index, msgspec.structs.replace(item, source=source) if source else item)
        for index, item in enumerate(items)
        if isinstance(item, EventEnvelope)
    ]
    results: dict[int, EventResult] = {
        index: EventResult(index=index, status="rejected", errors=item)
        for index, item in enumerate(items)
        if not isinstance(item, EventEnvelope)
    }
    if not good:
        raise _rejected_problem(list(results.values()))
    async with resources.unit_of_work(origin="api") as unit:
        recorded = await record_events(unit, [envelope for _, envelope in good])
    for (index, _), item in zip(good, recorded, strict=True):
        status: EventOutcome = "accepted" if item.created else "duplicate"
        results[index] = EventResult(index=index, status=status, id=item.id)
    return _summary([results[i] for i in range(len(items))], warnings)


def _summary(
    results: list[EventResult], warnings: Mapping[int, list[FieldProblem]] | None = None
) -> BatchAccepted:
    if warnings:
        results = [
            msgspec.structs.replace(r, warnings=warnings[r.index])
            if r.index in warnings and r.status != "rejected"
            else r
            for r in results
        ]
    return BatchAccepted(
        accepted=sum(r.status == "accepted" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        rejected=sum(r.status == "rejected" for r in results),
        results=results,
    )


# ---- Segment-style calls ------------------------------------------------------------

_call = msgspec.json.Decoder(Call)
_identify = msgspec.json.Decoder(IdentifyCall)
_page = msgspec.json.Decoder(PageCall)
_track = msgspec.json.Decoder(TrackCall)
_calls = msgspec.json.Decoder(CallBatch)
IDENTIFIED: Final = "contact.identified"
MERGED: Final = "contact.merged"
# messageId namespaces: a website's keys never meet a server's.
WEB: Final = "web"
SERVER: Final = "server"


def decode_call(body: bytes, kind: type[IdentifyCall | TrackCall | PageCall]) -> Call:
    decoder: msgspec.json.Decoder[Any] = (
        _identify if kind is IdentifyCall else _track if kind is TrackCall else _page
    )
    try:
        # The path says the type already; a `type` member, when sent, must agree.
        top = _top_level(body)
        if "type" not in top:
            body = msgspec.json.encode({**top, "type": _tag(kind)})
        call: Call = decoder.decode(body)
        return call
    except msgspec.MsgspecError as exc:
        problem = field_problem(exc)
        raise InvalidInputError(
            f"The call is not valid. {problem.field}: {problem.message}",
            errors=[FieldError(problem.field, problem.message)],
        ) from exc


def _tag(kind: type[msgspec.Struct]) -> str:
    tag = kind.__struct_config__.tag
    assert isinstance(tag, str)
    return tag


def _traits(call: IdentifyCall, prefix: str) -> Traits:
    try:
        return msgspec.convert(call.traits, Traits, str_keys=True)
    except msgspec.ValidationError as exc:
        problem = field_problem(exc, f"{prefix}traits")
        raise InvalidInputError(
            f"{problem.field}: {problem.message}",
            errors=[FieldError(problem.field, problem.message)],
        ) from exc


def _identity_events(call: IdentifyCall, done: Identified, namespace: str) -> list[EventEnvelope]:
    contact = ContactRef(external_id=call.user_id, anonymous_id=call.anonymous_id)
    events = [
        EventEnvelope(
            name=MERGED,
            contact=contact,
            properties={
                "merged_contact_id": str(merge.dropped),
                "moved": merge.moved,
                **({"anonymous_id": call.anonymous_id} if call.anonymous_id else {}),
            },
            occurred_at=call.timestamp,
            idempotency_key=f"{call.key(namespace)}:merged:{merge.dropped}"
            if call.message_id
            else None,
            source="system",
        )
        for merge in done.merges
    ]
    events.append(
        EventEnvelope(
            name=IDENTIFIED,
            contact=contact,
            properties={"traits": call.traits, "changed": sorted(done.changed)},
            occurred_at=call.timestamp,
            idempotency_key=call.key(namespace),
            source="system",
        )
    )
    return events


class IdentifyAccepted(msgspec.Struct, frozen=True):
    contact_id: uuid.UUID
    # The contact.identified event (for a repeat, the first one).
    id: int
    created: bool
    duplicate: bool
    # Contacts merged into this one (their rows now belong to it).
    merged: list[uuid.UUID]


async def _seen(session: AsyncSession, key: str | None) -> int | None:
    if key is None:
        return None
    return await session.scalar(select(Event.id).where(Event.idempotency_key == key))


@dataclass
class _Pending:
    """Events of a call batch waiting for their INSERT, and whose result each one is."""

    envelopes: list[EventEnvelope]
    # batch index the event answers for, or None for an identify's contact.merged events
    owners: list[int | None]


async def _flush(unit: UnitOfWork, pending: _Pending, results: dict[int, EventResult]) -> None:
    recorded = await record_events(unit, pending.envelopes)
    for owner, item in zip(pending.owners, recorded, strict=True):
        if owner is not None:
            status: EventOutcome = "accepted" if item.created else "duplicate"
            results[owner] = EventResult(index=owner, status=status, id=item.id)
    pending.envelopes.clear()
    pending.owners.clear()


async def _run_identify(
    session: AsyncSession, call: IdentifyCall, *, trusted: bool, namespace: str, prefix: str
) -> tuple[Identified | None, list[EventEnvelope], int | None]:
    """One identify in the caller's transaction: (what it did, its events, the first id
    when it is a repeat of a messageId already seen)."""
    traits = _traits(call, prefix)
    first = await _seen(session, call.key(namespace))
    if first is not None:
        return None, [], first
    done = await identify(
        session,
        user_id=call.user_id,
        anonymous_id=call.anonymous_id,
        email=traits.email,
        phone=traits.phone,
        name=traits.full_name(),
        trusted=trusted,
    )
    return done, _identity_events(call, done, namespace), None


async def accept_identify(
    resources: Resources, call: IdentifyCall, *, trusted: bool, namespace: str = SERVER
) -> IdentifyAccepted:
    async with resources.unit_of_work(origin="api") as unit:
        session = unit.session
        done, events, first = await _run_identify(
            session, call, trusted=trusted, namespace=namespace, prefix=""
        )
        if done is None:
            assert first is not None
            contact_id = await session.scalar(select(Event.contact_id).where(Event.id == first))
            assert contact_id is not None
            return IdentifyAccepted(
                contact_id=contact_id, id=first, created=False, duplicate=True, merged=[]
            )
        recorded = await record_events(unit, events)
    return IdentifyAccepted(
        contact_id=done.contact_id,
        id=recorded[-1].id,
        created=done.created,
        duplicate=False,
        merged=[m.dropped for m in done.merges],
    )


async def accept_call(
    resources: Resources, call: TrackCall | PageCall, *, source: EventSource, namespace: str
) -> BatchAccepted:
    return await accept_batch(resources, [as_envelope(call, source=source, namespace=namespace)])


def parse_calls(body: bytes, *, limit: int) -> list[Call | list[FieldProblem]]:
    try:
        batch = _calls.decode(body)
    except msgspec.MsgspecError as exc:
        problem = field_problem(exc)
        if problem.field == "batch" and "Expected `array`" in problem.message:
            raise InvalidInputError.on_field("batch", "must be a list of calls") from exc
        raise InvalidInputError(
            f"The body is not valid. {problem.field}: {problem.message}",
            errors=[FieldError(problem.field, problem.message)],
        ) from exc
    if len(batch.batch) > limit:
        raise _too_many(len(batch.batch), limit)
    if not batch.batch:
        raise InvalidInputError.on_field("batch", "is empty: send at least one call")
    items: list[Call | list[FieldProblem]] = []
    for index, raw in enumerate(batch.batch):
        try:
            items.append(_call.decode(raw))
        except msgspec.MsgspecError as exc:
            items.append([field_problem(exc, f"batch[{index}]")])
    return items


async def accept_calls(
    resources: Resources,
    items: Sequence[Call | list[FieldProblem]],
    *,
    source: EventSource,
    trusted: bool,
    namespace: str,
    warnings: Mapping[int, list[FieldProblem]] | None = None,
) -> BatchAccepted:
    """Run a batch of calls in order in one transaction: tracks and pages are inserted
    together between identifies, so each event meets the contact as it was then."""
    results: dict[int, EventResult] = {}
    pending = _Pending(envelopes=[], owners=[])
    for index, item in enumerate(items):
        if isinstance(item, list):
            results[index] = EventResult(index=index, status="rejected", errors=item)
    if len(results) == len(items):
        raise _rejected_problem(list(results.values()))
    async with resources.unit_of_work(origin="api") as unit:
        session = unit.session
        for index, item in enumerate(items):
            if isinstance(item, list):
                continue
            if not isinstance(item, IdentifyCall):
                pending.envelopes.append(as_envelope(item, source=source, namespace=namespace))
                pending.owners.append(index)
                continue
            await _flush(unit, pending, results)
            try:
                async with session.begin_nested():
                    done, events, first = await _run_identify(
                        session,
                        item,
                        trusted=trusted,
                        namespace=namespace,
                        prefix=f"batch[{index}].",
                    )
            except DomainError as exc:
                errors = exc.errors or [FieldError(f"batch[{index}]", exc.detail)]
                results[index] = EventResult(
                    index=index,
                    status="rejected",
                    errors=[FieldProblem(e.field, e.message) for e in errors],
                )
                continue
            if done is None:
                results[index] = EventResult(index=index, status="duplicate", id=first)
                continue
            pending.envelopes.extend(events)
            pending.owners.extend([None] * (len(events) - 1) + [index])
        await _flush(unit, pending, results)
    return _summary([results[i] for i in range(len(items))], warnings)
