"""`make test`: bootstrap, throwaway PostgreSQL + Redis, then every check, with a summary.

Every step runs (a failure is remembered, not fatal, unless --fail-fast); the exit code is
non-zero if any step failed. The steps run in lanes side by side, the steps of a lane one
after another (--one-lane: every step one after another, in the order below):
  checks    ruff, ruff format, mypy, lint-imports, schema drift
  pytest    pytest (on pytest-xdist workers, each with its own database and Redis db),
            then the fuzzer (a database and Redis db of its own)
  frontend  build, then typecheck, lint, types drift, vitest
  e2e       Playwright, once the frontend build has passed and pytest has ended (so
            the browser runs beside the fuzzer only: its budgets assume the CPU)
Each step's output is kept (.test-logs/steps/<step>.log) and printed whole when the step
ends, so lanes never mix lines; a line says when each step starts. With one lane (e.g.
`--only pytest`) output goes straight to the terminal. Groups, for --only:
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
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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
    shielded,
    spawn,
    stop_process,
    stop_running_commands,
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
STEP_LOGS = LOG_DIR / "steps"
MINUTE = 60.0
# Databases of the throwaway PostgreSQL: pytest's (its xdist workers clone it), the
# fuzzer's and the e2e stack's, so steps that run side by side share no rows.
TEST_DATABASE = "waymark_test"
FUZZ_DATABASE = "waymark_fuzz"
E2E_DATABASE = "waymark_e2e"
# Redis db numbers: 0 for the e2e stack, 1… for pytest's xdist workers
# (tests/support/parallel.py), the last one (15) for the fuzzer.
FUZZ_REDIS_DB = 15


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
    # Lanes append results and wait for each other's (Step.after).
    changed: threading.Condition = field(default_factory=threading.Condition)
    cancelled: threading.Event = field(default_factory=threading.Event)

    def add(self, result: Result) -> None:
        with self.changed:
            self.results.append(result)
            self.changed.notify_all()

    def result_of(self, name: str) -> Result | None:
        with self.changed:
            found = [r for r in self.results if r.name == name]
        return found[-1] if found else None


StepFn = Callable[[Context], tuple[str, str]]  # -> (status, note)


@dataclass(frozen=True)
class Step:
    name: str
    group: str
    run: StepFn
    needs_services: bool = False
    # Steps of one lane run one after another; lanes run side by side.
    lane: str = "checks"
    # Steps (of other lanes) that must have passed first, when they are run at all.
    after: tuple[str, ...] = ()
    # Steps (of other lanes) that must have ended first, passed or not: for the CPU, not
    # for their results (2 cores cannot run pytest's workers and a browser at full speed).
    not_before: tuple[str, ...] = ()


# ---------------------------------------------------------------------- step output

_capture = threading.local()


def step_output() -> IO[bytes] | None:
    """Where a command of the current step writes: its step log when lanes run side by
    side, else None (the terminal)."""
    out: IO[bytes] | None = getattr(_capture, "binary", None)
    return out


class _PerThread:
    """sys.stdout / sys.stderr while lanes run: what a lane prints goes to its step's log."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, text: str) -> int:
        out: IO[str] | None = getattr(_capture, "text", None)
        if out is None:
            return int(self._real.write(text))
        written = out.write(text)
        out.flush()
        return written

    def flush(self) -> None:
        out: IO[str] | None = getattr(_capture, "text", None)
        (out or self._real).flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@contextlib.contextmanager
def captured(log: Path) -> Iterator[None]:
    """This thread's prints and commands go to `log` (both append, so in order)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    with log.open("ab") as binary, log.open("a", encoding="utf-8") as text:
        _capture.binary, _capture.text = binary, text
        try:
            yield
        finally:
            _capture.binary = _capture.text = None


def command(cmd: Sequence[str], *, cwd: Path = REPO_ROOT, timeout: float = 15 * MINUTE) -> StepFn:
    def run(ctx: Context) -> tuple[str, str]:
        code = run_command(
            cmd, cwd=cwd, env=ctx.env, timeout=timeout, name=cmd[0], stdout=step_output()
        )
        return ("PASS", "") if code == 0 else ("FAIL", f"exit code {code}")

    return run


def npm_script(script: str, *, timeout: float = 15 * MINUTE) -> StepFn:
    def run(ctx: Context) -> tuple[str, str]:
        if not (FRONTEND / "package.json").exists():
            return "FAIL", "frontend/package.json is missing"
        code = run_command(
            ["npm", "run", script],
            cwd=FRONTEND,
            env=ctx.env,
            timeout=timeout,
            name="npm",
            stdout=step_output(),
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
    # The slowest tests are listed at the end: where the test command's minutes go.
    chosen = extra or [*parallel, "-m", "not fuzz", "--durations=25"]
    code = run_command(
        [str(venv_python()), "-m", "pytest", *chosen],
        cwd=REPO_ROOT,
        env=ctx.env,
        timeout=40 * MINUTE,
        name="pytest",
        stdout=step_output(),
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
    env = dict(ctx.env)
    if ctx.services is not None:
        # Its own database and Redis db: pytest and the e2e stack may be running.
        ctx.services.ensure_database(FUZZ_DATABASE, recreate=True)
        env["DATABASE_URL"] = ctx.services.database_url_for(FUZZ_DATABASE)
        env["REDIS_URL"] = f"redis://127.0.0.1:{ctx.services.redis_port}/{FUZZ_REDIS_DB}"
    code = run_command(
        [str(venv_python()), "-m", "pytest", "-m", "fuzz", "-s", "-q", FUZZ_TEST],
        cwd=REPO_ROOT,
        env=env,
        timeout=15 * MINUTE,
        name="pytest",
        stdout=step_output(),
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
    build = ctx.result_of("frontend build")
    if build and build.status != "PASS":
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
    services.ensure_database(E2E_DATABASE, recreate=True)
    env = dict(ctx.env)
    env["DATABASE_URL"] = services.database_url_for(E2E_DATABASE)
    env["WAYMARK_SPA_DIR"] = str(FRONTEND / "dist")
    python = str(venv_python())
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["WAYMARK_PUBLIC_BASE_URL"] = base_url
    for sub in ("migrate", "seed"):
        say(f"e2e: python -m app {sub} (database {E2E_DATABASE})")
        code = run_command(
            [python, "-m", "app", sub],
            cwd=REPO_ROOT,
            env=env,
            timeout=5 * MINUTE,
            stdout=step_output(),
        )
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
            ["npm", "test", "--", *extra],
            cwd=E2E,
            env=e2e_env,
            # About 110 browser tests, one at a time (shared demo data): 25-30 minutes on
            # a 2-core machine, so 30 was the edge; CI's whole run has 90.
            timeout=50 * MINUTE,
            name="npm",
            stdout=step_output(),
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
    """Every step, in the order --one-lane runs them."""
    py = str(venv_python())
    build_first = "frontend build"
    return [
        Step("ruff check", "lint", command([py, "-m", "ruff", "check", "."])),
        Step("ruff format", "lint", command([py, "-m", "ruff", "format", "--check", "."])),
        Step("mypy", "lint", command([py, "-m", "mypy"])),
        Step("lint-imports", "lint", command([str(Path(py).parent / "lint-imports")])),
        Step("schema drift", "lint", command([py, "-m", "app.schemas", "--check"])),
        Step("pytest", "pytest", run_pytest, needs_services=True, lane="pytest"),
        # After pytest, beside e2e: a time budget of its own (WAYMARK_FUZZ_SECONDS).
        Step("fuzz", "fuzz", run_fuzz, needs_services=True, lane="pytest"),
        Step("frontend typecheck", "frontend", npm_script("typecheck"), lane="frontend"),
        Step("frontend lint", "frontend", npm_script("lint"), lane="frontend"),
        Step("frontend types drift", "frontend", npm_script("check:types-drift"), lane="frontend"),
        Step("frontend test", "frontend", npm_script("test"), lane="frontend"),
        # First in its lane when lanes run side by side: e2e waits for it.
        Step(build_first, "frontend", npm_script("build"), lane="frontend"),
        # Playwright's budgets (30 s a test) assume a browser that gets the CPU it needs:
        # e2e starts once pytest's workers are done, beside the fuzzer only.
        Step(
            "e2e",
            "e2e",
            run_e2e,
            needs_services=True,
            lane="e2e",
            after=(build_first,),
            not_before=("pytest",),
        ),
    ]


def lanes_of(steps: Sequence[Step]) -> list[list[Step]]:
    """The steps grouped by lane; in a lane, a step another lane waits for comes first."""
    awaited = {name for s in steps for name in s.after}
    lanes: dict[str, list[Step]] = {}
    for s in steps:
        lanes.setdefault(s.lane, []).append(s)
    return [sorted(lane, key=lambda s: s.name not in awaited) for lane in lanes.values()]


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


def _blocked(ctx: Context, step: Step, chosen: set[str], fail_fast: bool) -> tuple[str, str] | None:
    """Why `step` is not run (waiting first for the steps it comes after), or None."""
    for name in (*step.after, *step.not_before):
        if name not in chosen:
            continue
        with ctx.changed:  # a re-entrant lock: result_of takes it too
            ctx.changed.wait_for(
                lambda n=name: ctx.result_of(n) is not None or ctx.cancelled.is_set()  # type: ignore[misc]
            )
        before = ctx.result_of(name)
        if before is None:
            return "SKIP", "interrupted"
        if before.status != "PASS" and name in step.after:
            return "SKIP", f"needs a successful `{name}` step"
    if ctx.cancelled.is_set():
        return "SKIP", "interrupted"
    if fail_fast and any(r.status == "FAIL" for r in list(ctx.results)):
        return "SKIP", "an earlier step failed (--fail-fast)"
    if step.needs_services and ctx.services is None:
        return "SKIP", "the throwaway servers did not start"
    return None


def _run_one(ctx: Context, step: Step) -> tuple[str, str]:
    try:
        return step.run(ctx)
    except (ServiceError, OSError) as exc:
        error(f"{step.name}: {exc}")
        return "FAIL", str(exc).splitlines()[0][:80]


def _finished(step: Step, status: str, seconds: float, note: str) -> str:
    mark = {"PASS": "passed", "FAIL": "FAILED", "SKIP": "skipped"}[status]
    extra = f" ({note})" if note else ""
    return f"--> {step.name} {mark} in {fmt_seconds(seconds)}{extra}"


def run_steps(ctx: Context, steps: Sequence[Step], fail_fast: bool) -> None:
    """One step after another, its output straight to the terminal (--one-lane)."""
    chosen = {s.name for s in steps}
    for index, step in enumerate(steps, 1):
        _banner(index, len(steps), step.name)
        started = time.monotonic()
        blocked = _blocked(ctx, step, chosen, fail_fast)
        if blocked is not None:
            status, note = blocked
        else:
            try:
                status, note = _run_one(ctx, step)
            except Interrupted:
                seconds = time.monotonic() - started
                ctx.add(Result(step.name, "FAIL", seconds, "interrupted"))
                raise
        seconds = time.monotonic() - started
        print(_finished(step, status, seconds, note), flush=True)
        ctx.add(Result(step.name, status, seconds, note))


def run_lanes(ctx: Context, steps: Sequence[Step], fail_fast: bool) -> None:
    """The lanes side by side, each in a thread; each step's output (its commands' and
    its own prints) goes to .test-logs/steps/<step>.log and is printed whole when the
    step ends. Ctrl-C stops every running command, and the lanes skip what is left."""
    chosen = {s.name for s in steps}
    lanes = lanes_of(steps)
    printing = threading.Lock()
    done = [0]
    for lane in lanes:
        say(f"lane: {', '.join(s.name for s in lane)}")

    def run_lane(lane: list[Step]) -> None:
        for step in lane:
            blocked = _blocked(ctx, step, chosen, fail_fast)  # waits for its `after` steps
            started = time.monotonic()
            log: Path | None = None
            if blocked is not None:
                status, note = blocked
            else:
                log = STEP_LOGS / (step.name.replace(" ", "-") + ".log")
                with printing:
                    say(f"started: {step.name}")
                with captured(log):
                    try:
                        status, note = _run_one(ctx, step)
                    except Exception as exc:  # a lane reports, never dies silently
                        error(f"{step.name}: {exc!r}")
                        status, note = "FAIL", f"{type(exc).__name__}: {exc}"[:80]
                if ctx.cancelled.is_set() and status != "PASS":
                    status, note = "FAIL", "interrupted"
            seconds = time.monotonic() - started
            with printing:
                done[0] += 1
                _banner(done[0], len(steps), step.name)
                if log is not None:
                    print(log.read_text(encoding="utf-8", errors="replace"), end="")
                print(_finished(step, status, seconds, note), flush=True)
            ctx.add(Result(step.name, status, seconds, note))

    threads = [
        threading.Thread(target=run_lane, args=(lane,), name=f"lane-{lane[0].lane}", daemon=True)
        for lane in lanes
    ]
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PerThread(stdout), _PerThread(stderr)
    try:
        for thread in threads:
            thread.start()
        try:
            while any(thread.is_alive() for thread in threads):
                for thread in threads:
                    thread.join(0.2)
        except Interrupted:
            with shielded():
                ctx.cancelled.set()
                with ctx.changed:
                    ctx.changed.notify_all()
                stop_running_commands()
                for thread in threads:
                    thread.join(60)
            raise
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    order = {s.name: i for i, s in enumerate(steps)}
    with ctx.changed:
        ctx.results.sort(key=lambda r: order.get(r.name, -1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.test", description=__doc__)
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    parser.add_argument("--fail-fast", action="store_true")
    parser.add_argument(
        "--one-lane",
        action="store_true",
        help="run the steps one after another, their output straight to the terminal",
    )
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
            ctx.add(Result("bootstrap", "FAIL", time.monotonic() - t0, "see above"))
            print_summary(ctx.results, time.monotonic() - started)
            return 1
        ctx.add(Result("bootstrap", "PASS", time.monotonic() - t0))

        with contextlib.ExitStack() as stack:
            if want_services:
                t0 = time.monotonic()
                say("starting throwaway PostgreSQL and Redis")
                try:
                    ctx.services = stack.enter_context(
                        local_services(
                            None,
                            persistent=False,
                            databases=(TEST_DATABASE, FUZZ_DATABASE, E2E_DATABASE),
                        )
                    )
                    ctx.add(Result("services", "PASS", time.monotonic() - t0))
                except ServiceError as exc:
                    error(str(exc))
                    ctx.add(Result("services", "FAIL", time.monotonic() - t0, "see above"))
            extra_env = {"WAYMARK_ENV": "test"}
            if ctx.services is not None:
                extra_env["DATABASE_URL"] = ctx.services.database_url or ""
                extra_env["REDIS_URL"] = ctx.services.redis_url or ""
                say(f"DATABASE_URL={extra_env['DATABASE_URL']}")
                say(f"REDIS_URL={extra_env['REDIS_URL']}")
            ctx.env = venv_env(extra_env)
            if args.one_lane or len(lanes_of(steps)) < 2:
                run_steps(ctx, steps, args.fail_fast)
            else:
                run_lanes(ctx, steps, args.fail_fast)
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
