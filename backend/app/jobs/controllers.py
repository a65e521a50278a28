"""/api/v1/jobs and /api/v1/job-types (docs/jobs-api.md).

Working jobs needs jobs:work; assigning, cancelling and seeing every queue need
jobs:supervise; editing job types needs job_types:manage. A job the caller may not see is
404. Live messages are published after each transaction commits.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import File, ServerSentEvent, ServerSentEventMessage

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.deps import ResourcesDep
from app.jobs import (
    files,
    filters,
    listing,
    live,
    notes,
    services,
    supervise,
    types,
    views,
)
from app.jobs.access import Viewer, viewer_of
from app.jobs.models import Job as JobModel
from app.jobs.schemas import (
    AssignRequest,
    BulkReassign,
    BulkResult,
    CancelRequest,
    CompleteRequest,
    Job,
    JobEvent,
    JobFileInfo,
    JobFilters,
    JobPage,
    JobPatch,
    JobType,
    JobTypeCreate,
    JobTypeRef,
    JobTypeUpdate,
    Note,
    NoteCreate,
    Queue,
    SavedFilter,
    SavedFilterUpdate,
    SavedFilterWrite,
    UnclaimRequest,
    Workload,
)
from app.lib.openapi import problems
from app.lib.problems import InvalidInputError
from app.lib.query import struct_query
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources

WORK = [requires(Permission.JOBS_WORK)]
SUPERVISE = [requires(Permission.JOBS_WORK, Permission.JOBS_SUPERVISE)]
MANAGE_TYPES = [requires(Permission.JOB_TYPES_MANAGE)]
REPORTS = [requires(Permission.REPORTS_READ)]

JobId = FromPath[uuid.UUID]
Limit = Annotated[int, QueryParameter(ge=1, le=listing.MAX_LIMIT)]
Many = FromQuery[list[str] | None]
FILTERS_QUERY = struct_query(JobFilters, listing.filters_from)
PING_SECONDS = 15


JobChange = Callable[[UnitOfWork, Viewer], Awaitable[JobModel]]


def _work(resources: Resources, user: UserPrincipal) -> AbstractAsyncContextManager[UnitOfWork]:
    """A change of the signed-in person's, on the jobs' clock: its live messages and
    `job.status_changed` events go out once it commits."""
    return resources.unit_of_work(actor_id=user.user_id, now=resources.job_clock.now())


async def _change(resources: Resources, user: UserPrincipal, change: JobChange) -> Job:
    """One change to one job, answered with the job as it now is."""
    async with _work(resources, user) as unit:
        viewer = await viewer_of(unit.session, user)
        job = await change(unit, viewer)
        return await views.detail(unit.session, job, unit.now)


class JobTypesController(Controller):
    path = "/api/v1/job-types"
    tags = ["jobs"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listJobTypes", guards=MANAGE_TYPES, summary="Job types")
    async def list_types(self, resources: ResourcesDep) -> list[JobType]:
        async with resources.sessions() as db:
            return [views.job_type_view(t) for t in await types.list_types(db)]

    @get("/{name:str}", operation_id="getJobType", guards=MANAGE_TYPES, summary="One job type")
    async def get_type(self, resources: ResourcesDep, name: FromPath[str]) -> JobType:
        async with resources.sessions() as db:
            return views.job_type_view(await types.get_type(db, name))

    @post(
        "/",
        operation_id="createJobType",
        responses=problems(409, 422),
        guards=MANAGE_TYPES,
        summary="Create a job type",
    )
    async def create_type(self, resources: ResourcesDep, data: JSONBody[JobTypeCreate]) -> JobType:
        async with resources.sessions.begin() as db:
            row = await types.create_type(db, data, resources.job_clock.now())
            return views.job_type_view(row)

    @put(
        "/{name:str}",
        operation_id="updateJobType",
        responses=problems(409, 422),
        guards=MANAGE_TYPES,
        summary="Edit",
    )
    async def update_type(
        self, resources: ResourcesDep, name: FromPath[str], data: JSONBody[JobTypeUpdate]
    ) -> JobType:
        async with resources.sessions.begin() as db:
            row = await types.update_type(db, name, data, resources.job_clock.now())
            return views.job_type_view(row)

    @delete(
        "/{name:str}",
        operation_id="deleteJobType",
        responses=problems(409),
        guards=MANAGE_TYPES,
        summary="Delete",
    )
    async def delete_type(self, resources: ResourcesDep, name: FromPath[str]) -> None:
        async with resources.sessions.begin() as db:
            await types.delete_type(db, name)


class JobsController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]  # noqa: RUF012 - Litestar reads these as class attributes

    # ---- lists ---------------------------------------------------------------------------

    @get(
        "/",
        operation_id="listJobs",
        guards=WORK,
        summary="A queue page (filters, sort)",
        # One query parameter per field of JobFilters (app.lib.query).
        dependencies={"filters": Provide(FILTERS_QUERY, sync_to_thread=False)},
    )
    async def list_jobs(
        self,
        resources: ResourcesDep,
        user: UserDep,
        filters: NamedDependency[JobFilters],
        limit: Limit = 50,
        cursor: FromQuery[str | None] = None,
    ) -> JobPage:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await listing.list_jobs(
                db, viewer, filters, resources.job_clock.now(), limit=limit, cursor=cursor
            )

    @get("/queues", operation_id="listJobQueues", guards=WORK, summary="My queues, counted")
    async def queues(self, resources: ResourcesDep, user: UserDep) -> list[Queue]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await listing.queues(db, viewer, resources.job_clock.now())

    @get("/types", operation_id="listJobTypeNames", guards=WORK, summary="Type names")
    async def type_names(self, resources: ResourcesDep) -> list[JobTypeRef]:
        async with resources.sessions() as db:
            return [JobTypeRef(name=t.name, label=t.label) for t in await types.list_types(db)]

    @get(
        "/stream",
        operation_id="streamJobs",
        guards=WORK,
        summary="Live job changes (server-sent events)",
        media_type="text/event-stream",
    )
    async def stream(
        self, resources: ResourcesDep, user: UserDep, queue: Many = None
    ) -> ServerSentEvent:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
        wanted = sorted(
            q for q in (queue or viewer.queues) if viewer.supervisor or q in viewer.queues
        )
        return ServerSentEvent(_events(resources, wanted))

    # ---- saved filters --------------------------------------------------------------------

    @get("/filters", operation_id="listSavedFilters", guards=WORK, summary="Saved filters")
    async def list_filters(
        self, resources: ResourcesDep, user: UserDep, queue: FromQuery[str | None] = None
    ) -> list[SavedFilter]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await filters.list_filters(db, viewer, queue)

    @post("/filters", operation_id="createSavedFilter", guards=WORK, summary="Save a filter")
    async def create_filter(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[SavedFilterWrite]
    ) -> SavedFilter:
        async with resources.sessions.begin() as db:
            viewer = await viewer_of(db, user)
            return await filters.create_filter(db, viewer, data, resources.job_clock.now())

    @put(
        "/filters/{filter_id:uuid}",
        operation_id="updateSavedFilter",
        guards=WORK,
        summary="Change a saved filter (owner only)",
    )
    async def update_filter(
        self,
        resources: ResourcesDep,
        user: UserDep,
        filter_id: FromPath[uuid.UUID],
        data: JSONBody[SavedFilterUpdate],
    ) -> SavedFilter:
        async with resources.sessions.begin() as db:
            viewer = await viewer_of(db, user)
            return await filters.update_filter(
                db, viewer, filter_id, data, resources.job_clock.now()
            )

    @delete(
        "/filters/{filter_id:uuid}",
        operation_id="deleteSavedFilter",
        guards=WORK,
        summary="Delete a saved filter (owner only)",
    )
    async def delete_filter(
        self, resources: ResourcesDep, user: UserDep, filter_id: FromPath[uuid.UUID]
    ) -> None:
        async with resources.sessions.begin() as db:
            viewer = await viewer_of(db, user)
            await filters.delete_filter(db, viewer, filter_id)

    # ---- supervisors --------------------------------------------------------------------------

    @get("/workload", operation_id="jobWorkload", guards=SUPERVISE, summary="Workload per person")
    async def workload(
        self, resources: ResourcesDep, user: UserDep, queue: FromQuery[str | None] = None
    ) -> list[Workload]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await supervise.workload(db, viewer, resources.job_clock.now(), queue)

    @post(
        "/bulk-reassign",
        operation_id="bulkReassignJobs",
        responses=problems(422),
        guards=SUPERVISE,
        status_code=200,
        summary="Reassign many jobs (each audited)",
    )
    async def bulk_reassign(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[BulkReassign]
    ) -> BulkResult:
        async with _work(resources, user) as unit:
            viewer = await viewer_of(unit.session, user)
            return await supervise.bulk_reassign(unit, viewer, data.job_ids, data.assignee_id)

    # ---- one job ---------------------------------------------------------------------------

    @get("/{job_id:uuid}", operation_id="getJob", guards=WORK, summary="One job")
    async def get_job(self, resources: ResourcesDep, user: UserDep, job_id: JobId) -> Job:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            job = await services.get_visible(db, viewer, job_id)
            return await views.detail(db, job, resources.job_clock.now())

    @patch(
        "/{job_id:uuid}",
        operation_id="updateJob",
        responses=problems(409),
        guards=WORK,
        summary="Edit (versioned)",
    )
    async def update_job(
        self, resources: ResourcesDep, user: UserDep, job_id: JobId, data: JSONBody[JobPatch]
    ) -> Job:
        return await _change(
            resources, user, lambda unit, viewer: services.patch(unit, viewer, job_id, data)
        )

    @post(
        "/{job_id:uuid}/claim",
        operation_id="claimJob",
        responses=problems(409),
        guards=WORK,
        status_code=200,
        summary="Claim (409 names who holds it)",
    )
    async def claim(self, resources: ResourcesDep, user: UserDep, job_id: JobId) -> Job:
        return await _change(
            resources, user, lambda unit, viewer: services.claim(unit, viewer, job_id)
        )

    @post(
        "/{job_id:uuid}/unclaim",
        operation_id="unclaimJob",
        responses=problems(409),
        guards=WORK,
        status_code=200,
        summary="Give a job back",
    )
    async def unclaim(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_id: JobId,
        data: JSONBody[UnclaimRequest | None] = None,
    ) -> Job:
        version = data.version if data else None
        return await _change(
            resources, user, lambda unit, viewer: services.unclaim(unit, viewer, job_id, version)
        )

    @post(
        "/{job_id:uuid}/assign",
        operation_id="assignJob",
        responses=problems(409, 422),
        guards=SUPERVISE,
        status_code=200,
        summary="Assign or reassign",
    )
    async def assign(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_id: JobId,
        data: JSONBody[AssignRequest],
    ) -> Job:
        return await _change(
            resources, user, lambda unit, viewer: services.assign(unit, viewer, job_id, data)
        )

    @post(
        "/{job_id:uuid}/complete",
        operation_id="completeJob",
        responses=problems(409, 422),
        guards=WORK,
        status_code=200,
        summary="Complete with an outcome (form checked on the server)",
    )
    async def complete(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_id: JobId,
        data: JSONBody[CompleteRequest],
    ) -> Job:
        return await _change(
            resources, user, lambda unit, viewer: services.complete(unit, viewer, job_id, data)
        )

    @post(
        "/{job_id:uuid}/cancel",
        operation_id="cancelJob",
        responses=problems(409),
        guards=SUPERVISE,
        status_code=200,
        summary="Cancel (the journey takes its cancelled exit)",
    )
    async def cancel(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_id: JobId,
        data: JSONBody[CancelRequest],
    ) -> Job:
        return await _change(
            resources, user, lambda unit, viewer: services.cancel(unit, viewer, job_id, data)
        )

    @get("/{job_id:uuid}/history", operation_id="jobHistory", guards=WORK, summary="History")
    async def history(
        self, resources: ResourcesDep, user: UserDep, job_id: JobId
    ) -> list[JobEvent]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            job = await services.get_visible(db, viewer, job_id)
            return await views.history(db, job.id)

    # ---- notes and files ---------------------------------------------------------------------

    @get("/{job_id:uuid}/notes", operation_id="listJobNotes", guards=WORK, summary="Notes")
    async def list_notes(self, resources: ResourcesDep, user: UserDep, job_id: JobId) -> list[Note]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await notes.list_notes(db, await services.get_visible(db, viewer, job_id))

    @post("/{job_id:uuid}/notes", operation_id="addJobNote", guards=WORK, summary="Add a note")
    async def add_note(
        self, resources: ResourcesDep, user: UserDep, job_id: JobId, data: JSONBody[NoteCreate]
    ) -> Note:
        async with _work(resources, user) as unit:
            viewer = await viewer_of(unit.session, user)
            job = await services.get_visible(unit.session, viewer, job_id)
            return await notes.add_note(unit, viewer, job, data.body)

    @get("/{job_id:uuid}/files", operation_id="listJobFiles", guards=WORK, summary="Files")
    async def list_files(
        self, resources: ResourcesDep, user: UserDep, job_id: JobId
    ) -> list[JobFileInfo]:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            return await files.list_files(db, await services.get_visible(db, viewer, job_id))

    @post(
        "/{job_id:uuid}/files",
        operation_id="uploadJobFile",
        responses=problems(413, 415),
        guards=WORK,
        summary="Upload a file (multipart, part `file`)",
        # The limit is ours (a clear message naming it), checked before and after reading.
        request_max_body_size=None,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        user: UserDep,
        job_id: JobId,
    ) -> JobFileInfo:
        settings = resources.settings
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            await services.get_visible(db, viewer, job_id)
        length = request.headers.get("content-length")
        if length is None:
            raise InvalidInputError("Send the file with a Content-Length (a normal form upload).")
        files.check_size_announced(settings, int(length) if length.isdigit() else None)
        if not request.content_type[0].startswith("multipart/form-data"):
            raise InvalidInputError.on_field(
                "file", "send multipart/form-data with one part named `file`"
            )
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInputError.on_field("file", "is missing: send one part named `file`")
        data = await upload.read()
        async with _work(resources, user) as unit:
            viewer = await viewer_of(unit.session, user)
            job = await services.get_visible(unit.session, viewer, job_id)
            return await files.store(
                unit,
                settings,
                viewer,
                job,
                filename=upload.filename or "file",
                content_type=upload.content_type or "",
                data=data,
            )

    @get(
        "/{job_id:uuid}/files/{file_id:uuid}",
        operation_id="downloadJobFile",
        guards=WORK,
        summary="Download a file",
        # Whatever type the file was uploaded as (job_file_types).
        media_type="*/*",
    )
    async def download(
        self, resources: ResourcesDep, user: UserDep, job_id: JobId, file_id: FromPath[uuid.UUID]
    ) -> File:
        async with resources.sessions() as db:
            viewer = await viewer_of(db, user)
            job = await services.get_visible(db, viewer, job_id)
            row, path = await files.open_file(db, resources.settings, job, file_id)
        return File(
            path=path,
            filename=row.filename,
            media_type=row.content_type,
            content_disposition_type="attachment",
            headers={"X-Content-Type-Options": "nosniff"},
        )


async def _events(resources: Resources, queues: list[str]) -> AsyncIterator[ServerSentEventMessage]:
    """The SSE body: ready, then each job message, with a ping every PING_SECONDS of quiet."""
    yield ServerSentEventMessage(
        event="ready", data=msgspec.json.encode({"queues": queues}).decode(), retry=3000
    )
    quiet = 0
    async for message in live.listen(resources.redis, queues):
        if message is None:
            quiet += 1
            if quiet >= PING_SECONDS:
                quiet = 0
                yield ServerSentEventMessage(comment="ping")
            continue
        quiet = 0
        yield ServerSentEventMessage(event="job", data=message.decode())
