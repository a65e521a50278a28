"""Templates, previews, the message log, letters; and the public tracking and inbound routes.

Reading templates needs journeys:read and changing them journeys:write; the message log
and letters show personal data and need contacts:read (docs/channels-api.md).
"""

from __future__ import annotations

import base64
import html
import uuid
from typing import Annotated, Any, Final
from urllib.parse import parse_qs

import msgspec
import structlog
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import File, Redirect

from app.auth.guards import PUBLIC, requires
from app.auth.permissions import Permission
from app.channels import services, sms
from app.channels.schemas import (
    InboundAccepted,
    InboundSms,
    LetterInfo,
    MessageDetail,
    MessagePage,
    MessageStatus,
    Preview,
    PreviewContact,
    PreviewRequest,
    SavedPreviewRequest,
    Template,
    TemplateUpdate,
    TemplateWrite,
)
from app.channels.tracking import BadTokenError, verify
from app.deps import ResourcesDep
from app.engine.channels import MessageChannel, TemplateKind
from app.lib.openapi import problems
from app.lib.params import RowId
from app.lib.problems import ForbiddenError, InvalidInputError, NotFoundError

log = structlog.get_logger(__name__)

READ = [requires(Permission.JOURNEYS_READ)]
WRITE = [requires(Permission.JOURNEYS_WRITE)]
PEOPLE = [requires(Permission.CONTACTS_READ)]
Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
PageSize = Annotated[int, QueryParameter(ge=1, le=200)]
TemplateId = FromPath[uuid.UUID]
# A 1 by 1 transparent GIF.
PIXEL: Final = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class TemplatesController(Controller):
    path = "/api/v1/templates"
    tags = ["templates"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", operation_id="listTemplates", guards=READ, summary="Every message template")
    async def list_templates(
        self, resources: ResourcesDep, channel: FromQuery[TemplateKind | None] = None
    ) -> list[Template]:
        async with resources.sessions() as db:
            return await services.list_templates(db, channel)

    @post(
        "/",
        operation_id="createTemplate",
        responses=problems(409),
        guards=WRITE,
        summary="Create a template",
    )
    async def create(self, resources: ResourcesDep, data: JSONBody[TemplateWrite]) -> Template:
        async with resources.sessions.begin() as db:
            return await services.create_template(db, data)

    @get("/{template_id:uuid}", operation_id="getTemplate", guards=READ, summary="One template")
    async def get_template(self, resources: ResourcesDep, template_id: TemplateId) -> Template:
        async with resources.sessions() as db:
            return await services.get_template(db, template_id)

    @put(
        "/{template_id:uuid}",
        operation_id="updateTemplate",
        responses=problems(409),
        guards=WRITE,
        summary="Save",
    )
    async def update(
        self, resources: ResourcesDep, template_id: TemplateId, data: JSONBody[TemplateUpdate]
    ) -> Template:
        async with resources.sessions.begin() as db:
            return await services.update_template(db, template_id, data)

    @delete("/{template_id:uuid}", operation_id="deleteTemplate", guards=WRITE, summary="Delete")
    async def delete_template(self, resources: ResourcesDep, template_id: TemplateId) -> None:
        async with resources.sessions.begin() as db:
            await services.delete_template(db, template_id)

    @post(
        "/preview",
        operation_id="previewTemplate",
        guards=READ,
        status_code=200,
        summary="Render texts (saved or not) against a contact; errors name part and line",
    )
    async def preview(self, resources: ResourcesDep, data: JSONBody[PreviewRequest]) -> Preview:
        async with resources.sessions() as db:
            return await services.preview(db, data, resources.clock.now())

    @post(
        "/{template_id:uuid}/preview",
        operation_id="previewSavedTemplate",
        guards=READ,
        status_code=200,
        summary="Render a saved template against a contact and sample event",
    )
    async def preview_saved(
        self,
        resources: ResourcesDep,
        template_id: TemplateId,
        data: JSONBody[SavedPreviewRequest],
    ) -> Preview:
        async with resources.sessions() as db:
            saved = await services.get_template(db, template_id)
            request = PreviewRequest(
                channel=saved.channel,
                subject=saved.subject,
                body_html=saved.body_html,
                body_text=saved.body_text,
                **msgspec.structs.asdict(data),
            )
            return await services.preview(db, request, resources.clock.now())

    @get(
        "/preview-contacts",
        operation_id="listPreviewContacts",
        guards=[*READ, *PEOPLE],
        summary="Contacts to preview against (search by name or email)",
    )
    async def preview_contacts(
        self, resources: ResourcesDep, q: FromQuery[str | None] = None
    ) -> list[PreviewContact]:
        async with resources.sessions() as db:
            return await services.preview_contacts(db, q)


class MessagesController(Controller):
    path = "/api/v1/messages"
    tags = ["messages"]  # noqa: RUF012

    @get("/", operation_id="listMessages", guards=PEOPLE, summary="The message log")
    async def list_messages(
        self,
        *,
        resources: ResourcesDep,
        status: FromQuery[MessageStatus | None] = None,
        channel: FromQuery[MessageChannel | None] = None,
        journey_id: FromQuery[uuid.UUID | None] = None,
        contact_id: FromQuery[uuid.UUID | None] = None,
        q: FromQuery[str | None] = None,
        page: Page = 1,
        page_size: PageSize = 50,
    ) -> MessagePage:
        async with resources.sessions() as db:
            return await services.list_messages(
                db,
                status=status,
                channel=channel,
                journey_id=journey_id,
                contact_id=contact_id,
                q=q,
                page=page,
                page_size=page_size,
            )

    @get("/{outbox_id:int}", operation_id="getMessage", guards=PEOPLE, summary="One message")
    async def get_message(self, resources: ResourcesDep, outbox_id: RowId) -> MessageDetail:
        async with resources.sessions() as db:
            return await services.get_message(db, outbox_id)


class LettersController(Controller):
    path = "/api/v1/letters"
    tags = ["messages"]  # noqa: RUF012

    @get("/", operation_id="listLetters", guards=PEOPLE, summary="A contact's letters")
    async def list_letters(
        self, resources: ResourcesDep, contact_id: FromQuery[uuid.UUID]
    ) -> list[LetterInfo]:
        async with resources.sessions() as db:
            return await services.contact_letters(db, contact_id)

    @get(
        "/{letter_id:int}/pdf",
        operation_id="downloadLetter",
        guards=PEOPLE,
        summary="The PDF",
        media_type="application/pdf",
        content_media_type="application/pdf",
    )
    async def download(self, resources: ResourcesDep, letter_id: RowId) -> File:
        async with resources.sessions() as db:
            path = await services.letter_file(db, resources.settings.data_dir, letter_id)
        return File(path=path, filename=f"letter-{letter_id}.pdf", media_type="application/pdf")


_UNSUB_PAGE: Final = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>{title}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>{title}</h1>{body}</body></html>"""


def _page(title: str, body: str, status: int = 200) -> Response[str]:
    return Response(
        _UNSUB_PAGE.format(title=html.escape(title), body=body),
        media_type="text/html; charset=utf-8",
        status_code=status,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


class TrackingController(Controller):
    """Opened by anyone holding a link from an email: the signed token is the permission."""

    path = "/t"
    tags = ["tracking"]  # noqa: RUF012
    include_in_schema = False

    @get("/o/{token:str}", operation_id="trackOpen", opt=PUBLIC)
    async def opened(self, resources: ResourcesDep, token: FromPath[str]) -> Response[bytes]:
        try:
            key = verify(resources.settings.secret_key, token.removesuffix(".gif"), "open").k
        except BadTokenError:
            key = None
        if key is not None:
            async with resources.unit_of_work(origin="email") as unit:
                await services.record_open(unit, key)
        # A pixel always answers with the image: a broken image helps nobody.
        return Response(PIXEL, media_type="image/gif", headers={"Cache-Control": "no-store"})

    @get("/c/{token:str}", operation_id="trackClick", opt=PUBLIC)
    async def clicked(self, resources: ResourcesDep, token: FromPath[str]) -> Redirect:
        try:
            payload = verify(resources.settings.secret_key, token, "click")
        except BadTokenError as error:
            raise NotFoundError("This link is not valid.") from error
        if payload.u is None or not payload.u.startswith(("http://", "https://")):
            raise NotFoundError("This link is not valid.")
        async with resources.unit_of_work(origin="email") as unit:
            await services.record_click(unit, payload.k, payload.u)
        # The page the link was clicked on (a webmail's message URL) is not the
        # destination's business: the redirect drops the referrer.
        return Redirect(path=payload.u, status_code=302, headers={"Referrer-Policy": "no-referrer"})

    @get("/u/{token:str}", operation_id="unsubscribePage", opt=PUBLIC)
    async def unsubscribe_page(
        self, resources: ResourcesDep, token: FromPath[str]
    ) -> Response[str]:
        # A GET only shows the button: link scanners that fetch URLs must not unsubscribe.
        try:
            verify(resources.settings.secret_key, token, "unsubscribe")
        except BadTokenError:
            return _page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404)
        return _page(
            "Unsubscribe",
            f'<form method="post" action="/t/u/{html.escape(token)}">'
            "<p>Stop receiving these emails?</p>"
            '<button type="submit">Unsubscribe</button></form>',
        )

    @post("/u/{token:str}", operation_id="unsubscribe", opt=PUBLIC, status_code=200)
    async def unsubscribe(self, resources: ResourcesDep, token: FromPath[str]) -> Response[str]:
        """The button above, and RFC 8058 one-click (`List-Unsubscribe=One-Click`)."""
        try:
            key = verify(resources.settings.secret_key, token, "unsubscribe").k
        except BadTokenError:
            return _page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404)
        async with resources.unit_of_work(origin="unsubscribe_link") as unit:
            found = await services.unsubscribe(unit, key)
        if not found:
            return _page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404)
        return _page("Unsubscribed", "<p>You will not get these emails any more.</p>")


class InboundSmsController(Controller):
    path = "/api/v1/channels/sms"
    tags = ["messages"]  # noqa: RUF012

    @post(
        "/inbound",
        operation_id="receiveSms",
        responses=problems(403),
        opt=PUBLIC,
        status_code=202,
        summary="An inbound SMS from the gateway (signed: X-Waymark-Signature)",
        description="Hex HMAC-SHA256 of the raw body with WAYMARK_SMS_INBOUND_SECRET. "
        "JSON `{from, text, to}` or Twilio's form (`From`, `Body`, `To`).",
    )
    async def receive(
        self, resources: ResourcesDep, request: Request[Any, Any, Any]
    ) -> InboundAccepted:
        body = await request.body()
        secret = resources.settings.sms_inbound_secret
        if not sms.signature_ok(secret, body, request.headers.get(sms.SIGNATURE_HEADER)):
            raise ForbiddenError(
                "Missing or wrong X-Waymark-Signature: the hex HMAC-SHA256 of the body with the "
                "inbound SMS secret."
            )
        message = _inbound(body, request.headers.get("content-type") or "")
        async with resources.unit_of_work(origin="sms") as unit:
            event_id, keyword, opted_out = await services.receive_sms(
                unit, message.from_, message.text, message.to
            )
        return InboundAccepted(event_id=event_id, keyword=keyword, opted_out=opted_out)


def _inbound(body: bytes, content_type: str) -> InboundSms:
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = {k: v[0] for k, v in parse_qs(body.decode(errors="replace")).items()}
        raw: Any = {"from": form.get("From"), "text": form.get("Body", ""), "to": form.get("To")}
        raw = {k: v for k, v in raw.items() if v is not None}
        try:
            return msgspec.convert(raw, InboundSms)
        except msgspec.ValidationError as error:
            raise InvalidInputError(f"The inbound SMS is not valid: {error}") from error
    try:
        return msgspec.json.decode(body, type=InboundSms)
    except msgspec.DecodeError as error:
        raise InvalidInputError(f"The inbound SMS is not valid: {error}") from error


CHANNEL_CONTROLLERS = [
    TemplatesController,
    MessagesController,
    LettersController,
    TrackingController,
    InboundSmsController,
]
