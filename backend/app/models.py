"""Every ORM model, imported once so Alembic and the tests see the whole schema."""

from app.auth.models import ApiKey, AuditEntry, Invite, Role, User, UserRole
from app.automation.models import Notification, ScheduleRun, ScoreRule
from app.channels.models import ChannelMessage, Letter, MessageTemplate
from app.contacts.aliases import AnonymousAlias
from app.contacts.models import Contact, ContactConsent, ContactNote, ContactObject
from app.eventlog.models import Event
from app.jobs.models import Job, JobEvent, JobFile, JobNote, JobType, SavedFilter
from app.journeys.models import Journey, JourneyVersion
from app.lib.db import Base
from app.lib.runtime_settings import RuntimeSetting
from app.portal.models import ErasureRequest, PortalMessage, PortalSignInLink
from app.runs.models import (
    Enrollment,
    EnrollmentTimer,
    JourneyMigration,
    JourneyMigrationItem,
    JourneyStep,
    OutboxMessage,
)
from app.sales.models import (
    Bucket,
    BucketUser,
    Card,
    CardOutcome,
    Member,
    Outcome,
    Process,
    ProcessMove,
    ProcessRun,
    ProcessSource,
    Project,
)
from app.segments.models import Segment, SegmentMember
from app.testruns.models import JourneyTestCase
from app.whatif.models import WhatIfContact, WhatIfRun

metadata = Base.metadata

__all__ = [
    "AnonymousAlias",
    "ApiKey",
    "AuditEntry",
    "Bucket",
    "BucketUser",
    "Card",
    "CardOutcome",
    "ChannelMessage",
    "Contact",
    "ContactConsent",
    "ContactNote",
    "ContactObject",
    "Enrollment",
    "EnrollmentTimer",
    "ErasureRequest",
    "Event",
    "Invite",
    "Job",
    "JobEvent",
    "JobFile",
    "JobNote",
    "JobType",
    "Journey",
    "JourneyMigration",
    "JourneyMigrationItem",
    "JourneyStep",
    "JourneyTestCase",
    "JourneyVersion",
    "Letter",
    "Member",
    "MessageTemplate",
    "Notification",
    "OutboxMessage",
    "Outcome",
    "PortalMessage",
    "PortalSignInLink",
    "Process",
    "ProcessMove",
    "ProcessRun",
    "ProcessSource",
    "Project",
    "Role",
    "RuntimeSetting",
    "SavedFilter",
    "ScheduleRun",
    "ScoreRule",
    "Segment",
    "SegmentMember",
    "User",
    "UserRole",
    "WhatIfContact",
    "WhatIfRun",
    "metadata",
]
