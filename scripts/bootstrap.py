"""Bring a fresh Debian/Ubuntu checkout to the point where `make run` / `make test` can start.

Steps (each skipped when already done; stamps in `.stamps/` hold the inputs' hashes):
1. Node.js >= 20 and npm present (Python >= 3.11 was checked by scripts/python.sh);
2. PostgreSQL and Redis (and Debian's `chromium` for browser tests) installed with apt-get
   when missing: as root, or through sudo, or else a clear message of what to install;
3. `.venv` with `pip install -r requirements/dev.txt` and `pip install -e . --no-deps`;
4. `npm ci` in frontend/ (and in e2e/, without Playwright's browser download);
5. `npm run build` in frontend/ when its sources changed (for `make run`).

`python -m scripts.bootstrap [--e2e] [--spa]` runs it alone.
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scripts.localstack import pg_bindir_candidates
from scripts.procs import (
    REPO_ROOT,
    Interrupted,
    fmt_seconds,
    install_signal_handlers,
    run_command,
    say,
    venv_python,
    warn,
)

MIN_NODE = (20, 0)
CHROMIUM = Path("/usr/bin/chromium")
STAMPS = REPO_ROOT / ".stamps"
FRONTEND = REPO_ROOT / "frontend"
E2E = REPO_ROOT / "e2e"
SPA_SKIP_DIRS = {"node_modules", "dist", "coverage", ".vite", ".cache", "test-results"}


class BootstrapError(RuntimeError):
    """Something the developer has to fix; the message says what."""


@dataclass(frozen=True)
class Needs:
    postgres: bool = True
    redis: bool = True
    frontend: bool = True
    e2e: bool = False
    spa: bool = False


# ----------------------------------------------------------------------------- stamps


def _hash_files(paths: Iterable[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        rel = path.relative_to(REPO_ROOT).as_posix() if path.is_absolute() else str(path)
        digest.update(b"\0" + rel.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def _stamp_ok(name: str, value: str) -> bool:
    try:
        return (STAMPS / name).read_text().strip() == value
    except OSError:
        return False


def _stamp_write(name: str, value: str) -> None:
    STAMPS.mkdir(exist_ok=True)
    (STAMPS / name).write_text(value + "\n")


def _stamp_clear(name: str) -> None:
    (STAMPS / name).unlink(missing_ok=True)


# ------------------------------------------------------------------------------ tools


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


def node_version() -> str:
    node = shutil.which("node")
    if node is None:
        return ""
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def _engines_min_node() -> tuple[int, ...]:
    """The frontend's own `engines.node` (">=20.19") may ask for more than 20.0."""
    try:
        spec = json.loads((FRONTEND / "package.json").read_text())["engines"]["node"]
    except (OSError, ValueError, KeyError, TypeError):
        return MIN_NODE
    match = re.fullmatch(r"\s*>=?\s*v?(\d+(?:\.\d+){0,2})\s*", str(spec))
    return max(MIN_NODE, _version_tuple(match.group(1))) if match else MIN_NODE


def check_node() -> None:
    version = node_version()
    want = _engines_min_node()
    want_text = ".".join(map(str, want))
    if not version:
        raise BootstrapError(
            f"Node.js {want_text} or newer is needed, and `node` was not found.\n"
            "  Install Node.js 20 or newer (https://nodejs.org, or your distribution's "
            "`nodejs` package if it is recent enough), then run this again."
        )
    if _version_tuple(version) < want:
        raise BootstrapError(
            f"Node.js {want_text} or newer is needed; this machine has {version} "
            f"({shutil.which('node')}). Install a newer Node.js and run this again."
        )
    if shutil.which("npm") is None:
        raise BootstrapError("`npm` was not found next to Node.js; install npm.")


# ---------------------------------------------------------------------- apt packages


def _has_redis() -> bool:
    return any(
        Path(p).is_file()
        for p in (
            shutil.which("redis-server") or "/nonexistent",
            "/usr/bin/redis-server",
            "/usr/sbin/redis-server",
        )
    )


def _has_pango() -> bool:
    """weasyprint (letters as PDF) loads Pango through its C library at run time."""
    return ctypes.util.find_library("pangoft2-1.0") is not None


def _has_harfbuzz_subset() -> bool:
    """Without it weasyprint warns on import, and the tests turn warnings into errors."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def _venv_package() -> str | None:
    """Debian's Python lacks ensurepip (so `python -m venv` fails) until pythonX.Y-venv."""
    try:
        import ensurepip  # noqa: F401, PLC0415
    except ImportError:
        return f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
    return None


def missing_system_packages(needs: Needs) -> list[str]:
    missing: list[str] = []
    if needs.postgres and not pg_bindir_candidates():
        missing.append("postgresql")
    if needs.redis and not _has_redis():
        missing.append("redis-server")
    if needs.e2e and not CHROMIUM.exists():
        missing += ["chromium", "fonts-liberation"]
    if not _has_pango():
        missing += ["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"]
    if not _has_harfbuzz_subset():
        missing.append("libharfbuzz-subset0")
    if not venv_python().exists():
        venv_pkg = _venv_package()
        if venv_pkg:
            missing.append(venv_pkg)
    return missing


def _sudo_prefix(packages: Sequence[str]) -> list[str]:
    command = f"apt-get install -y {' '.join(packages)}"
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        raise BootstrapError(
            f"these system packages are missing: {' '.join(packages)}\n"
            f"  Install them as root:  {command}\n  then run this again."
        )
    if sys.stdin.isatty():
        say(f"installing {' '.join(packages)} with sudo (it may ask for your password)")
        return ["sudo", "env", "DEBIAN_FRONTEND=noninteractive"]
    probe = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        raise BootstrapError(
            f"these system packages are missing: {' '.join(packages)}\n"
            "  sudo needs a password and there is no terminal to ask for it.\n"
            f"  Install them:  sudo {command}\n  then run this again."
        )
    return ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]


def apt_install(packages: Sequence[str]) -> None:
    if shutil.which("apt-get") is None:
        raise BootstrapError(
            f"these system packages are missing: {' '.join(packages)} (Debian names).\n"
            "  This machine has no apt-get: install PostgreSQL server, Redis and "
            "(for `make test`) Chromium with its package manager, then run this again.\n"
            "  (Or set WAYMARK_PG_BINDIR to PostgreSQL's bin directory.)"
        )
    prefix = _sudo_prefix(packages)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    say(f"apt-get install {' '.join(packages)}")
    update = subprocess.run([*prefix, "apt-get", *lock, "update", "-q"], env=env, check=False)
    if update.returncode != 0:
        warn("apt-get update failed; trying to install from the package lists there are")
    install = [*prefix, "apt-get", *lock, "install", "-y", "-q", "--no-install-recommends"]
    result = subprocess.run([*install, *packages], env=env, check=False)
    if result.returncode != 0:
        raise BootstrapError(
            f"apt-get install {' '.join(packages)} failed (code {result.returncode}); "
            "see its output above."
        )


def ensure_system_packages(needs: Needs) -> None:
    missing = missing_system_packages(needs)
    if missing:
        apt_install(missing)
    if needs.e2e and not CHROMIUM.exists():
        raise BootstrapError(
            f"{CHROMIUM} is still missing after installing Debian's `chromium` package. "
            "The browser tests need Debian's Chromium at that path (not a downloaded one)."
        )
    if needs.postgres and not pg_bindir_candidates():
        raise BootstrapError(
            "PostgreSQL's server programs are still not found after installing `postgresql`."
            " Set WAYMARK_PG_BINDIR to the directory holding postgres and initdb."
        )


# ------------------------------------------------------------------------- virtualenv


def _venv_works() -> bool:
    python = venv_python()
    if not python.exists():
        return False
    probe = subprocess.run(
        [str(python), "-c", "import sys; raise SystemExit(sys.version_info < (3, 11))"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def _run_or_fail(cmd: Sequence[str], what: str, cwd: Path = REPO_ROOT, **env: str) -> None:
    code = run_command(cmd, cwd=cwd, env=dict(os.environ, **env), name=what)
    if code != 0:
        raise BootstrapError(f"{what} failed (code {code}); see its output above.")


def ensure_venv() -> None:
    venv = REPO_ROOT / ".venv"
    if not _venv_works():
        if venv.exists():
            warn(f"{venv} does not work with this Python; making it again")
            shutil.rmtree(venv)
        say(f"creating the virtualenv .venv (Python {sys.version.split()[0]})")
        _run_or_fail([sys.executable, "-m", "venv", str(venv)], "python -m venv .venv")
        _stamp_clear("venv")
    inputs = [
        REPO_ROOT / "requirements" / "dev.txt",
        REPO_ROOT / "requirements" / "base.txt",
        REPO_ROOT / "pyproject.toml",
    ]
    if not inputs[0].exists():
        raise BootstrapError("requirements/dev.txt is missing")
    value = _hash_files(inputs, extra=sys.version)
    if _stamp_ok("venv", value):
        return
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    quiet = ["-q"] if not os.environ.get("WAYMARK_VERBOSE") else []
    say("installing Python packages (requirements/dev.txt)")
    _run_or_fail([*pip, "install", *quiet, "-r", "requirements/dev.txt"], "pip install")
    if (REPO_ROOT / "pyproject.toml").exists():
        say("installing the app (pip install -e . --no-deps)")
        _run_or_fail([*pip, "install", *quiet, "-e", ".", "--no-deps"], "pip install -e .")
    else:
        warn("no pyproject.toml yet: the app itself is not installed")
    _stamp_write("venv", value)


# ------------------------------------------------------------------------------- node


def ensure_node_modules(folder: Path, stamp: str) -> None:
    lock = folder / "package-lock.json"
    if not (folder / "package.json").exists():
        raise BootstrapError(f"{folder.relative_to(REPO_ROOT)}/package.json is missing")
    if not lock.exists():
        raise BootstrapError(
            f"{lock.relative_to(REPO_ROOT)} is missing: `npm ci` needs a lock file "
            f"(run `npm install` in {folder.name}/ and commit package-lock.json)"
        )
    value = _hash_files([lock, folder / "package.json"], extra=node_version())
    if (folder / "node_modules").is_dir() and _stamp_ok(stamp, value):
        return
    say(f"npm ci in {folder.relative_to(REPO_ROOT)}/")
    _stamp_clear(stamp)
    env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1", npm_config_update_notifier="false")
    log = STAMPS / f"{stamp}.log"
    STAMPS.mkdir(exist_ok=True)
    with log.open("w+b") as out:
        code = run_command(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, env=env, stdout=out, name="npm"
        )
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if code != 0 and "EUSAGE" in output and _lock_matches_manifest(folder):
        # npm 11 checks that the lock holds every platform's optional binary (rollup,
        # biome...); a registry without some of them makes `npm ci` refuse a lock that is
        # in sync with package.json. `npm install --no-save` installs the same locked
        # versions and leaves package-lock.json untouched.
        warn(
            f"`npm ci` in {folder.name}/ refused the lock file over optional platform "
            "packages the registry lacks; installing with `npm install --no-save` instead"
        )
        code = run_command(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund"],
            cwd=folder,
            env=env,
            name="npm",
        )
    elif code != 0:
        sys.stdout.write(output)
    else:
        sys.stdout.write("\n".join(output.splitlines()[-3:]) + "\n")
    if code != 0:
        raise BootstrapError(f"npm ci in {folder.name}/ failed (code {code}); see above.")
    _stamp_write(stamp, value)


def _lock_matches_manifest(folder: Path) -> bool:
    """Do package-lock.json's root dependencies equal package.json's (names and ranges)?"""
    try:
        manifest = json.loads((folder / "package.json").read_text())
        root = json.loads((folder / "package-lock.json").read_text())["packages"][""]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    kinds = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
    return all((manifest.get(k) or {}) == (root.get(k) or {}) for k in kinds)


def spa_sources_hash() -> str:
    files: list[Path] = []
    for base in (FRONTEND, REPO_ROOT / "schemas"):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in SPA_SKIP_DIRS]
            files.extend(Path(dirpath) / name for name in filenames)
    return _hash_files(files, extra=node_version())


def spa_is_built(value: str | None = None) -> bool:
    if not (FRONTEND / "dist" / "index.html").exists():
        return False
    return _stamp_ok("spa", value or spa_sources_hash())


def mark_spa_built() -> None:
    """Record that frontend/dist matches the current sources (after a successful build)."""
    _stamp_write("spa", spa_sources_hash())


def ensure_spa_built() -> None:
    value = spa_sources_hash()
    if spa_is_built(value):
        return
    say("building the SPA (npm run build in frontend/)")
    _stamp_clear("spa")
    _run_or_fail(["npm", "run", "build"], "npm run build", cwd=FRONTEND)
    _stamp_write("spa", value)


# ------------------------------------------------------------------------------- main


def bootstrap(needs: Needs) -> None:
    started = time.monotonic()
    say("checking the tools (bootstrap)")
    parts: list[str] = []

    def timed(label: str, fn: Callable[[], None]) -> None:
        t0 = time.monotonic()
        fn()
        took = time.monotonic() - t0
        if took >= 1:
            parts.append(f"{label} {fmt_seconds(took)}")

    if needs.frontend or needs.e2e or needs.spa:
        check_node()
    timed("system packages", lambda: ensure_system_packages(needs))
    timed(".venv", ensure_venv)
    if needs.frontend or needs.spa:
        timed("frontend npm ci", lambda: ensure_node_modules(FRONTEND, "frontend-node-modules"))
    if needs.e2e:
        timed("e2e npm ci", lambda: ensure_node_modules(E2E, "e2e-node-modules"))
    if needs.spa:
        timed("SPA build", ensure_spa_built)
    detail = f" ({', '.join(parts)})" if parts else " (nothing to do)"
    say(f"bootstrap done in {fmt_seconds(time.monotonic() - started)}{detail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bootstrap", description=__doc__)
    parser.add_argument("--e2e", action="store_true", help="also Chromium and e2e/ packages")
    parser.add_argument("--spa", action="store_true", help="also build frontend/dist")
    args = parser.parse_args(argv)
    install_signal_handlers()
    try:
        bootstrap(Needs(e2e=args.e2e, spa=args.spa))
    except BootstrapError as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return 1
    except Interrupted:
        print("waymark: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
