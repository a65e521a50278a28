"""Every ORM model, imported once so Alembic and the tests see the whole schema."""

from app.auth.models import ApiKey, AuditEntry, Invite, Role, User, UserRole
from app.contacts.models import Contact
from app.events.models import Event
from app.lib.db import Base

metadata = Base.metadata

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Contact",
    "Event",
    "Invite",
    "Role",
    "User",
    "UserRole",
    "metadata",
]
