"""/api/v1/notifications (one's own), /api/v1/scoring/rules and /api/v1/schedules
(docs/automation-api.md)."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from app.auth.deps import UserDep
from app.auth.guards import requires, users_only
from app.auth.permissions import Permission
from app.automation import notifications, schedule_views, scoring
from app.automation.schemas import (
    MarkedRead,
    NotificationPage,
    ReadRequest,
    ScheduleRunPage,
    ScheduleView,
    ScoreRule,
    ScoreRuleCreate,
    ScoreRuleUpdate,
)
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.params import BeforeId

Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
PageSize = Annotated[int, QueryParameter(ge=1, le=100)]
READ = [requires(Permission.JOURNEYS_READ)]
WRITE = [requires(Permission.JOURNEYS_WRITE)]


class NotificationsController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]  # noqa: RUF012 - Litestar reads these as class attributes
    guards = [users_only]  # noqa: RUF012 - one's own notifications: people, not API keys

    @get("/", operation_id="listNotifications", summary="My notifications, newest first")
    async def list_own(
        self,
        resources: ResourcesDep,
        user: UserDep,
        unread: FromQuery[bool] = False,
        before: BeforeId = None,
    ) -> NotificationPage:
        async with resources.sessions() as db:
            return await notifications.list_own(db, user.user_id, unread_only=unread, before=before)

    @post(
        "/read",
        operation_id="readNotifications",
        responses=problems(404),
        status_code=200,
        summary="Mark some of my notifications read",
    )
    async def read_some(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ReadRequest]
    ) -> MarkedRead:
        async with resources.sessions.begin() as db:
            return await notifications.mark_read(db, user.user_id, data.ids, resources.clock.now())

    @post(
        "/read-all",
        operation_id="readAllNotifications",
        status_code=200,
        summary="Mark all my notifications read",
    )
    async def read_all(self, resources: ResourcesDep, user: UserDep) -> MarkedRead:
        async with resources.sessions.begin() as db:
            return await notifications.mark_read(db, user.user_id, None, resources.clock.now())


class ScoringController(Controller):
    path = "/api/v1/scoring/rules"
    tags = ["scoring"]  # noqa: RUF012

    @get("/", operation_id="listScoreRules", guards=READ, summary="Scoring rules")
    async def list_rules(self, resources: ResourcesDep) -> list[ScoreRule]:
        async with resources.sessions() as db:
            return await scoring.list_rules(db)

    @post("/", operation_id="createScoreRule", guards=WRITE, summary="Add a scoring rule")
    async def create(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ScoreRuleCreate]
    ) -> ScoreRule:
        async with resources.sessions.begin() as db:
            return await scoring.create_rule(
                db, data, actor_id=user.user_id, now=resources.clock.now()
            )

    # PATCH: only the fields sent change (a PUT would replace the whole rule).
    @patch("/{rule_id:uuid}", operation_id="updateScoreRule", guards=WRITE, summary="Change a rule")
    async def update(
        self,
        resources: ResourcesDep,
        rule_id: FromPath[uuid.UUID],
        data: JSONBody[ScoreRuleUpdate],
    ) -> ScoreRule:
        async with resources.sessions.begin() as db:
            return await scoring.update_rule(db, rule_id, data, now=resources.clock.now())

    @delete("/{rule_id:uuid}", operation_id="deleteScoreRule", guards=WRITE, summary="Delete")
    async def remove(self, resources: ResourcesDep, rule_id: FromPath[uuid.UUID]) -> None:
        async with resources.sessions.begin() as db:
            await scoring.delete_rule(db, rule_id)


class SchedulesController(Controller):
    path = "/api/v1/schedules"
    tags = ["schedules"]  # noqa: RUF012

    @get("/", operation_id="listSchedules", guards=READ, summary="Schedule triggers, next runs")
    async def list_schedules(self, resources: ResourcesDep) -> list[ScheduleView]:
        async with resources.sessions() as db:
            return await schedule_views.list_schedules(db, resources.clock.now())

    @get("/runs", operation_id="listScheduleRuns", guards=READ, summary="Schedule runs")
    async def list_runs(
        self,
        *,
        resources: ResourcesDep,
        journey_id: FromQuery[uuid.UUID | None] = None,
        page: Page = 1,
        page_size: PageSize = 25,
    ) -> ScheduleRunPage:
        async with resources.sessions() as db:
            return await schedule_views.list_runs(
                db, journey_id=journey_id, page=page, page_size=page_size
            )


AUTOMATION_CONTROLLERS = (NotificationsController, ScoringController, SchedulesController)
