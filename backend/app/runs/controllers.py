"""Changing who is where: staff actions on one enrollment (remove, move, end a wait) and
manual enrolment (one contact, or a segment in the background). docs/enrollments-api.md.

Both need journeys:publish (operating a live journey) and contacts:read (the answers
name contacts); an action answers the enrollment as it stands afterwards.
"""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from app.auth.deps import ActorDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.problems import problem_response
from app.reports import enrollments as read
from app.runs import actions, enrol

OPERATE = [requires(Permission.JOURNEYS_PUBLISH, Permission.CONTACTS_READ)]
_SIGNED_IN = {
    401: problem_response("Not signed in (no session, no API key)."),
    403: problem_response("The caller lacks journeys:publish or contacts:read."),
}
_ACTION = {
    400: problem_response(
        "A field is missing or wrong (`errors` names it), e.g. no such `to_step`."
    ),
    404: problem_response("There is no enrollment with that id."),
    409: problem_response(
        "The contact is no longer at `at_step` (it moved on meanwhile, or the enrollment"
        " ended), or the journey is paused for it: nothing was changed. `at` lists where it"
        " is now."
    ),
    422: problem_response("The step cannot take this action (a trigger as `to_step`, not a wait)."),
    **_SIGNED_IN,
}


class EnrollmentActionsController(Controller):
    """Who is at this step: remove, move, end a wait (audited, under the row locks)."""

    path = "/api/v1/enrollments"
    tags = ["enrollments"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/{enrollment_id:uuid}/remove",
        operation_id="removeEnrollment",
        guards=OPERATE,
        status_code=200,
        summary="Remove the contact from the journey now (every path ends)",
        responses=_ACTION,
    )
    async def remove(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        enrollment_id: FromPath[uuid.UUID],
        data: JSONBody[actions.RemoveRequest],
    ) -> read.EnrollmentItem:
        return await self._act(resources, author, enrollment_id, data)

    @post(
        "/{enrollment_id:uuid}/move",
        operation_id="moveEnrollment",
        guards=OPERATE,
        status_code=200,
        summary="Move the contact's path to another step of the same version",
        responses=_ACTION,
    )
    async def move(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        enrollment_id: FromPath[uuid.UUID],
        data: JSONBody[actions.MoveRequest],
    ) -> read.EnrollmentItem:
        return await self._act(resources, author, enrollment_id, data)

    @post(
        "/{enrollment_id:uuid}/end-wait",
        operation_id="endEnrollmentWait",
        guards=OPERATE,
        status_code=200,
        summary="End the contact's wait now (a timer goes on, an event wait times out)",
        responses=_ACTION,
    )
    async def end_wait(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        enrollment_id: FromPath[uuid.UUID],
        data: JSONBody[actions.EndWaitRequest],
    ) -> read.EnrollmentItem:
        return await self._act(resources, author, enrollment_id, data)

    async def _act(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        enrollment_id: uuid.UUID,
        data: actions.ActionRequest,
    ) -> read.EnrollmentItem:
        async with resources.unit_of_work(actor_id=author.user_id) as unit:
            await actions.act(unit, author, enrollment_id, data)
        async with resources.sessions() as db:
            return await read.enrollment(db, enrollment_id)


_ENROL = {
    400: problem_response("A field is missing or wrong (`errors` names it)."),
    404: problem_response("There is no such journey or contact."),
    409: problem_response("The journey is not live (draft, paused, archived)."),
    422: problem_response(
        "The journey's published version has no “Manual enrolment” trigger (or it does not"
        " allow the API)."
    ),
    **_SIGNED_IN,
}


class JourneyEnrollmentsController(Controller):
    """Manual enrolment into a journey that starts with a manual trigger."""

    path = "/api/v1/journeys"
    tags = ["enrollments"]  # noqa: RUF012

    @get(
        "/enrolable",
        operation_id="listEnrolableJourneys",
        guards=OPERATE,
        summary="Live journeys that start with a manual trigger (to enrol contacts by hand)",
        responses=_SIGNED_IN,
    )
    async def enrolable(self, resources: ResourcesDep) -> list[enrol.EnrolableJourney]:
        async with resources.unit_of_work() as unit:
            return await enrol.enrolable(unit)

    @post(
        "/{journey_id:uuid}/enrollments",
        operation_id="enrolContact",
        guards=OPERATE,
        status_code=200,
        summary="Enrol one contact now (the re-entry rule applies; a refusal says why)",
        responses=_ENROL,
    )
    async def enrol_contact(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[enrol.EnrolContact],
    ) -> enrol.Enrolled:
        via: enrol.Via = "api" if author.api_key else "staff"
        async with resources.unit_of_work(actor_id=author.user_id) as unit:
            return await enrol.enrol_contact(unit, author, journey_id, data, via)

    @get(
        "/{journey_id:uuid}/enrollments/segment-count",
        operation_id="countSegmentEnrolment",
        guards=OPERATE,
        summary="How many contacts enrolling a segment would ask for (to confirm)",
        responses={**_ENROL, 400: problem_response("No such segment (`errors` names it).")},
    )
    async def segment_count(
        self,
        resources: ResourcesDep,
        journey_id: FromPath[uuid.UUID],
        segment: FromQuery[str],
        trigger_node_id: FromQuery[str | None] = None,
    ) -> enrol.SegmentCount:
        async with resources.unit_of_work() as unit:
            return await enrol.segment_count(unit, journey_id, segment, trigger_node_id)

    @post(
        "/{journey_id:uuid}/enrollments/segment",
        operation_id="enrolSegment",
        guards=OPERATE,
        status_code=202,
        summary="Enrol a segment's contacts: recorded in batches, enrolled by the workers",
        responses={
            **_ENROL,
            409: problem_response(
                "The journey is not live, or the segment's count is not the one confirmed"
                " (`count` has the new one): nothing was recorded."
            ),
        },
    )
    async def enrol_segment(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[enrol.EnrolSegment],
    ) -> enrol.EnrolRequestStatus:
        return await enrol.enrol_segment(
            lambda: resources.unit_of_work(actor_id=author.user_id), author, journey_id, data
        )

    @get(
        "/{journey_id:uuid}/enrollments/requests/{request_id:uuid}",
        operation_id="getEnrolRequest",
        guards=OPERATE,
        summary="How far a segment enrolment has gone",
        responses={404: problem_response("No such journey or request."), **_SIGNED_IN},
    )
    async def request_status(
        self,
        resources: ResourcesDep,
        journey_id: FromPath[uuid.UUID],
        request_id: FromPath[uuid.UUID],
    ) -> enrol.EnrolRequestStatus:
        return await enrol.request_status(resources.unit_of_work, journey_id, request_id)
