"""What the test-run API takes and gives (docs/test-runs.md).

A test run is stateless: the request is the whole run — the journey (its draft, a
version, or a definition not saved yet), the contact (a real one or made up), the
starting event and the choices made so far — and the answer replays it from the start
on a virtual clock. The engine is deterministic, so the same request gives the same run;
the canvas adds a choice and asks again. Nothing is stored, so nothing can leak into live
tables, and a saved test case is this same request kept with the journey.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

from app.effects.previews import Preview
from app.engine.evaluate import RuleCheck
from app.lib.params import INTEGER_MAX, INTEGER_MIN

Properties = dict[str, Any]
NodeRef = Annotated[str, Meta(min_length=1, max_length=120)]
EventName = Annotated[str, Meta(min_length=1, max_length=120)]
# A run replays every choice on each call: bounded, so one request stays cheap.
MAX_CHOICES = 200


class ExistingContact(msgspec.Struct, frozen=True, tag_field="type", tag="existing"):
    """A real contact: its facts are read (never changed) as the worker would read them."""

    contact_id: uuid.UUID


class MadeUpContact(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="made_up"):
    """A contact that exists only in this run."""

    fields: Annotated[
        Properties,
        Meta(description="name, first_name, email, phone, locale, birthday…"),
    ] = field(default_factory=dict)
    attributes: Annotated[Properties, Meta(description="Custom attributes (`contact.region`).")] = (
        field(default_factory=dict)
    )
    tags: list[Annotated[str, Meta(max_length=80)]] = field(default_factory=list)
    consent: Annotated[
        dict[str, bool], Meta(description="Channel (email, sms, letter, phone) -> agreed.")
    ] = field(default_factory=dict)
    score: Annotated[int, Meta(ge=INTEGER_MIN, le=INTEGER_MAX)] = 0  # as contacts.score
    timezone: Annotated[str, Meta(max_length=64)] = "UTC"
    objects: Annotated[
        dict[str, Properties],
        Meta(description='Related objects by type: `{"order": {"status": "paid"}}`.'),
    ] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)


TestContact = ExistingContact | MadeUpContact


class StartEvent(msgspec.Struct, frozen=True, kw_only=True):
    """How the contact enters: at a trigger (the first one when not named), with the event
    that started it (its name defaults to the trigger's event)."""

    trigger_node_id: NodeRef | None = None
    event_name: EventName | None = None
    properties: Properties = field(default_factory=dict)
    at: Annotated[
        datetime | None, Meta(description="The virtual clock's start; now when not given.")
    ] = None


class FastForward(msgspec.Struct, frozen=True, tag_field="type", tag="fast_forward"):
    """Move the virtual clock to the next pending timer (a wait or an event's timeout)."""


class EventArrives(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="event"):
    """At a wait-for-event step: the event arrives now. Without `node_id`, any event (a
    goal event, say) arrives for the whole run."""

    node_id: NodeRef | None = None
    name: EventName | None = None
    properties: Properties = field(default_factory=dict)


class TimesOut(msgspec.Struct, frozen=True, tag_field="type", tag="time_out"):
    """At a wait-for-event step: nothing arrives; the clock moves to its timeout."""

    node_id: NodeRef


class JobOutcome(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="job"):
    """At a job step: the job is completed with this outcome (or `cancelled`)."""

    node_id: NodeRef
    outcome: Annotated[str, Meta(min_length=1, max_length=120)]
    form: Properties = field(default_factory=dict)


class WebhookReply(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag="webhook"):
    """At a webhook step: the call answers (`ok`, with the values it would save) or fails."""

    node_id: NodeRef
    ok: bool = True
    status: Annotated[int, Meta(ge=100, le=599)] | None = 200  # an HTTP status
    saved: Properties = field(default_factory=dict)


Choice = FastForward | EventArrives | TimesOut | JobOutcome | WebhookReply


class TestRunRequest(msgspec.Struct, frozen=True, kw_only=True):
    contact: TestContact
    start: StartEvent = field(default_factory=StartEvent)
    version: (
        Annotated[
            int,
            Meta(
                ge=1, le=INTEGER_MAX, description="A published version; the draft when not given."
            ),
        ]
        | None
    ) = None
    definition: Annotated[
        Properties | None,
        Meta(description="An unsaved definition to try instead of the stored draft."),
    ] = None
    choices: Annotated[list[Choice], Meta(max_length=MAX_CHOICES)] = field(default_factory=list)
    forced_branches: Annotated[
        dict[str, str], Meta(description="Random split node id -> the branch it takes.")
    ] = field(default_factory=dict)


ProblemCode = Literal[
    "would_not_run",  # a preview says the real step would refuse (consent, address, template)
    "missing_value",  # a condition rule read a field or property that is not there
    "trigger_mismatch",  # the starting event would not have started this trigger
    "path_ends",  # an exit is not connected, or a step is missing
]


class StepProblem(msgspec.Struct, frozen=True):
    code: ProblemCode
    message: str


class ContactChange(msgspec.Struct, frozen=True):
    """A CRM step's change as before/after, for the fields (or object fields) it changes."""

    target: str
    before: Properties
    after: Properties


class TestStep(msgspec.Struct, frozen=True, kw_only=True):
    # Which call made it: 0 = the start, i = after `choices[i-1]`.
    round: int
    node_id: str
    kind: str | None
    label: str | None
    exit_taken: str | None
    at: datetime
    detail: str
    token_id: str
    event: Properties
    variables: Properties
    checks: list[RuleCheck] = field(default_factory=list)
    preview: Preview | None = None
    change: ContactChange | None = None
    problems: list[StepProblem] = field(default_factory=list)


WaitKind = Literal["timer", "event", "job", "webhook", "join"]


class Waiting(msgspec.Struct, frozen=True):
    """A token held at a step, and the choices that move it."""

    token_id: str
    node_id: str
    kind: WaitKind
    until: datetime | None = None
    event_name: str | None = None
    outcomes: list[str] = field(default_factory=list)
    # At a job: its job type's form (JSON Schema) and layout hints, for the outcome's data.
    form_schema: Properties = field(default_factory=dict)
    ui_schema: Properties = field(default_factory=dict)


class TestRun(msgspec.Struct, frozen=True, kw_only=True):
    journey_id: uuid.UUID
    version: int | None
    status: Literal["active", "completed", "exited", "paused"]
    ended_reason: str | None
    started_at: datetime
    clock: Annotated[datetime, Meta(description="The virtual clock after the last choice.")]
    contact: Annotated[Properties, Meta(description="The contact as the run ended seeing it.")]
    steps: list[TestStep]
    waiting: list[Waiting]
    path: Annotated[list[str], Meta(description="The steps visited, in order (for the canvas).")]


class CaseResult(msgspec.Struct, frozen=True, kw_only=True):
    """How a run ended, as a saved case compares it: a change in any of these marks it."""

    status: str
    ended_reason: str | None
    path: list[str]
    # `<node>:<kind>` of every email, SMS and letter it would send, in order.
    messages: list[str]
    waiting_at: list[str]


class TestCaseCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Save a run as a case: its request (a `definition` in it is what the case is run on
    now, to record what it gives; it is not kept)."""

    name: Annotated[str, Meta(min_length=1, max_length=120)]
    run: TestRunRequest


class TestCase(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    journey_id: uuid.UUID
    name: str
    request: TestRunRequest
    expected: CaseResult
    created_at: datetime


class CaseCheckRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    definition: Annotated[
        Properties | None,
        Meta(description="The definition to check the cases against; the stored draft if not."),
    ] = None


Verdict = Literal["same", "changed", "fails"]


class CaseCheck(msgspec.Struct, frozen=True, kw_only=True):
    case_id: uuid.UUID
    name: str
    # same: it ends as saved; changed: it ends otherwise; fails: it cannot run any more
    # (a choice nothing waits for now, a step gone…), `problem` says why.
    verdict: Verdict
    expected: CaseResult
    actual: CaseResult | None = None
    problem: str | None = None


class TestRunsApi(msgspec.Struct, frozen=True):
    """Every shape of the test-run API in one schema (schemas/test-runs-api.schema.json),
    so the SPA's TypeScript types are generated from the backend's."""

    request: TestRunRequest
    run: TestRun
    case_create: TestCaseCreate
    case: TestCase
    case_check_request: CaseCheckRequest
    case_check: CaseCheck
