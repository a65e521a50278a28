"""API keys read once are trusted for KEY_CACHE_SECONDS by the process that read them."""

from __future__ import annotations

import uuid

import pytest

from app.auth import services
from app.auth.principal import KeyPrincipal

KEY = KeyPrincipal(key_id=uuid.uuid4(), kind="server", permissions=frozenset())


@pytest.fixture(autouse=True)
def _forget() -> None:
    services.forget_api_keys()


def test_a_key_read_is_known_until_its_time_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("app.auth.services.time.monotonic", lambda: now[0])
    assert services.known_api_key("wm_sk_a") is None
    services.remember_api_key("wm_sk_a", KEY)
    now[0] += services.KEY_CACHE_SECONDS - 0.1
    assert services.known_api_key("wm_sk_a") is KEY
    now[0] += 0.1
    assert services.known_api_key("wm_sk_a") is None


def test_a_change_to_any_key_forgets_them_all() -> None:
    services.remember_api_key("wm_sk_a", KEY)
    services.forget_api_keys()
    assert services.known_api_key("wm_sk_a") is None
