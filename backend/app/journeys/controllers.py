"""/api/v1/journeys: drafts, publishing, versions, import/export, the library and the catalog.

Reading needs journeys:read; changing a draft or a journey's status needs journeys:write;
publishing needs journeys:publish (docs/journeys-api.md). A signed-in person or a server
API key with those scopes may call every route (journeys kept as code, published from a
script or CI); a key acts on behalf of the person who created it, and its audit entries
name the key.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from app.auth.deps import ActorDep, UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.engine.diff import GraphDiff
from app.engine.problems import ProblemList
from app.journeys import documents, services
from app.journeys.catalog import load_catalog
from app.journeys.changes import graph_diff
from app.journeys.fields import load_fields
from app.journeys.library import (
    TemplateDocument,
    TemplateInfo,
    TemplateNotFoundError,
    list_templates,
    template_document,
)
from app.journeys.review import publish_review
from app.journeys.schemas import (
    DraftSave,
    DuplicateRequest,
    FieldCatalog,
    FromTemplateRequest,
    Journey,
    JourneyCatalog,
    JourneyCreate,
    JourneyExport,
    JourneyImport,
    JourneyPage,
    JourneyStatus,
    JourneySummary,
    JourneyVersion,
    PublishRequest,
    PublishReview,
    TestSendRequest,
    TestSendResult,
    ValidateRequest,
    VersionSummary,
)
from app.journeys.test_send import send_test_email
from app.lib.openapi import problems
from app.lib.params import PositiveInt, VersionFilter
from app.lib.problems import NotFoundError, problem_response

Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
PageSize = Annotated[int, QueryParameter(ge=1, le=100)]
JourneyId = FromPath[uuid.UUID]

READ = [requires(Permission.JOURNEYS_READ)]
WRITE = [requires(Permission.JOURNEYS_WRITE)]
PUBLISH = [requires(Permission.JOURNEYS_PUBLISH)]


class JourneysController(Controller):
    path = "/api/v1/journeys"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listJourneys", guards=READ, summary="List and search journeys")
    async def list_journeys(
        self,
        *,
        resources: ResourcesDep,
        q: FromQuery[str | None] = None,
        status: FromQuery[JourneyStatus | None] = None,
        page: Page = 1,
        page_size: PageSize = 25,
    ) -> JourneyPage:
        async with resources.sessions() as db:
            return await documents.list_journeys(
                db, q=q, status=status, page=page, page_size=page_size
            )

    @post("/", operation_id="createJourney", guards=WRITE, summary="Create a journey")
    async def create(
        self, resources: ResourcesDep, author: ActorDep, data: JSONBody[JourneyCreate]
    ) -> Journey:
        async with resources.sessions.begin() as db:
            return await documents.create(db, actor=author, data=data, now=resources.clock.now())

    @get("/library", operation_id="listJourneyTemplates", guards=READ, summary="Templates")
    async def library(self) -> list[TemplateInfo]:
        return list_templates()

    @get(
        "/library/{slug:str}",
        operation_id="getJourneyTemplate",
        guards=READ,
        summary="One library template with its definition",
        responses={404: problem_response("There is no template with this slug")},
    )
    async def library_template(self, slug: FromPath[str]) -> TemplateDocument:
        try:
            return template_document(slug)
        except TemplateNotFoundError:
            raise NotFoundError(f"There is no journey template '{slug}'.") from None

    @post(
        "/from-template",
        operation_id="createJourneyFromTemplate",
        responses=problems(404),
        guards=WRITE,
        summary="Create a journey from a library template",
    )
    async def from_template(
        self, resources: ResourcesDep, author: ActorDep, data: JSONBody[FromTemplateRequest]
    ) -> Journey:
        async with resources.sessions.begin() as db:
            return await documents.from_template(
                db, actor=author, slug=data.slug, name=data.name, now=resources.clock.now()
            )

    @get("/catalog", operation_id="getJourneyCatalog", guards=READ, summary="What journeys use")
    async def catalog(self, resources: ResourcesDep) -> JourneyCatalog:
        async with resources.sessions() as db:
            return await load_catalog(db)

    @get(
        "/catalog/fields",
        operation_id="getJourneyFieldCatalog",
        guards=READ,
        summary="Contact fields, attributes, object fields and event properties, with names",
    )
    async def fields(self, resources: ResourcesDep) -> FieldCatalog:
        async with resources.sessions() as db:
            return await load_fields(db, (await load_catalog(db)).event_names)

    @post("/import", operation_id="importJourney", guards=WRITE, summary="Import an export")
    async def import_journey(
        self, resources: ResourcesDep, author: ActorDep, data: JSONBody[JourneyImport]
    ) -> Journey:
        async with resources.sessions.begin() as db:
            return await documents.import_document(
                db, actor=author, data=data, now=resources.clock.now()
            )

    @get("/{journey_id:uuid}", operation_id="getJourney", guards=READ, summary="One journey")
    async def get_journey(self, resources: ResourcesDep, journey_id: JourneyId) -> Journey:
        async with resources.sessions() as db:
            return await documents.get_journey(db, journey_id)

    @put(
        "/{journey_id:uuid}/draft",
        operation_id="saveJourneyDraft",
        responses=problems(409),
        guards=WRITE,
        summary="Save the draft (409 when someone saved since `revision`)",
    )
    async def save_draft(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: JourneyId,
        data: JSONBody[DraftSave],
    ) -> Journey:
        async with resources.sessions.begin() as db:
            return await services.save_draft(
                db,
                actor=author,
                journey_id=journey_id,
                data=data,
                now=resources.clock.now(),
            )

    @post(
        "/{journey_id:uuid}/validate",
        operation_id="validateJourney",
        guards=READ,
        status_code=200,
        summary="Validate a definition without saving it",
    )
    async def validate(
        self, resources: ResourcesDep, journey_id: JourneyId, data: JSONBody[ValidateRequest]
    ) -> ProblemList:
        async with resources.sessions() as db:
            return ProblemList(await documents.check(db, journey_id, data.definition))

    @get(
        "/{journey_id:uuid}/review",
        operation_id="reviewJourneyPublish",
        guards=READ,
        summary="What publishing the saved draft would do: entries a week, contacts running",
        responses={404: problem_response("There is no journey with this id")},
    )
    async def review(self, resources: ResourcesDep, journey_id: JourneyId) -> PublishReview:
        async with resources.sessions() as db:
            return await publish_review(db, journey_id, resources.clock.now())

    @get(
        "/{journey_id:uuid}/diff",
        operation_id="diffJourneyVersions",
        guards=READ,
        summary="Steps added, removed and changed (field by field) between two versions",
        description="`to_version` against `from_version`. Left out, `from_version` is the "
        "published version (nothing before the first publish) and `to_version` the saved "
        "draft: what publishing would change.",
        responses={404: problem_response("No such journey, or no such version of it")},
    )
    async def diff(
        self,
        resources: ResourcesDep,
        journey_id: JourneyId,
        from_version: VersionFilter = None,
        to_version: VersionFilter = None,
    ) -> GraphDiff:
        async with resources.sessions() as db:
            return await graph_diff(
                db, journey_id, from_version=from_version, to_version=to_version
            )

    @post(
        "/{journey_id:uuid}/test-send",
        operation_id="testSendJourneyStep",
        guards=WRITE,
        status_code=202,
        summary="Send one email step of the saved draft to yourself, marked as a test",
        responses={
            400: problem_response("There is no such contact to render it for"),
            404: problem_response("No such journey, or no such step in its draft"),
            422: problem_response("The step is not an email, or has no email yet"),
        },
    )
    async def test_send(
        self,
        resources: ResourcesDep,
        user: UserDep,
        journey_id: JourneyId,
        data: JSONBody[TestSendRequest],
    ) -> TestSendResult:
        async with resources.unit_of_work(actor_id=user.user_id) as unit:
            return await send_test_email(unit, journey_id, user.user_id, data)

    @post(
        "/{journey_id:uuid}/publish",
        operation_id="publishJourney",
        responses=problems(409, 422),
        guards=PUBLISH,
        status_code=200,
        summary="Publish the draft as a new numbered version",
    )
    async def publish(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: JourneyId,
        data: JSONBody[PublishRequest],
    ) -> JourneyVersion:
        async with resources.sessions.begin() as db:
            return await services.publish(
                db,
                actor=author,
                journey_id=journey_id,
                data=data,
                now=resources.clock.now(),
            )

    async def _transition(
        self, resources: ResourcesDep, author: ActorDep, journey_id: uuid.UUID, action: str
    ) -> JourneySummary:
        async with resources.sessions.begin() as db:
            return await services.transition(
                db,
                actor=author,
                journey_id=journey_id,
                action=action,
                now=resources.clock.now(),
            )

    @post(
        "/{journey_id:uuid}/pause",
        operation_id="pauseJourney",
        responses=problems(409),
        guards=WRITE,
        status_code=200,
    )
    async def pause(
        self, resources: ResourcesDep, author: ActorDep, journey_id: JourneyId
    ) -> JourneySummary:
        return await self._transition(resources, author, journey_id, "pause")

    @post(
        "/{journey_id:uuid}/resume",
        operation_id="resumeJourney",
        responses=problems(409),
        guards=WRITE,
        status_code=200,
    )
    async def resume(
        self, resources: ResourcesDep, author: ActorDep, journey_id: JourneyId
    ) -> JourneySummary:
        return await self._transition(resources, author, journey_id, "resume")

    @post(
        "/{journey_id:uuid}/archive",
        operation_id="archiveJourney",
        responses=problems(409),
        guards=WRITE,
        status_code=200,
    )
    async def archive(
        self, resources: ResourcesDep, author: ActorDep, journey_id: JourneyId
    ) -> JourneySummary:
        return await self._transition(resources, author, journey_id, "archive")

    @post(
        "/{journey_id:uuid}/duplicate",
        operation_id="duplicateJourney",
        guards=WRITE,
        summary="Copy a journey's draft into a new journey",
    )
    async def duplicate(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: JourneyId,
        data: JSONBody[DuplicateRequest],
    ) -> Journey:
        async with resources.sessions.begin() as db:
            return await documents.duplicate(
                db,
                actor=author,
                journey_id=journey_id,
                name=data.name,
                now=resources.clock.now(),
            )

    @get("/{journey_id:uuid}/export", operation_id="exportJourney", guards=READ)
    async def export(
        self, resources: ResourcesDep, journey_id: JourneyId
    ) -> Response[JourneyExport]:
        async with resources.sessions() as db:
            document, filename = await documents.export(db, journey_id)
        return Response(
            document, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    @get("/{journey_id:uuid}/versions", operation_id="listJourneyVersions", guards=READ)
    async def versions(
        self, resources: ResourcesDep, journey_id: JourneyId
    ) -> list[VersionSummary]:
        async with resources.sessions() as db:
            return await documents.list_versions(db, journey_id)

    @get("/{journey_id:uuid}/versions/{version:int}", operation_id="getJourneyVersion", guards=READ)
    async def version(
        self, resources: ResourcesDep, journey_id: JourneyId, version: PositiveInt
    ) -> JourneyVersion:
        async with resources.sessions() as db:
            return await documents.get_version(db, journey_id, version)
