"""Rendering message templates in Jinja2's sandbox, strictly: a missing variable is an error.

Only the sandboxed environment is used (Jinja2 ≥ 3.1.6). `StrictUndefined` makes any use
of a missing variable fail, so a message is either rendered whole or not at all; the
error names the variable, the part (subject, HTML, text) and the line.

Layouts are templates of channel `layout`: an email or letter body says
`{% extends "layout_name" %}` and fills its blocks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import (
    BaseLoader,
    DictLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

# Parts whose output is HTML get autoescaping; plain text, subjects and SMS do not.
HTML_PARTS: Final = frozenset({"html"})
_CURRENCY_SYMBOLS: Final = {"GBP": "£", "EUR": "€", "USD": "$"}


class RenderError(Exception):
    """A template could not be rendered; `part` and `line` say where."""

    def __init__(self, part: str, message: str, line: int | None = None) -> None:
        where = f"{part}, line {line}" if line else part
        super().__init__(f"{where}: {message}")
        self.part = part
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a template sees: contact, event, object, journey variables (and `now`)."""

    contact: Mapping[str, Any]
    event: Mapping[str, Any]
    object: Mapping[str, Any]
    journey: Mapping[str, Any]
    timezone: str = "UTC"
    now: datetime | None = None
    # Channel extras, e.g. `unsubscribe_url` for emails.
    extra: Mapping[str, Any] | None = None

    def variables(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "contact": dict(self.contact),
            "event": dict(self.event),
            "object": dict(self.object),
            "journey": dict(self.journey),
            "now": self.now or datetime.now(UTC),
        }
        values.update(self.extra or {})
        return values


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _to_datetime(value: Any) -> datetime | date:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"“{value}” is not a date") from error
        # A plain date ("1990-05-17") stays a date: it has no time zone to convert.
        return parsed.date() if len(value) <= 10 else parsed
    raise ValueError(f"{value!r} is not a date")


@dataclass(frozen=True, slots=True)
class Environments:
    """HTML parts autoescape what they print; text parts (subject, SMS) print it as is."""

    html: SandboxedEnvironment
    text: SandboxedEnvironment


def build_environment(layouts: Mapping[str, str], timezone: str) -> Environments:
    """Sandboxes whose `date` filter shows times in `timezone` and whose loader has the layouts.

    The same layouts and time zone give the same (cached) sandboxes, so what they compiled
    is compiled once, not once per message: never change one after it is built.
    """
    return _environments(tuple(sorted(layouts.items())), timezone)


@functools.lru_cache(maxsize=64)
def _environments(layouts: tuple[tuple[str, str], ...], timezone: str) -> Environments:
    zone = _zone(timezone)

    def format_date(value: Any, fmt: str = "%d %B %Y") -> str:
        moment = _to_datetime(value)
        if isinstance(moment, datetime):
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        return moment.strftime(fmt)

    def format_money(value: Any, currency: str = "GBP") -> str:
        try:
            amount = Decimal(str(value))
        except InvalidOperation as error:
            raise ValueError(f"{value!r} is not an amount") from error
        symbol = _CURRENCY_SYMBOLS.get(currency.upper())
        text = f"{abs(amount):,.2f}"
        sign = "-" if amount < 0 else ""
        return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency.upper()}"

    def sandbox(autoescape: bool) -> SandboxedEnvironment:
        loader: BaseLoader = DictLoader(dict(layouts))
        env = SandboxedEnvironment(undefined=StrictUndefined, loader=loader, autoescape=autoescape)
        env.filters["date"] = format_date
        env.filters["money"] = format_money
        return env

    return Environments(html=sandbox(autoescape=True), text=sandbox(autoescape=False))


@functools.lru_cache(maxsize=1024)
def _compiled(env: SandboxedEnvironment, source: str) -> Template:
    # Compiling is most of a render's cost; a source that does not compile is not kept.
    return env.from_string(source)


def render_part(  # noqa: PLR0911 - one answer per kind of failure
    envs: Environments, part: str, source: str, variables: Mapping[str, Any]
) -> str:
    """Render one part (subject, html, text…); RenderError says what and where."""
    env = envs.html if part in HTML_PARTS else envs.text
    try:
        return _compiled(env, source).render(dict(variables))
    except TemplateSyntaxError as error:
        detail = (error.message or "syntax error").rstrip(".")
        # A syntax error inside a layout names the layout.
        name = f"layout “{error.name}”" if error.name else part
        return _raise(RenderError(name, detail, error.lineno))
    except UndefinedError as error:
        return _raise(RenderError(part, _undefined_message(error), _error_line(error)))
    except TemplateNotFound as error:
        return _raise(RenderError(part, f"there is no layout called “{error.name}”"))
    except SecurityError as error:
        return _raise(RenderError(part, f"not allowed in a template: {error}"))
    except (TemplateError, ValueError, TypeError, ArithmeticError) as error:
        return _raise(RenderError(part, str(error), _error_line(error)))
    except RecursionError:
        return _raise(RenderError(part, "the template is nested too deeply"))


def _raise(error: RenderError) -> str:
    raise error


def _undefined_message(error: UndefinedError) -> str:
    # Jinja says "'dict object' has no attribute 'nickname'" or "'nickname' is undefined".
    message = error.message or "a variable is missing"
    found = re.search(r"has no attribute '([^']+)'", message)
    if found:
        return f"missing variable “{found.group(1)}” ({message})"
    found = re.search(r"'([^']+)' is undefined", message)
    if found:
        return f"missing variable “{found.group(1)}”"
    return message


def _error_line(error: BaseException) -> int | None:
    """The template line of an error raised while rendering (Jinja rewrites the traceback)."""
    tb = error.__traceback__
    line: int | None = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def variable_names(context: RenderContext) -> list[str]:
    """Dotted names a template can use, for the editor's variable picker."""
    names: list[str] = []
    for root in ("contact", "event", "object", "journey"):
        values = getattr(context, root)
        names.extend(f"{root}.{key}" for key in sorted(values) if _is_identifier(key))
    names.extend(sorted((context.extra or {}).keys()))
    return names


def _is_identifier(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier()
