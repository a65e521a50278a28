"""Failures that retrying cannot help, raised by any effect's handler, and how a handler
hears of a failed try (`Failure`)."""

from __future__ import annotations

from typing import ClassVar, Literal

import msgspec

# Why an effect failed, as a journey step's numbers count a message never sent:
# `delivery_failed` is any failure but a PermanentError (retried until the tries run out).
Cause = Literal["no_consent", "no_address", "template_failed", "delivery_failed", "other"]


class PermanentError(Exception):
    """Retrying cannot help (a template that does not render, no consent, no address):
    the outbox row is marked failed with this reason at once."""

    cause: ClassVar[Cause] = "other"


class NoConsentError(PermanentError):
    """The contact has not agreed to (or opted out of) this channel."""

    cause = "no_consent"


class NoAddressError(PermanentError):
    """The contact has no email address or phone number."""

    cause = "no_address"


class TemplateFailedError(PermanentError):
    """The message's template is missing or does not render."""

    cause = "template_failed"


class Failure(msgspec.Struct, frozen=True):
    """A failed try of an effect, as its handler hears it (`EffectHandler.failed`)."""

    # For people: what the outbox row's `last_error` and the message log say.
    reason: str
    cause: Cause

    @classmethod
    def of(cls, error: Exception) -> Failure:
        if isinstance(error, PermanentError):
            return cls(str(error), error.cause)
        return cls(f"{type(error).__name__}: {error}", "delivery_failed")
