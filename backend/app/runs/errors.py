"""Outbox failures that retrying cannot help, importable by every effect's handler
(the dispatcher in app.runs.outbox imports the handlers, so they cannot import it)."""

from __future__ import annotations


class PermanentError(Exception):
    """Retrying cannot help (a template that does not render, no consent, no address):
    the row is marked failed with this reason at once."""
