"""`make test`: bootstrap, throwaway PostgreSQL + Redis, then every check, with a summary.

Steps run in order and all of them run (a failure is remembered, not fatal, unless
--fail-fast); the exit code is non-zero if any step failed. Groups, for --only:
  lint      ruff check, ruff format --check, mypy, lint-imports, schema drift
  pytest    pytest against the throwaway servers on pytest-xdist workers, one per core
            (WAYMARK_PYTEST_WORKERS), each with its own database and Redis db (extra
            arguments: PYTEST_ARGS, which run in one process unless they say -n), but the
            fuzzer
  fuzz      the OpenAPI fuzzer (schemathesis against a real API process, a few minutes:
            WAYMARK_FUZZ_SECONDS); its note gives requests, server errors and seconds
  frontend  typecheck, lint, types drift, vitest, build (in frontend/)
  e2e       migrate + seed a second database, start API + worker, Playwright (in e2e/;
            extra arguments: E2E_ARGS)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scripts.bootstrap import CHROMIUM, BootstrapError, Needs, bootstrap, mark_spa_built
from scripts.localstack import LocalServices, local_services
from scripts.procs import (
    REPO_ROOT,
    Interrupted,
    ServiceError,
    describe_exit,
    error,
    fmt_seconds,
    format_tail,
    free_port,
    install_signal_handlers,
    run_command,
    say,
    spawn,
    stop_process,
    venv_env,
    venv_python,
    wait_http_ok,
)

GROUPS = ("lint", "pytest", "fuzz", "frontend", "e2e")
FRONTEND = REPO_ROOT / "frontend"
E2E = REPO_ROOT / "e2e"
LOG_DIR = REPO_ROOT / ".test-logs"
FUZZ_TEST = "tests/integration/test_api_fuzz.py"
FUZZ_SUMMARY = LOG_DIR / "fuzz" / "summary.json"
MINUTE = 60.0


@dataclass
class Result:
    name: str
    status: str  # PASS, FAIL, SKIP
    seconds: float = 0.0
    note: str = ""


@dataclass
class Context:
    services: LocalServices | None = None
    env: dict[str, str] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)


StepFn = Callable[[Context], tuple[str, str]]  # -> (status, note)


@dataclass(frozen=True)
class Step:
    name: str
    group: str
    run: StepFn
    needs_services: bool = False


def command(cmd: Sequence[str], *, cwd: Path = REPO_ROOT, timeout: float = 15 * MINUTE) -> StepFn:
    def run(ctx: Context) -> tuple[str, str]:
        code = run_command(cmd, cwd=cwd, env=ctx.env, timeout=timeout, name=cmd[0])
        return ("PASS", "") if code == 0 else ("FAIL", f"exit code {code}")

    return run


def npm_script(script: str, *, timeout: float = 15 * MINUTE) -> StepFn:
    def run(ctx: Context) -> tuple[str, str]:
        if not (FRONTEND / "package.json").exists():
            return "FAIL", "frontend/package.json is missing"
        code = run_command(
            ["npm", "run", script], cwd=FRONTEND, env=ctx.env, timeout=timeout, name="npm"
        )
        if code != 0:
            return "FAIL", f"exit code {code}"
        if script == "build":
            mark_spa_built()  # `make run` can reuse this build
        return "PASS", ""

    return run


def _has_python_tests() -> bool:
    tests = REPO_ROOT / "tests"
    return tests.is_dir() and any(
        p.name.startswith("test_") or p.name.endswith("_test.py") for p in tests.rglob("*.py")
    )


def pytest_workers() -> int:
    """How many pytest-xdist workers: WAYMARK_PYTEST_WORKERS, else one per core (at most 8;
    each has its own database and Redis db, tests/support/parallel.py)."""
    chosen = os.environ.get("WAYMARK_PYTEST_WORKERS", "").strip()
    if chosen:
        return max(0, int(chosen))
    return max(1, min(os.cpu_count() or 1, 8))


def run_pytest(ctx: Context) -> tuple[str, str]:
    extra = shlex.split(os.environ.get("PYTEST_ARGS", ""))
    # The fuzzer is a step of its own (`fuzz`) unless PYTEST_ARGS picks the tests. The
    # whole suite runs on pytest-xdist workers, a test file to a worker (its module
    # fixtures start once); PYTEST_ARGS runs in one process unless it says `-n`.
    workers = pytest_workers()
    parallel = ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []
    chosen = extra or [*parallel, "-m", "not fuzz"]
    code = run_command(
        [str(venv_python()), "-m", "pytest", *chosen],
        cwd=REPO_ROOT,
        env=ctx.env,
        timeout=40 * MINUTE,
        name="pytest",
    )
    if code == 0:
        return "PASS", ""
    if code == 5 and not _has_python_tests() and not extra:
        return "SKIP", "no tests in tests/ yet"
    if code == 5:
        return "FAIL", "no tests were collected"
    return "FAIL", f"exit code {code}"


def run_fuzz(ctx: Context) -> tuple[str, str]:
    """The fuzzer's test (tests/integration/test_api_fuzz.py), reported by its figures."""
    FUZZ_SUMMARY.unlink(missing_ok=True)
    code = run_command(
        [str(venv_python()), "-m", "pytest", "-m", "fuzz", "-s", "-q", FUZZ_TEST],
        cwd=REPO_ROOT,
        env=ctx.env,
        timeout=15 * MINUTE,
        name="pytest",
    )
    try:
        figures = json.loads(FUZZ_SUMMARY.read_text())
        note = (
            f"{figures['requests']} requests, {figures['server_errors']} server errors, "
            f"{figures['failures']} failed checks, "
            f"{figures['operations_answered']}/{figures['operations']} operations, "
            f"{figures['seconds']:.0f} s"
        )
    except (OSError, ValueError, KeyError):
        note = "the fuzzer wrote no summary"
        code = code or 1
    if code != 0:
        return "FAIL", f"exit code {code}; {note}"
    return "PASS", note


def _e2e_blocker(ctx: Context) -> tuple[str, str] | None:
    if not (E2E / "package.json").exists():
        return "FAIL", "e2e/package.json is missing"
    build = [r for r in ctx.results if r.name == "frontend build"]
    if build and build[-1].status != "PASS":
        return "SKIP", "needs a successful `frontend build` step"
    if not (FRONTEND / "dist" / "index.html").exists():
        return "FAIL", "frontend/dist/index.html is missing (run the frontend build)"
    if ctx.services is None:
        return "SKIP", "needs the throwaway servers"
    return None


def run_e2e(ctx: Context) -> tuple[str, str]:
    blocker = _e2e_blocker(ctx)
    services = ctx.services
    if blocker is not None or services is None:
        return blocker or ("SKIP", "needs the throwaway servers")
    services.ensure_database("waymark_e2e", recreate=True)
    env = dict(ctx.env)
    env["DATABASE_URL"] = services.database_url_for("waymark_e2e")
    env["WAYMARK_SPA_DIR"] = str(FRONTEND / "dist")
    python = str(venv_python())
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["WAYMARK_PUBLIC_BASE_URL"] = base_url
    for sub in ("migrate", "seed"):
        say(f"e2e: python -m app {sub} (database waymark_e2e)")
        code = run_command([python, "-m", "app", sub], cwd=REPO_ROOT, env=env, timeout=5 * MINUTE)
        if code != 0:
            return "FAIL", f"`python -m app {sub}` failed (code {code})"

    LOG_DIR.mkdir(exist_ok=True)
    logs = {"api": LOG_DIR / "e2e-api.log", "worker": LOG_DIR / "e2e-worker.log"}
    children: dict[str, subprocess.Popen[bytes]] = {}
    failed = True
    try:
        with logs["api"].open("wb") as api_out, logs["worker"].open("wb") as worker_out:
            children["api"] = spawn(
                [python, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
                cwd=REPO_ROOT,
                env=env,
                stdout=api_out,
            )
            children["worker"] = spawn(
                [python, "-m", "app", "worker"], cwd=REPO_ROOT, env=env, stdout=worker_out
            )
        say(f"e2e: API on {base_url} (logs in {LOG_DIR.relative_to(REPO_ROOT)}/)")
        try:
            wait_http_ok(f"{base_url}/health/ready", timeout=120, watch=children, logs=logs)
        except ServiceError as exc:
            error(str(exc))
            return "FAIL", "the API did not become ready"
        e2e_env = dict(env, WAYMARK_BASE_URL=base_url, CHROMIUM_PATH=str(CHROMIUM))
        e2e_env["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
        # E2E_ARGS picks specs or a project (`E2E_ARGS="tests/portal.spec.ts"`), as
        # PYTEST_ARGS does for pytest.
        extra = shlex.split(os.environ.get("E2E_ARGS", ""))
        code = run_command(
            ["npm", "test", "--", *extra], cwd=E2E, env=e2e_env, timeout=30 * MINUTE, name="npm"
        )
        for name, proc in children.items():
            if proc.poll() is not None:
                error(f"the e2e {name} exited early ({describe_exit(proc.returncode)})")
                code = code or 1
        failed = code != 0
        return ("PASS", "") if code == 0 else ("FAIL", f"exit code {code}")
    finally:
        for name, proc in children.items():
            stop_process(proc, f"e2e {name}", timeout=20)
        if failed:
            for name, path in logs.items():
                if path.exists():
                    lines = 80 if name == "api" else 30
                    print(format_tail(f"e2e {name}", path, lines), file=sys.stderr)


def all_steps() -> list[Step]:
    py = str(venv_python())
    return [
        Step("ruff check", "lint", command([py, "-m", "ruff", "check", "."])),
        Step("ruff format", "lint", command([py, "-m", "ruff", "format", "--check", "."])),
        Step("mypy", "lint", command([py, "-m", "mypy"])),
        Step("lint-imports", "lint", command([str(Path(py).parent / "lint-imports")])),
        Step("schema drift", "lint", command([py, "-m", "app.schemas", "--check"])),
        Step("pytest", "pytest", run_pytest, needs_services=True),
        Step("fuzz", "fuzz", run_fuzz, needs_services=True),
        Step("frontend typecheck", "frontend", npm_script("typecheck")),
        Step("frontend lint", "frontend", npm_script("lint")),
        Step("frontend types drift", "frontend", npm_script("check:types-drift")),
        Step("frontend test", "frontend", npm_script("test")),
        Step("frontend build", "frontend", npm_script("build")),
        Step("e2e", "e2e", run_e2e, needs_services=True),
    ]


def _banner(index: int, total: int, name: str) -> None:
    print(f"\n{'=' * 78}\n==> [{index}/{total}] {name}\n{'=' * 78}", flush=True)


def print_summary(results: Sequence[Result], total: float) -> None:
    width = max([len(r.name) for r in results] + [10])
    print(f"\n{'=' * 78}\nSummary\n{'=' * 78}")
    print(f"{'step'.ljust(width)}  result  {'time':>8}  note")
    for r in results:
        print(f"{r.name.ljust(width)}  {r.status:<6}  {fmt_seconds(r.seconds):>8}  {r.note}")
    passed = sum(r.status == "PASS" for r in results)
    failed = sum(r.status == "FAIL" for r in results)
    skipped = sum(r.status == "SKIP" for r in results)
    print(f"\ntotal wall time: {fmt_seconds(total)}")
    tail = f", {skipped} skipped" if skipped else ""
    print(f"steps: {passed} passed, {failed} failed{tail}", flush=True)


def run_steps(ctx: Context, steps: Sequence[Step], fail_fast: bool) -> None:
    for index, step in enumerate(steps, 1):
        _banner(index, len(steps), step.name)
        started = time.monotonic()
        if fail_fast and any(r.status == "FAIL" for r in ctx.results):
            status, note = "SKIP", "an earlier step failed (--fail-fast)"
        elif step.needs_services and ctx.services is None:
            status, note = "SKIP", "the throwaway servers did not start"
        else:
            try:
                status, note = step.run(ctx)
            except Interrupted:
                seconds = time.monotonic() - started
                ctx.results.append(Result(step.name, "FAIL", seconds, "interrupted"))
                raise
            except (ServiceError, OSError) as exc:
                error(f"{step.name}: {exc}")
                status, note = "FAIL", str(exc).splitlines()[0][:80]
        seconds = time.monotonic() - started
        mark = {"PASS": "passed", "FAIL": "FAILED", "SKIP": "skipped"}[status]
        extra = f" ({note})" if note else ""
        print(f"--> {step.name} {mark} in {fmt_seconds(seconds)}{extra}", flush=True)
        ctx.results.append(Result(step.name, status, seconds, note))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.test", description=__doc__)
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    parser.add_argument("--fail-fast", action="store_true")
    args = parser.parse_args(argv)
    groups = {g.strip() for g in args.only.split(",") if g.strip()}
    unknown = groups - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}; choose from {GROUPS}")
    steps = [s for s in all_steps() if s.group in groups]
    want_services = any(s.needs_services for s in steps)

    install_signal_handlers()
    started = time.monotonic()
    ctx = Context()
    interrupted = False
    try:
        t0 = time.monotonic()
        try:
            bootstrap(
                Needs(
                    postgres=want_services,
                    redis=want_services,
                    frontend=bool(groups & {"frontend", "e2e"}),
                    e2e="e2e" in groups,
                )
            )
        except BootstrapError as exc:
            error(str(exc))
            ctx.results.append(Result("bootstrap", "FAIL", time.monotonic() - t0, "see above"))
            print_summary(ctx.results, time.monotonic() - started)
            return 1
        ctx.results.append(Result("bootstrap", "PASS", time.monotonic() - t0))

        with contextlib.ExitStack() as stack:
            if want_services:
                t0 = time.monotonic()
                say("starting throwaway PostgreSQL and Redis")
                try:
                    ctx.services = stack.enter_context(
                        local_services(
                            None,
                            persistent=False,
                            databases=("waymark_test", "waymark_e2e"),
                        )
                    )
                    ctx.results.append(Result("services", "PASS", time.monotonic() - t0))
                except ServiceError as exc:
                    error(str(exc))
                    ctx.results.append(
                        Result("services", "FAIL", time.monotonic() - t0, "see above")
                    )
            extra_env = {"WAYMARK_ENV": "test"}
            if ctx.services is not None:
                extra_env["DATABASE_URL"] = ctx.services.database_url or ""
                extra_env["REDIS_URL"] = ctx.services.redis_url or ""
                say(f"DATABASE_URL={extra_env['DATABASE_URL']}")
                say(f"REDIS_URL={extra_env['REDIS_URL']}")
            ctx.env = venv_env(extra_env)
            run_steps(ctx, steps, args.fail_fast)
    except Interrupted as exc:
        interrupted = True
        error(f"interrupted ({exc}); everything started was stopped")
    print_summary(ctx.results, time.monotonic() - started)
    failed = any(r.status == "FAIL" for r in ctx.results)
    if interrupted:
        return 130
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
