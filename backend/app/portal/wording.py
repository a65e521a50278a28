"""Statuses in the customer's words. Staff and journeys set short machine statuses
(`requested`, `validated`, `in_progress`…); the portal says what they mean to the person
waiting. A status nobody listed here reads as itself, made readable."""

from __future__ import annotations

from typing import Final

_COMMON: Final[dict[str, str]] = {
    "requested": "We have your request",
    "received": "We have received it",
    "new": "We have received it",
    "open": "We are looking into it",
    "in_progress": "We are working on it",
    "on_hold": "Waiting for something before we carry on",
    "completed": "Done",
    "closed": "Closed",
    "cancelled": "Cancelled",
    "rejected": "We could not accept it",
    "declined": "We could not accept it",
}

_BY_KIND: Final[dict[str, dict[str, str]]] = {
    "order": {
        "placed": "Order placed",
        "confirmed": "Order confirmed",
        "in_production": "Being made",
        "manufactured": "Made, waiting to be sent",
        "despatched": "On its way",
        "shipped": "On its way",
        "delivered": "Delivered",
        "completed": "Delivered",
    },
    "return": {
        "requested": "Return requested: we will check it shortly",
        "validating": "We are checking your return",
        "valid": "Return accepted: a replacement is being prepared",
        "validated": "Return accepted: a replacement is being prepared",
        "approved": "Return accepted: a replacement is being prepared",
        "replacement_sent": "Your replacement is on its way",
        "replaced": "Your replacement is on its way",
        "refunded": "Refunded",
        "rejected": "We could not accept this return (we have written to you)",
    },
    "ticket": {
        "raised": "We have your message",
        "answered": "We have answered",
        "resolved": "Resolved",
    },
    "enquiry": {
        "raised": "We have your question",
        "answered": "We have answered",
    },
    "appointment": {
        "requested": "Requested: we will confirm the time",
        "scheduled": "Confirmed",
        "confirmed": "Confirmed",
        "moved": "Moved: we will confirm the new time",
        "attended": "Done",
        "missed": "Missed",
    },
}


def status_label(kind: str, status: str) -> str:
    words = _BY_KIND.get(kind, {}).get(status) or _COMMON.get(status)
    return words or status.replace("_", " ").capitalize()
