"""The webhook guard judges the IPv4 address inside IPv6 transition addresses."""

from __future__ import annotations

import ipaddress

import pytest

from app.channels.webhook import WebhookRefusedError, allowed_networks, refusal, resolve

# Each form of IPv6 address that carries an IPv4 address, pointing at loopback or a
# private network (what a webhook must never reach), and at a public address.
INSIDE = {
    "NAT64 (64:ff9b::/96)": ("64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::808:808"),
    "IPv4-mapped (::ffff:0:0/96)": ("::ffff:127.0.0.1", "::ffff:192.168.1.1", "::ffff:8.8.8.8"),
    "IPv4-translated (::ffff:0:0:0/96)": ("::ffff:0:7f00:1", "::ffff:0:ac10:1", "::ffff:0:808:808"),
    "IPv4-compatible (::/96)": ("::127.0.0.1", "::10.1.2.3", "::8.8.8.8"),
    "6to4 (2002::/16)": ("2002:7f00:1::1", "2002:c0a8:101::1", "2002:808:808::1"),
    # Teredo: server 65.54.227.120, client obfuscated (bits inverted) in the last 32 bits.
    "Teredo (2001::/32)": (
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # client 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # client 10.0.0.1
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # client 8.8.8.8
    ),
}


@pytest.mark.parametrize("form", sorted(INSIDE))
def test_a_transition_address_to_loopback_or_private_is_refused(form: str) -> None:
    loopback, private, public = (ipaddress.ip_address(a) for a in INSIDE[form])
    assert refusal(loopback, []) is not None
    assert refusal(private, []) is not None
    assert refusal(public, []) is None


@pytest.mark.parametrize("form", sorted(INSIDE))
async def test_resolve_refuses_each_transition_form_pointing_at_loopback(form: str) -> None:
    loopback = INSIDE[form][0]
    with pytest.raises(WebhookRefusedError, match="loopback, private or link-local"):
        await resolve(loopback, 80, [])


def test_local_use_nat64_is_refused_whatever_it_embeds() -> None:
    for text in ("64:ff9b:1::7f00:1", "64:ff9b:1::808:808", "64:ff9b:1:7f00:1::"):
        assert "local-use NAT64" in str(refusal(ipaddress.ip_address(text), []))


def test_the_allow_list_covers_the_ipv4_address_inside() -> None:
    allow = allowed_networks("127.0.0.0/8")
    assert refusal(ipaddress.ip_address("64:ff9b::7f00:1"), allow) is None
    assert refusal(ipaddress.ip_address("2002:7f00:1::1"), allow) is None
    assert refusal(ipaddress.ip_address("64:ff9b::a00:1"), allow) is not None


def test_plain_addresses_are_judged_as_before() -> None:
    assert refusal(ipaddress.ip_address("::1"), []) is not None
    assert refusal(ipaddress.ip_address("::"), []) is not None
    assert refusal(ipaddress.ip_address("fe80::1"), []) is not None
    assert refusal(ipaddress.ip_address("fd00::1"), []) is not None
    assert refusal(ipaddress.ip_address("2606:4700:4700::1111"), []) is None
    assert refusal(ipaddress.ip_address("1.1.1.1"), []) is None
    assert refusal(ipaddress.ip_address("169.254.169.254"), []) is not None
