"""Pure rules of the accounts domain: password policy, redirects, audit diffs, kinds."""

from __future__ import annotations

import pytest

from app.auth.audit import diff
from app.auth.passwords import password_problems
from app.auth.permissions import KEY_SCOPES, STAFF_PERMISSIONS, Permission
from app.auth.principal import kind_of_role
from app.auth.sso import safe_next
from app.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Sturdy-Passw0rd", []),
        ("correct horse battery staple 42", []),
        ("ÉlèveStudieux99", []),
        ("short-1A", ["Use at least 12 characters."]),
        ("onlylowercaseletters", ["Mix at least two kinds"]),
        ("123456789012345", ["Mix at least two kinds"]),
        ("ada@example.com", ["Do not use your email"]),
        ("ADA@EXAMPLE.COM", ["Do not use your email"]),
        ("aaaa", ["Use at least 12 characters.", "Mix at least two kinds"]),
        ("x" * 2000 + "1", ["Use at most 1024 characters."]),
    ],
)
def test_password_policy(password: str, expected: list[str]) -> None:
    problems = password_problems(password, email="ada@example.com")
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_the_email_name_alone_is_refused_too() -> None:
    assert password_problems("adalovelace1", email="adalovelace1@example.com")


@pytest.mark.parametrize(
    ("wanted", "safe"),
    [
        ("/journeys/42", "/journeys/42"),
        ("/dashboards/sales?filter=mine", "/dashboards/sales?filter=mine"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("journeys", "/"),
    ],
)
def test_sso_only_returns_to_paths_on_this_site(wanted: str | None, safe: str) -> None:
    assert safe_next(wanted) == safe


def test_audit_diff_names_only_what_changed() -> None:
    assert diff(
        {"label": "A", "permissions": ["x"], "queue": None},
        {"label": "B", "permissions": ["x"], "queue": "q"},
    ) == {"label": {"from": "A", "to": "B"}, "queue": {"from": None, "to": "q"}}


def test_portal_roles_are_customer_roles() -> None:
    assert kind_of_role([Permission.PORTAL_SELF.value]) == "customer"
    assert kind_of_role(STAFF_PERMISSIONS) == "staff"
    assert Permission.PORTAL_SELF not in STAFF_PERMISSIONS
    assert not {Permission.ACCOUNTS_MANAGE, Permission.KEYS_MANAGE} & KEY_SCOPES


def test_sso_is_on_only_with_a_discovery_url_and_a_client_id() -> None:
    assert not load_settings({}).sso_enabled
    assert not load_settings({"WAYMARK_OIDC_DISCOVERY_URL": "https://idp.example"}).sso_enabled
    on = load_settings(
        {"WAYMARK_OIDC_DISCOVERY_URL": "https://idp.example", "WAYMARK_OIDC_CLIENT_ID": "waymark"}
    )
    assert on.sso_enabled
    assert on.oidc_unknown_email == "refuse"
    assert on.oidc_default_role == "marketer"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("WAYMARK_OIDC_UNKNOWN_EMAIL", "maybe"),
        ("WAYMARK_COOKIE_SECURE", "sometimes"),
        ("WAYMARK_SESSION_IDLE_MINUTES", "0"),
        ("WAYMARK_PUBLIC_BASE_URL", "waymark.example"),
    ],
)
def test_a_bad_account_setting_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_account_settings_defaults() -> None:
    settings = load_settings({"WAYMARK_COOKIE_SECURE": "true"})
    assert settings.cookie_secure is True
    assert load_settings({}).cookie_secure is None
    assert (settings.session_idle_minutes, settings.session_absolute_hours) == (30, 12)
    assert settings.public_base_url == "http://127.0.0.1:8000"
