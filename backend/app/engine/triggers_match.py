"""Which journeys a stimulus enrols the contact in, under each journey's re-entry rule.

The caller passes the published versions to consider and the contact's enrollment
history; at most one enrolment per journey comes back (its first matching trigger, in
the order the definition lists them).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, assert_never

import msgspec
from msgspec import field

from app.engine.definition import (
    JourneyDefinition,
    Node,
    ReentryAfterCooldown,
    ReentryAlways,
    ReentryNever,
)
from app.engine.evaluate import MISSING, Scope, as_datetime, check, resolve
from app.engine.facts import Facts
from app.engine.stimuli import (
    EventArrived,
    JobChanged,
    JobFinished,
    JourneyPaused,
    JourneyResumed,
    ManualEnrol,
    ScheduleFired,
    ScoreChanged,
    SegmentEntered,
    Stimulus,
    TimerDue,
    WebhookAnswered,
)
from app.engine.timing import add_duration, next_time_of_day, zone
from app.engine.triggers import (
    DailySchedule,
    DateMatch,
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)


class EnrollmentHistory(msgspec.Struct, frozen=True, kw_only=True):
    """The contact's past in each journey (by journey id, whatever the version)."""

    last_entered_at: dict[str, datetime] = field(default_factory=dict)
    # Number of enrollments still active (or paused) per journey.
    active: dict[str, int] = field(default_factory=dict)


class Enrol(msgspec.Struct, frozen=True):
    """Start an enrollment of this journey version at this trigger."""

    journey_id: str
    version: int
    trigger_node_id: str


class Refused(msgspec.Struct, frozen=True):
    """A trigger matched but the journey's re-entry rule kept the contact out."""

    journey_id: str
    version: int
    trigger_node_id: str
    # Why, for a person: "already in this journey since …", "entered once already, on …".
    why: str


class Decided(msgspec.Struct, frozen=True):
    """What a stimulus does to the contact's journeys: who enters, who is refused."""

    enrol: list[Enrol]
    refused: list[Refused]


def decide_triggers(
    definitions: Sequence[tuple[str, int, JourneyDefinition]],
    stimulus: Stimulus,
    facts: Facts,
    history: EnrollmentHistory,
    now: datetime,
) -> Decided:
    """The enrolments this stimulus causes, in the order of `definitions`, and the
    matches the re-entry rules refused (each journey once, at its first matching trigger)."""
    enrol: list[Enrol] = []
    refused: list[Refused] = []
    for journey_id, version, definition in definitions:
        node = next(
            (n for n in definition.nodes if trigger_matches(n, journey_id, stimulus, facts, now)),
            None,
        )
        if node is None:
            continue
        why = refusal(definition, journey_id, history, now)
        if why is None:
            enrol.append(Enrol(journey_id, version, node.id))
        else:
            refused.append(Refused(journey_id, version, node.id, why))
    return Decided(enrol, refused)


def match_triggers(
    definitions: Sequence[tuple[str, int, JourneyDefinition]],
    stimulus: Stimulus,
    facts: Facts,
    history: EnrollmentHistory,
    now: datetime,
) -> list[Enrol]:
    """The enrolments this stimulus causes, in the order of `definitions`."""
    return decide_triggers(definitions, stimulus, facts, history, now).enrol


def may_enter(
    definition: JourneyDefinition, journey_id: str, history: EnrollmentHistory, now: datetime
) -> bool:
    """The journey's re-entry rule; only “always” allows two active enrollments at once."""
    return refusal(definition, journey_id, history, now) is None


def _when(at: datetime) -> str:
    return at.astimezone(zone("UTC")).strftime("%Y-%m-%d %H:%M UTC")


def refusal(  # noqa: PLR0911 - one answer per rule and case
    definition: JourneyDefinition, journey_id: str, history: EnrollmentHistory, now: datetime
) -> str | None:
    """Why the re-entry rule keeps the contact out of this journey now, or None."""
    rule = definition.settings.reentry
    if isinstance(rule, ReentryAlways):
        # Before any wording: this answer is asked for every matching event.
        return None
    last = history.last_entered_at.get(journey_id)
    active = history.active.get(journey_id, 0) > 0
    since = f"already in this journey since {_when(last)}" if last else "already in this journey"
    match rule:
        case ReentryNever():
            if active:
                return f"{since}; it is entered once"
            if last is not None:
                return f"entered once already, on {_when(last)}; it is entered once"
            return None
        case ReentryAfterCooldown():
            if active:
                return since
            if last is None:
                return None
            again = add_duration(last, rule.cooldown, zone("UTC"))
            if again <= now:
                return None
            return f"entered on {_when(last)}; may enter again from {_when(again)}"
        case _:
            assert_never(rule)


def trigger_matches(  # noqa: PLR0911 - one branch per trigger kind
    node: Node, journey_id: str, stimulus: Stimulus, facts: Facts, now: datetime
) -> bool:
    """Whether `node` (if it is a trigger) fires for this stimulus."""
    match node:
        case EventTrigger():
            if not isinstance(stimulus, EventArrived) or stimulus.name != node.config.event_name:
                return False
            if node.config.sources and stimulus.source not in node.config.sources:
                # E.g. a website's `order.placed` does not start a journey for the server's.
                return False
            if node.config.filter is None:
                return True
            scope = Scope(facts=facts, now=now, event=stimulus.properties)
            return check(node.config.filter, scope)
        case ScoreThresholdTrigger():
            change = score_change_of(stimulus)
            if change is None or change.score != node.config.score:
                return False
            threshold, before, after = node.config.threshold, change.previous, change.current
            if node.config.direction == "rises_to":
                return before < threshold <= after
            return after < threshold <= before
        case JobStatusTrigger():
            return _job_matches(node, stimulus)
        case SegmentEnteredTrigger():
            entered = segment_entered_of(stimulus)
            return entered is not None and entered.segment == node.config.segment
        case ManualTrigger():
            enrol = manual_enrol_of(stimulus)
            return (
                enrol is not None
                and enrol.journey_id == journey_id
                and enrol.trigger_node_id in (None, node.id)
                and (node.config.allow_api or not enrol.via_api)
            )
        case ScheduleTrigger():
            return _schedule_matches(node, journey_id, stimulus, facts, now)
        case _:
            return False


# The event the segment watcher records when a contact joins a watched segment
# (app.segments.membership).
SEGMENT_ENTERED_EVENT = "segment.entered"


def segment_entered_of(stimulus: Stimulus) -> SegmentEntered | None:
    """The segment a stimulus says the contact joined: a SegmentEntered, or the watcher's
    `segment.entered` event (property `segment`)."""
    if isinstance(stimulus, SegmentEntered):
        return stimulus
    if not isinstance(stimulus, EventArrived) or stimulus.name != SEGMENT_ENTERED_EVENT:
        return None
    segment = stimulus.properties.get("segment")
    return SegmentEntered(segment=segment) if isinstance(segment, str) and segment else None


# The event staff, the API or a segment enrolment records to enrol a contact by hand
# (app.runs.enrol): the request is a committed event like any other, so it takes its
# place in the contact's own order and its enrollment id derives from it.
MANUAL_ENROL_EVENT = "journey.enrol_requested"


def manual_enrol_of(stimulus: Stimulus) -> ManualEnrol | None:
    """The manual enrolment a stimulus asks for: a ManualEnrol, or the product's own
    `journey.enrol_requested` event (source `system`: an outside caller cannot fake it)."""
    if isinstance(stimulus, ManualEnrol):
        return stimulus
    if (
        not isinstance(stimulus, EventArrived)
        or stimulus.name != MANUAL_ENROL_EVENT
        or stimulus.source != "system"
    ):
        return None
    props = stimulus.properties
    node_id = props.get("node_id")
    return ManualEnrol(
        journey_id=str(props.get("journey_id")),
        trigger_node_id=node_id if isinstance(node_id, str) else None,
        via_api=props.get("via") == "api",
        properties=dict(props),
    )


# The event the CRM records for every score change (see app.contacts.profile).
SCORE_CHANGED_EVENT = "contact.score_changed"


def score_change_of(stimulus: Stimulus) -> ScoreChanged | None:
    """The score change a stimulus carries: a ScoreChanged, or the CRM's
    `contact.score_changed` event (properties `score`, `previous`, `current`)."""
    if isinstance(stimulus, ScoreChanged):
        return stimulus
    if not isinstance(stimulus, EventArrived) or stimulus.name != SCORE_CHANGED_EVENT:
        return None
    props = stimulus.properties
    previous, current = props.get("previous"), props.get("current")
    if not isinstance(previous, int) or not isinstance(current, int):
        return None
    return ScoreChanged(
        score=str(props.get("score") or "lead_score"), previous=previous, current=current
    )


# The event the scheduler records for each contact a schedule run picks
# (app.automation.schedules): the run is a committed event like any other.
SCHEDULE_FIRED_EVENT = "schedule.fired"


def schedule_fired_of(stimulus: Stimulus) -> ScheduleFired | None:
    """The schedule run a stimulus carries: a ScheduleFired, or the scheduler's
    `schedule.fired` event (properties `journey_id`, `node_id`, `run_at`)."""
    if isinstance(stimulus, ScheduleFired):
        return stimulus
    if not isinstance(stimulus, EventArrived) or stimulus.name != SCHEDULE_FIRED_EVENT:
        return None
    props = stimulus.properties
    run_at = as_datetime(props.get("run_at"))
    if run_at is None:
        return None
    return ScheduleFired(
        journey_id=str(props.get("journey_id")),
        trigger_node_id=str(props.get("node_id")),
        run_at=run_at,
    )


def _schedule_matches(
    node: ScheduleTrigger, journey_id: str, stimulus: Stimulus, facts: Facts, now: datetime
) -> bool:
    fired = schedule_fired_of(stimulus)
    if fired is None or (fired.journey_id, fired.trigger_node_id) != (journey_id, node.id):
        return False
    config = node.config
    if config.segment is not None and config.segment not in facts.segments:
        return False
    if config.date_match is None:
        return True
    today = fired.run_at.astimezone(zone(config.timezone, facts.timezone)).date()
    return date_matches(config.date_match, facts, today, now)


def _job_matches(node: JobStatusTrigger, stimulus: Stimulus) -> bool:
    config = node.config
    match stimulus:
        case JobFinished():
            status = "cancelled" if stimulus.cancelled else "completed"
            return (
                stimulus.job_type == config.job_type
                and status == config.status
                and (config.outcome is None or config.outcome == stimulus.outcome)
            )
        case JobChanged():
            return (
                stimulus.job_type == config.job_type
                and stimulus.status == config.status
                and config.outcome is None
            )
        case (
            EventArrived()
            | TimerDue()
            | ScoreChanged()
            | SegmentEntered()
            | ManualEnrol()
            | ScheduleFired()
            | WebhookAnswered()
            | JourneyPaused()
            | JourneyResumed()
        ):
            return False
        case _:
            assert_never(stimulus)


def date_matches(match: DateMatch, facts: Facts, today: date, now: datetime) -> bool:
    """The date in `match.field` is `days_ahead` days after `today` (any year if yearly).

    A 29 February date matches 28 February in years without one.
    """
    value: Any = resolve(Scope(facts=facts, now=now), match.field)
    if value is MISSING:
        return False
    parsed = _as_date(value)
    if parsed is None:
        return False
    wanted = today + timedelta(days=match.days_ahead)
    if not match.every_year:
        return parsed == wanted
    if parsed.month == 2 and parsed.day == 29 and not calendar.isleap(wanted.year):
        return (wanted.month, wanted.day) == (2, 28)
    return (parsed.month, parsed.day) == (wanted.month, wanted.day)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    parsed = as_datetime(value)
    return parsed.date() if parsed else None


def next_daily_run(schedule: DailySchedule, after: datetime, timezone: str) -> datetime:
    """When a daily schedule runs next (strictly after `after`) in a fixed zone.

    For `timezone="contact"` the scheduler runs per contact zone: call this with each
    zone it serves. Cron schedules are not computed here yet.
    """
    tz = zone(timezone)
    run = next_time_of_day(after, schedule.at, schedule.weekdays, tz)
    if run <= after:
        run = next_time_of_day(after + timedelta(minutes=1), schedule.at, schedule.weekdays, tz)
    return run
