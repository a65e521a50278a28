"""POST /api/v1/journeys/{id}/test-runs: try a journey for one contact (docs/test-runs.md).

Reading a journey is enough (journeys:read): a test run changes nothing. Trying it for a
real contact also reads that contact, so it needs contacts:read as well.
"""

from __future__ import annotations

import uuid

from litestar import Controller, post
from litestar.params import FromPath, JSONBody

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.problems import FieldError, ForbiddenError, problem_response
from app.testruns import services
from app.testruns.schemas import ExistingContact, TestRun, TestRunRequest
from app.worker.assembly import effect_handlers


class TestRunsController(Controller):
    path = "/api/v1/journeys/{journey_id:uuid}/test-runs"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @post(
        "/",
        operation_id="runJourneyTest",
        guards=[requires(Permission.JOURNEYS_READ)],
        status_code=200,
        summary="Run the draft (or a version) for one contact on a virtual clock",
        description=(
            "Stateless: the request holds the whole run (contact, starting event, choices "
            "so far) and the answer replays it from the start. Nothing is sent or stored."
        ),
        responses={
            400: problem_response("The body is not a test run request: `errors` names each field."),
            403: problem_response("No journeys:read, or contacts:read for a real contact."),
            404: problem_response("No such journey, version, or contact (`contact.contact_id`)."),
            422: problem_response(
                "The run cannot go as asked: `errors` names the field — a choice nothing "
                "waits for (`choices[i].node_id`), an outcome the job has not "
                "(`choices[i].outcome`), a trigger or branch the journey has not "
                "(`start.trigger_node_id`, `forced_branches.<node>`), a `definition` "
                "that does not decode."
            ),
        },
    )
    async def run(
        self,
        resources: ResourcesDep,
        user: UserDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[TestRunRequest],
    ) -> TestRun:
        if (
            isinstance(data.contact, ExistingContact)
            and Permission.CONTACTS_READ not in user.permissions
        ):
            message = "trying a journey for a real contact needs contacts:read"
            raise ForbiddenError(
                f"contact: {message}; make one up instead.",
                errors=[FieldError("contact", message)],
            )
        handlers = effect_handlers(resources.settings, redis=resources.redis)
        # Never committed: the run only reads, and closing the session rolls back.
        async with resources.sessions() as db:
            return await services.run(
                db, handlers, journey_id=journey_id, data=data, now=resources.clock.now()
            )
