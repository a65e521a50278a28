"""The canvas's variable picker inserts these forms (frontend/src/components/template-editor/
variable-snippet.ts): each renders in the sandbox, with and without the value."""

from __future__ import annotations

import pytest

from app.templating.render import RenderContext, build_environment, render_part

FULL = RenderContext(
    contact={"first_name": "Ada"},
    event={"total": "80", "at": "2026-03-02T09:30:00+00:00"},
    object={},
    journey={},
    timezone="UTC",
)
EMPTY = RenderContext(contact={"first_name": ""}, event={}, object={}, journey={}, timezone="UTC")


def _render(text: str, context: RenderContext) -> str:
    environment = build_environment({}, context.timezone)
    return render_part(environment, "text", text, context.variables())


@pytest.mark.parametrize(
    ("snippet", "full", "empty"),
    [
        ('{{ contact.first_name | default("there", true) }}', "Ada", "there"),
        (
            '{% if event.total is defined and event.total %}{{ event.total | money("EUR") }}'
            '{% else %}{{ "100% free" }}{% endif %}',
            "€80.00",
            "100% free",
        ),
        (
            '{% if event.at is defined and event.at %}{{ event.at | date("%d %B %Y") }}'
            "{% else %}soon{% endif %}",
            "02 March 2026",
            "soon",
        ),
        ('{{ contact.first_name | default("my \\"friend\\"", true) }}', "Ada", 'my "friend"'),
    ],
)
def test_picked_variables_render_with_and_without_a_value(
    snippet: str, full: str, empty: str
) -> None:
    assert _render(snippet, FULL) == full
    assert _render(snippet, EMPTY) == empty
