"""`python -m app <command>`: the one entry point for serving, working, migrating and seeding."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from redis.exceptions import RedisError

from app.settings import Settings, SettingsError, get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Percent signs in a password would otherwise be read as interpolation.
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    uvicorn.run(
        "app.main:create_served_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        proxy_headers=True,
        log_config=None,  # our logging config (JSON, request ids) stays in charge
        lifespan="on",
        # Live-update streams stay open; don't let them hold a shutdown for ever.
        timeout_graceful_shutdown=10,
    )
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from app.worker import runner  # noqa: PLC0415

    if args.check:
        role = settings.worker_role
        try:
            healthy = asyncio.run(runner.alive(settings))
        except (OSError, RedisError) as exc:
            print(f"worker ({role}): cannot reach Redis ({exc})")
            return 1
        print(f"worker ({role}): {'alive' if healthy else 'no recent heartbeat in Redis'}")
        return 0 if healthy else 1
    runner.run(settings)
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    command.upgrade(alembic_config(settings), args.revision)
    return 0


def _downgrade(settings: Settings, args: argparse.Namespace) -> int:
    command.downgrade(alembic_config(settings), args.revision)
    return 0


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    if settings.env == "production" and not args.allow_production:
        print(
            "waymark seed: refusing to load demo data in production: it creates accounts "
            "with a published password. Pass --allow-production for a demo deployment.",
            file=sys.stderr,
        )
        return 2
    from app.demo.loader import load_demo_data  # noqa: PLC0415

    summary = asyncio.run(load_demo_data(settings))
    print(summary)
    return 0


def _demo_logins(settings: Settings, args: argparse.Namespace) -> int:
    from app.demo.accounts import DEMO_LOGINS  # noqa: PLC0415

    for login in DEMO_LOGINS:
        print(login)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API (and the built SPA)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(run=_serve)
    worker = sub.add_parser("worker", help="run a background worker")
    worker.add_argument(
        "--check",
        action="store_true",
        help="only check that this machine's worker of this role is alive (exit code 0)",
    )
    worker.set_defaults(run=_worker)
    migrate = sub.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("revision", nargs="?", default="head")
    migrate.set_defaults(run=_migrate)
    downgrade = sub.add_parser("downgrade", help="revert database migrations")
    downgrade.add_argument("revision", help="target revision, e.g. -1 or base")
    downgrade.set_defaults(run=_downgrade)
    seed = sub.add_parser("seed", help="load demo data (safe to repeat)")
    seed.add_argument("--allow-production", action="store_true")
    seed.set_defaults(run=_seed)
    sub.add_parser("demo-logins", help="print the demo logins").set_defaults(run=_demo_logins)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return 2
    try:
        result: int = args.run(settings, args)
    except OSError as exc:
        # Connection refused / unknown host: say which server, not a 90-line traceback.
        print(
            f"waymark {args.command}: cannot reach a server ({exc}). "
            "Check DATABASE_URL and REDIS_URL, or start the stack with `make run`.",
            file=sys.stderr,
        )
        return 1
    return result
