"""A step's texts must be sendable: checked by the very functions that send them.

app.templating.render is pure (Jinja2's bounded sandbox and nh3; no database), so
the engine may import it: a step's message text is built with `inline_source` and
rendered with `render`, exactly as the sender does, for a contact with no data
(`check`). What does not compile, goes past the sandbox's bounds or uses what the
sandbox refuses can never be sent and is an error; what depends on the contact's data
is left to sending.
"""

from __future__ import annotations

from typing import Final, assert_never

from jinja2 import TemplateSyntaxError, meta

from app.engine.actions import (
    CreateJob,
    CreateLetter,
    EmitEvent,
    NotifyStaff,
    PortalMessage,
    SendEmail,
    SendSms,
    UpdateContact,
    UpdateObject,
    Webhook,
)
from app.engine.definition import Node
from app.engine.flow import (
    ConditionSplit,
    End,
    Goal,
    Join,
    ParallelSplit,
    RandomSplit,
    Switch,
    WaitDuration,
    WaitForEvent,
    WaitUntilDate,
    WaitUntilTime,
)
from app.engine.triggers import (
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)
from app.templating.render import RenderError, Source, check, check_part, inline_source, parse

# The names a step's text can use (app.templating.render.RenderContext): everything
# else is undefined when it renders, and the strict renderer refuses to send it.
CONTEXT_NAMES: Final = frozenset(
    {"contact", "event", "object", "journey", "now", "unsubscribe_url"}
)


def template_fields(node: Node) -> list[tuple[str, str]]:  # noqa: PLR0911 - one branch per kind
    """(field path, text) of every template text in the node's config."""
    match node:
        case SendEmail():
            return _present(
                ("config.subject", node.config.subject), ("config.body", node.config.body)
            )
        case SendSms():
            return _present(("config.text", node.config.text))
        case CreateLetter():
            return _present(("config.body", node.config.body))
        case CreateJob():
            return _present(
                ("config.title", node.config.title), ("config.guidance", node.config.guidance)
            )
        case NotifyStaff():
            return _present(("config.message", node.config.message))
        case PortalMessage():
            return _present(("config.title", node.config.title), ("config.body", node.config.body))
        case EmitEvent():
            return [(f"config.properties.{k}", v) for k, v in node.config.properties.items()]
        case Webhook():
            headers = [(f"config.headers.{k}", v) for k, v in node.config.headers.items()]
            return [*headers, *_present(("config.body", node.config.body))]
        case (
            EventTrigger()
            | SegmentEnteredTrigger()
            | ScheduleTrigger()
            | ScoreThresholdTrigger()
            | ManualTrigger()
            | JobStatusTrigger()
            | WaitDuration()
            | WaitUntilDate()
            | WaitUntilTime()
            | WaitForEvent()
            | ConditionSplit()
            | Switch()
            | ParallelSplit()
            | Join()
            | RandomSplit()
            | Goal()
            | End()
            | UpdateContact()
            | UpdateObject()
        ):
            return []
        case _:
            assert_never(node)


def render_problems(node: Node) -> list[tuple[str, RenderError]]:
    """(field path, why) for each of the node's texts that can never be sent."""
    match node:
        case SendEmail() if node.config.template is None:
            source = inline_source("email", node.config.subject, node.config.body)
            return _message(source, {"subject": "config.subject"}, "config.body")
        case SendSms() if node.config.template is None:
            return _message(inline_source("sms", None, node.config.text), {}, "config.text")
        case CreateLetter() if node.config.template is None:
            return _message(inline_source("letter", None, node.config.body), {}, "config.body")
        case _:
            # Texts rendered on their own (a job title, a webhook body, a subject that
            # overrides its template's): plain text, the subject as a subject.
            problems = (
                (where, check_part(text, "subject" if where == "config.subject" else "text"))
                for where, text in template_fields(node)
            )
            return [(where, problem) for where, problem in problems if problem is not None]


def _message(source: Source, fields: dict[str, str], body: str) -> list[tuple[str, RenderError]]:
    problem = check(source)
    return [] if problem is None else [(fields.get(problem.part, body), problem)]


def unknown_names(text: str) -> list[str]:
    """Top-level names `text` reads that no render provides (`{{ coupon }}` rather than
    `{{ journey.coupon }}`), sorted; empty when it does not parse (render_problems says why)."""
    try:
        used = meta.find_undeclared_variables(parse(text))
    except (TemplateSyntaxError, RecursionError):
        return []
    return sorted(used - CONTEXT_NAMES)


def _present(*fields: tuple[str, str | None]) -> list[tuple[str, str]]:
    return [(path, text) for path, text in fields if text is not None]
