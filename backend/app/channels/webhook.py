"""Calling another system over HTTP, with an SSRF guard.

The host is resolved first and every address it resolves to must be public (not loopback,
private, link-local, multicast, reserved) unless an allow-listed network holds it; the
request then goes to the address that was checked (pinned), with the original Host header
and TLS server name, so a second DNS answer cannot point it elsewhere.

An IPv6 address that carries an IPv4 address inside it (NAT64, 6to4, Teredo, IPv4-mapped
and IPv4-compatible) reaches that IPv4 address through a translator or tunnel, so the
IPv4 address inside is judged as if it had been given (`embedded_ipv4`).
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


# IPv6 ranges whose last 32 bits are an IPv4 address a translator or the host reaches:
# NAT64's well-known prefix (RFC 6052), IPv4-mapped, IPv4-translated (SIIT, RFC 2765) and
# the deprecated IPv4-compatible form (::a.b.c.d, which ::1 and :: also fall in).
_LAST_32_BITS: Final = tuple(
    ipaddress.IPv6Network(net)
    for net in ("64:ff9b::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "::/96")
)
# NAT64 for local use (RFC 8215): the operator picks where the IPv4 address sits (/48 to
# /96), so what it reaches cannot be read from the address; refused unless allow-listed.
_LOCAL_NAT64: Final = ipaddress.IPv6Network("64:ff9b:1::/48")


class _Opaque:
    """An address that reaches somewhere we cannot tell (local-use NAT64)."""


def embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address] | _Opaque:
    """The IPv4 addresses an IPv6 address reaches through a translator or tunnel (6to4's
    relay, Teredo's server and client); empty for an ordinary address."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    if address in _LOCAL_NAT64:
        return _Opaque()
    if any(address in net for net in _LAST_32_BITS):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    return []


def _public(address: IPAddress) -> bool:
    return address.is_global and not address.is_multicast


def _allowed(address: IPAddress, allow: Sequence[IPNetwork]) -> bool:
    return any(address in net for net in allow)


def refusal(  # noqa: PLR0911 - one answer per kind of address
    address: IPAddress, allow: Sequence[IPNetwork]
) -> str | None:
    """Why a webhook may not call this address, or None when it may."""
    if _allowed(address, allow):
        return None
    if address.is_loopback or address.is_unspecified:
        return f"{address} is a loopback address"
    inside = embedded_ipv4(address)
    if isinstance(inside, _Opaque):
        return f"{address} is a local-use NAT64 address (64:ff9b:1::/48)"
    if inside:
        for ipv4 in inside:
            if not _public(ipv4) and not _allowed(ipv4, allow):
                return f"{address} reaches {ipv4}, a loopback, private or link-local address"
        return None
    if not _public(address):
        return f"{address} is a loopback, private or link-local address"
    return None


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
        why = refusal(address, allow)
        if why is not None:
            raise WebhookRefusedError(
                f"refused: {host} resolves to {address}: {why} "
                "(a super-user can allow its network under Admin · Webhook networks; "
                "the first list is WAYMARK_WEBHOOK_ALLOW_NETWORKS)"
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
