"""Template text must compile: parse it (never render it) with Jinja2's sandbox.

Jinja2 is pure Python, so the engine may import it. Only the sandboxed environment is
used anywhere in Waymark (Jinja2 ≥ 3.1.6 carries the sandbox-escape fixes).
"""

from __future__ import annotations

from typing import Final, assert_never

from jinja2 import TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

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

# Built once: parsing needs no loader, and the sandbox is the only environment we use.
_ENV: Final = SandboxedEnvironment(autoescape=True)

# The names a step's text can use (app.channels.templating.RenderContext): everything
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


def syntax_error(text: str) -> str | None:
    """A marketer-readable description of the first syntax error in `text`, or None."""
    try:
        _ENV.parse(text)
    except TemplateSyntaxError as error:
        detail = (error.message or "syntax error").rstrip(".")
        return f"line {error.lineno}: {detail}"
    except RecursionError:
        return "the template is nested too deeply"
    return None


def unknown_names(text: str) -> list[str]:
    """Top-level names `text` reads that no render provides (`{{ coupon }}` rather than
    `{{ journey.coupon }}`), sorted; empty when it does not parse (syntax_error says why)."""
    try:
        used = meta.find_undeclared_variables(_ENV.parse(text))
    except (TemplateSyntaxError, RecursionError):
        return []
    return sorted(used - CONTEXT_NAMES)


def _present(*fields: tuple[str, str | None]) -> list[tuple[str, str]]:
    return [(path, text) for path, text in fields if text is not None]
