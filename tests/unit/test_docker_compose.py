"""docker-compose.yml keeps every service up and says when one is not: a restart policy
and a healthcheck for each, the workers' being their heartbeat (`worker --check`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML ships no types; litestar brings it

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
SERVICES = ("postgres", "redis", "api", "worker", "sender")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())["services"]
    return loaded


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_restarts_and_has_a_healthcheck(services: dict[str, Any], name: str) -> None:
    service = services[name]
    assert service["restart"] in ("unless-stopped", "always")
    check = service["healthcheck"]
    assert not check.get("disable")
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert check["retries"] >= 3


@pytest.mark.parametrize("name", ["worker", "sender"])
def test_the_workers_healthcheck_is_their_heartbeat(services: dict[str, Any], name: str) -> None:
    assert services[name]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "app",
        "worker",
        "--check",
    ]
    assert services[name]["environment"]["WAYMARK_WORKER_ROLE"] in ("engine", "outbox")


def test_the_api_seeds_only_when_asked_and_then_serves(services: dict[str, Any]) -> None:
    script = services["api"]["command"][-1]
    assert 'if [ "$$WAYMARK_DEMO_DATA" = true ]; then python -m app seed' in script
    assert script.endswith("exec python -m app serve --host 0.0.0.0 --port 8000")
