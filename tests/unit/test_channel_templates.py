"""Template rendering in the sandbox, the filters, and signed tracking links (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.channels.email import message_id
from app.channels.rendering import Source, inline_source, render
from app.channels.tracking import BadTokenError, Links, sign, verify
from app.templating.render import RenderContext, RenderError, build_environment, render_part

CONTEXT = RenderContext(
    contact={"name": "Ada Lovelace", "first_name": "Ada", "birthday": "1990-05-17"},
    event={"total": "1234.5", "at": "2026-03-02T23:30:00+00:00", "html": "<b>x</b>"},
    object={"number": "A-1"},
    journey={"coupon": "SAVE10"},
    timezone="Asia/Tokyo",
    now=datetime(2026, 3, 2, tzinfo=UTC),
)
LAYOUTS = {"base": "<html><body>{% block content %}{% endblock %}</body></html>"}


def _render(text: str, part: str = "text") -> str:
    return render_part(
        build_environment(LAYOUTS, CONTEXT.timezone), part, text, CONTEXT.variables()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ contact.first_name }} {{ object.number }} {{ journey.coupon }}", "Ada A-1 SAVE10"),
        ("{{ event.total | money }}", "£1,234.50"),
        ("{{ event.total | money('USD') }}", "$1,234.50"),
        ("{{ -5 | money('CHF') }}", "-5.00 CHF"),
        # 23:30 UTC is the next morning in Tokyo: dates show in the contact's zone.
        ("{{ event.at | date('%d %b %H:%M') }}", "03 Mar 08:30"),
        ("{{ contact.birthday | date }}", "17 May 1990"),
        ("{{ contact.nickname | default('friend') }}", "friend"),
    ],
)
def test_templates_render_their_context_with_filters(text: str, expected: str) -> None:
    assert _render(text) == expected


def test_html_parts_escape_what_they_print_and_text_parts_do_not() -> None:
    assert _render("{{ event.html }}", "html") == "&lt;b&gt;x&lt;/b&gt;"
    assert _render("{{ event.html }}", "text") == "<b>x</b>"


def test_a_layout_wraps_the_body() -> None:
    body = '{% extends "base" %}{% block content %}Hi {{ contact.first_name }}{% endblock %}'
    assert _render(body, "html") == "<html><body>Hi Ada</body></html>"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Hello\n\n{{ contact.nickname }}", "missing variable “nickname”", 3),
        ("{{ missing }}", "missing variable “missing”", 1),
        ("one\n{% if %}", "Expected an expression", 2),
        ("{{ 'x' | date }}", "“x” is not a date", 1),
        ('{% extends "nope" %}', "there is no layout called “nope”", None),
        ("{{ contact.__class__.__mro__ }}", "not allowed in a template", 1),
    ],
)
def test_a_failure_names_what_and_where(text: str, message: str, line: int | None) -> None:
    with pytest.raises(RenderError) as raised:
        _render(text)
    assert message in raised.value.message
    assert raised.value.line == line
    assert raised.value.part == "text"


def test_a_message_renders_every_part_or_fails_whole() -> None:
    good = Source("email", "Hi {{ contact.first_name }}", "<p>{{ journey.coupon }}</p>", "")
    rendered = render(good, CONTEXT, LAYOUTS)
    assert (rendered.subject, rendered.html) == ("Hi Ada", "<p>SAVE10</p>")
    bad = Source("email", "Hi", "<p>ok</p>", "{{ event.nope }}")
    with pytest.raises(RenderError, match="text, line 1: missing variable “nope”"):
        render(bad, CONTEXT, LAYOUTS)
    with pytest.raises(RenderError, match="empty"):
        render(Source("sms", text="  {{ '' }} "), CONTEXT, LAYOUTS)


def test_an_inline_email_text_is_jinja_as_written_and_its_html_part_is_the_text_escaped() -> None:
    body = (
        'Hi {{ contact.nickname | default("friend") }} <you>\n\n'
        "{% if event.total | float > 1 %}Big & bold{% endif %}\nline two"
    )
    source = inline_source("email", "S", body)
    assert source.text == body  # nothing escaped before Jinja parses it
    rendered = render(source, CONTEXT, {})
    assert rendered.text == "Hi friend <you>\n\nBig & bold\nline two"
    assert rendered.html == "<p>Hi friend &lt;you&gt;</p><p>Big &amp; bold<br>line two</p>"
    # A value that holds markup is text in the HTML part, never markup.
    html = render(inline_source("email", "S", "{{ event.html }}"), CONTEXT, {}).html
    assert html == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_an_inline_letter_is_html_sanitised_once_rendered() -> None:
    body = (
        "<p><strong>Hello {{ contact.first_name }}</strong> {{ event.html }}</p>"
        "<script>alert(1)</script><style>p { color: red }</style>"
        '<img src="http://127.0.0.1:9/track.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">click</a> <a href="https://shop.example/">shop</a>'
    )
    html = render(inline_source("letter", None, body), CONTEXT, {}).html
    assert "<p><strong>Hello Ada</strong> &lt;b&gt;x&lt;/b&gt;</p>" in html
    for gone in ("script", "alert", "style", "http://127.0.0.1", "onerror", "javascript"):
        assert gone not in html
    assert '<a href="https://shop.example/" rel="noopener noreferrer">shop</a>' in html


def test_tokens_verify_only_unaltered_and_for_their_purpose() -> None:
    token = sign("k" * 20, "click", "e:n:1", "https://a.example/x")
    payload = verify("k" * 20, token, "click")
    assert (payload.k, payload.u) == ("e:n:1", "https://a.example/x")
    with pytest.raises(BadTokenError):
        verify("other-secret-key!!", token, "click")
    with pytest.raises(BadTokenError):
        verify("k" * 20, token, "unsubscribe")
    body, _, signature = token.partition(".")
    with pytest.raises(BadTokenError):
        verify("k" * 20, f"{body}x.{signature}", "click")


def test_links_are_rewritten_through_the_redirect_and_a_pixel_is_added() -> None:
    links = Links("https://app.example", "k" * 20, "e:n:1")
    html = (
        '<body><a href="https://shop.example/?a=1&amp;b=2">x</a><a href="mailto:a@b">m</a></body>'
    )
    tracked = links.track_html(html)
    assert "https://shop.example" not in tracked
    assert 'href="mailto:a@b"' in tracked
    assert tracked.index("/t/o/") < tracked.index("</body>")
    token = tracked.split("/t/c/")[1].split('"')[0]
    assert verify("k" * 20, token, "click").u == "https://shop.example/?a=1&b=2"


def test_the_message_id_is_the_same_for_the_same_key() -> None:
    first = message_id("enr:node:1", "Shop <hello@shop.example>")
    assert first == message_id("enr:node:1", "hello@shop.example")
    assert first.endswith("@shop.example>")
    assert first != message_id("enr:node:2", "hello@shop.example")
