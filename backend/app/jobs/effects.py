"""The create-job effect's handler (app.effects.handlers): a journey's job step makes its job
once per key, whatever the retries; its preview says what job it would make."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.effects.handlers import EffectHandler, Message, PreviewInput
from app.effects.previews import JobPreview, Preview
from app.engine.effects import CreateJob
from app.jobs.creation import JobTypeMissingError, create_from_effect, plan_job
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import Enrollment


class CreateJobHandler(EffectHandler[CreateJob, None]):
    async def execute(self, unit: UnitOfWork, message: Message[CreateJob], batch: None) -> None:
        del batch
        row = message.row
        enrollment = (
            await unit.session.get(Enrollment, row.enrollment_id) if row.enrollment_id else None
        )
        state: dict[str, Any] = enrollment.state if enrollment else {}
        await create_from_effect(
            unit,
            key=row.key,
            payload=_payload(message.effect),
            enrollment_id=enrollment.id if enrollment else None,
            journey_id=enrollment.journey_id if enrollment else None,
            contact_id=enrollment.contact_id if enrollment else None,
            object_data=dict(state.get("trigger") or state.get("event") or {}),
            event_data=dict(state.get("event") or {}),
            variables=dict(state.get("variables") or {}),
        )

    async def preview(
        self, session: AsyncSession, effect: CreateJob, given: PreviewInput
    ) -> Preview:
        shown = JobPreview(key=effect.key, node_id=effect.node_id, job_type=effect.job_type)
        try:
            planned = await plan_job(
                session,
                _payload(effect),
                contact=dict(given.facts.contact),
                object_data=dict(given.facts.object or given.event),
                event_data=dict(given.event),
                variables=dict(given.variables),
                now=given.now,
            )
        except JobTypeMissingError as error:
            return msgspec.structs.replace(shown, would_run=False, reason=str(error))
        values = planned.values
        return msgspec.structs.replace(
            shown,
            queue=values["queue"],
            title=values["title"],
            guidance=values["guidance"],
            priority=values["priority"],
            due_at=values["due_at"],
            outcomes=list(planned.job_type.outcomes),
        )


def _payload(effect: CreateJob) -> dict[str, Any]:
    payload: dict[str, Any] = msgspec.to_builtins(effect)
    return payload
