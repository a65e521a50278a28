"""One test per validation rule: each fails when its rule stops being enforced."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from app.engine.definition import MAX_NODES, JourneyDefinition, JourneySettings
from app.engine.primitives import Duration
from app.engine.problems import Problem, has_errors
from app.engine.validation import validate, validate_document
from tests.unit.journey_samples import CATALOG, GROUP, edge, journey, node, simple


def codes(problems: list[Problem]) -> list[str]:
    return [problem.code for problem in problems]


def only(problems: list[Problem], code: str) -> list[Problem]:
    return [problem for problem in problems if problem.code == code]


def test_a_valid_journey_has_no_problems() -> None:
    assert validate(simple(), CATALOG) == []


def _wait_loop() -> JourneyDefinition:
    return journey(
        [
            node("trigger.event", "t"),
            node("action.send_email", "mail"),
            node("flow.wait_duration", "wait"),
        ],
        [edge("t", "next", "mail"), edge("mail", "next", "wait"), edge("wait", "next", "mail")],
    )


def test_a_loop_through_a_wait_is_fine() -> None:
    assert validate(_wait_loop(), CATALOG) == []


def test_a_loop_through_a_job_is_fine() -> None:
    definition = journey(
        [node("trigger.event", "t"), node("action.create_job", "job"), node("flow.end", "end")],
        [edge("t", "next", "job"), edge("job", "done", "end"), edge("job", "failed", "job")],
    )
    assert validate(definition, CATALOG) == []


# (name, definition, expected code, node id, edge id, handle)
RuleCase = tuple[str, JourneyDefinition, str, str | None, str | None, str | None]
RULES: list[RuleCase] = [
    (
        "no trigger",
        journey(
            [node("action.send_email", "mail"), node("flow.end", "end")],
            [edge("mail", "next", "end")],
        ),
        "no_trigger",
        None,
        None,
        None,
    ),
    (
        "dangling edge",
        journey([*simple().nodes], [*simple().edges, edge("end", "next", "ghost", "e9")]),
        "dangling_edge",
        "end",
        "e9",
        None,
    ),
    (
        "exit the node does not have",
        journey(
            [node("trigger.event", "t"), node("flow.condition", "c"), node("flow.end", "end")],
            [
                edge("t", "next", "c"),
                edge("c", "yes", "end"),
                edge("c", "no", "end"),
                edge("c", "maybe", "end", "e9"),
            ],
        ),
        "unknown_exit",
        "c",
        "e9",
        "maybe",
    ),
    (
        "terminal node has no exit",
        journey([*simple().nodes], [*simple().edges, edge("end", "next", "mail", "e9")]),
        "unknown_exit",
        "end",
        "e9",
        "next",
    ),
    (
        "branch exit not connected",
        journey(
            [node("trigger.event", "t"), node("flow.condition", "c"), node("flow.end", "end")],
            [edge("t", "next", "c"), edge("c", "yes", "end")],
        ),
        "exit_not_connected",
        "c",
        None,
        "no",
    ),
    (
        "job outcome not connected",
        journey(
            [node("trigger.event", "t"), node("action.create_job", "job"), node("flow.end", "e")],
            [edge("t", "next", "job"), edge("job", "done", "e")],
        ),
        "exit_not_connected",
        "job",
        None,
        "failed",
    ),
    (
        "two edges from one exit",
        journey(
            [*simple().nodes, node("flow.end", "end2")],
            [*simple().edges, edge("mail", "next", "end2", "e9")],
        ),
        "exit_used_twice",
        "mail",
        "e9",
        "next",
    ),
    (
        "unreachable node",
        journey([*simple().nodes, node("flow.end", "lost")], [*simple().edges]),
        "unreachable_node",
        "lost",
        None,
        None,
    ),
    (
        "loop with no wait",
        journey(
            [
                node("trigger.event", "t"),
                node("action.send_email", "a"),
                node("flow.condition", "b"),
                node("flow.end", "end"),
            ],
            [
                edge("t", "next", "a"),
                edge("a", "next", "b"),
                edge("b", "yes", "a"),
                edge("b", "no", "end"),
            ],
        ),
        "loop_without_wait",
        "a",
        None,
        None,
    ),
    (
        "join with one input",
        journey(
            [node("trigger.event", "t"), node("flow.join", "j"), node("flow.end", "end")],
            [edge("t", "next", "j"), edge("j", "next", "end")],
        ),
        "join_needs_two_inputs",
        "j",
        None,
        None,
    ),
    (
        "edge into a trigger",
        journey([*simple().nodes], [*simple().edges[:1], edge("mail", "next", "t", "e9")]),
        "edge_into_trigger",
        "t",
        "e9",
        None,
    ),
    (
        "duplicate node id",
        journey([*simple().nodes, node("flow.end", "end")], [*simple().edges]),
        "duplicate_node_id",
        "end",
        None,
        None,
    ),
    (
        "duplicate edge id",
        journey(
            [*simple().nodes],
            [edge("t", "next", "mail", "same"), edge("mail", "next", "end", "same")],
        ),
        "duplicate_edge_id",
        None,
        "same",
        None,
    ),
]


@pytest.mark.parametrize(
    ("definition", "code", "node_id", "edge_id", "handle"),
    [case[1:] for case in RULES],
    ids=[case[0] for case in RULES],
)
def test_graph_rule(
    definition: JourneyDefinition,
    code: str,
    node_id: str | None,
    edge_id: str | None,
    handle: str | None,
) -> None:
    problems = validate(definition, CATALOG)
    found = only(problems, code)
    assert found, codes(problems)
    assert any((p.node_id, p.edge_id, p.handle) == (node_id, edge_id, handle) for p in found), found
    assert all(p.message and p.severity == "error" for p in found)


def _one(kind: str, config: dict[str, Any], exit_: str = "next") -> JourneyDefinition:
    """A journey trigger → the node under test → end, with its `exit_` connected."""
    if kind.startswith("trigger."):
        return journey(
            [node(kind, "x", config), node("flow.end", "end")], [edge("x", exit_, "end")]
        )
    return journey(
        [node("trigger.manual", "t"), node(kind, "x", config), node("flow.end", "end")],
        [edge("t", "next", "x"), edge("x", exit_, "end")],
    )


GROUP_WRONG = {"type": "group", "rules": [{"type": "variable", "variable": "n", "operator": "gt"}]}
# (name, kind, config, exit, expected code, field)
CONFIG_RULES: list[tuple[str, str, dict[str, Any], str, str, str]] = [
    (
        "unknown queue",
        "action.notify_staff",
        {"queue": "nope", "message": "m"},
        "next",
        "unknown_queue",
        "config.queue",
    ),
    (
        "unknown email template",
        "action.send_email",
        {"template": "nope"},
        "next",
        "unknown_email_template",
        "config.template",
    ),
    (
        "unknown sms template",
        "action.send_sms",
        {"template": "nope"},
        "next",
        "unknown_sms_template",
        "config.template",
    ),
    (
        "unknown letter template",
        "action.create_letter",
        {"template": "nope"},
        "next",
        "unknown_letter_template",
        "config.template",
    ),
    (
        "unknown print queue",
        "action.create_letter",
        {"template": "letter", "print_queue": "x"},
        "next",
        "unknown_queue",
        "config.print_queue",
    ),
    (
        "unknown job type",
        "action.create_job",
        {"job_type": "nope", "queue": "sales", "title": "t"},
        "cancelled",
        "unknown_job_type",
        "config.job_type",
    ),
    (
        "unknown segment",
        "trigger.segment_entered",
        {"segment": "nope"},
        "next",
        "unknown_segment",
        "config.segment",
    ),
    (
        "segment in a condition",
        "flow.condition",
        {"condition": {"type": "group", "rules": [{"type": "in_segment", "segment": "nope"}]}},
        "yes",
        "unknown_segment",
        "config.condition.rules[0].segment",
    ),
    (
        "unknown job outcome",
        "trigger.job_status",
        {"job_type": "call", "outcome": "nope"},
        "next",
        "unknown_job_outcome",
        "config.outcome",
    ),
    (
        "template does not compile",
        "action.send_email",
        {"subject": "Hi", "body": "line one\n{% if contact.vip %}no end"},
        "next",
        "template_syntax",
        "config.body",
    ),
    (
        "email text reads a name no render provides",
        "action.send_email",
        {"subject": "Hi", "body": "{% set n = 2 %}{{ n }} off with {{ coupon_code }}"},
        "next",
        "template_variable",
        "config.body",
    ),
    (
        "email text past the render limits",
        "action.send_email",
        {"subject": "Hi", "body": "Hello\n{{ 'a' * 10**9 }}"},
        "next",
        "template_limit",
        "config.body",
    ),
    (
        "email subject past the render limits",
        "action.send_email",
        {"subject": "{% for i in range(10**9) %}{% endfor %}", "body": "Hi"},
        "next",
        "template_limit",
        "config.subject",
    ),
    (
        "letter text past the render limits",
        "action.create_letter",
        {
            "body": "<p>{% for i in range(3000) %}{% for j in range(3000) %}{% endfor %}"
            "{% endfor %}</p>"
        },
        "next",
        "template_limit",
        "config.body",
    ),
    (
        "sms text the sandbox refuses",
        "action.send_sms",
        {"text": "{{ contact.__class__.__mro__ }}"},
        "next",
        "template_forbidden",
        "config.text",
    ),
    (
        "job title past the render limits",
        "action.create_job",
        {"job_type": "call", "queue": "sales", "title": "{{ 'a' | center(10**9) }}"},
        "done",
        "template_limit",
        "config.title",
    ),
    (
        "job title does not compile",
        "action.create_job",
        {"job_type": "call", "queue": "sales", "title": "{{ contact.name "},
        "done",
        "template_syntax",
        "config.title",
    ),
    (
        "email with neither template nor text",
        "action.send_email",
        {},
        "next",
        "invalid_config",
        "config.template",
    ),
    (
        "sms with template and text",
        "action.send_sms",
        {"template": "hello", "text": "x"},
        "next",
        "invalid_config",
        "config.template",
    ),
    (
        "contact update that changes nothing",
        "action.update_contact",
        {},
        "next",
        "invalid_config",
        "config",
    ),
    (
        "value and value_from together",
        "action.update_object",
        {"object_type": "order", "set_fields": [{"field": "a", "value": 1, "value_from": "job.x"}]},
        "next",
        "invalid_config",
        "config.set_fields[0]",
    ),
    (
        "operator needs a value",
        "flow.condition",
        {"condition": GROUP_WRONG},
        "yes",
        "invalid_config",
        "config.condition.rules[0].value",
    ),
    (
        "empty condition group",
        "flow.condition",
        {"condition": {"type": "group"}},
        "yes",
        "invalid_config",
        "config.condition.rules",
    ),
    (
        "switch case called default",
        "flow.switch",
        {"cases": [{"id": "default", "label": "D", "condition": GROUP}]},
        "default",
        "invalid_config",
        "config.cases[0].id",
    ),
    *[
        (
            f"portal message link {link}",
            "action.portal_message",
            {"title": "T", "body": "B", "link": link},
            "next",
            "invalid_config",
            "config.link",
        )
        for link in (
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example",
        )
    ],
    (
        "event trigger source twice",
        "trigger.event",
        {"event_name": "order.placed", "sources": ["track", "api", "track"]},
        "next",
        "invalid_config",
        "config.sources",
    ),
    (
        "split branch ids twice",
        "flow.parallel_split",
        {"branches": [{"id": "a", "label": "A"}, {"id": "a", "label": "A"}]},
        "a",
        "invalid_config",
        "config.branches",
    ),
]


@pytest.mark.parametrize(
    ("kind", "config", "exit_", "code", "field"),
    [case[1:] for case in CONFIG_RULES],
    ids=[case[0] for case in CONFIG_RULES],
)
def test_config_rule(kind: str, config: dict[str, Any], exit_: str, code: str, field: str) -> None:
    problems = validate(_one(kind, config, exit_), CATALOG)
    assert [(p.code, p.node_id, p.field) for p in problems if p.code == code] == [
        (code, "x", field)
    ], problems


@pytest.mark.parametrize(
    "link", ["/portal/content/onboarding", "https://shop.example/help", "mailto:help@shop.example"]
)
def test_a_portal_message_may_link_to_the_web_mail_or_the_portal(link: str) -> None:
    config = {"title": "T", "body": "B", "link": link}
    assert validate(_one("action.portal_message", config), CATALOG) == []


def test_template_errors_give_the_line_number() -> None:
    config = {"subject": "Hi", "body": "line one\n{% if contact.vip %}no end"}
    [problem] = validate(_one("action.send_email", config), CATALOG)
    assert "line 2" in problem.message


@pytest.mark.parametrize(
    ("kind", "config"),
    [
        (
            "action.send_email",
            {"subject": "Hi", "body": 'Hi {{ contact.first_name | default("friend") }}'},
        ),
        ("action.send_email", {"subject": "{{ contact.name | default('you') }}", "body": "Hi"}),
        ("action.send_email", {"subject": "Hi", "body": "{% if event.total > 1 %}big{% endif %}"}),
        ("action.send_sms", {"text": 'It\'s {{ "<ok>" }} & {% if 2 > 1 %}yes{% endif %}'}),
        ("action.create_letter", {"body": '<p class="x">{{ contact.name | default("Sir") }}</p>'}),
    ],
)
def test_texts_with_quotes_and_comparisons_validate(kind: str, config: dict[str, Any]) -> None:
    # They are checked as they are sent: nothing is HTML-escaped before Jinja reads them.
    assert validate(_one(kind, config), CATALOG) == []


def test_a_limit_problem_names_the_limit_and_the_line() -> None:
    config = {"subject": "Hi", "body": "Hello\n\n{{ 'a' * 10**9 }}"}
    [problem] = validate(_one("action.send_email", config), CATALOG)
    assert problem.message == (
        "“x”: the text cannot be rendered within the limits (line 3: a repetition would make "
        "1,000,000,000 characters; the limit is 1,000,000)."
    )


def test_a_job_node_exits_are_its_job_type_outcomes() -> None:
    config = {"job_type": "call", "queue": "sales", "title": "Call"}
    definition = journey(
        [
            node("trigger.manual", "t"),
            node("action.create_job", "x", config),
            node("flow.end", "e"),
        ],
        [edge("t", "next", "x"), edge("x", "done", "e"), edge("x", "failed", "e")],
    )
    assert validate(definition, CATALOG) == []


def test_an_unknown_event_name_is_a_warning_not_an_error() -> None:
    problems = validate(_one("trigger.event", {"event_name": "order.plaaced"}), CATALOG)
    assert codes(problems) == ["unknown_event"]
    assert not has_errors(problems)


SAMPLE_WAIT = {"event_name": "lead.hot", "timeout": {"amount": 1, "unit": "days"}}


def test_an_event_emitted_by_the_journey_itself_is_known() -> None:
    definition = journey(
        [
            node("trigger.manual", "t"),
            node("action.emit_event", "emit", {"event_name": "lead.hot"}),
            node("flow.wait_for_event", "w", SAMPLE_WAIT),
            node("flow.end", "end"),
        ],
        [
            edge("t", "next", "emit"),
            edge("emit", "next", "w"),
            edge("w", "received", "end"),
            edge("w", "timeout", "end"),
        ],
    )
    assert validate(definition, CATALOG) == []


def test_too_many_nodes() -> None:
    nodes = [node("trigger.manual", f"t{i}") for i in range(MAX_NODES + 1)]
    problems = validate(journey(nodes, []), CATALOG)
    assert "too_many_nodes" in codes(problems)


def test_constraints_are_checked_on_definitions_built_in_code() -> None:
    wait = node("flow.wait_duration", "x")
    broken = msgspec.structs.replace(
        wait, config=msgspec.structs.replace(wait.config, duration=Duration(0, "days"))
    )
    definition = journey(
        [node("trigger.manual", "t"), broken, node("flow.end", "end")],
        [edge("t", "next", "x"), edge("x", "next", "end")],
    )
    [problem] = validate(definition, CATALOG)
    assert (problem.code, problem.node_id, problem.field) == (
        "invalid_config",
        "x",
        "config.duration.amount",
    )
    assert "at least 1" in problem.message


def test_exit_criteria_are_checked() -> None:
    settings = msgspec.convert(
        {"exit_criteria": {"goal_events": ["nope.event"], "condition": {"type": "group"}}},
        JourneySettings,
    )
    definition = JourneyDefinition(simple().nodes, simple().edges, settings)
    problems = validate(definition, CATALOG)
    assert sorted((p.code, p.field) for p in problems) == [
        ("invalid_config", "settings.exit_criteria.condition.rules"),
        ("unknown_event", "settings.exit_criteria.goal_events[0]"),
    ]


# --- raw documents ---------------------------------------------------------------------


def _raw(definition: JourneyDefinition) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(msgspec.json.encode(definition))
    return loaded


def test_a_valid_document_decodes_with_no_problems() -> None:
    definition, problems = validate_document(msgspec.json.encode(simple()), CATALOG)
    assert problems == []
    assert definition == simple()


def test_an_unknown_kind_is_reported_with_its_node_and_the_rest_still_checked() -> None:
    raw = _raw(simple())
    raw["nodes"][1]["kind"] = "action.send_fax"
    raw["nodes"].append(
        {"kind": "flow.end", "id": "lost", "label": "", "position": {"x": 0, "y": 0}}
    )
    definition, problems = validate_document(raw, CATALOG)
    assert definition is None
    assert [(p.code, p.node_id) for p in problems] == [
        ("unknown_kind", "mail"),
        ("unreachable_node", "lost"),
    ]
    assert problems[0].field == "nodes[1].kind"


def test_wrong_config_in_a_document_names_the_node_and_field() -> None:
    raw = _raw(simple())
    raw["nodes"][1]["config"] = {"template": 7}
    _, problems = validate_document(raw, CATALOG)
    [problem] = problems
    assert (problem.code, problem.node_id, problem.field) == (
        "invalid_config",
        "mail",
        "config.template",
    )
    assert "must be text" in problem.message


def test_missing_config_is_reported() -> None:
    raw = _raw(simple())
    del raw["nodes"][1]["config"]
    _, problems = validate_document(raw, CATALOG)
    assert [(p.code, p.node_id, p.field) for p in problems] == [
        ("invalid_config", "mail", "config")
    ]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"{not json", None),
        (b"[]", None),
        (b'{"nodes": {}}', "nodes"),
        (b'{"edges": 3}', "edges"),
        (b'{"colour": 1}', "colour"),
    ],
)
def test_a_broken_document_is_an_answer_not_an_exception(raw: bytes, field: str | None) -> None:
    definition, problems = validate_document(raw, CATALOG)
    assert definition is None
    assert any(p.code == "invalid_document" and p.field == field for p in problems), problems


def test_a_broken_edge_is_reported_with_its_id() -> None:
    raw = _raw(simple())
    raw["edges"][0]["source_handle"] = 5
    _, problems = validate_document(raw, CATALOG)
    assert (problems[0].code, problems[0].edge_id, problems[0].field) == (
        "invalid_document",
        raw["edges"][0]["id"],
        "edges[0].source_handle",
    )


def test_a_dangling_edge_names_the_edge_member_that_points_nowhere() -> None:
    definition = journey(
        [*simple().nodes],
        [*simple().edges, edge("ghost", "next", "end", "e8"), edge("end", "next", "ghost", "e9")],
    )
    dangling = only(validate(definition, CATALOG), "dangling_edge")
    index = len(simple().edges)
    assert [(p.edge_id, p.field) for p in dangling] == [
        ("e8", f"edges[{index}].source"),
        ("e9", f"edges[{index + 1}].target"),
    ]
    assert "its target “ghost” is not a step" in dangling[1].message
