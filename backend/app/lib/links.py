"""Links put in front of customers: only web addresses, mail addresses and our own pages.

A link a journey leaves in the portal is rendered as an `<a href>`; `javascript:` (or
`data:`, `vbscript:` …) there would run in the customer's signed-in portal. Browsers
forgive a lot while parsing a URL (they drop tabs and newlines inside the scheme, strip
leading spaces and control characters, read `\\` as `/`), so the check refuses those
characters outright instead of trying to read the URL the way each browser would.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

LINK_RULE: Final = (
    "Use a web address (https://…), a mailto: address or a page of the portal "
    "(/portal/…); other kinds of link, such as javascript:, are not allowed."
)
_WEB: Final = frozenset({"http", "https"})


def link_problem(link: str) -> str | None:  # noqa: PLR0911 - one answer per mistake
    """Why `link` may not be shown to a customer, or None when it may."""
    if not link:
        return "is empty. " + LINK_RULE
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in link) or "\\" in link:
        return "contains spaces, control characters or a backslash. " + LINK_RULE
    if link.startswith("//"):
        # Another site, with whatever scheme the page has: write the scheme out.
        return "starts with // (another site): write https:// instead."
    if link.startswith("/"):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return "is not a valid address. " + LINK_RULE
    if parts.scheme in _WEB and not parts.hostname:
        return f"has no host after {parts.scheme}://."
    if parts.scheme == "mailto" and not parts.path:
        return "names no address after mailto:."
    return None if parts.scheme in _WEB | {"mailto"} else LINK_RULE


def is_safe_link(link: str) -> bool:
    return link_problem(link) is None
