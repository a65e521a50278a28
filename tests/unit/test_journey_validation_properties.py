"""Property tests: validation never raises and only points at ids that exist."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.definition import KINDS, JourneyDefinition
from app.engine.problems import Problem
from app.engine.validation import validate, validate_document
from tests.unit.journey_samples import CATALOG, SAMPLE_CONFIGS, edge, journey, node

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDS = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h"])
HANDLES = st.sampled_from(
    [
        "next",
        "yes",
        "no",
        "received",
        "timeout",
        "default",
        "north",
        "a",
        "b",
        "done",
        "failed",
        "cancelled",
        "junk",
    ]
)
JSON_LEAF = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8)
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def definitions(draw: st.DrawFn) -> JourneyDefinition:
    """Valid nodes of random kinds, wired with random (often wrong) edges."""
    kinds = sorted(KINDS)
    count = draw(st.integers(0, 10))
    ids = draw(st.lists(IDS, min_size=count, max_size=count))
    nodes = [node(draw(st.sampled_from(kinds)), node_id) for node_id in ids]
    edges = [
        edge(draw(IDS | st.just("ghost")), draw(HANDLES), draw(IDS), draw(st.sampled_from("pqrs")))
        for _ in range(draw(st.integers(0, 14)))
    ]
    return journey(nodes, edges)


@st.composite
def raw_node(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(sorted(KINDS)) | st.text(max_size=12) | JSON)
    base: dict[str, Any] = {
        "kind": kind,
        "id": draw(IDS | JSON),
        "label": draw(st.text(max_size=10) | JSON),
        "position": draw(st.just({"x": 1, "y": 2}) | JSON),
    }
    if isinstance(kind, str) and kind in SAMPLE_CONFIGS and draw(st.booleans()):
        base["config"] = SAMPLE_CONFIGS[kind]
    else:
        base["config"] = draw(JSON)
    for key in draw(st.lists(st.sampled_from(list(base)), max_size=2)):
        base.pop(key, None)
    return draw(st.just(base) | JSON)


@st.composite
def raw_documents(draw: st.DrawFn) -> Any:
    edge_strategy = st.fixed_dictionaries(
        {"id": IDS | JSON, "source": IDS | JSON, "source_handle": HANDLES | JSON, "target": IDS}
    )
    document = {
        "nodes": draw(st.lists(raw_node(), max_size=8) | JSON),
        "edges": draw(st.lists(edge_strategy | JSON, max_size=8) | JSON),
    }
    if draw(st.booleans()):
        document["settings"] = draw(
            st.just(
                {"reentry": {"rule": "after_cooldown", "cooldown": {"amount": 1, "unit": "days"}}}
            )
            | JSON
        )
    return draw(st.just(document) | JSON)


def _ids(items: Any) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _assert_points_at_real_ids(
    problems: list[Problem], node_ids: set[str], edge_ids: set[str]
) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.message
        assert problem.node_id is None or problem.node_id in node_ids, problem
        assert problem.edge_id is None or problem.edge_id in edge_ids, problem


@EXAMPLES
@given(definitions())
def test_validation_of_random_graphs_never_raises(definition: JourneyDefinition) -> None:
    problems = validate(definition, CATALOG)
    _assert_points_at_real_ids(
        problems, {n.id for n in definition.nodes}, {e.id for e in definition.edges}
    )
    assert validate(definition, CATALOG) == problems


@EXAMPLES
@given(raw_documents())
def test_validation_of_random_documents_never_raises(document: Any) -> None:
    definition, problems = validate_document(msgspec.json.encode(document), CATALOG)
    if isinstance(document, dict):
        _assert_points_at_real_ids(
            problems, _ids(document.get("nodes")), _ids(document.get("edges"))
        )
    if definition is not None:
        assert validate(definition, CATALOG) == problems


@EXAMPLES
@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_validation_of_random_bytes_never_raises(raw: bytes) -> None:
    definition, problems = validate_document(raw, CATALOG)
    assert definition is not None or problems
