"""Web origins (`https://shop.example`, `https://*.shop.example:8443`): written the one way,
and whether a page's origin is among those a public key allows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final
from urllib.parse import urlsplit

MAX_ORIGINS: Final = 50
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
# A host name label, or the `*` that stands for any subdomain (leftmost only).
_LABEL: Final = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_IPV4: Final = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


class OriginError(ValueError):
    """Not an origin a key can allow, with the reason."""


def normalise_origin(text: str) -> str:
    """`HTTPS://Shop.Example:443/` → `https://shop.example`; raises OriginError."""
    raw = text.strip().rstrip("/")
    if not raw:
        raise OriginError("is empty")
    wildcard = "://*." in raw
    try:
        parts = urlsplit(raw.replace("://*.", "://wildcard.", 1) if wildcard else raw)
        port = parts.port
    except ValueError as error:
        raise OriginError(f"“{text}” is not a web origin ({error})") from error
    if parts.scheme not in _DEFAULT_PORTS:
        raise OriginError(f"“{text}” must start with https:// (or http://)")
    if parts.path or parts.query or parts.fragment or "#" in raw or "?" in raw:
        raise OriginError(
            f"“{text}” is more than an origin: give scheme, host and port only, "
            "e.g. https://shop.example"
        )
    if parts.username is not None or parts.password is not None:
        raise OriginError(f"“{text}” must not hold a user name or password")
    host = parts.hostname or ""
    labels = host.split(".")
    if wildcard:
        labels = labels[1:]
    is_ip = bool(_IPV4.match(".".join(labels))) or host.startswith("[") or ":" in host
    if not host or not (is_ip or all(_LABEL.match(label) for label in labels)):
        raise OriginError(f"“{text}” has no valid host name")
    if wildcard and (is_ip or len(labels) < 2):
        raise OriginError(
            f"“{text}”: a * stands for the subdomains of a domain such as *.shop.example"
        )
    shown_host = f"[{host}]" if ":" in host else host
    if wildcard:
        shown_host = "*." + ".".join(labels)
    default = _DEFAULT_PORTS[parts.scheme]
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme}://{shown_host}{suffix}"


def normalise_origins(texts: Iterable[str]) -> list[str]:
    """Each written the one way, duplicates dropped, in the order given."""
    return list(dict.fromkeys(normalise_origin(text) for text in texts))


def origin_allowed(origin: str, allowed: Iterable[str]) -> bool:
    """Whether a page's `Origin` is one of `allowed` (normalised), a `*.` entry allowing
    every subdomain of its domain (not the domain itself)."""
    try:
        sent = normalise_origin(origin)
    except OriginError:
        return False
    if "*" in sent:
        return False
    scheme, _, rest = sent.partition("://")
    host, _, port = rest.partition(":")
    for entry in allowed:
        if entry == sent:
            return True
        if "://*." not in entry:
            continue
        entry_scheme, _, entry_rest = entry.partition("://*.")
        domain, _, entry_port = entry_rest.partition(":")
        if entry_scheme == scheme and entry_port == port and host.endswith("." + domain):
            return True
    return False
