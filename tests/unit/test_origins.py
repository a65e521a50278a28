"""Web origins a public key allows: written one way, matched exactly or by subdomain."""

from __future__ import annotations

import pytest

from app.lib.origins import OriginError, normalise_origin, origin_allowed


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("https://shop.example", "https://shop.example"),
        ("HTTPS://Shop.Example:443/", "https://shop.example"),
        ("http://shop.example:80", "http://shop.example"),
        ("http://127.0.0.1:5173", "http://127.0.0.1:5173"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://*.Shop.Example", "https://*.shop.example"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ],
)
def test_an_origin_is_written_one_way(written: str, stored: str) -> None:
    assert normalise_origin(written) == stored


@pytest.mark.parametrize(
    "written",
    [
        "",
        "shop.example",
        "ftp://shop.example",
        "javascript:alert(1)",
        "https://shop.example/pricing",
        "https://shop.example?x=1",
        "https://user:pw@shop.example",
        "https://*.example",  # every site under a top-level domain
        "https://*.127.0.0.1",
        "https://sh op.example",
        "null",
    ],
)
def test_what_is_not_an_origin_is_refused(written: str) -> None:
    with pytest.raises(OriginError):
        normalise_origin(written)


ALLOWED = ["https://shop.example", "https://*.blog.example", "http://localhost:3000"]


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://shop.example", True),
        ("https://SHOP.example:443", True),
        ("http://shop.example", False),  # another scheme is another origin
        ("https://shop.example:8443", False),
        ("https://www.shop.example", False),
        ("https://a.blog.example", True),
        ("https://a.b.blog.example", True),
        ("https://blog.example", False),  # the pattern is for subdomains
        ("https://evilblog.example", False),
        ("https://blog.example.evil.example", False),
        ("http://localhost:3000", True),
        ("http://localhost:3001", False),
        ("null", False),
        ("https://*.blog.example", False),
    ],
)
def test_a_page_origin_is_allowed_exactly_or_as_a_subdomain(origin: str, expected: bool) -> None:
    assert origin_allowed(origin, ALLOWED) is expected
