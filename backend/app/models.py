"""Every ORM model, imported once so Alembic and the tests see the whole schema."""

from app.auth.models import ApiKey, AuditEntry, Invite, Role, User, UserRole
from app.channels.models import MessageTemplate
from app.contacts.models import Contact
from app.events.models import Event
from app.jobs.models import JobType
from app.journeys.models import Journey, JourneyVersion
from app.lib.db import Base
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage

metadata = Base.metadata

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Contact",
    "Enrollment",
    "EnrollmentTimer",
    "Event",
    "Invite",
    "JobType",
    "Journey",
    "JourneyStep",
    "JourneyVersion",
    "MessageTemplate",
    "OutboxMessage",
    "Role",
    "User",
    "UserRole",
    "metadata",
]
