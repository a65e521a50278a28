"""Typed settings read from the environment, once, with errors that name the variable."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Environment = Literal["development", "test", "production"]
LogFormat = Literal["json", "console"]
WorkerRole = Literal["all", "engine", "outbox"]

# Variables conventional in the ecosystem keep their plain names; the rest are prefixed.
_PLAIN_NAMES = {"database_url": "DATABASE_URL", "redis_url": "REDIS_URL"}
_PREFIX = "WAYMARK_"
# Good enough for a laptop; the API and worker refuse to start with it in production.
DEV_SECRET_KEY = "waymark-development-secret-key"  # noqa: S105 - refused in production


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    env: Environment = "development"
    database_url: Annotated[str, Meta(min_length=1)] = (
        "postgresql+asyncpg://waymark:waymark@127.0.0.1:54329/waymark"
    )
    redis_url: Annotated[str, Meta(min_length=1)] = "redis://127.0.0.1:63799/0"
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    # Built SPA (frontend/dist); None means the API serves no SPA.
    spa_dir: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: LogFormat = "json"
    db_pool_size: Annotated[int, Meta(ge=1, le=200)] = 10
    # How long a readiness probe waits for Postgres or Redis before calling it down.
    health_timeout_seconds: Annotated[float, Meta(gt=0, le=30)] = 2.0
    worker_concurrency: Annotated[int, Meta(ge=1, le=1000)] = 20
    # Events (or contacts with due timers) one worker transaction handles at most. 1,000
    # rather than 500: a batch's fixed statements spread over twice the work (bench.engine,
    # 100,000 timers: 0.43-0.46 ms of CPU each, against 0.56-0.58 ms at 500).
    worker_batch_size: Annotated[int, Meta(ge=1, le=5000)] = 1000
    # Transactions over events (and as many over due timers) one worker keeps going at once.
    worker_drainers: Annotated[int, Meta(ge=1, le=32)] = 2
    # What a long-running worker does: `all`; `engine` (events, timers, schedules,
    # segments, the sweep) or `outbox` (sending only), to give sending its own processes.
    worker_role: WorkerRole = "all"
    # Added to a worker process's nice value: an `outbox` worker at 10 yields the CPU to
    # the engine on a shared machine, and sends with what is left.
    worker_nice: Annotated[int, Meta(ge=0, le=19)] = 0
    # Tests only (refused unless env is "test"): the worker's clock stands still here,
    # so a run's steps, timers and keys are exactly repeatable.
    test_clock: datetime | None = None
    # Tests only: the worker records effects instead of sending them (the fault tests
    # compare engine runs, not channels, and must not reach a network).
    test_recording_provider: bool = False

    # Accounts and sessions.
    # None: the session cookie is Secure exactly when the request came over HTTPS.
    cookie_secure: bool | None = None
    session_idle_minutes: Annotated[int, Meta(ge=1, le=24 * 60)] = 30
    session_absolute_hours: Annotated[int, Meta(ge=1, le=24 * 30)] = 12
    # Where people reach the app; invite links are built from it.
    public_base_url: Annotated[str, Meta(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")] = (
        "http://127.0.0.1:8000"
    )
    # Strict-Transport-Security max-age, sent only on requests that came over HTTPS (0:
    # never). Behind a proxy, put its address in FORWARDED_ALLOW_IPS so that its
    # X-Forwarded-Proto counts.
    hsts_max_age_seconds: Annotated[int, Meta(ge=0, le=2 * 365 * 24 * 3600)] = 365 * 24 * 3600
    # Sign-in throttling (app/auth/throttle.py). Per account and address: this many free
    # failures, then waits that double up to the maximum. Per account from anywhere: after
    # this many failures, places the account never signed in from wait (doubling up to a
    # short maximum: slowed, never locked). Per address across accounts: this many
    # failures within the window pause the address.
    throttle_free_failures: Annotated[int, Meta(ge=0, le=100)] = 3
    throttle_max_wait_seconds: Annotated[int, Meta(ge=1, le=24 * 3600)] = 900
    throttle_account_failures: Annotated[int, Meta(ge=1, le=10_000)] = 10
    throttle_account_max_wait_seconds: Annotated[int, Meta(ge=1, le=3600)] = 60
    throttle_failures_per_ip: Annotated[int, Meta(ge=1)] = 30
    throttle_window_minutes: Annotated[int, Meta(ge=1, le=24 * 60)] = 15

    # OpenID Connect single sign-on: on when the discovery URL and client id are set.
    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_label: Annotated[str, Meta(min_length=1, max_length=60)] = "Single sign-on"
    # A verified email nobody has yet: refuse it, or create a user with the default role.
    oidc_unknown_email: Literal["refuse", "create"] = "refuse"
    oidc_default_role: Annotated[str, Meta(min_length=1)] = "marketer"

    # Consent: allow email and SMS to existing customers (a contact with an order) who
    # have neither opted in nor out — the "soft opt-in". Off: they need an explicit opt-in.
    consent_soft_opt_in: bool = False

    # Jobs' uploaded files live under data_dir/job-files (outside the SPA and the web root),
    # letters' PDFs under data_dir/letters.
    data_dir: Annotated[str, Meta(min_length=1)] = ".data"
    job_file_max_bytes: Annotated[int, Meta(ge=1, le=1024 * 1024 * 1024)] = 10 * 1024 * 1024
    # Comma-separated content types a job file may have.
    job_file_types: Annotated[str, Meta(min_length=1)] = (
        "application/pdf,image/png,image/jpeg,image/gif,image/webp,text/plain,text/csv"
    )

    # Signs tracking links, unsubscribe links and inbound-SMS checks; set it in production.
    secret_key: Annotated[str, Meta(min_length=16)] = DEV_SECRET_KEY

    # Channels. `outbox` stores each message for the Outbox page and sends nothing.
    email_provider: Literal["outbox", "smtp"] = "outbox"
    email_from: Annotated[str, Meta(min_length=3)] = "Waymark <hello@waymark.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: Annotated[int, Meta(ge=1, le=65535)] = 25
    # `starttls` upgrades a plain connection; `tls` is TLS from the start (port 465).
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: Annotated[float, Meta(gt=0, le=300)] = 30.0
    sms_provider: Literal["outbox", "http"] = "outbox"
    # The gateway's send URL (Twilio: …/2010-04-01/Accounts/<sid>/Messages.json).
    sms_gateway_url: str | None = None
    sms_gateway_username: str | None = None
    sms_gateway_password: str | None = None
    # The request body, a template over `to`, `sender` and `text` (Twilio's form by default).
    sms_gateway_body: str = (
        "To={{ to | urlencode }}&From={{ sender | urlencode }}&Body={{ text | urlencode }}"
    )
    sms_gateway_content_type: str = "application/x-www-form-urlencoded"
    sms_from: str = "Waymark"
    # HMAC-SHA256 key the gateway signs inbound messages with; unset refuses them all.
    sms_inbound_secret: str | None = None
    # Networks webhooks may reach although private (comma-separated CIDRs, e.g. 10.0.0.0/8).
    webhook_allow_networks: str = ""
    webhook_timeout_seconds: Annotated[float, Meta(gt=0, le=120)] = 10.0

    # Website tracking (track.js and /api/v1/track): how many requests a minute one public
    # key, and one client address, may make. Which pages may send is each key's list of
    # websites (Admin · API keys).
    track_rate_per_key: Annotated[int, Meta(ge=1)] = 6000
    track_rate_per_ip: Annotated[int, Meta(ge=1)] = 600

    # Customer portal: requests (returns, tickets, appointments, erasure) per customer per
    # hour; emailed sign-in links; self-registration.
    portal_requests_per_hour: Annotated[int, Meta(ge=1, le=10_000)] = 20
    portal_sign_in_link_minutes: Annotated[int, Meta(ge=1, le=24 * 60)] = 15
    portal_sign_in_links_per_hour: Annotated[int, Meta(ge=1, le=1000)] = 5
    portal_registration: bool = False

    @property
    def debug(self) -> bool:
        return self.env == "development"

    @property
    def job_file_type_set(self) -> frozenset[str]:
        return frozenset(t.strip().lower() for t in self.job_file_types.split(",") if t.strip())

    @property
    def weak_secret_key(self) -> bool:
        """Production with the development key: signed links could be forged."""
        return self.env == "production" and self.secret_key == DEV_SECRET_KEY

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_discovery_url and self.oidc_client_id)


class SettingsError(ValueError):
    """A setting in the environment is missing or malformed."""


def env_name(field: str) -> str:
    return _PLAIN_NAMES.get(field, _PREFIX + field.upper())


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    source = os.environ if environ is None else environ
    raw: dict[str, str] = {}
    for field in Settings.__struct_fields__:
        value = source.get(env_name(field))
        if value is not None and value != "":
            raw[field] = value
    try:
        # strict=False lets "8000" become 8000 and "true" become True.
        settings = msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(str(exc))) from exc
    if settings.test_clock is not None and settings.env != "test":
        raise SettingsError(
            f"Invalid setting {env_name('test_clock')}: only allowed when WAYMARK_ENV=test"
        )
    if settings.test_recording_provider and settings.env != "test":
        raise SettingsError(
            f"Invalid setting {env_name('test_recording_provider')}: only allowed when "
            "WAYMARK_ENV=test"
        )
    if settings.test_clock is not None and settings.test_clock.tzinfo is None:
        raise SettingsError(
            f"Invalid setting {env_name('test_clock')}: give a time zone (…Z or …+00:00)"
        )
    return settings


def _explain(message: str) -> str:
    # msgspec says "... - at `$.port`"; point at the environment variable instead.
    text, _, path = message.rpartition(" - at `$.")
    if not path:
        return f"Invalid setting: {message}"
    field = path.rstrip("`")
    return f"Invalid setting {env_name(field)}: {text}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
