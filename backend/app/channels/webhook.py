"""Calling another system over HTTP, with an SSRF guard.

The host is resolved first and every address it resolves to must be public (not loopback,
private, link-local, multicast, reserved) unless an allow-listed network holds it; the
request then goes to the address that was checked (pinned), with the original Host header
and TLS server name, so a second DNS answer cannot point it elsewhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import httpx

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class WebhookRefusedError(Exception):
    """The address is not one a webhook may call."""


class WebhookFailedError(Exception):
    """The call failed (network or non-2xx answer); the outbox retries."""


def allowed_networks(setting: str) -> list[IPNetwork]:
    return [
        ipaddress.ip_network(part.strip(), strict=False)
        for part in setting.split(",")
        if part.strip()
    ]


def _public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return _public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int, allow: Sequence[IPNetwork]) -> IPAddress:
    """The address to call: every answer must be public or allow-listed."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise WebhookFailedError(f"cannot resolve {host}: {error}") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise WebhookFailedError(f"{host} has no address")
    for address in addresses:
        if not _public(address) and not any(address in net for net in allow):
            raise WebhookRefusedError(
                f"refused: {host} resolves to {address}, a loopback, private or link-local "
                "address (allow it in WAYMARK_WEBHOOK_ALLOW_NETWORKS)"
            )
    return addresses[0]


async def call(
    url: str,
    *,
    method: str,
    headers: dict[str, str],
    body: str | None,
    timeout: float,  # noqa: ASYNC109 - passed to httpx, which enforces it
    allow: Sequence[IPNetwork],
) -> httpx.Response:
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise WebhookRefusedError(f"not an http(s) address: {url}")
    port = parts.port or _DEFAULT_PORTS[parts.scheme]
    address = await resolve(parts.hostname, port, allow)
    pinned_host = f"[{address}]" if address.version == 6 else str(address)
    pinned = urlunsplit((parts.scheme, f"{pinned_host}:{port}", parts.path or "/", parts.query, ""))
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    extensions: dict[str, Any] = {}
    if parts.scheme == "https":
        extensions["sni_hostname"] = parts.hostname
    # No redirects: a redirect could lead to an address the guard never saw.
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        try:
            response = await client.request(
                method,
                pinned,
                headers={**headers, "Host": host_header},
                content=body.encode() if body is not None else None,
                extensions=extensions,
            )
        except httpx.HTTPError as error:
            raise WebhookFailedError(f"{type(error).__name__}: {error}") from error
    if response.status_code >= 300:
        raise WebhookFailedError(f"answered {response.status_code}: {response.text[:300]}")
    return response


def pick(document: Any, pointer: str) -> Any:
    """RFC 6901 JSON pointer (`/data/id`) into a decoded JSON answer; None when absent."""
    if pointer in ("", "/"):
        return document
    current = document
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current
