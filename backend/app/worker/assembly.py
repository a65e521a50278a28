"""Where the worker is assembled: which handler carries out each effect type.

The outbox (app.runs) dispatches by the effect's type and knows no channel, job or CRM
action; the domains provide the handlers, and this is the one place that names them all.
"""

from __future__ import annotations

from redis.asyncio import Redis

from app.automation.effects import (
    EmitEventHandler,
    NotifyStaffHandler,
    PortalMessageHandler,
    UpdateContactHandler,
    UpdateObjectHandler,
)
from app.channels.dispatch import channel_handlers
from app.channels.smtp_pool import SmtpPool
from app.effects.handlers import Handlers, Recorder
from app.engine.effects import (
    CreateJob,
    CreateLetter,
    EmitEvent,
    NotifyStaff,
    PortalMessage,
    SendEmail,
    SendSms,
    UpdateContact,
    UpdateObject,
    Webhook,
)
from app.jobs.effects import CreateJobHandler
from app.settings import Settings

CHANNEL_EFFECTS = (SendEmail, SendSms, CreateLetter, Webhook)


def effect_handlers(
    settings: Settings | None = None,
    *,
    redis: Redis | None = None,
    channels: Recorder | None = None,
    smtp: SmtpPool | None = None,
) -> Handlers:
    """Every effect type's handler. `channels`: a recorder instead of the real channels
    (tests, and WAYMARK_TEST_RECORDING_PROVIDER): nothing is sent, jobs and CRM steps
    still run. The real channels need `settings`; `smtp`: the connections they keep
    (without it, a connection per email)."""
    handlers = Handlers()
    if channels is not None:
        handlers.register(channels, *CHANNEL_EFFECTS)
    else:
        if settings is None:
            raise ValueError("the channels' handlers need the settings")
        real = channel_handlers(settings, redis=redis, smtp=smtp)
        handlers.register(real.email, SendEmail)
        handlers.register(real.sms, SendSms)
        handlers.register(real.letter, CreateLetter)
        handlers.register(real.webhook, Webhook)
    handlers.register(CreateJobHandler(), CreateJob)
    handlers.register(UpdateContactHandler(), UpdateContact)
    handlers.register(UpdateObjectHandler(), UpdateObject)
    handlers.register(NotifyStaffHandler(), NotifyStaff)
    handlers.register(PortalMessageHandler(), PortalMessage)
    handlers.register(EmitEventHandler(), EmitEvent)
    return handlers


def handlers_for(settings: Settings, redis: Redis) -> Handlers:
    """What a worker runs with: the real channels, or a recorder when a test asks
    (WAYMARK_TEST_RECORDING_PROVIDER)."""
    if settings.test_recording_provider:
        return effect_handlers(channels=Recorder())
    if settings.email_provider != "smtp":
        return effect_handlers(settings, redis=redis)
    # A sender keeps its SMTP connections open from one email to the next.
    smtp = SmtpPool(settings)
    return effect_handlers(settings, redis=redis, smtp=smtp).on_close(smtp.close)
