"""The whole OpenAPI under a schema fuzzer: schemathesis against the real API process.

`python -m app serve` runs on this run's PostgreSQL and Redis; schemathesis reads its
/api/docs/openapi.json and sends every operation valid and invalid requests (its coverage
phase: each parameter and field at its bounds, wrong types, missing, an unexpected method;
then its fuzzing phase: random requests in the time left), signed in the way each route
expects: staff routes with a super-user's session cookie and CSRF token, portal routes
with a customer's, the event API with a server key and /track with a public write key.
It checks that no answer is a server error (nor an unhandled error in the API's own log)
and that every answer is one the OpenAPI documents (its status code and content type)
with a body that matches the documented schema, and that every operation of the OpenAPI
(but the two that would end its session) was answered at least once.

Bounded for CI (2 cores): the run stops at WAYMARK_FUZZ_SECONDS (schemathesis shares the
time left fairly among the operations it has not run yet), at most WAYMARK_FUZZ_EXAMPLES
cases per operation in the fuzzing phase. `make test` runs it as its own step (`fuzz`,
scripts/test.py), which shows the figures written to .test-logs/fuzz/summary.json; a
failure lists each failing check and the API's log.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth.permissions import Permission
from app.resources import Resources
from scripts.procs import wait_http_ok
from tests.support.accounts import PASSWORD, SHOP, create_api_key, create_user

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
# An unexpected method is answered the same way on every path (405, by the router): two of
# them show it, the five of schemathesis's default spend a third of the budget on it.
UNEXPECTED_METHODS = ("patch", "delete")
# Never sent: they would end the fuzzer's own session or change its role.
NEVER = ("authLogout", "authSwitchRole")
# A stream that never ends (server-sent events): a fuzzer's request would wait on it until
# its timeout, a quarter of the budget. Checked here instead (_check_stream).
STREAM = "streamJobs"
STREAM_PATH = "/api/v1/jobs/stream"
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
        wait_http_ok(f"{base}/health/ready", timeout=120, watch={"api": proc}, logs={"api": log})
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

[phases.coverage]
unexpected-methods = {json.dumps(list(UNEXPECTED_METHODS))}

[[operations]]
include-path-regex = "^/api/v1/portal/"
headers = {session(customer)}

[[operations]]
include-operation-id = ["eventsSend", "callsBatch", "identify", "page"]
headers = {_toml_table({"Authorization": f"Bearer {server}"})}

[[operations]]
include-path-regex = "^/api/v1/track"
headers = {_toml_table({"Authorization": f"Bearer {public}", "Origin": SHOP})}
"""


@dataclass
class Run:
    """What one schemathesis run did, read from its NDJSON report."""

    seconds: float
    output: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    # "METHOD /path" of every operation that got at least one answer.
    answered: set[str] = field(default_factory=set)
    # "check: METHOD /path -> status (message)", once each.
    failures: set[str] = field(default_factory=set)
    # Errors of the run itself (a refused connection means the API died).
    errors: set[str] = field(default_factory=set)

    def read(self, report: Path) -> None:
        for path in report.glob("*.ndjson"):
            for line in path.read_text().splitlines():
                event = json.loads(line)
                if "NonFatalError" in event:
                    error = event["NonFatalError"]
                    self.errors.add(f"{error['label']}: {error['value']['message'][:300]}")
                elif "ScenarioFinished" in event:
                    self._scenario(event["ScenarioFinished"]["recorder"])

    def _scenario(self, recorder: dict[str, Any]) -> None:
        for case_id, interaction in recorder.get("interactions", {}).items():
            status = (interaction.get("response") or {}).get("status_code")
            self.requests += 1
            self.statuses[status or 0] += 1
            if status:
                self.answered.add(recorder["label"])
            for check in recorder.get("checks", {}).get(case_id, []):
                if check["status"] == "failure":
                    message = check["failure_info"]["failure"]["message"].replace("\n", " ")
                    self.failures.add(
                        f"{check['name']}: {recorder['label']} -> {status} ({message[:200]})"
                    )

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def fatal(self) -> set[str]:
        """Errors that say the API failed, not schemathesis (whose own hiccups, such as a
        "flaky" generation, are printed but do not fail the test)."""
        return {e for e in self.errors if re.search(r"[Cc]onnection|[Tt]imed? ?out", e)}


def _schemathesis(
    config: Path, spec: str, report: Path, *, seconds: int, only: Sequence[str] = ()
) -> Run:
    chosen = (
        [arg for op in only for arg in ("--include-operation-id", op)]
        if only
        else [arg for op in (*NEVER, *LAST, STREAM) for arg in ("--exclude-operation-id", op)]
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
        "coverage,fuzzing",
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
    done = subprocess.run(
        command,
        check=False,
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )
    run = Run(seconds=time.monotonic() - started, output=done.stdout + done.stderr)
    run.read(report)
    assert run.requests > 0, f"schemathesis sent nothing:\n{run.output[-5000:]}"
    return run


def _check_stream(base: str, staff: tuple[str, str]) -> str:
    """The job stream answers an event stream that starts with `ready`, and bad input with
    a problem; returns its label, answered."""
    cookies = {"waymark_session": staff[0]}
    with httpx.stream("GET", base + STREAM_PATH, cookies=cookies, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        first: list[str] = []
        for line in response.iter_lines():
            if not line:
                break
            first.append(line)
        assert "event: ready" in first, first
    refused = httpx.get(base + STREAM_PATH, params={"queue": "a\x00"}, cookies=cookies)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "queue" in refused.text
    return f"GET {STREAM_PATH}"


def _operations(spec: str) -> set[str]:
    """Every operation of the OpenAPI as schemathesis labels it ("METHOD /path")."""
    document = httpx.get(spec, timeout=30).raise_for_status().json()
    return {
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and operation.get("operationId") not in NEVER
    }


def _answered(runs: Sequence[Run], *also: str) -> set[str]:
    return {label for run in runs for label in run.answered} | set(also)


def _logged_errors(log: Path) -> int:
    """Unhandled errors the API logged itself: a 500 counts even where schemathesis lost
    the case (it drops a scenario whose generation turned out "flaky")."""
    return sum("unhandled_error" in line for line in log.read_text().splitlines())


def _summary(
    runs: Sequence[Run], operations: set[str], stream: str, logged_errors: int
) -> dict[str, Any]:
    statuses: Counter[int] = Counter()
    for run in runs:
        statuses.update(run.statuses)
    answered = _answered(runs, stream) & operations
    return {
        "requests": sum(run.requests for run in runs),
        "server_errors": max(sum(run.server_errors for run in runs), logged_errors),
        "failures": sum(len(run.failures) for run in runs),
        "seconds": round(sum(run.seconds for run in runs), 1),
        "operations": len(operations),
        "operations_answered": len(answered),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
    }


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
        staff_session = _sign_in(base, staff.email, portal=False)
        stream = _check_stream(base, staff_session)
        config.write_text(
            _config(
                base,
                staff_session,
                _sign_in(base, customer.email, portal=True),
                server_key,
                public_key,
            )
        )
        spec = f"{base}/api/docs/openapi.json"
        operations = _operations(spec)
        runs = [
            _schemathesis(config, spec, LOGS / "report", seconds=SECONDS),
            _schemathesis(config, spec, LOGS / "report-last", seconds=LAST_SECONDS, only=LAST),
        ]
    logged_errors = _logged_errors(server_log)
    summary = _summary(runs, operations, stream, logged_errors)
    (LOGS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    for run in runs:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(run.statuses.items()))
        print(
            f"schemathesis: {run.requests} requests in {run.seconds:.0f} s, "
            f"{run.server_errors} server errors, {len(run.failures)} failures ({statuses})"
        )
        for error in sorted(run.errors):
            print(f"  schemathesis error: {error}")
    failures = sorted(f for run in runs for f in run.failures)
    fatal = sorted(e for run in runs for e in run.fatal)
    unanswered = sorted(operations - _answered(runs, stream))
    if unanswered:
        failures.append(f"operations never answered: {', '.join(unanswered)}")
    if logged_errors:
        failures.append(f"the API logged {logged_errors} unhandled errors (see its log below)")
    if failures or fatal:
        log = [line for line in server_log.read_text().splitlines() if line.strip()]
        pytest.fail(
            "schemathesis found problems (report and API log in .test-logs/fuzz/):\n"
            + "\n".join([*failures, *fatal])
            + "\n--- API log ---\n"
            + "\n".join(log[-200:])
        )
