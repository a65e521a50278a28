"""The journey library: every template is valid and survives an export/import unchanged."""

from __future__ import annotations

import json

import msgspec
import pytest

from app.engine.definition import JourneyDefinition, decode_definition, encode_definition
from app.engine.validation import validate, validate_document
from app.journeys.library import (
    DEMO_CATALOG,
    LIBRARY_DIR,
    TemplateNotFoundError,
    list_templates,
    load_template,
)

SLUGS = [info.slug for info in list_templates()]


def test_the_library_covers_the_scenarios() -> None:
    scenarios = [info.scenario for info in list_templates()]
    assert scenarios == ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S12", "S13"]


@pytest.mark.parametrize("slug", SLUGS)
def test_template_validates_with_no_problems(slug: str) -> None:
    assert validate(load_template(slug), DEMO_CATALOG) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_template_round_trips_unchanged(slug: str) -> None:
    definition = load_template(slug)
    assert decode_definition(encode_definition(definition)) == definition
    on_disk = json.loads((LIBRARY_DIR / f"{slug}.json").read_text())["definition"]
    assert json.loads(encode_definition(definition)) == on_disk
    imported, problems = validate_document(json.dumps(on_disk).encode(), DEMO_CATALOG)
    assert (imported, problems) == (definition, [])


@pytest.mark.parametrize("slug", SLUGS)
def test_template_is_laid_out_top_to_bottom(slug: str) -> None:
    definition: JourneyDefinition = load_template(slug)
    where = {node.id: node.position for node in definition.nodes}
    assert len({(p.x, p.y) for p in where.values()}) == len(where), "two nodes on one spot"
    for edge in definition.edges:
        assert where[edge.target].y > where[edge.source].y, edge
    assert all(node.label for node in definition.nodes)


@pytest.mark.parametrize("slug", ["nope", "../library", "S1"])
def test_an_unknown_slug_is_not_found(slug: str) -> None:
    with pytest.raises(TemplateNotFoundError):
        load_template(slug)


def test_template_files_carry_no_unknown_fields() -> None:
    for path in LIBRARY_DIR.glob("*.json"):
        document = json.loads(path.read_text())
        assert set(document) == {"name", "description", "scenario", "definition"}
        msgspec.convert(document["definition"], JourneyDefinition)
