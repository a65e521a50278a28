"""Failures that retrying cannot help, raised by any effect's handler."""

from __future__ import annotations


class PermanentError(Exception):
    """Retrying cannot help (a template that does not render, no consent, no address):
    the outbox row is marked failed with this reason at once."""
