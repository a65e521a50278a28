"""Property tests of the interpreter over the library's journeys (some edges cut away)
and random sequences of stimuli: no token is lost or duplicated, advance never raises,
and the same stimulus on the same state always gives the same outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.actions import CreateJob
from app.engine.definition import TRIGGER_TYPES, JourneyDefinition
from app.engine.exits import exits
from app.engine.facts import EmailRecord, Facts
from app.engine.flow import Join, ParallelSplit, WaitForEvent
from app.engine.interpreter import Graph, Outcome, advance, pending_timers, start
from app.engine.state import AwaitEvent, AwaitJob, EnrollmentState, TokenState
from app.engine.stimuli import (
    EventArrived,
    JobFinished,
    JourneyPaused,
    JourneyResumed,
    Stimulus,
    TimerDue,
)
from app.journeys.library import DEMO_CATALOG, LIBRARY_DIR, load_template
from tests.unit.engine_support import flow
from tests.unit.journey_samples import CATALOG

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
TEMPLATES = {path.stem: load_template(path.stem) for path in sorted(LIBRARY_DIR.glob("*.json"))}
BRANCHES = {"branches": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
WEIGHTED = {
    "branches": [{"id": "a", "label": "A", "weight": 30}, {"id": "b", "label": "B", "weight": 70}]
}


def _parallel(wait_for: str) -> JourneyDefinition:
    """Nested parallel splits meeting at joins, with events, jobs and timers on the way."""
    return flow(
        [
            ("trigger.event", "t", {"event_name": "order.placed"}),
            ("flow.parallel_split", "p", BRANCHES),
            ("flow.wait_for_event", "w", None),
            ("action.create_job", "job", None),
            ("flow.wait_duration", "d", None),
            ("flow.parallel_split", "p2", BRANCHES),
            ("action.send_email", "mail", None),
            ("flow.wait_until_time", "tod", None),
            ("flow.join", "j2", {"wait_for": wait_for}),
            ("flow.join", "j", {}),
            ("action.send_sms", "sms", None),
            ("flow.end", "end", {}),
        ],
        [
            ("t", "next", "p"),
            ("p", "a", "w"),
            ("p", "b", "d"),
            ("w", "received", "j"),
            ("w", "timeout", "job"),
            ("job", "done", "j"),
            ("job", "failed", "end"),
            ("d", "next", "p2"),
            ("p2", "a", "mail"),
            ("p2", "b", "tod"),
            ("mail", "next", "j2"),
            ("tod", "next", "j2"),
            ("j2", "next", "j"),
            ("j", "next", "sms"),
            ("sms", "next", "end"),
        ],
        {"exit_criteria": {"goal_events": ["payment.received"]}} if wait_for == "first" else None,
    )


def _loop() -> JourneyDefinition:
    """A random split and a loop through a wait: visits repeat, keys must not."""
    return flow(
        [
            ("trigger.event", "t", {"event_name": "order.placed"}),
            ("flow.random_split", "r", WEIGHTED),
            ("action.send_email", "mail", None),
            ("flow.wait_for_event", "w", None),
            ("flow.wait_duration", "d", None),
            ("flow.goal", "g", {}),
        ],
        [
            ("t", "next", "r"),
            ("r", "a", "mail"),
            ("r", "b", "d"),
            ("mail", "next", "w"),
            ("w", "timeout", "mail"),
            ("w", "received", "g"),
            ("d", "next", "mail"),
        ],
    )


SYNTHETIC = {
    "parallel-all": _parallel("all"),
    "parallel-first": _parallel("first"),
    "loop": _loop(),
}
EVENT_NAMES = sorted({*DEMO_CATALOG.event_names, "other.thing"})
OUTCOMES = sorted(
    {o for outcomes in DEMO_CATALOG.job_types.values() for o in outcomes} | {"done", "junk"}
)
JOB_CATALOG = msgspec.structs.replace(
    DEMO_CATALOG, job_types={**DEMO_CATALOG.job_types, **CATALOG.job_types}
)
ZONES = ["UTC", "Europe/London", "America/New_York", "Australia/Sydney", "Nowhere/Land"]


@st.composite
def journeys(draw: st.DrawFn) -> JourneyDefinition:
    # Half the time one of the synthetic journeys: the library has no split or join.
    pool = SYNTHETIC if draw(st.booleans()) else TEMPLATES
    definition = pool[draw(st.sampled_from(sorted(pool)))]
    keep = draw(
        st.lists(st.booleans(), min_size=len(definition.edges), max_size=len(definition.edges))
    )
    if not draw(st.booleans()):
        keep = [True] * len(keep)
    edges = [edge for edge, kept in zip(definition.edges, keep, strict=True) if kept]
    return msgspec.structs.replace(definition, edges=edges)


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    offset = timedelta(hours=draw(st.integers(-48, 24 * 40)))
    return Facts(
        contact={
            "region": draw(st.sampled_from(["north", "south", "x"])),
            "birthday": "1990-03-04",
        },
        timezone=draw(st.sampled_from(ZONES)),
        object={"appointment_at": (T0 + offset).isoformat(), "delivery_date": "2025-03-10"},
        emails_opened=(EmailRecord(T0, "payment_reminder"),) if draw(st.booleans()) else (),
    )


def stimulus(
    data: st.DataObject, definition: JourneyDefinition, state: EnrollmentState, now: datetime
) -> Stimulus:
    """Mostly stimuli that matter to the waiting tokens (their timers, events, jobs)."""
    tokens = state.tokens
    awaited = [t.awaiting.event_name for t in tokens if isinstance(t.awaiting, AwaitEvent)]
    jobs = [t.awaiting.job_ref for t in tokens if isinstance(t.awaiting, AwaitJob)]
    choice = data.draw(st.integers(0, 9))
    if choice <= 3 and tokens:
        token = data.draw(st.sampled_from(tokens))
        return TimerDue(token_id=token.token_id, now=now)
    if choice <= 5:
        name = data.draw(st.sampled_from(awaited + EVENT_NAMES if awaited else EVENT_NAMES))
        props = data.draw(
            st.dictionaries(
                st.sampled_from(["score", "keyword", "reason"]),
                st.integers(0, 10) | st.sampled_from(["YES", "NO", "SLIDES"]),
                max_size=2,
            )
        )
        return EventArrived(name=name, properties=props, occurred_at=now)
    if choice <= 8:
        job_ref = data.draw(st.sampled_from([*jobs, *jobs, *jobs, "nope"]))
        node = next((n for n in definition.nodes if job_ref.startswith(f"e1:{n.id}:")), None)
        offered = [e.id for e in exits(node, JOB_CATALOG)] if node else []
        return JobFinished(
            job_ref=job_ref,
            outcome=data.draw(st.sampled_from(offered + offered + OUTCOMES)),
            cancelled=data.draw(st.integers(0, 5)) == 0,
        )
    paused: bool = data.draw(st.booleans())
    return JourneyPaused() if paused else JourneyResumed()


def move(
    data: st.DataObject, definition: JourneyDefinition, outcome: Outcome, now: datetime
) -> tuple[datetime, Stimulus]:
    """Often: the clock reaches a pending timer and it fires (maybe late). Otherwise time
    passes at random and something else happens."""
    if outcome.timers and data.draw(st.integers(0, 9)) < 5:
        timer = data.draw(st.sampled_from(outcome.timers))
        late = timedelta(minutes=data.draw(st.integers(0, 90)))
        when = max(now, timer.wake_at + late)
        return when, TimerDue(token_id=timer.token_id, now=when)
    when = now + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 4)))
    return when, stimulus(data, definition, outcome.state, when)


def _sibling_still_coming(token: TokenState, state: EnrollmentState) -> bool:
    """Some other token of the same split visit has not reached this join yet."""
    depth = len(token.lineage)
    family = token.lineage[-1].rpartition("/")[0]
    return any(
        len(other.lineage) >= depth
        and other.lineage[: depth - 1] == token.lineage[:-1]
        and other.lineage[depth - 1].rpartition("/")[0] == family
        and (other.status != "waiting_join" or other.node_id != token.node_id)
        for other in state.tokens
    )


def check_invariants(
    definition: JourneyDefinition, before: EnrollmentState | None, outcome: Outcome
) -> None:
    state = outcome.state
    graph = Graph(definition)
    ids = [t.token_id for t in state.tokens]
    assert len(ids) == len(set(ids)), "a token was duplicated"
    assert len({t.order for t in state.tokens}) == len(ids)
    if state.status in ("completed", "exited"):
        assert state.tokens == []
    else:
        assert state.tokens, "an active enrollment with no token would never finish"
    for token in state.tokens:
        node = graph.nodes.get(token.node_id)
        assert token.status != "done"
        assert token.order < state.next_token
        match token.status:
            case "waiting_event":
                assert isinstance(node, WaitForEvent)
                assert isinstance(token.awaiting, AwaitEvent)
            case "waiting_job":
                assert isinstance(node, CreateJob)
                assert isinstance(token.awaiting, AwaitJob)
            case "waiting_join":
                assert isinstance(node, Join)
                assert _sibling_still_coming(token, state), "a join held every branch"
            case "waiting_timer":
                assert token.wake_at is not None
            case "ready":
                assert token.wake_at is not None, "a ready token left behind without a timer"
    if not any(isinstance(n, Join) and n.config.wait_for == "first" for n in definition.nodes):
        # A split consumes its token and a join-all releases one token for all branches:
        # no token may have passed a split (or join) that its siblings are still before.
        lineages = [t.lineage for t in state.tokens]
        for mine in lineages:
            for other in lineages:
                assert not (len(mine) < len(other) and other[: len(mine)] == mine), (
                    "a token went on past a split or join that its branches have not left"
                )
    assert outcome.timers == pending_timers(state)
    waiting = {
        t.token_id for t in state.tokens if t.status in ("waiting_timer", "waiting_event", "ready")
    }
    assert waiting == {t.token_id for t in outcome.timers}
    if before is not None:
        gone = {t.token_id for t in before.tokens} - set(ids)
        last_line = {s.token_id: s for s in outcome.steps}
        for token_id in gone:
            assert token_id in last_line, f"{token_id} vanished without a log line"
            assert last_line[token_id].exit_taken is None, f"{token_id} left a step, then vanished"
        new = set(ids) - {t.token_id for t in before.tokens}
        assert all(int(i[1:]) >= before.next_token for i in new), "a token id was reused"


@EXAMPLES
@given(journeys(), facts(), st.data())
def test_tokens_are_never_lost_or_duplicated_and_replays_are_identical(
    definition: JourneyDefinition, contact: Facts, data: st.DataObject
) -> None:
    trigger = next(n.id for n in definition.nodes if isinstance(n, TRIGGER_TYPES))

    def begin() -> Outcome:
        return start(
            definition,
            enrollment_id="e1",
            journey_id="j",
            version=1,
            contact_id="c1",
            trigger_node_id=trigger,
            facts=contact,
            now=T0,
            event={"score": 5},
        )

    outcome = begin()
    assert msgspec.json.encode(begin()) == msgspec.json.encode(outcome)
    check_invariants(definition, None, outcome)
    keys = [effect.key for effect in outcome.effects]
    joins_all = {
        n.id for n in definition.nodes if isinstance(n, Join) and n.config.wait_for == "all"
    }
    passes = sum(s.exit_taken == "next" and s.node_id in joins_all for s in outcome.steps)
    now = T0
    for _ in range(data.draw(st.integers(1, 16))):
        now, given_stimulus = move(data, definition, outcome, now)
        after = advance(definition, outcome.state, given_stimulus, contact, now)
        replay = advance(definition, outcome.state, given_stimulus, contact, now)
        assert msgspec.json.encode(replay) == msgspec.json.encode(after)
        check_invariants(definition, outcome.state, after)
        keys += [effect.key for effect in after.effects]
        outcome = after
        passes += sum(s.exit_taken == "next" and s.node_id in joins_all for s in after.steps)
    assert len(keys) == len(set(keys)), "an outbox key was produced twice"
    splits = sum(
        outcome.state.visits.get(n.id, 0) for n in definition.nodes if isinstance(n, ParallelSplit)
    )
    assert passes <= splits, "a join let the same branches through more than once"
