"""Effects as data with two faces: one handler per effect type, registered where the
worker is assembled (app.worker.assembly), so the outbox dispatches without knowing who
sends email, makes jobs or changes the CRM.

An outbox row's payload is decoded once into the engine's effect (`decode_message`);
the registry picks its handler by the effect's type. A handler `execute`s it for real,
in the dispatcher's unit of work (idempotent by the row's key), or `preview`s what it
would do with no side effect (app.effects.previews) for test runs and what-if.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

import msgspec
from msgspec import field
from sqlalchemy.ext.asyncio import AsyncSession

from app.effects.errors import Failure, PermanentError
from app.effects.previews import Preview, RecordedPreview
from app.engine.effects import Effect
from app.engine.facts import Facts
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import OutboxMessage

E = TypeVar("E", bound=Effect)
# What a handler loads once for a whole batch (None when it loads nothing).
B = TypeVar("B")

_EFFECT_FIELDS: dict[str, frozenset[str]] = {
    str(kind.__struct_config__.tag): frozenset(kind.__struct_fields__) for kind in Effect.__args__
}


class DirectSend(msgspec.Struct, frozen=True):
    """A message queued outside any journey (a portal sign-in link, a demo letter): whom
    it is for, and what it knows that a journey step would not."""

    contact_id: uuid.UUID
    # Service mail goes to this address, not the contact's (a sign-in link).
    to: str | None = None
    # Service mail: consent does not apply, no unsubscribe link, no tracking.
    transactional: bool = False
    # Values kept out of the database (app.channels.withheld), by name.
    withheld: list[str] = field(default_factory=list)
    # The event its templates see as `event`.
    event: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Message(Generic[E]):
    """An outbox row, its payload decoded once."""

    row: OutboxMessage
    effect: E
    direct: DirectSend | None = None

    @property
    def key(self) -> str:
        return self.row.key


def decode_message(row: OutboxMessage) -> Message[Effect]:
    """The row's effect (and, for a row outside any journey, whom it is for); a payload
    that is not one fails the row for good, naming what is wrong."""
    payload = dict(row.payload)
    fields = _EFFECT_FIELDS.get(row.kind)
    if fields is None:
        raise PermanentError(f"no effect is called “{row.kind}”")
    payload["type"] = row.kind
    payload["key"] = row.key
    payload["node_id"] = str(payload.get("node_id") or "")
    try:
        effect: Effect = msgspec.convert(
            {name: value for name, value in payload.items() if name in fields or name == "type"},
            Effect,
        )
        direct = (
            msgspec.convert(row.payload, DirectSend)
            if row.enrollment_id is None and "contact_id" in row.payload
            else None
        )
    except msgspec.ValidationError as error:
        raise PermanentError(f"the {row.kind} step's data is not valid: {error}") from error
    return Message(row, effect, direct)


class PreviewInput(msgspec.Struct, frozen=True, kw_only=True):
    """What a preview renders against: the contact's facts (real or made up), the
    journey's event and variables, and the (virtual) time."""

    facts: Facts
    event: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    now: datetime
    # The contact, when it is a real one (a made-up contact has none).
    contact_id: uuid.UUID | None = None


class EffectHandler(ABC, Generic[E, B]):
    """Carries out (or previews) the effects of its types.

    `prepare` loads once what a batch's messages of this handler share; `execute` runs
    one message (raise to retry it later, PermanentError to fail it now); `finish`
    writes what the batch's executions deferred; `failed` hears of a failure (`final`
    when no retry will follow)."""

    # Whether `execute` writes before its last step: then it runs in a savepoint, so a
    # failure leaves none of its writes behind and the batch goes on.
    savepoint: ClassVar[bool] = True
    # Whether `execute` reaches outside the database (a mail server, an SMS gateway, a
    # web address), where a commit cannot take it back: then the outbox sends each message
    # on its own, its try counted and its row leased before it goes (app.runs.outbox
    # `send_each`), so a sender that dies sends again at most the one in flight.
    reaches_out: ClassVar[bool] = False

    async def prepare(self, unit: UnitOfWork, messages: Sequence[Message[E]]) -> B | None:
        del unit, messages
        return None

    @abstractmethod
    async def execute(self, unit: UnitOfWork, message: Message[E], batch: B | None) -> None: ...

    async def finish(self, unit: UnitOfWork, batch: B | None) -> None:
        del unit, batch

    async def failed(
        self,
        unit: UnitOfWork,
        message: Message[E],
        batch: B | None,
        failure: Failure,
        *,
        final: bool,
    ) -> None:
        del unit, message, batch, failure, final

    @abstractmethod
    async def preview(self, session: AsyncSession, effect: E, given: PreviewInput) -> Preview: ...


class Handlers:
    """The registry: which handler carries out each effect type."""

    def __init__(self) -> None:
        self._by_type: dict[type[Any], EffectHandler[Any, Any]] = {}
        # What the handlers keep open (a sender's SMTP connections), closed with them.
        self._closers: list[Callable[[], Awaitable[None]]] = []

    def on_close(self, close: Callable[[], Awaitable[None]]) -> Handlers:
        self._closers.append(close)
        return self

    async def close(self) -> None:
        closers, self._closers = self._closers, []
        for close in closers:
            await close()

    def register(self, handler: EffectHandler[E, Any], *types: type[E]) -> Handlers:
        for effect_type in types:
            self._by_type[effect_type] = handler
        return self

    def handler_for(self, effect: Effect) -> EffectHandler[Any, Any]:
        handler = self._by_type.get(type(effect))
        if handler is None:
            raise PermanentError(f"nothing here carries out {type(effect).__name__} effects")
        return handler

    def handlers(self) -> Iterable[EffectHandler[Any, Any]]:
        return set(self._by_type.values())

    def kinds_reaching_out(self) -> frozenset[str]:
        """The outbox kinds (effect tags) whose handler reaches outside the database."""
        return frozenset(
            str(effect_type.__struct_config__.tag)
            for effect_type, handler in self._by_type.items()
            if handler.reaches_out
        )

    async def preview(self, session: AsyncSession, effect: Effect, given: PreviewInput) -> Preview:
        return await self.handler_for(effect).preview(session, effect, given)


class Recorder(EffectHandler[Effect, None]):
    """Records each message as carried out: for tests, and a worker asked to send nothing
    for real (WAYMARK_TEST_RECORDING_PROVIDER)."""

    savepoint: ClassVar[bool] = False

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def execute(self, unit: UnitOfWork, message: Message[Effect], batch: None) -> None:
        del unit, batch
        self.sent.append(message.key)

    async def preview(self, session: AsyncSession, effect: Effect, given: PreviewInput) -> Preview:
        del session, given
        return RecordedPreview(key=effect.key, node_id=effect.node_id)
