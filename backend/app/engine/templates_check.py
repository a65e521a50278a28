"""A step's texts must be sendable: checked by the very functions that send them.

app.templating.render is pure (Jinja2's bounded sandbox and nh3; no database), so
the engine may import it: a step's message text is built with `inline_source` and
rendered with `render`, exactly as the sender does, for a contact with no data
(`check`). What does not compile, goes past the sandbox's bounds or uses what the
sandbox refuses can never be sent and is an error; what depends on the contact's data
is left to sending.
"""

from __future__ import annotations

from typing import Final

from jinja2 import TemplateSyntaxError, meta

from app.engine.definition import Node
from app.templating.render import RenderError, check, check_part, inline_source, parse

# The names a step's text can use (app.templating.render.RenderContext): everything
# else is undefined when it renders, and the strict renderer refuses to send it.
CONTEXT_NAMES: Final = frozenset(
    {"contact", "event", "object", "journey", "now", "unsubscribe_url"}
)


def render_problems(node: Node) -> list[tuple[str, RenderError]]:
    """(field path, why) for each of the node's texts that can never be sent."""
    message = node.inline_message()
    if message is not None:
        problem = check(inline_source(message.channel, message.subject, message.body))
        if problem is None:
            return []
        where = message.subject_field if problem.part == "subject" else None
        return [(where or message.body_field, problem)]
    # Texts rendered on their own (a job title, a webhook body, a subject that overrides
    # its template's): plain text, the subject as a subject.
    problems = (
        (where, check_part(text, "subject" if where == "config.subject" else "text"))
        for where, text in node.texts()
    )
    return [(where, problem) for where, problem in problems if problem is not None]


def unknown_names(text: str) -> list[str]:
    """Top-level names `text` reads that no render provides (`{{ coupon }}` rather than
    `{{ journey.coupon }}`), sorted; empty when it does not parse (render_problems says why)."""
    try:
        used = meta.find_undeclared_variables(parse(text))
    except (TemplateSyntaxError, RecursionError):
        return []
    return sorted(used - CONTEXT_NAMES)
