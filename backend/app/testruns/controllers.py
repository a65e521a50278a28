"""POST /api/v1/journeys/{id}/test-runs: try a journey for one contact (docs/test-runs.md).

Reading a journey is enough (journeys:read): a test run changes nothing. Trying it for a
real contact also reads that contact, so it needs contacts:read as well.
"""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.deps import ResourcesDep
from app.lib.problems import FieldError, ForbiddenError, problem_response
from app.testruns import cases, services
from app.testruns.schemas import (
    CaseCheck,
    CaseCheckRequest,
    ExistingContact,
    TestCase,
    TestCaseCreate,
    TestRun,
    TestRunRequest,
)
from app.worker.assembly import effect_handlers

READ = [requires(Permission.JOURNEYS_READ)]
WRITE = [requires(Permission.JOURNEYS_WRITE)]
NO_JOURNEY = problem_response("There is no journey with that id.")


def _may_read(user: UserPrincipal, data: TestRunRequest, where: str) -> None:
    if (
        isinstance(data.contact, ExistingContact)
        and Permission.CONTACTS_READ not in user.permissions
    ):
        message = "trying a journey for a real contact needs contacts:read"
        raise ForbiddenError(
            f"{where}: {message}; make one up instead.", errors=[FieldError(where, message)]
        )


class TestRunsController(Controller):
    path = "/api/v1/journeys/{journey_id:uuid}/test-runs"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @post(
        "/",
        operation_id="runJourneyTest",
        guards=READ,
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
        _may_read(user, data, "contact")
        handlers = effect_handlers(resources.settings, redis=resources.redis)
        # Never committed: the run only reads, and closing the session rolls back.
        async with resources.sessions() as db:
            return await services.run(
                db, handlers, journey_id=journey_id, data=data, now=resources.clock.now()
            )


class TestCasesController(Controller):
    path = "/api/v1/journeys/{journey_id:uuid}/test-cases"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listJourneyTestCases", guards=READ, responses={404: NO_JOURNEY})
    async def list_cases(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID]
    ) -> list[TestCase]:
        async with resources.sessions() as db:
            return await cases.list_cases(db, journey_id)

    @post(
        "/",
        operation_id="saveJourneyTestCase",
        guards=WRITE,
        summary="Save a test run as a case: it is run now and how it ends is kept",
        responses={
            400: problem_response("The body is not a case: `errors` names each field."),
            403: problem_response("No journeys:write, or contacts:read for a real contact."),
            404: problem_response("No such journey or contact (`run.contact.contact_id`)."),
            422: problem_response("The run cannot go as asked: `errors` names the field."),
        },
    )
    async def save(
        self,
        resources: ResourcesDep,
        user: UserDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[TestCaseCreate],
    ) -> TestCase:
        _may_read(user, data.run, "run.contact")
        handlers = effect_handlers(resources.settings, redis=resources.redis)
        async with resources.sessions.begin() as db:
            return await cases.save(
                db,
                handlers,
                journey_id=journey_id,
                data=data,
                actor_id=user.user_id,
                now=resources.clock.now(),
            )

    @delete(
        "/{case_id:uuid}",
        operation_id="deleteJourneyTestCase",
        guards=WRITE,
        responses={404: problem_response("This journey has no test case with that id.")},
    )
    async def delete_case(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID], case_id: FromPath[uuid.UUID]
    ) -> None:
        async with resources.sessions.begin() as db:
            await cases.delete(db, journey_id, case_id)

    @post(
        "/check",
        operation_id="checkJourneyTestCases",
        guards=READ,
        status_code=200,
        summary="Run every saved case again on the draft (or a definition): which end otherwise",
        responses={
            400: problem_response("The body is not valid: `errors` names each field."),
            404: NO_JOURNEY,
        },
    )
    async def check(
        self,
        resources: ResourcesDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[CaseCheckRequest],
    ) -> list[CaseCheck]:
        handlers = effect_handlers(resources.settings, redis=resources.redis)
        async with resources.sessions() as db:
            return await cases.check(
                db,
                handlers,
                journey_id=journey_id,
                definition=data.definition,
                now=resources.clock.now(),
            )
