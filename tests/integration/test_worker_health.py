"""`python -m app worker --check`, docker-compose's healthcheck of the worker and the
sender: it passes while this machine's worker of that role runs (its arq heartbeat is in
Redis, renewed every 10 s, lapsing after 11 s) and fails once it stopped."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec

from app.resources import Resources
from app.settings import Settings
from app.worker.runner import HEALTH_SECONDS, health_key

REPO = Path(__file__).resolve().parents[2]


def _env(settings: Settings, role: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "WAYMARK_WORKER_ROLE": role,
        "WAYMARK_TEST_RECORDING_PROVIDER": "true",
    }


def _check(settings: Settings, role: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "worker", "--check"],
        cwd=REPO,
        env=_env(settings, role),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _start(settings: Settings, role: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "worker"],
            cwd=REPO,
            env=_env(settings, role),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def test_the_check_passes_while_the_worker_of_its_role_runs(
    settings: Settings, resources: Resources, tmp_path: Path
) -> None:
    outbox = msgspec.structs.replace(settings, worker_role="outbox")
    engine = msgspec.structs.replace(settings, worker_role="engine")
    sender = _start(settings, "outbox", tmp_path / "sender.log")
    try:
        deadline = time.monotonic() + 60
        while not await resources.redis.exists(health_key(outbox)):
            assert sender.poll() is None, (tmp_path / "sender.log").read_text()
            assert time.monotonic() < deadline, "the sender never marked itself alive"
            await asyncio.sleep(0.2)
        # The mark lapses unless renewed: a worker that died is seen within 11 s.
        assert 0 < await resources.redis.pttl(health_key(outbox)) <= (HEALTH_SECONDS + 1) * 1000
        passed = _check(settings, "outbox")
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "worker (outbox): alive" in passed.stdout
        # Another role on this machine is another worker, with its own mark: not here.
        assert health_key(engine) != health_key(outbox)
        assert not await resources.redis.exists(health_key(engine))
    finally:
        sender.terminate()
        sender.wait(30)
    failed = _check(settings, "outbox")
    assert failed.returncode == 1
    assert "no recent heartbeat" in failed.stdout
