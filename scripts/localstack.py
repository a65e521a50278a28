"""Private PostgreSQL and Redis servers under a data folder, on loopback ports (stdlib only).

    with local_services(".data", 54329, 63799, persistent=True) as services:
        services.database_url  # postgresql+asyncpg://waymark:waymark@127.0.0.1:54329/waymark
        services.redis_url     # redis://127.0.0.1:63799/0

- PostgreSQL listens on 127.0.0.1 only, with no unix socket. It refuses to run as root, so
  when this process is root, initdb and postgres run as the `postgres` system user (which
  Debian's package creates) and the cluster directory belongs to that user.
- Redis runs in the foreground (a child of this process) with `--bind 127.0.0.1`.
- `persistent=True` keeps the data across runs (a second start reuses the cluster);
  `persistent=False` trades durability for speed (fsync off, no AOF): for throwaway servers.
  With `data_dir=None` a temporary folder is made and deleted afterwards.
- Logs go to `<data_dir>/postgres.log` and `<data_dir>/redis.log`; a failed start shows
  their last lines.

Run `python -m scripts.localstack` from the repository root to start only the two servers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scripts.procs import (
    REPO_ROOT,
    Interrupted,
    RunAs,
    ServiceError,
    describe_exit,
    format_tail,
    free_port,
    install_signal_handlers,
    port_in_use,
    say,
    spawn,
    stop_process,
)

PG_USER = "waymark"
PG_PASSWORD = "waymark"  # noqa: S105 - loopback-only development server; not a secret
DEFAULT_PG_PORT = 54329
DEFAULT_REDIS_PORT = 63799
START_TIMEOUT = 120.0
PG_OS_USER = "postgres"
_PG_TOOLS = ("postgres", "initdb", "pg_isready", "psql")
_BIND_ERRORS = ("Address already in use", "could not create any TCP/IP sockets")

Log = Callable[[str], None]


def _default_data_dir() -> Path:
    return Path(os.environ.get("WAYMARK_DATA_DIR") or REPO_ROOT / ".data")


# ----------------------------------------------------------------------------- lookup


def _major(version_text: str) -> int | None:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(match.group(1)) if match else None


def _pg_dir_version(bindir: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    return _major(out.split(")", 1)[-1])


def pg_bindir_candidates() -> list[Path]:
    candidates: list[Path] = []
    if os.environ.get("WAYMARK_PG_BINDIR"):
        candidates.append(Path(os.environ["WAYMARK_PG_BINDIR"]))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if (p / "bin").is_dir()]
        versions.sort(key=lambda p: _major(p.name) or 0, reverse=True)
        candidates.extend(p / "bin" for p in versions)
    for tool in ("postgres", "initdb"):
        found = shutil.which(tool)
        if found:
            candidates.append(Path(found).resolve().parent)
    candidates.append(Path("/usr/local/pgsql/bin"))
    candidates.extend(sorted(Path("/usr").glob("pgsql-*/bin"), reverse=True))
    unique: list[Path] = []
    for cand in candidates:
        if cand not in unique and all((cand / t).is_file() for t in _PG_TOOLS):
            unique.append(cand)
    return unique


def find_pg_bindir(want_major: int | None = None) -> Path:
    """The directory holding postgres, initdb, pg_isready and psql (newest first)."""
    candidates = pg_bindir_candidates()
    if not candidates:
        raise ServiceError(
            "PostgreSQL server programs (postgres, initdb, pg_isready, psql) were not found.\n"
            "  Install them: sudo apt-get install postgresql   (Debian/Ubuntu)\n"
            "  or point WAYMARK_PG_BINDIR at their directory."
        )
    if want_major is None:
        return candidates[0]
    for cand in candidates:
        if _pg_dir_version(cand) == want_major:
            return cand
    found = ", ".join(f"{c} ({_pg_dir_version(c)})" for c in candidates)
    raise ServiceError(
        f"the data folder holds a PostgreSQL {want_major} cluster, but only other versions "
        f"were found: {found}.\n  Install postgresql-{want_major}, or use another "
        "WAYMARK_DATA_DIR (or delete the old one)."
    )


def find_redis_server() -> Path:
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    for cand in ("/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server"):
        if Path(cand).is_file():
            return Path(cand)
    raise ServiceError(
        "redis-server was not found.\n"
        "  Install it: sudo apt-get install redis-server   (Debian/Ubuntu)"
    )


def pg_run_as() -> RunAs:
    """PostgreSQL refuses root: as root, its programs run as the `postgres` system user."""
    if os.geteuid() != 0:
        return RunAs(pwd.getpwuid(os.geteuid()).pw_name)
    try:
        entry = pwd.getpwnam(PG_OS_USER)
    except KeyError:
        raise ServiceError(
            "PostgreSQL cannot run as root and there is no `postgres` system user.\n"
            "  Create one: useradd --system --user-group --home-dir /var/lib/postgresql "
            "--shell /bin/sh postgres\n  (the Debian package `postgresql` creates it)."
        ) from None
    return RunAs(PG_OS_USER, entry.pw_uid, entry.pw_gid)


# ------------------------------------------------------------------------------ model


@dataclass
class LocalServices:
    """What `local_services` started; URLs are None for a service it was told to skip."""

    data_dir: Path
    pg_port: int | None = None
    redis_port: int | None = None
    database: str | None = None
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    pg_bindir: Path | None = None
    # How to start each server again (`restart`), filled in by `local_services`.
    servers: dict[str, _Server] = field(default_factory=dict, repr=False)

    @property
    def database_url(self) -> str | None:
        return self.database_url_for(self.database) if self.database else None

    @property
    def redis_url(self) -> str | None:
        return f"redis://127.0.0.1:{self.redis_port}/0" if self.redis_port else None

    def database_url_for(self, name: str, driver: str = "postgresql+asyncpg") -> str:
        if self.pg_port is None:
            raise ServiceError("PostgreSQL was not started")
        return f"{driver}://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{self.pg_port}/{name}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL through psql as the cluster's superuser; returns its output."""
        if self.pg_bindir is None or self.pg_port is None:
            raise ServiceError("PostgreSQL was not started")
        return _psql(self.pg_bindir, self.pg_port, sql, database)

    def ensure_database(self, name: str, *, recreate: bool = False) -> None:
        _ensure_database(self, name, recreate=recreate)

    def dead(self) -> str | None:
        """The name of a server that has exited, if any."""
        for name, proc in self.processes.items():
            if proc.poll() is not None:
                return name
        return None

    def describe_death(self, name: str) -> str:
        proc = self.processes[name]
        text = f"{name} exited unexpectedly ({describe_exit(proc.returncode)})"
        if name in self.logs:
            text += "\n" + format_tail(name, self.logs[name])
        return text

    def port_of(self, name: str) -> int:
        port = self.pg_port if name == "postgres" else self.redis_port
        if port is None:
            raise ServiceError(f"{name} was not started")
        return port

    def restart(self, name: str) -> subprocess.Popen[bytes]:
        """Start a server that died again, on its port and data, and wait until it answers.

        PostgreSQL first waits for the backends of a killed postmaster to go and stops a
        server that something else started on our cluster meanwhile (see `_free_cluster`).
        The exit of `local_services` stops the new process.
        """
        server = self.servers[name]
        old = self.processes[name]
        if old.poll() is None:
            server.stop(old)
        port = self.port_of(name)
        server.before_start()
        if port_in_use(port):
            raise ServiceError(f"port {port} (for {name}) is still in use on 127.0.0.1")
        self.processes[name] = server.start(port)
        _wait_ready(self, name, functools.partial(server.ready, port), START_TIMEOUT)
        return self.processes[name]


@dataclass(frozen=True)
class _Server:
    start: Callable[[int], subprocess.Popen[bytes]]
    ready: Callable[[int], bool]
    stop: Callable[[subprocess.Popen[bytes]], None]
    before_start: Callable[[], None]


def _nothing() -> None:
    """No preparation needed."""


# ------------------------------------------------------------------------- postgresql


def _pg_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    env.pop("LANG", None)
    return env


def _psql(bindir: Path, port: int, sql: str, database: str = "postgres") -> str:
    env = _pg_env()
    env["PGPASSWORD"] = PG_PASSWORD
    env["PGCONNECT_TIMEOUT"] = "10"
    cmd = [
        str(bindir / "psql"),
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-U",
        PG_USER,
        "-d",
        database,
        "-tAc",
        sql,
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0:
        raise ServiceError(f"psql failed ({sql!r}): {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ensure_database(services: LocalServices, name: str, *, recreate: bool) -> None:
    if recreate:
        services.psql(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
    # Names come from our own code; quoted all the same.
    query = "SELECT 1 FROM pg_database WHERE datname = " + _quote_literal(name)  # noqa: S608
    exists = services.psql(query)
    if exists.strip() != "1":
        services.psql(f"CREATE DATABASE {_quote_ident(name)} OWNER {_quote_ident(PG_USER)}")


def _can_reach(run_as: RunAs, path: Path) -> bool:
    """Can `run_as` write to `path` (an existing directory), all parents traversable?"""
    if not run_as.popen_kwargs():
        return os.access(path, os.W_OK | os.X_OK)
    proc = subprocess.run(
        ["/bin/sh", "-c", 'test -d "$1" && test -w "$1" && test -x "$1"', "sh", str(path)],
        cwd="/",
        check=False,
        timeout=20,
        **run_as.popen_kwargs(),
    )
    return proc.returncode == 0


def _chown(path: Path, run_as: RunAs) -> None:
    if run_as.uid is not None and run_as.gid is not None:
        os.chown(path, run_as.uid, run_as.gid)


def _pg_cluster_dir(
    data_dir: Path, run_as: RunAs, persistent: bool, stack: contextlib.ExitStack, log: Log
) -> Path:
    """Where the cluster lives: `<data_dir>/postgres`, unless the postgres user can't get
    there (a repository under /root, say): then a folder it can reach, remembered in
    `<data_dir>/postgres.location` for the next run."""
    pointer = data_dir / "postgres.location"
    if persistent and pointer.is_file():
        return Path(pointer.read_text().strip())
    cluster = data_dir / "postgres"
    cluster.mkdir(mode=0o700, exist_ok=True)
    _chown(cluster, run_as)
    if _can_reach(run_as, cluster):
        return cluster
    if not run_as.popen_kwargs():
        raise ServiceError(
            f"{cluster} is not writable by {run_as.name} (made by another user?).\n"
            "  Fix its owner, or set WAYMARK_DATA_DIR to another folder."
        )
    with contextlib.suppress(OSError):
        cluster.rmdir()
    if persistent:
        digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:12]
        home = Path("/var/lib/waymark") / digest
        home.mkdir(mode=0o755, parents=True, exist_ok=True)
        home.chmod(0o755)
        pointer.write_text(f"{home / 'postgres'}\n")
    else:
        home = Path(tempfile.mkdtemp(prefix="waymark-pg-", dir="/tmp"))
        home.chmod(0o755)
        stack.callback(shutil.rmtree, home, ignore_errors=True)
    log(
        f"the `{run_as.name}` user cannot reach {data_dir}; "
        f"keeping the PostgreSQL cluster in {home / 'postgres'}"
    )
    target = home / "postgres"
    target.mkdir(mode=0o700, exist_ok=True)
    _chown(target, run_as)
    return target


def _proc_alive(pid: int) -> bool:
    """Is `pid` a live process (not a zombie waiting for its parent)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _parent_pid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _cwd_of(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None


def cluster_processes(cluster: Path) -> list[int]:
    """Every live process working in `cluster`: a postmaster and its backends (PostgreSQL
    changes into its data directory, and its children inherit that)."""
    target = os.path.realpath(cluster)
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [pid for pid in pids if _cwd_of(pid) == target and _proc_alive(pid)]


@dataclass(frozen=True)
class Postmaster:
    """A live postmaster of our cluster, as its postmaster.pid describes it."""

    pid: int
    port: int | None

    @property
    def supervised(self) -> bool:
        """Is a Python process (another `make run`, `make services`) its parent? A server
        that `pg_ctl` started belongs to init (or to pg_ctl while it waits)."""
        parent = _parent_pid(self.pid)
        if parent is None or parent <= 1:
            return False
        try:
            exe = os.readlink(f"/proc/{parent}/exe")
        except OSError:
            return False
        return Path(exe).name.startswith("python")


def running_postmaster(cluster: Path) -> Postmaster | None:
    """The postmaster running on `cluster`: its postmaster.pid names a live process that
    works in that very directory (not a pid reused by something else)."""
    try:
        lines = (cluster / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if not _proc_alive(pid) or _cwd_of(pid) != os.path.realpath(cluster):
        return None
    port = int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None
    return Postmaster(pid, port)


def _wait_gone(pids: Sequence[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while any(_proc_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _stop_postmaster(postmaster: Postmaster) -> None:
    """Stop a server we did not start (not our child): fast shutdown, then immediate."""
    for sig, wait in ((signal.SIGINT, 60.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(postmaster.pid, sig)
        if _wait_gone([postmaster.pid], wait):
            return
    raise ServiceError(f"could not stop PostgreSQL (pid {postmaster.pid})")


def _free_cluster(cluster: Path, port: int | None, log: Log) -> None:
    """Leave `cluster` free for a server of ours to start on.

    - A postmaster that another `make run` (or `make services`) runs: refuse, clearly.
    - One running outside the tooling, e.g. after a `pg_ctl restart` of ours (pg_ctl
      starts its own server, detached): stop it cleanly (a fast shutdown), so that the
      one we start is ours to watch and to stop.
    - Backends of a server that was killed (kill -9) keep its shared memory until they
      notice: wait for them, so that the new server does not start beside them.
    - A stale postmaster.pid (its process dead, or the pid reused): remove it, since
      postgres refuses to start while the pid it names is alive.
    """
    found = running_postmaster(cluster)
    if found is not None and found.supervised:
        raise ServiceError(
            f"a PostgreSQL server (pid {found.pid}) is already running on {cluster}.\n"
            "  Is another `make run` using this data folder? Stop it first, or set "
            "WAYMARK_DATA_DIR to another folder."
        )
    if found is not None:
        where = "our port" if found.port == port else "port"
        log(
            f"PostgreSQL (pid {found.pid}, on {where} {found.port}) is running on {cluster}, "
            "started outside this tool (a `pg_ctl restart`?); stopping it cleanly to start "
            "it here"
        )
        _stop_postmaster(found)
    left = cluster_processes(cluster)
    if left and not _wait_gone(left, 60.0):
        raise ServiceError(
            f"processes {left} still work in {cluster} (backends of a PostgreSQL that was "
            "killed?); stop them, then start again."
        )
    if running_postmaster(cluster) is None:
        with contextlib.suppress(OSError):
            (cluster / "postmaster.pid").unlink()


def _initdb(bindir: Path, cluster: Path, run_as: RunAs, persistent: bool, logfile: Path) -> None:
    fd, pwfile_name = tempfile.mkstemp(prefix="pw-", dir=cluster.parent)
    pwfile = Path(pwfile_name)
    try:
        os.write(fd, f"{PG_PASSWORD}\n".encode())
        os.close(fd)
        pwfile.chmod(0o600)
        _chown(pwfile, run_as)
        cmd = [
            str(bindir / "initdb"),
            "-D",
            str(cluster),
            "-U",
            PG_USER,
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--no-locale",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--no-instructions",
        ]
        if not persistent:
            cmd.append("--no-sync")
        with logfile.open("ab") as out:
            proc = subprocess.run(
                cmd,
                cwd="/",
                env=_pg_env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
                timeout=300,
                **run_as.popen_kwargs(),
            )
        if proc.returncode != 0:
            raise ServiceError(
                f"initdb failed (code {proc.returncode})\n{format_tail('initdb', logfile)}"
            )
    finally:
        with contextlib.suppress(OSError):
            pwfile.unlink()


def _pg_ready(bindir: Path, port: int) -> bool:
    proc = subprocess.run(
        [str(bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port), "-t", "2"],
        env=_pg_env(),
        check=False,
        timeout=30,
    )
    return proc.returncode == 0


@dataclass(frozen=True)
class _Cluster:
    path: Path
    run_as: RunAs
    bindir: Path


def _prepare_postgres(
    services: LocalServices, persistent: bool, stack: contextlib.ExitStack, log: Log
) -> _Cluster:
    """Find (or make, with initdb) the cluster, and the programs of its version."""
    run_as = pg_run_as()
    data_dir = services.data_dir
    cluster = _pg_cluster_dir(data_dir, run_as, persistent, stack, log)
    logfile = data_dir / "postgres.log"
    services.logs["postgres"] = logfile
    version_file = cluster / "PG_VERSION"
    existing = _major(version_file.read_text()) if version_file.is_file() else None
    bindir = find_pg_bindir(existing)
    services.pg_bindir = bindir
    if existing is None:
        # A folder left half-made by an interrupted initdb: start it again.
        for child in cluster.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        log(f"initialising PostgreSQL in {cluster}")
        _initdb(bindir, cluster, run_as, persistent, logfile)
    return _Cluster(cluster, run_as, bindir)


def _launch_postgres(
    services: LocalServices, cluster: _Cluster, port: int, persistent: bool
) -> subprocess.Popen[bytes]:
    settings = {
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": "",
        "max_connections": "200",
        "logging_collector": "off",
        "log_destination": "stderr",
        "log_min_messages": "warning",
        "log_timezone": "UTC",
    }
    if not persistent:
        settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
    cmd: list[str] = [str(cluster.bindir / "postgres"), "-D", str(cluster.path), "-p", str(port)]
    for key, value in settings.items():
        cmd += ["-c", f"{key}={value}"]
    with services.logs["postgres"].open("ab") as out:
        return spawn(
            cmd,
            cwd="/",
            env=_pg_env(),
            stdout=out,
            death_signal=signal.SIGINT,  # fast shutdown if we die
            run_as=cluster.run_as,
        )


def _stop_postgres(proc: subprocess.Popen[bytes]) -> None:
    # SIGINT = "fast" shutdown (what `pg_ctl stop -m fast` sends); SIGQUIT = immediate.
    stop_process(
        proc, "postgres", first=signal.SIGINT, timeout=60, group=False, then=signal.SIGQUIT
    )


# ------------------------------------------------------------------------------ redis


def _start_redis(services: LocalServices, port: int, persistent: bool) -> subprocess.Popen[bytes]:
    server = find_redis_server()
    redis_dir = services.data_dir / "redis"
    redis_dir.mkdir(exist_ok=True)
    logfile = services.data_dir / "redis.log"
    services.logs["redis"] = logfile
    cmd = [
        str(server),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(redis_dir),
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        "--save",
        "",
        "--appendonly",
        "yes" if persistent else "no",
        "--logfile",
        "",
    ]
    with logfile.open("ab") as out:
        return spawn(cmd, cwd=str(redis_dir), stdout=out, death_signal=signal.SIGTERM)


def _redis_ready(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _stop_redis(proc: subprocess.Popen[bytes]) -> None:
    stop_process(proc, "redis", first=signal.SIGTERM, timeout=30, group=False)


# ------------------------------------------------------------------------------- main


def _bind_failure(services: LocalServices, name: str) -> bool:
    log = services.logs.get(name)
    if log is None:
        return False
    text = format_tail(name, log, 20)
    return any(marker in text for marker in _BIND_ERRORS)


def _wait_ready(
    services: LocalServices, name: str, ready: Callable[[], bool], timeout: float
) -> None:
    proc = services.processes[name]
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            raise ServiceError(services.describe_death(name))
        if time.monotonic() > deadline:
            raise ServiceError(
                f"{name} did not become ready within {timeout:.0f}s\n"
                + format_tail(name, services.logs[name])
            )
        time.sleep(0.2)


def _pick_port(requested: int | None, name: str, env_var: str) -> int:
    if requested is None or requested == 0:
        return free_port()
    if port_in_use(requested):
        raise ServiceError(
            f"port {requested} (for {name}) is already in use on 127.0.0.1.\n"
            f"  Stop what uses it, or choose another port with {env_var}=<port>."
        )
    return requested


def _start_with_retries(
    services: LocalServices,
    *,
    name: str,
    requested: int | None,
    env_var: str,
    server: _Server,
    stack: contextlib.ExitStack,
) -> int:
    """Start a server; a free port picked at random may be taken meanwhile: retry then."""
    services.servers[name] = server
    attempts = 3 if not requested else 1
    for attempt in range(attempts):
        server.before_start()
        port = _pick_port(requested, name, env_var)
        proc = server.start(port)
        if name not in services.processes:
            # Whichever process runs it then (`LocalServices.restart` replaces it).
            stack.callback(lambda: server.stop(services.processes[name]))
        services.processes[name] = proc
        try:
            _wait_ready(services, name, functools.partial(server.ready, port), START_TIMEOUT)
        except ServiceError:
            if attempt + 1 < attempts and proc.poll() is not None and _bind_failure(services, name):
                continue
            raise
        return port
    raise AssertionError("unreachable")


@contextlib.contextmanager
def local_services(
    data_dir: Path | str | None = None,
    pg_port: int | None = None,
    redis_port: int | None = None,
    *,
    persistent: bool = True,
    databases: Sequence[str] = ("waymark",),
    postgres: bool = True,
    redis: bool = True,
    log: Log = say,
) -> Iterator[LocalServices]:
    """Start private PostgreSQL and Redis servers; stop them (and clean up) on exit.

    Ports of None or 0 mean "a free port". `databases` are created when missing; the
    first one is `database_url`. With `data_dir=None` a temporary folder is used and
    removed afterwards (set WAYMARK_KEEP_TMP=1 to keep it for a post-mortem).
    """
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            tmp = Path(tempfile.mkdtemp(prefix="waymark-"))
            tmp.chmod(0o755)  # the postgres user must be able to traverse it
            if not os.environ.get("WAYMARK_KEEP_TMP"):
                stack.callback(shutil.rmtree, tmp, ignore_errors=True)
            root = tmp
        else:
            root = Path(data_dir).resolve()
            root.mkdir(parents=True, exist_ok=True)
        services = LocalServices(data_dir=root)
        if redis:
            services.redis_port = _start_with_retries(
                services,
                name="redis",
                requested=redis_port,
                env_var="WAYMARK_REDIS_PORT",
                server=_Server(
                    start=lambda port: _start_redis(services, port, persistent),
                    ready=_redis_ready,
                    stop=_stop_redis,
                    before_start=_nothing,
                ),
                stack=stack,
            )
        if postgres:
            cluster = _prepare_postgres(services, persistent, stack, log)
            services.pg_port = _start_with_retries(
                services,
                name="postgres",
                requested=pg_port,
                env_var="WAYMARK_PG_PORT",
                server=_Server(
                    start=lambda port: _launch_postgres(services, cluster, port, persistent),
                    ready=functools.partial(_pg_ready, cluster.bindir),
                    stop=_stop_postgres,
                    before_start=lambda: _free_cluster(
                        cluster.path, services.pg_port or pg_port, log
                    ),
                ),
                stack=stack,
            )
            for name in databases:
                services.ensure_database(name)
            services.database = databases[0] if databases else "postgres"
        yield services


# -------------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.localstack",
        description="Start only Waymark's private PostgreSQL and Redis; Ctrl-C stops them.",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="default: .data")
    parser.add_argument("--ephemeral", action="store_true", help="temporary folder, free ports")
    parser.add_argument("--pg-port", type=int, default=None)
    parser.add_argument("--redis-port", type=int, default=None)
    args = parser.parse_args(argv)
    install_signal_handlers()
    if args.ephemeral:
        data_dir, pg_port, redis_port = args.data_dir, args.pg_port, args.redis_port
    else:
        data_dir = args.data_dir or _default_data_dir()
        pg_port = args.pg_port or int(os.environ.get("WAYMARK_PG_PORT") or DEFAULT_PG_PORT)
        redis_port = args.redis_port or int(
            os.environ.get("WAYMARK_REDIS_PORT") or DEFAULT_REDIS_PORT
        )
    try:
        with local_services(
            data_dir, pg_port, redis_port, persistent=not args.ephemeral
        ) as services:
            print(f"export DATABASE_URL={services.database_url}")
            print(f"export REDIS_URL={services.redis_url}", flush=True)
            say(f"data in {services.data_dir}; press Ctrl-C to stop")
            while (dead := services.dead()) is None:
                time.sleep(0.5)
            print(services.describe_death(dead), file=sys.stderr)
            return 1
    except Interrupted:
        say("stopped")
        return 0
    except ServiceError as exc:
        print(f"waymark: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
