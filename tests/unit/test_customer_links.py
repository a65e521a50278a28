"""Which links may be put in front of a customer (portal messages and highlights)."""

from __future__ import annotations

import pytest

from app.lib.links import is_safe_link

SAFE = [
    "https://shop.example/help?x=1#top",
    "http://shop.example",
    "HTTPS://SHOP.EXAMPLE/",
    "mailto:help@shop.example",
    "/portal/content/onboarding",
    "/portal/orders?status=open",
]
UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",  # browsers strip leading spaces
    "java\tscript:alert(1)",  # … and tabs and newlines inside the scheme
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/phish",  # another site, scheme-relative
    "/\\evil.example",  # browsers read \\ as /
    "https://",
    "mailto:",
    "orders/12",
    "",
]


@pytest.mark.parametrize("link", SAFE)
def test_web_mail_and_portal_links_are_shown(link: str) -> None:
    assert is_safe_link(link)


@pytest.mark.parametrize("link", UNSAFE)
def test_script_and_other_links_are_refused(link: str) -> None:
    assert not is_safe_link(link)
