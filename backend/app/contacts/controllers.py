"""/api/v1/contacts: the list, the contact page and every change staff (or a server key)
make to a contact. Reading needs contacts:read, changing contacts:write
(docs/contacts-api.md). Each change is an event, rung to the worker after commit."""

from __future__ import annotations

import uuid
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from app.auth.guards import principal_of, requires
from app.auth.permissions import Permission
from app.auth.principal import Principal, UserPrincipal
from app.contacts import consent, objects, profile, views
from app.contacts.models import ContactObject
from app.contacts.notes import add_note
from app.contacts.schemas import (
    ConsentChange,
    ConsentRecord,
    ContactCreate,
    ContactDetail,
    ContactPage,
    ContactUpdate,
    NoteCreate,
    NoteView,
    ObjectCreate,
    ObjectKind,
    ObjectUpdate,
    ObjectView,
    OwnerChange,
    OwnerView,
    ScoreChange,
    TagsChange,
)
from app.contacts.views import ConsentFilter
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.params import IntegerFilter
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources

Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
PageSize = Annotated[int, QueryParameter(ge=1, le=100)]
ContactId = FromPath[uuid.UUID]
# The change's author is read from the request (a person, or a server key).
AnyRequest = Request[Any, Any, Any]

READ = [requires(Permission.CONTACTS_READ)]
WRITE = [requires(Permission.CONTACTS_WRITE)]


def _change(resources: Resources, principal: Principal) -> AbstractAsyncContextManager[UnitOfWork]:
    """A change by a signed-in person (origin `staff`) or an API key (`api`)."""
    user = principal if isinstance(principal, UserPrincipal) else None
    return resources.unit_of_work(
        actor_id=user.user_id if user else None, origin="staff" if user else "api"
    )


def _object(row: ContactObject) -> ObjectView:
    return ObjectView(
        id=row.id,
        contact_id=row.contact_id,
        kind=row.kind,  # type: ignore[arg-type]  # the check constraint holds it to ObjectKind
        external_ref=row.external_ref,
        status=row.status,
        data=dict(row.data),
        due_at=row.due_at,
        starts_at=row.starts_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class ContactsController(Controller):
    path = "/api/v1/contacts"
    tags = ["contacts"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listContacts", guards=READ, summary="Search and filter contacts")
    async def list_contacts(
        self,
        *,
        resources: ResourcesDep,
        q: FromQuery[str | None] = None,
        tag: FromQuery[str | None] = None,
        segment: FromQuery[str | None] = None,
        owner: FromQuery[str | None] = None,
        consent: FromQuery[ConsentFilter | None] = None,
        score_min: IntegerFilter = None,
        score_max: IntegerFilter = None,
        page: Page = 1,
        page_size: PageSize = 25,
    ) -> ContactPage:
        async with resources.sessions() as db:
            return await views.list_contacts(
                db,
                now=resources.clock.now(),
                q=q,
                tag=tag,
                segment=segment,
                owner=owner,
                consent=consent,
                score_min=score_min,
                score_max=score_max,
                page=page,
                page_size=page_size,
            )

    @post(
        "/",
        operation_id="createContact",
        responses=problems(409),
        guards=WRITE,
        summary="Create a contact",
    )
    async def create(
        self, resources: ResourcesDep, request: AnyRequest, data: JSONBody[ContactCreate]
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            row = await profile.create_contact(unit, data)
            return await views.detail(unit.session, row.id)

    @get("/owners", operation_id="listContactOwners", guards=READ, summary="Who can own")
    async def owners(self, resources: ResourcesDep) -> list[OwnerView]:
        async with resources.sessions() as db:
            return await views.owner_choices(db)

    @get("/{contact_id:uuid}", operation_id="getContact", guards=READ, summary="One contact")
    async def get_contact(self, resources: ResourcesDep, contact_id: ContactId) -> ContactDetail:
        async with resources.sessions() as db:
            return await views.detail(db, contact_id)

    @patch(
        "/{contact_id:uuid}",
        operation_id="updateContact",
        responses=problems(409),
        guards=WRITE,
        summary="Change fields and custom attributes",
    )
    async def update(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[ContactUpdate],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.update_contact(unit, contact_id, data)
            return await views.detail(unit.session, contact_id)

    @post("/{contact_id:uuid}/tags", operation_id="addContactTags", guards=WRITE, status_code=200)
    async def add_tags(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[TagsChange],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.add_tags(unit, contact_id, data.tags)
            return await views.detail(unit.session, contact_id)

    @post(
        "/{contact_id:uuid}/tags/remove",
        operation_id="removeContactTags",
        guards=WRITE,
        status_code=200,
    )
    async def remove_tags(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[TagsChange],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.remove_tags(unit, contact_id, data.tags)
            return await views.detail(unit.session, contact_id)

    @post(
        "/{contact_id:uuid}/score", operation_id="changeContactScore", guards=WRITE, status_code=200
    )
    async def score(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[ScoreChange],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.change_score(unit, contact_id, delta=data.delta, value=data.value)
            return await views.detail(unit.session, contact_id)

    @put("/{contact_id:uuid}/consent", operation_id="setContactConsent", guards=WRITE)
    async def set_consent(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[ConsentChange],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.lock(unit.session, contact_id)
            await consent.set_consent(
                unit, contact_id, data.channel, data.status, source=data.source
            )
            return await views.detail(unit.session, contact_id)

    @get(
        "/{contact_id:uuid}/consent/history",
        operation_id="getContactConsentHistory",
        guards=READ,
    )
    async def consent_history(
        self, resources: ResourcesDep, contact_id: ContactId
    ) -> list[ConsentRecord]:
        async with resources.sessions() as db:
            await views.detail(db, contact_id)  # 404 for an unknown contact
            return await views.consent_history(db, contact_id)

    @put("/{contact_id:uuid}/owner", operation_id="setContactOwner", guards=WRITE)
    async def set_owner(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[OwnerChange],
    ) -> ContactDetail:
        async with _change(resources, principal_of(request)) as unit:
            await profile.set_owner(unit, contact_id, data.owner_id)
            return await views.detail(unit.session, contact_id)

    @get("/{contact_id:uuid}/objects", operation_id="listContactObjects", guards=READ)
    async def list_objects(
        self,
        resources: ResourcesDep,
        contact_id: ContactId,
        kind: FromQuery[ObjectKind | None] = None,
    ) -> list[ObjectView]:
        async with resources.sessions() as db:
            await views.detail(db, contact_id)
            return [_object(row) for row in await objects.list_objects(db, contact_id, kind)]

    @post(
        "/{contact_id:uuid}/objects",
        operation_id="createContactObject",
        responses=problems(409),
        guards=WRITE,
    )
    async def create_object(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[ObjectCreate],
    ) -> ObjectView:
        async with _change(resources, principal_of(request)) as unit:
            return _object(await objects.create_object(unit, contact_id, data))

    @get(
        "/{contact_id:uuid}/objects/{object_id:uuid}",
        operation_id="getContactObject",
        guards=READ,
    )
    async def get_object(
        self, resources: ResourcesDep, contact_id: ContactId, object_id: FromPath[uuid.UUID]
    ) -> ObjectView:
        async with resources.sessions() as db:
            return _object(await objects.get_object(db, contact_id, object_id))

    @patch(
        "/{contact_id:uuid}/objects/{object_id:uuid}",
        operation_id="updateContactObject",
        responses=problems(409),
        guards=WRITE,
    )
    async def update_object(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        object_id: FromPath[uuid.UUID],
        data: JSONBody[ObjectUpdate],
    ) -> ObjectView:
        async with _change(resources, principal_of(request)) as unit:
            return _object(await objects.update_object(unit, contact_id, object_id, data))

    @delete(
        "/{contact_id:uuid}/objects/{object_id:uuid}",
        operation_id="deleteContactObject",
        guards=WRITE,
    )
    async def delete_object(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        object_id: FromPath[uuid.UUID],
    ) -> None:
        async with _change(resources, principal_of(request)) as unit:
            await objects.delete_object(unit, contact_id, object_id)

    @get("/{contact_id:uuid}/notes", operation_id="listContactNotes", guards=READ)
    async def list_notes(self, resources: ResourcesDep, contact_id: ContactId) -> list[NoteView]:
        async with resources.sessions() as db:
            await views.detail(db, contact_id)
            return await views.notes(db, contact_id)

    @post("/{contact_id:uuid}/notes", operation_id="addContactNote", guards=WRITE)
    async def add_note(
        self,
        resources: ResourcesDep,
        request: AnyRequest,
        contact_id: ContactId,
        data: JSONBody[NoteCreate],
    ) -> NoteView:
        async with _change(resources, principal_of(request)) as unit:
            note = await add_note(unit, contact_id, data.body)
            shown = await views.notes(unit.session, contact_id)
            return next(item for item in shown if item.id == note.id)
