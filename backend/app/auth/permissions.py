"""The permissions a role can grant. Roles are data; this list is code, because code checks it."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    JOURNEYS_READ = "journeys:read"
    JOURNEYS_WRITE = "journeys:write"
    JOURNEYS_PUBLISH = "journeys:publish"
    CONTACTS_READ = "contacts:read"
    CONTACTS_WRITE = "contacts:write"
    SEGMENTS_WRITE = "segments:write"
    EVENTS_READ = "events:read"
    EVENTS_WRITE = "events:write"
    JOBS_WORK = "jobs:work"
    JOBS_SUPERVISE = "jobs:supervise"
    JOB_TYPES_MANAGE = "job_types:manage"
    REPORTS_READ = "reports:read"
    SALES_WORK = "sales:work"
    SALES_MANAGE = "sales:manage"
    ACCOUNTS_MANAGE = "accounts:manage"
    KEYS_MANAGE = "keys:manage"
    PORTAL_WORDING = "portal:wording"
    PORTAL_SELF = "portal:self"
    PORTAL_AFFILIATE = "portal:affiliate"


DESCRIPTIONS: dict[Permission, str] = {
    Permission.JOURNEYS_READ: "See journeys and their analytics",
    Permission.JOURNEYS_WRITE: "Draw and edit journey drafts",
    Permission.JOURNEYS_PUBLISH: "Publish, pause and archive journeys",
    Permission.CONTACTS_READ: "See contacts and their history",
    Permission.CONTACTS_WRITE: "Create and edit contacts",
    Permission.SEGMENTS_WRITE: "Create and edit segments",
    Permission.EVENTS_READ: "See incoming events",
    Permission.EVENTS_WRITE: "Send events into Waymark",
    Permission.JOBS_WORK: "Claim and complete jobs in the role's queue",
    Permission.JOBS_SUPERVISE: "See every queue, reassign jobs",
    Permission.JOB_TYPES_MANAGE: "Create and edit job types (their forms, outcomes, queues)",
    Permission.REPORTS_READ: "Read reports",
    Permission.SALES_WORK: "Work the cards of the sales projects one is a member of",
    Permission.SALES_MANAGE: "Manage sales projects, their members and automatic processes",
    Permission.ACCOUNTS_MANAGE: "Manage users, roles and the audit log",
    Permission.KEYS_MANAGE: "Create and revoke API keys",
    Permission.PORTAL_WORDING: "Edit the words customers read for the stages of their jobs",
    Permission.PORTAL_SELF: "Customer portal: see and update one's own records",
    Permission.PORTAL_AFFILIATE: "Customer portal: see one's own referrals and leads",
}

# What a customer (or affiliate) role may grant; nothing else may go with them.
CUSTOMER_PERMISSIONS: frozenset[Permission] = frozenset(
    {Permission.PORTAL_SELF, Permission.PORTAL_AFFILIATE}
)

# What a super-user holds: everything a member of staff can be given.
STAFF_PERMISSIONS: frozenset[Permission] = frozenset(Permission) - CUSTOMER_PERMISSIONS

# What an API server key may be scoped to. Account and key management stay with people,
# so every such change in the audit log names a person.
KEY_SCOPES: frozenset[Permission] = STAFF_PERMISSIONS - {
    Permission.ACCOUNTS_MANAGE,
    Permission.KEYS_MANAGE,
}
