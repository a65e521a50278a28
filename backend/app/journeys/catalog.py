"""The catalog from the database: roles' queues, job types, message templates, segments,
event names.

The canvas lists it in its pickers; validation checks references against the same data,
converted to the engine's `Catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import msgspec
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role
from app.channels.models import MessageTemplate
from app.engine.catalog import Catalog, property_paths
from app.engine.channels import TEMPLATE_CHANNELS
from app.engine.definition import JourneyDefinition
from app.engine.problems import Problem
from app.engine.validation import document_events, events_used, validate, validate_document
from app.jobs.models import JobType
from app.journeys.fields import event_samples
from app.journeys.schemas import CatalogItem, CatalogJobType, JourneyCatalog
from app.segments.models import Segment
from app.templating.threads import off_loop

EVENT_NAMES_LIMIT: Final = 500
# What an event "carries" is read from its latest events of that name: enough to see the
# shapes a sender uses, few enough to stay one quick index read per name.
EVENT_SAMPLE: Final = 200
# A journey uses a few events; a document naming more is not looked into further.
EVENTS_DESCRIBED: Final = 20

# Distinct event names without reading every event: a skip scan over ix_events_name_id
# (one index probe per name), which Postgres does not do by itself.
_EVENT_NAMES: Final = text(
    """
    WITH RECURSIVE names(name) AS (
        (SELECT name FROM events ORDER BY name LIMIT 1)
        UNION ALL
        SELECT (SELECT e.name FROM events e WHERE e.name > names.name ORDER BY e.name LIMIT 1)
        FROM names WHERE names.name IS NOT NULL
    )
    SELECT name FROM names WHERE name IS NOT NULL LIMIT :limit
    """
)


async def load_catalog(db: AsyncSession) -> JourneyCatalog:
    queues: dict[str, CatalogItem] = {}
    for queue, label in await db.execute(
        select(Role.queue, Role.label).where(Role.queue.is_not(None)).order_by(Role.name)
    ):
        if queue is not None:
            # Two roles may share a queue: list it once.
            queues.setdefault(queue, CatalogItem(queue, label))
    job_types = await db.scalars(select(JobType).order_by(JobType.name))
    templates: dict[str, list[CatalogItem]] = {channel: [] for channel in TEMPLATE_CHANNELS}
    for name, label, channel in await db.execute(
        select(MessageTemplate.name, MessageTemplate.label, MessageTemplate.channel).order_by(
            MessageTemplate.name
        )
    ):
        # Job guidance and layouts are not sent by a step: the pickers do not list them.
        if channel in templates:
            templates[channel].append(CatalogItem(name, label))
    event_names = await db.scalars(_EVENT_NAMES, {"limit": EVENT_NAMES_LIMIT})
    return JourneyCatalog(
        queues=sorted(queues.values(), key=lambda item: item.name),
        job_types=[CatalogJobType(t.name, t.label, t.queue, list(t.outcomes)) for t in job_types],
        email_templates=templates["email"],
        sms_templates=templates["sms"],
        letter_templates=templates["letter"],
        segments=[
            CatalogItem(name, label)
            for name, label in await db.execute(
                select(Segment.name, Segment.label).order_by(Segment.name)
            )
        ],
        event_names=list(event_names),
    )


def to_engine(catalog: JourneyCatalog) -> Catalog:
    """The engine's view: names only (and each job type's outcomes)."""

    def names(items: list[CatalogItem]) -> frozenset[str]:
        return frozenset(item.name for item in items)

    return Catalog(
        queues=names(catalog.queues),
        email_templates=names(catalog.email_templates),
        sms_templates=names(catalog.sms_templates),
        letter_templates=names(catalog.letter_templates),
        job_types={t.name: list(t.outcomes) for t in catalog.job_types},
        segments=names(catalog.segments),
        event_names=frozenset(catalog.event_names),
    )


async def event_properties(db: AsyncSession, names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every property path the latest events of each name carried; names never received
    are left out (their properties are not known)."""
    wanted = sorted(set(names))[:EVENTS_DESCRIBED]
    samples = await event_samples(db, wanted, EVENT_SAMPLE)
    return {
        name: frozenset().union(*(property_paths(properties) for properties in found))
        for name, found in samples.items()
    }


async def engine_catalog(db: AsyncSession, events: Iterable[str] = ()) -> Catalog:
    """The engine's catalog; with the properties of `events` (the ones a journey starts
    on or waits for), so validation can warn about properties they never carried."""
    catalog = to_engine(await load_catalog(db))
    wanted = set(events)
    if not wanted:
        return catalog
    return msgspec.structs.replace(catalog, event_properties=await event_properties(db, wanted))


async def check(db: AsyncSession, definition: JourneyDefinition) -> list[Problem]:
    """Validate a definition against the live catalog. Validation renders each step's
    texts (bounded): in a thread, not the event loop."""
    return await off_loop(
        validate, definition, await engine_catalog(db, events_used(definition.nodes))
    )


async def check_document(
    db: AsyncSession, raw: Mapping[str, Any]
) -> tuple[JourneyDefinition | None, list[Problem]]:
    """Decode and validate a raw document against the live catalog."""
    return await off_loop(validate_document, raw, await engine_catalog(db, document_events(raw)))
