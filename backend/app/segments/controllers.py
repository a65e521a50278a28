"""/api/v1/segments: saved conditions with a live count, and a preview for unsaved ones.

Reading (and previewing) needs contacts:read, since counts and samples show contacts;
saving needs segments:write (docs/contacts-api.md, "Segments")."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.segments import services
from app.segments.schemas import Preview, PreviewRequest, Segment, SegmentCreate, SegmentUpdate

READ = [requires(Permission.CONTACTS_READ)]
WRITE = [requires(Permission.SEGMENTS_WRITE, Permission.CONTACTS_READ)]
SegmentId = FromPath[uuid.UUID]


class SegmentsController(Controller):
    path = "/api/v1/segments"
    tags = ["segments"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listSegments", guards=READ, summary="Segments with live counts")
    async def list_segments(self, resources: ResourcesDep) -> list[Segment]:
        async with resources.sessions() as db:
            return await services.list_segments(db, resources.clock.now())

    @post(
        "/preview",
        operation_id="previewSegment",
        guards=READ,
        status_code=200,
        summary="Count (and sample) the contacts an unsaved condition picks",
    )
    async def preview(self, resources: ResourcesDep, data: JSONBody[PreviewRequest]) -> Preview:
        async with resources.sessions() as db:
            return await services.preview(db, data, resources.clock.now())

    @post(
        "/",
        operation_id="createSegment",
        responses=problems(409),
        guards=WRITE,
        summary="Save a segment",
    )
    async def create(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[SegmentCreate]
    ) -> Segment:
        async with resources.sessions.begin() as db:
            return await services.create_segment(
                db, data, actor_id=user.user_id, now=resources.clock.now()
            )

    @get("/{segment_id:uuid}", operation_id="getSegment", guards=READ)
    async def get_segment(self, resources: ResourcesDep, segment_id: SegmentId) -> Segment:
        async with resources.sessions() as db:
            return await services.get_segment(db, segment_id, resources.clock.now())

    @patch("/{segment_id:uuid}", operation_id="updateSegment", guards=WRITE)
    async def update(
        self, resources: ResourcesDep, segment_id: SegmentId, data: JSONBody[SegmentUpdate]
    ) -> Segment:
        async with resources.sessions.begin() as db:
            return await services.update_segment(db, segment_id, data, resources.clock.now())

    @delete("/{segment_id:uuid}", operation_id="deleteSegment", guards=WRITE)
    async def delete_segment(self, resources: ResourcesDep, segment_id: SegmentId) -> None:
        async with resources.sessions.begin() as db:
            await services.delete_segment(db, segment_id)
