"""Rendering message templates in Jinja2's sandbox, strictly: a missing variable is an error.

Only the sandboxed environment is used (Jinja2 ≥ 3.1.6), bounded (app.templating.sandbox:
output, steps, memory and time). `StrictUndefined` makes any use of a missing variable
fail, so a message is either rendered whole or not at all; the error names the variable,
the part (subject, HTML, text) and the line.

Layouts are templates of channel `layout`: an email or letter body says
`{% extends "layout_name" %}` and fills its blocks.

This module is pure (Jinja2, nh3; no database), so that journey validation
(app.engine.templates_check) checks a step's texts with the very functions that send
them: `inline_source` and `render` here.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
from jinja2 import (
    BaseLoader,
    ChainableUndefined,
    DictLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.utils import missing

from app.templating.sandbox import BoundedSandbox, TemplateLimitError, bounded

# Parts whose output is HTML get autoescaping; plain text, subjects and SMS do not.
HTML_PARTS: Final = frozenset({"html"})
_CURRENCY_SYMBOLS: Final = {"GBP": "£", "EUR": "€", "USD": "$"}
# `money` takes amounts, not essays: a longer "number" is refused before Decimal parses it.
_MAX_AMOUNT_CHARS: Final = 40

# What went wrong: `syntax` (does not compile), `limit` (past app.templating.sandbox.LIMITS),
# `forbidden` (the sandbox refused), `data` (this contact's values: a missing variable,
# a filter given the wrong kind of value). Only `data` can depend on who it is sent to.
ErrorKind = Literal["syntax", "limit", "forbidden", "data"]


class RenderError(Exception):
    """A template could not be rendered; `part` and `line` say where, `kind` what."""

    def __init__(
        self, part: str, message: str, line: int | None = None, kind: ErrorKind = "data"
    ) -> None:
        where = f"{part}, line {line}" if line else part
        super().__init__(f"{where}: {message}")
        self.part = part
        self.message = message
        self.line = line
        self.kind: ErrorKind = kind


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


class _ProbeUndefined(ChainableUndefined):
    """A missing value while probing (any contact's data could be missing): empty, and
    chainable. What the sandbox refuses is refused at once, as sending would."""

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        if exc is SecurityError:
            raise SecurityError(hint or f"“{name}” is not allowed")
        super().__init__(hint, obj, name, exc)


@dataclass(frozen=True, slots=True)
class Environments:
    """HTML parts autoescape what they print; text parts (subject, SMS) print it as is."""

    html: BoundedSandbox
    text: BoundedSandbox


def build_environment(
    layouts: Mapping[str, str], timezone: str, *, probe: bool = False
) -> Environments:
    """Sandboxes whose `date` filter shows times in `timezone` and whose loader has the layouts.

    `probe` makes missing values empty instead of errors (checking a text before any
    contact is known). The same layouts and time zone give the same (cached) sandboxes,
    so what they compiled is compiled once, not once per message: never change one
    after it is built.
    """
    return _environments(tuple(sorted(layouts.items())), timezone, probe)


@functools.lru_cache(maxsize=64)
def _environments(layouts: tuple[tuple[str, str], ...], timezone: str, probe: bool) -> Environments:
    zone = _zone(timezone)

    def format_date(value: Any, fmt: str = "%d %B %Y") -> str:
        moment = _to_datetime(value)
        if isinstance(moment, datetime):
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        return moment.strftime(fmt)

    def format_money(value: Any, currency: str = "GBP") -> str:
        text = str(value)
        try:
            if len(text) > _MAX_AMOUNT_CHARS:
                raise InvalidOperation
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(f"{value!r} is not an amount") from error
        symbol = _CURRENCY_SYMBOLS.get(currency.upper())
        text = f"{abs(amount):,.2f}"
        sign = "-" if amount < 0 else ""
        return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency.upper()}"

    def sandbox(autoescape: bool) -> BoundedSandbox:
        loader: BaseLoader = DictLoader(dict(layouts))
        env = BoundedSandbox(
            undefined=_ProbeUndefined if probe else StrictUndefined,
            loader=loader,
            autoescape=autoescape,
        )
        env.filters["date"] = format_date
        env.filters["money"] = format_money
        env.bound_filters()
        return env

    return Environments(html=sandbox(autoescape=True), text=sandbox(autoescape=False))


@functools.lru_cache(maxsize=1024)
def _compiled(env: BoundedSandbox, source: str) -> Template:
    # Compiling is most of a render's cost; a source that does not compile is not kept.
    return env.from_string(source)


def render_part(  # noqa: PLR0911 - one answer per kind of failure
    envs: Environments, part: str, source: str, variables: Mapping[str, Any]
) -> str:
    """Render one part (subject, html, text…) within the bounds (one budget with the
    other parts of the same message); RenderError says what and where."""
    env = envs.html if part in HTML_PARTS else envs.text
    try:
        with bounded():
            return _compiled(env, source).render(dict(variables))
    except TemplateSyntaxError as error:
        detail = (error.message or "syntax error").rstrip(".")
        # A syntax error inside a layout names the layout.
        name = f"layout “{error.name}”" if error.name else part
        return _raise(RenderError(name, detail, error.lineno, "syntax"))
    except TemplateLimitError as error:
        return _raise(RenderError(part, str(error), _error_line(error), "limit"))
    except UndefinedError as error:
        return _raise(RenderError(part, _undefined_message(error), _error_line(error)))
    except TemplateNotFound as error:
        return _raise(RenderError(part, f"there is no layout called “{error.name}”"))
    except SecurityError as error:
        message = f"not allowed in a template: {error}"
        return _raise(RenderError(part, message, _error_line(error), "forbidden"))
    except (TemplateError, ValueError, TypeError, ArithmeticError) as error:
        return _raise(RenderError(part, str(error), _error_line(error)))
    except RecursionError:
        return _raise(RenderError(part, "the template is nested too deeply", None, "limit"))


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


# ---- messages: a template's parts, or a step's own text ------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """What to render: the template's texts, or a step's own (inline) texts."""

    channel: str
    subject: str | None = None
    html: str = ""
    text: str = ""
    name: str | None = None
    # A step's own email text: the HTML part is the rendered text, as paragraphs.
    html_from_text: bool = False
    # A step's own letter text: HTML written in the journey, sanitised once rendered.
    sanitise: bool = False


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str | None
    html: str
    text: str


def inline_source(channel: str, subject: str | None, body: str | None) -> Source:
    """A step's own text, as sending renders it.

    Email and SMS bodies are plain text (an email's HTML part shows the rendered text as
    paragraphs); a letter's body is HTML, sanitised after rendering (`sanitise_letter`).
    The text is Jinja as written: nothing is escaped before Jinja parses it.
    """
    text = body or ""
    if channel == "letter":
        return Source(channel, subject, html=text, sanitise=True)
    return Source(channel, subject, text=text, html_from_text=channel == "email")


def text_as_html(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line starts a paragraph, a newline breaks."""
    return "".join(
        f"<p>{html_lib.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p
    )


# What a letter written in a journey step may hold: ammonia's safe defaults (formatting,
# lists, tables, links) without remote images; nothing is fetched when it is printed.
_LETTER_SANITISER: Final = nh3.Cleaner(
    url_schemes={"http", "https", "mailto", "tel", "data"},
    attribute_filter=lambda tag, attribute, value: (
        None if tag == "img" and attribute == "src" and not value.startswith("data:") else value
    ),
)


def sanitise_letter(body: str) -> str:
    """A step's letter HTML with scripts, styles, event handlers, `javascript:` links and
    remote images removed (nh3, the Rust ammonia sanitiser)."""
    return _LETTER_SANITISER.clean(body)


def render(
    source: Source, context: RenderContext, layout_sources: dict[str, str], *, probe: bool = False
) -> Rendered:
    """Render every part of `source` within one budget; RenderError names the part,
    variable and line. `probe` renders with missing values empty (see `check`)."""
    env = build_environment(layout_sources, context.timezone, probe=probe)
    variables = context.variables()
    with bounded():
        subject = (
            render_part(env, "subject", source.subject, variables).strip()
            if source.subject is not None
            else None
        )
        body_html = render_part(env, "html", source.html, variables) if source.html else ""
        body_text = render_part(env, "text", source.text, variables) if source.text else ""
    if source.html_from_text:
        body_html = text_as_html(body_text)
    if source.sanitise:
        body_html = sanitise_letter(body_html)
    if source.channel == "email" and subject is not None and not subject:
        raise RenderError("subject", "the subject is empty")
    if source.channel == "email" and not (body_html.strip() or body_text.strip()):
        raise RenderError("html", "the email has neither HTML nor text")
    if source.channel == "sms" and not body_text.strip():
        raise RenderError("text", "the text message is empty")
    if source.channel == "letter" and not body_html.strip():
        raise RenderError("html", "the letter is empty")
    return Rendered(subject, body_html, body_text)


# ---- checking before saving -----------------------------------------------------------

# Who a text is checked against before any contact is known: missing values are empty.
_PROBE: Final = RenderContext(
    contact={"name": "Sam Sample", "first_name": "Sam", "last_name": "Sample"},
    event={},
    object={},
    journey={},
    now=datetime(2026, 1, 1, tzinfo=UTC),
    extra={"unsubscribe_url": "https://example.com/unsubscribe"},
)


def check(source: Source, layout_sources: Mapping[str, str] | None = None) -> RenderError | None:
    """Why `source` can never be sent, or None: it does not compile, or rendering it for
    a contact with no data goes past the bounds or uses what the sandbox refuses. It is
    rendered by `render`, the function that sends it. What depends on the contact's data
    (a missing value, a date that is not one) is left to sending.
    """
    return _check(source, tuple(sorted((layout_sources or {}).items())))


@functools.lru_cache(maxsize=4096)
def _check(source: Source, layouts: tuple[tuple[str, str], ...]) -> RenderError | None:
    try:
        render(source, _PROBE, dict(layouts), probe=True)
    except RenderError as error:
        return None if error.kind == "data" else error
    return None


def check_part(
    text: str, part: str = "text", layout_sources: Mapping[str, str] | None = None
) -> RenderError | None:
    """`check` for one text rendered on its own: a template's subject, HTML or text, a
    job title, a webhook body… (`part` "html" is HTML, anything else plain text)."""
    if part == "subject":
        source = Source("text", subject=text)
    elif part in HTML_PARTS:
        source = Source("text", html=text)
    else:
        source = Source("text", text=text)
    return check(source, layout_sources)


def parse(text: str) -> nodes.Template:
    """The syntax tree of `text` as the senders' sandbox parses it."""
    return build_environment({}, "UTC").text.parse(text)
