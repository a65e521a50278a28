"""/api/v1/portal: customer sign-in and the customer's own data (docs/portal-api.md).

Every signed-in route reads the customer's contact id from the session, never from the
request; an id in a path only narrows the customer's own records (404 when it is not one).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from litestar import Controller, Request, Response, get, patch, post, put
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.response import File

from app.auth import services as auth_services
from app.auth.deps import UserDep
from app.auth.guards import PUBLIC, requires
from app.auth.permissions import Permission
from app.auth.schemas import LoginRequest, Me
from app.auth.throttle import DEVICE_COOKIE, LoginThrottle
from app.auth.web import client_ip, signed_in
from app.contacts.models import ContactObject
from app.contacts.schemas import ContactView
from app.deps import ResourcesDep
from app.eventlog.kinds import DataExportDownloaded, PortalPageViewed
from app.eventlog.writer import record
from app.lib.openapi import problems
from app.lib.params import RowId
from app.lib.unit_of_work import UnitOfWork
from app.portal import (
    affiliates,
    documents,
    limits,
    messages,
    records,
    requests,
    rights,
    services,
    sign_in,
)
from app.portal.schemas import (
    AppointmentMove,
    AppointmentRequest,
    ConsentUpdate,
    ErasureView,
    PageView,
    PortalConfig,
    PortalDocument,
    PortalHome,
    PortalMessageView,
    PortalProfile,
    PortalRecord,
    PortalRecordDetail,
    ProfileUpdate,
    Referral,
    Registration,
    ReturnRequest,
    SignInLinkRequest,
    SignInLinkUse,
    TicketRequest,
)
from app.portal.wording_controllers import PortalWordingController
from app.resources import Resources

SELF = [requires(Permission.PORTAL_SELF)]
AFFILIATE = [requires(Permission.PORTAL_AFFILIATE)]
RecordId = FromPath[uuid.UUID]


# A change the customer makes in their own unit of work.
ProfileChange = Callable[[UnitOfWork], Awaitable[None]]
RecordChange = Callable[[UnitOfWork], Awaitable[ContactObject]]


def _customer_work(resources: Resources, user: UserDep) -> AbstractAsyncContextManager[UnitOfWork]:
    """A unit of work of the customer's own: its changes name them and the portal."""
    return resources.unit_of_work(actor_id=user.user_id, origin="portal")


async def _limit_requests(resources: Resources, user: UserDep) -> None:
    await limits.hit(
        resources.redis,
        "requests",
        str(user.user_id),
        limit=resources.settings.portal_requests_per_hour,
        window_seconds=3600,
    )


async def _change_profile(
    resources: Resources, user: UserDep, change: ProfileChange
) -> PortalProfile:
    """Makes the change, then answers with the profile as it now reads (after commit)."""
    async with _customer_work(resources, user) as unit:
        await change(unit)
    async with resources.sessions() as db:
        return await services.own_profile(db, user)


async def _make_request(
    resources: Resources, user: UserDep, change: RecordChange
) -> PortalRecordDetail:
    """A request that makes or moves a record: counted against the hourly limit, then
    answered with the record and its progress as the customer sees them (after commit)."""
    await _limit_requests(resources, user)
    async with _customer_work(resources, user) as unit:
        row = await change(unit)
    async with resources.sessions() as db:
        return await records.record_detail(db, user.contact_id, row.id)


class PortalAuthController(Controller):
    """Signing in to the portal: password, emailed link, self-registration."""

    path = "/api/v1/portal/auth"
    tags = ["portal"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/config", operation_id="portalAuthConfig", opt=PUBLIC, summary="Sign-in methods")
    async def config(self, resources: ResourcesDep) -> PortalConfig:
        return PortalConfig(
            password=True, email_link=True, registration=resources.settings.portal_registration
        )

    @post(
        "/login",
        operation_id="portalLogin",
        responses=problems(401, 429),
        opt=PUBLIC,
        status_code=200,
        summary="Customer sign-in",
    )
    async def login(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, data: JSONBody[LoginRequest]
    ) -> Response[Me]:
        throttle = LoginThrottle(resources.redis, resources.settings)
        async with resources.sessions.begin() as db:
            user = await auth_services.sign_in_with_password(
                db,
                throttle,
                email=data.email,
                password=data.password,
                client_ip=client_ip(request),
                device_token=request.cookies.get(DEVICE_COOKIE),
                area="portal",
                now=resources.clock.now(),
            )
        await sign_in.record_login(resources, user.id, method="password")
        return await signed_in(request, resources, user)

    @post(
        "/link",
        operation_id="portalRequestSignInLink",
        responses=problems(429),
        opt=PUBLIC,
        status_code=202,
        summary="Email me a sign-in link",
    )
    async def request_link(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        data: JSONBody[SignInLinkRequest],
    ) -> None:
        await sign_in.send_link(resources, data.email, client_ip(request))

    @post(
        "/link/sign-in",
        operation_id="portalSignInWithLink",
        responses=problems(403, 404, 410),
        opt=PUBLIC,
        status_code=200,
        summary="Sign in with an emailed link",
    )
    async def use_link(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        data: JSONBody[SignInLinkUse],
    ) -> Response[Me]:
        user = await sign_in.use_link(resources, data.token)
        await sign_in.record_login(resources, user.id, method="email_link")
        return await signed_in(request, resources, user)

    @post(
        "/register",
        operation_id="portalRegister",
        responses=problems(403, 404, 409, 429),
        opt=PUBLIC,
        status_code=202,
        summary="Sign up (when registration is on): a sign-in link is emailed",
    )
    async def register(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        data: JSONBody[Registration],
    ) -> None:
        await sign_in.register(resources, data, client_ip(request))


class PortalController(Controller):
    path = "/api/v1/portal"
    tags = ["portal"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/me", operation_id="portalMe", guards=SELF, summary="The customer's own contact")
    async def me(self, resources: ResourcesDep, user: UserDep) -> ContactView:
        async with resources.sessions() as db:
            return await services.own_contact(db, user)

    @get("/home", operation_id="portalHome", guards=SELF, summary="Highlights and counts")
    async def home(self, resources: ResourcesDep, user: UserDep) -> PortalHome:
        async with resources.sessions() as db:
            profile = await services.own_contact(db, user)
            open_records = [
                r
                for r in await records.list_records(db, user.contact_id, records.PORTAL_KINDS)
                if r.status not in records.CLOSED_STATUSES and r.kind != "order"
            ]
            return PortalHome(
                name=profile.name,
                highlights=await messages.highlights(db, user.contact_id),
                unread_messages=await messages.unread_count(db, user.contact_id),
                open_records=len(open_records),
            )

    @get("/profile", operation_id="portalProfile", guards=SELF, summary="Own details")
    async def profile(self, resources: ResourcesDep, user: UserDep) -> PortalProfile:
        async with resources.sessions() as db:
            return await services.own_profile(db, user)

    @patch("/profile", operation_id="portalUpdateProfile", guards=SELF, summary="Change details")
    async def update_profile(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ProfileUpdate]
    ) -> PortalProfile:
        return await _change_profile(
            resources, user, lambda unit: services.update_profile(unit, user, data)
        )

    @put(
        "/profile/consent",
        operation_id="portalUpdateConsent",
        guards=SELF,
        summary="Opt in or out of a channel",
    )
    async def update_consent(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ConsentUpdate]
    ) -> PortalProfile:
        return await _change_profile(
            resources, user, lambda unit: services.update_consent(unit, user, data)
        )

    @get("/orders", operation_id="portalOrders", guards=SELF, summary="Own orders")
    async def orders(self, resources: ResourcesDep, user: UserDep) -> list[PortalRecord]:
        async with resources.sessions() as db:
            return await records.list_records(db, user.contact_id, ("order",))

    @get("/returns", operation_id="portalReturns", guards=SELF, summary="Own returns")
    async def returns(self, resources: ResourcesDep, user: UserDep) -> list[PortalRecord]:
        async with resources.sessions() as db:
            return await records.list_records(db, user.contact_id, ("return",))

    @get("/tickets", operation_id="portalTickets", guards=SELF, summary="Complaints, enquiries")
    async def tickets(self, resources: ResourcesDep, user: UserDep) -> list[PortalRecord]:
        async with resources.sessions() as db:
            return await records.list_records(db, user.contact_id, ("ticket", "enquiry"))

    @get("/appointments", operation_id="portalAppointments", guards=SELF, summary="Appointments")
    async def appointments(self, resources: ResourcesDep, user: UserDep) -> list[PortalRecord]:
        async with resources.sessions() as db:
            return await records.list_records(db, user.contact_id, ("appointment",))

    @get(
        "/records/{record_id:uuid}",
        operation_id="portalRecord",
        guards=SELF,
        summary="One own record and its progress",
    )
    async def record(
        self, resources: ResourcesDep, user: UserDep, record_id: RecordId
    ) -> PortalRecordDetail:
        async with resources.sessions() as db:
            return await records.record_detail(db, user.contact_id, record_id)

    @post(
        "/returns",
        operation_id="portalRequestReturn",
        responses=problems(409, 429),
        guards=SELF,
        summary="Start a return",
    )
    async def request_return(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ReturnRequest]
    ) -> PortalRecordDetail:
        return await _make_request(
            resources, user, lambda unit: requests.request_return(unit, user.contact_id, data)
        )

    @post(
        "/tickets",
        operation_id="portalRaiseTicket",
        responses=problems(429),
        guards=SELF,
        summary="Raise a complaint or enquiry",
    )
    async def raise_ticket(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[TicketRequest]
    ) -> PortalRecordDetail:
        return await _make_request(
            resources, user, lambda unit: requests.raise_ticket(unit, user.contact_id, data)
        )

    @post(
        "/appointments",
        operation_id="portalBookAppointment",
        responses=problems(429),
        guards=SELF,
        summary="Book an appointment",
    )
    async def book_appointment(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[AppointmentRequest]
    ) -> PortalRecordDetail:
        return await _make_request(
            resources, user, lambda unit: requests.book_appointment(unit, user.contact_id, data)
        )

    @post(
        "/appointments/{record_id:uuid}/move",
        operation_id="portalMoveAppointment",
        responses=problems(409, 429),
        guards=SELF,
        status_code=200,
        summary="Move an appointment",
    )
    async def move_appointment(
        self,
        resources: ResourcesDep,
        user: UserDep,
        record_id: RecordId,
        data: JSONBody[AppointmentMove],
    ) -> PortalRecordDetail:
        return await _make_request(
            resources,
            user,
            lambda unit: requests.move_appointment(unit, user.contact_id, record_id, data),
        )

    @get("/messages", operation_id="portalMessages", guards=SELF, summary="Messages")
    async def list_messages(
        self, resources: ResourcesDep, user: UserDep
    ) -> list[PortalMessageView]:
        async with resources.sessions() as db:
            return await messages.list_messages(db, user.contact_id)

    @post(
        "/messages/{message_id:int}/read",
        operation_id="portalMarkMessageRead",
        guards=SELF,
        status_code=200,
        summary="Mark a message read",
    )
    async def mark_read(
        self, resources: ResourcesDep, user: UserDep, message_id: RowId
    ) -> PortalMessageView:
        async with resources.sessions.begin() as db:
            return await messages.mark_read(db, user.contact_id, message_id, resources.clock.now())

    @post(
        "/activity/page-view",
        operation_id="portalPageViewed",
        guards=SELF,
        status_code=202,
        summary="Record a page the customer viewed",
    )
    async def page_viewed(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[PageView]
    ) -> None:
        async with _customer_work(resources, user) as unit:
            viewed = PortalPageViewed(path=data.path, category=data.category)
            await record(unit, user.contact_id, viewed)

    @get("/documents", operation_id="portalDocuments", guards=SELF, summary="Letters sent to me")
    async def list_documents(self, resources: ResourcesDep, user: UserDep) -> list[PortalDocument]:
        async with resources.sessions() as db:
            return await documents.list_documents(db, user.contact_id)

    @get(
        "/documents/{document_id:int}/pdf",
        operation_id="portalDownloadDocument",
        guards=SELF,
        summary="One of my letters, as PDF",
        media_type="application/pdf",
        content_media_type="application/pdf",
    )
    async def download_document(
        self, resources: ResourcesDep, user: UserDep, document_id: RowId
    ) -> File:
        async with resources.sessions() as db:
            path, filename = await documents.document_file(
                db, user.contact_id, resources.settings.data_dir, document_id
            )
        return File(path=path, filename=filename, media_type="application/pdf")

    @get(
        "/data-export",
        operation_id="portalDataExport",
        guards=SELF,
        summary="Download all my data (JSON)",
        # The document is written indented for people; its shape is an open object.
        responses={
            200: ResponseSpec(
                dict[str, Any], description="Everything held about me", generate_examples=False
            )
        },
    )
    async def data_export(self, resources: ResourcesDep, user: UserDep) -> Response[bytes]:
        async with _customer_work(resources, user) as unit:
            document = await rights.export(unit.session, user.contact_id, unit.now)
            await record(unit, user.contact_id, DataExportDownloaded())
        day = resources.clock.now().date().isoformat()
        return Response(
            rights.encode(document),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="my-data-{day}.json"'},
        )

    @get("/erasure", operation_id="portalErasureStatus", guards=SELF, summary="My erasure request")
    async def erasure(self, resources: ResourcesDep, user: UserDep) -> ErasureView | None:
        async with resources.sessions() as db:
            return await rights.erasure_status(db, user.contact_id)

    @post(
        "/erasure",
        operation_id="portalRequestErasure",
        responses=problems(409, 429),
        guards=SELF,
        status_code=201,
        summary="Ask for my data to be erased",
    )
    async def request_erasure(self, resources: ResourcesDep, user: UserDep) -> ErasureView:
        await _limit_requests(resources, user)
        # The data-protection dashboards show the new job live once the unit commits.
        async with _customer_work(resources, user) as unit:
            return await rights.request_erasure(unit, user.contact_id)

    @get(
        "/referrals",
        operation_id="portalReferrals",
        guards=AFFILIATE,
        summary="People I referred and their stage",
    )
    async def referrals(self, resources: ResourcesDep, user: UserDep) -> list[Referral]:
        async with resources.sessions() as db:
            return await affiliates.referrals(db, user.contact_id)


PORTAL_CONTROLLERS = [PortalAuthController, PortalController, PortalWordingController]
