"""Templates cannot run long or grow memory: every attack is refused or stopped within
app.templating.sandbox.LIMITS (documented in docs/channels-api.md), measured here; and what
cannot render within them is refused before it is saved (`check`)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime

import pytest

from app.templating.render import (
    RenderContext,
    RenderError,
    Source,
    check_part,
    inline_source,
    render,
)
from app.templating.sandbox import LIMITS

CONTEXT = RenderContext(
    contact={"first_name": "Ada", "orders": [{"number": f"A-{i}"} for i in range(2000)]},
    event={"total": "12.50"},
    object={},
    journey={},
    now=datetime(2026, 3, 2, tzinfo=UTC),
)

# Generous ceilings: the limits are 1 s of the rendering thread's CPU time (so a busy
# machine does not change what is measured) and about 10 million characters made in all.
CPU_SECONDS: float = LIMITS.seconds + 2
PEAK_BYTES: int = 100 * 2**20

ATTACKS: dict[str, str] = {
    # Big multiplications, with 10**9 spelt every way.
    "string times 10**8": "{{ 'a' * 10**8 }}",
    "string times (10**9)": "{{ 'a' * (10**9) }}",
    "repeated repetition": "{{ (('a' * 1000) * 1000) * 1000 }}",
    "list times 10**9": "{{ [1, 2] * 10**9 }}",
    "number times string": "{{ 10**9 * 'a' }}",
    "huge power": "{{ 7 ** 999999999 }}",
    "power tower": "{{ 2 ** (2 ** 20) }}",
    "% format of a big value": "{{ '%s%s' % ('a' * 999999, 'b' * 999999) }}",
    "% format width": "{{ '%999999999s' % 'a' }}",
    "% star width": "{{ '%*s' % (999999999, 'a') }}",
    "format method width": "{{ '{:>999999999}'.format('a') }}",
    "format method precision": "{{ '{:.999999999f}'.format(1.5) }}",
    "format filter": "{{ '%999999999s' | format('a') }}",
    "join over a huge range": "{{ range(10**9) | join(',') }}",
    "join of big items": "{{ range(100000) | map('string') | join('x' * 1000) }}",
    "join method": "{{ ('x' * 100).join(['y' * 999999, 'z']) }}",
    "wordwrap": "{{ ('a ' * 400000) | wordwrap(1, wrapstring='x' * 1000) }}",
    "center 10**9": "{{ 'a' | center(10**9) }}",
    "center literal": "{{ 'a' | center(1000000000) }}",
    "indent": "{{ ('a\n' * 300000) | indent(1000) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "replace grows": "{{ ('a' * 100000) | replace('a', 'b' * 1000) }}",
    "range list": "{{ range(10**9) | list }}",
    "range list, literal": "{{ range(1000000000) | list }}",
    "batch fill": "{{ [1] | batch(10**9, 'x') | list }}",
    "nested loops": (
        "{% for i in range(3000) %}{% for j in range(3000) %}{% endfor %}{% endfor %}"
    ),
    "nested loops printing": "{% for i in range(3000) %}{% for j in range(3000) %}x{% endfor %}"
    "{% endfor %}",
    "macro calling itself twice": "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}"
    "{% endif %}{% endmacro %}{{ f(0) }}",
    "macro recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "for over a million characters": "{% for c in 'x' * 10**6 %}{% endfor %}",
    "filtered loop": "{% for c in 'x' * 999999 if c == 'y' %}{% endfor %}",
    "recursive loop": "{% for x in [[1] * 99999] * 9 recursive %}{{ loop(x) }}{% endfor %}",
    "list kept growing": "{% set ns = namespace(l=[]) %}{% for i in range(99999) %}"
    "{% set _ = ns.l.append('x' * 999999) %}{% endfor %}",
    "list doubling": "{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}"
    "{% endfor %}",
    "printing aliases": "{% set a = 'x' * 999999 %}{{ [a, a, a, a, a] }}",
    "captured blocks": "{% set a = 'x' * 999999 %}{% for i in range(1000) %}{% set b %}{{ a }}"
    "{{ a }}{% endset %}{% endfor %}",
    "static text in a loop": "{% for i in range(100000) %}" + "y" * 10_000 + "{% endfor %}",
    "tilde join": "{% set a = 'x' * 999999 %}{{ a ~ a ~ a }}",
    "tojson indent": "{{ range(99999) | list | tojson(indent=999999) }}",
    "strftime": "{{ now.strftime('%c' * 400000) }}",
    "date filter format": "{{ now | date('%c' * 400000) }}",
    "sum of lists": "{{ ([[1] * 1000] * 1000) | sum(start=[]) }}",
}


def _render(text: str) -> RenderError:
    with pytest.raises(RenderError) as raised:
        render(Source("sms", text=text), CONTEXT, {})
    return raised.value


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_an_attack_is_stopped_within_the_limits_in_time_and_memory(text: str) -> None:
    started = time.thread_time()
    error = _render(text)
    cpu = time.thread_time() - started
    tracemalloc.start()
    try:
        _render(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert error.kind in ("limit", "forbidden"), error
    assert cpu < CPU_SECONDS, f"{cpu:.2f} s of CPU"
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MiB at the peak"


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_what_cannot_render_within_the_limits_is_refused_before_it_is_saved(text: str) -> None:
    problem = check_part(text)
    assert problem is not None
    assert problem.kind in ("limit", "forbidden")
    assert problem.part == "text"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Hi\n{{ 'a' * 10**9 }}", "a repetition would make 1,000,000,000 characters", 2),
        ("{{ range(10**9) | list }}", "range() of 1,000,000,000 numbers is too long", 1),
        (
            "{% for i in range(3000) %}\n{% for j in range(3000) %}{% endfor %}{% endfor %}",
            f"more than {LIMITS.steps:,} steps",
            2,
        ),
        ("{{ 'a' | center(10**9) }}", "the “center” filter would make", 1),
        ("{{ 'x'.translate({}) }}", "“str.translate” is not allowed", 1),
        ("{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}", "prints more than", 1),
    ],
)
def test_a_refusal_says_which_limit_and_where(text: str, message: str, line: int) -> None:
    error = _render(text)
    assert message in error.message
    assert error.line == line


def test_one_budget_covers_every_part_of_a_message() -> None:
    # A loop round is two steps (the item, the body): each part takes 40% of the budget.
    part = "{% for i in range(" + str(LIMITS.steps // 5) + ") %}{% endfor %}"
    render(Source("email", subject="S", html=part, text=part + "x"), CONTEXT, {})
    with pytest.raises(RenderError, match="steps") as raised:
        render(Source("email", subject=part, html=part, text=part), CONTEXT, {})
    assert raised.value.part == "text"  # the third part went past what all three share


def test_ordinary_templates_render_well_within_the_limits() -> None:
    rows = (
        "<table>{% for order in contact.orders %}<tr><td>{{ loop.index }}</td>"
        "<td>{{ order.number | upper }}</td><td>{{ '%05.2f' % 1.5 }}</td>"
        "<td>{{ '{:>8}'.format(order.number) }}</td></tr>{% endfor %}</table>"
        "{{ contact.orders | map(attribute='number') | join(', ') | truncate(40) }}"
        "{{ range(10) | sum }} {{ 'a-b' | replace('-', ' & ') }} {{ ['x'] * 3 }}"
        "{{ contact.first_name.center(9, '*') }} {{ ('ab' * 3).split('b') | length }}"
        "{% set ns = namespace(items=[]) %}{% for i in range(500) %}"
        "{% set _ = ns.items.append(i) %}{% endfor %}{{ ns.items | length }}"
        "{{ {'a': 1}.items() | list }} {{ now.strftime('%Y') }} {{ event.total | money }}"
    )
    html = render(Source("letter", html=rows), CONTEXT, {}).html  # within the CPU deadline
    assert html.count("<tr>") == 2000
    assert "<td>2000</td><td>A-1999</td><td>01.50</td><td>  A-1999</td>" in html
    assert "A-0, A-1, A-2" in html
    assert "45 a &amp; b [&#39;x&#39;, &#39;x&#39;, &#39;x&#39;]***Ada*** 4500" in html
    assert "[(&#39;a&#39;, 1)] 2026 £12.50" in html
    assert check_part(rows, "html") is None


def test_a_check_leaves_to_sending_what_depends_on_the_contact() -> None:
    # No contact has these yet: whether they render depends on who it is sent to.
    assert check_part("{{ contact.nickname }} {{ event.at | date }}") is None
    assert check_part("{% for o in contact.orders %}{{ o.total | money }}{% endfor %}") is None
    assert check_part("{% if contact.vip %}{{ journey.code }}{% endif %}") is None
    # What can never render is refused: it does not compile, or the sandbox refuses it.
    broken = check_part("Hi\n{% if %}")
    assert broken is not None
    assert (broken.kind, broken.line) == ("syntax", 2)
    unsafe = check_part("{{ contact.__class__.__mro__ }}")
    assert unsafe is not None
    assert unsafe.kind == "forbidden"


def test_inline_texts_are_checked_as_they_are_sent() -> None:
    email = inline_source("email", 'Hi {{ contact.first_name | default("friend") }}', "x")
    assert check_part(email.subject or "", "subject") is None
    letter = inline_source("letter", None, "<p>{{ 'a' * 10**9 }}</p>")
    error = _render_source(letter)
    assert (error.kind, error.part) == ("limit", "html")


def _render_source(source: Source) -> RenderError:
    with pytest.raises(RenderError) as raised:
        render(source, CONTEXT, {})
    return raised.value
