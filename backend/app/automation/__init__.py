"""Automation: CRM actions a journey runs (from the outbox), staff notifications,
portal messages, scheduled triggers and scoring rules."""
