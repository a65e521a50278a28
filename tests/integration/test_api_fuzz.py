"""The whole OpenAPI under a schema fuzzer: schemathesis against the real API process.

`python -m app serve` runs on this run's PostgreSQL and Redis; schemathesis reads its
/api/docs/openapi.json and sends every operation valid and invalid requests (its examples,
coverage and fuzzing phases), signed in the way each route expects: staff routes with a
super-user's session cookie and CSRF token, portal routes with a customer's, the event
API with a server key and /track with a public write key. It checks that no answer is a
server error and that every answer is one the OpenAPI documents (its status code and
content type) with a body that matches the documented schema.

Bounded for CI (2 cores): WAYMARK_FUZZ_EXAMPLES cases per operation and phase (default
below), and the run stops at WAYMARK_FUZZ_SECONDS. A failure prints schemathesis's report
(a curl line per failing case) and the server's tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from app.auth.permissions import Permission
from app.resources import Resources
from tests.support.accounts import PASSWORD, create_api_key, create_user

REPO = Path(__file__).resolve().parents[2]
# Kept after the run (the tmp folders of pytest are shared and pruned): schemathesis's
# report (NDJSON, every request and check) and the API's log.
LOGS = REPO / ".test-logs" / "fuzz"
EXAMPLES = int(os.environ.get("WAYMARK_FUZZ_EXAMPLES", "20"))
SECONDS = int(os.environ.get("WAYMARK_FUZZ_SECONDS", "150"))
LAST_SECONDS = max(10, SECONDS // 8)
SEED = os.environ.get("WAYMARK_FUZZ_SEED", "20261207")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
# Never sent: they would end the fuzzer's own session or change its role.
NEVER = ("authLogout", "authSwitchRole")
# Operations that can take the fuzzer's own rights away (it finds its own user, role and
# keys in the lists it reads): fuzzed apart, after everything else.
LAST = (
    "adminDeactivateUser",
    "adminLogoutUser",
    "adminChangeUserRoles",
    "adminUpdateRole",
    "adminRevokeApiKey",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _api(log: Path) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "WAYMARK_ENV": "test",
        "WAYMARK_LOG_FORMAT": "console",
        "WAYMARK_LOG_LEVEL": "ERROR",
        "WAYMARK_DB_POOL_SIZE": "4",
    }
    env.pop("WAYMARK_SPA_DIR", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"the API exited:\n{log.read_text()[-3000:]}"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health/ready", timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, "the API did not become ready in 2 minutes"
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _sign_in(base: str, email: str, *, portal: bool) -> tuple[str, str]:
    url = f"{base}/api/v1/{'portal/' if portal else ''}auth/login"
    response = httpx.post(url, json={"email": email, "password": PASSWORD}, timeout=30)
    assert response.status_code == 200, response.text
    return response.cookies["waymark_session"], str(response.json()["csrf_token"])


def _toml_table(headers: dict[str, str]) -> str:
    return "{ " + ", ".join(f'"{k}" = "{v}"' for k, v in headers.items()) + " }"


def _config(
    base: str, staff: tuple[str, str], customer: tuple[str, str], server: str, public: str
) -> str:
    def session(cookie_and_csrf: tuple[str, str]) -> str:
        cookie, csrf = cookie_and_csrf
        return _toml_table({"Cookie": f"waymark_session={cookie}", "X-CSRF-Token": csrf})

    return f"""
base-url = "{base}"
request-timeout = 30
headers = {session(staff)}

[generation]
max-examples = {EXAMPLES}

[[operations]]
include-path-regex = "^/api/v1/portal/"
headers = {session(customer)}

[[operations]]
include-operation-id = ["eventsSend", "callsBatch", "identify", "page"]
headers = {_toml_table({"Authorization": f"Bearer {server}"})}

[[operations]]
include-path-regex = "^/api/v1/track"
headers = {_toml_table({"Authorization": f"Bearer {public}"})}
"""


def _schemathesis(
    config: Path, spec: str, report: Path, *, seconds: int, only: Sequence[str] = ()
) -> tuple[int, str, float]:
    """Run the CLI; returns its exit code, its output and how long it took."""
    chosen = (
        [arg for op in only for arg in ("--include-operation-id", op)]
        if only
        else [arg for op in (*NEVER, *LAST) for arg in ("--exclude-operation-id", op)]
    )
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        spec,
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "2",
        "--max-time",
        str(seconds),
        "--seed",
        SEED,
        "--no-shrink",
        "--report",
        "ndjson",
        "--report-dir",
        str(report),
        *chosen,
    ]
    started = time.monotonic()
    run = subprocess.run(
        command,
        check=False,
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )
    return run.returncode, run.stdout + run.stderr, time.monotonic() - started


@pytest.mark.fuzz
async def test_no_operation_answers_a_server_error_or_off_its_schema(
    resources: Resources, standard_roles: None
) -> None:
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    staff = await create_user(resources, role="super_user")
    customer = await create_user(resources, role="customer")
    server_key = await create_api_key(
        resources, created_by=staff.id, scopes=[p for p in Permission if p.value != "keys:manage"]
    )
    public_key = await create_api_key(resources, created_by=staff.id, kind="public_write")
    server_log = LOGS / "api.log"
    with _api(server_log) as base:
        config = LOGS / "schemathesis.toml"
        config.write_text(
            _config(
                base,
                _sign_in(base, staff.email, portal=False),
                _sign_in(base, customer.email, portal=True),
                server_key,
                public_key,
            )
        )
        spec = f"{base}/api/docs/openapi.json"
        runs = [
            _schemathesis(config, spec, LOGS / "report", seconds=SECONDS),
            _schemathesis(config, spec, LOGS / "report-last", seconds=LAST_SECONDS, only=LAST),
        ]
    for code, output, elapsed in runs:
        print(output[-4000:])
        print(f"schemathesis took {elapsed:.0f} s (exit {code})")
    failed = [output for code, output, _ in runs if code != 0]
    if failed:
        log = [line for line in server_log.read_text().splitlines() if line.strip()]
        pytest.fail(
            "schemathesis found problems (report and API log in .test-logs/fuzz/):\n"
            + "\n".join(output[-15000:] for output in failed)
            + "\n--- API log ---\n"
            + "\n".join(log[-200:])
        )
