"""Administration: users, roles, the audit log and API keys (super-users and key managers)."""
