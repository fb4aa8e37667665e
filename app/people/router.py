"""People: thin routes over ``app.people.service``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageRequest, sorted_page
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, auth, etag_headers
from app.core.routing import feature_router
from app.people import employments, service
from app.people.employments import EmploymentView
from app.people.policies import PeopleLister, PersonCreator, PersonEditor, PersonReader, PersonSyncer
from app.people.schemas import (
    CODE_PATTERN,
    EmploymentList,
    EmploymentRead,
    PersonCreate,
    PersonPut,
    PersonRead,
    PersonUpdate,
    TransferCreate,
    TransferRead,
)
from app.people.service import PeopleFilter, PersonSort, PersonView

router = feature_router(prefix="/people", tags=["people"])

_ETAG = etag_headers("The person's version")
_HIDDEN = "No such person, or one of another unit (to an officer)."
# Reading or changing one person: who may, whether it exists (for the caller), and its ETag.
_ONE: Responses = {**AUTH, 404: {"description": _HIDDEN}, 200: {"headers": _ETAG}}
_BAD_UNIT = "The body is not valid, or names no unit (`validation_error`, the error's `loc` names the field)."


def _location(request: Request, person_id: str) -> str:
    return str(request.url_for("get_person", person_id=person_id))


def person_read(view: PersonView) -> PersonRead:
    person = view.person
    return PersonRead(
        id=person.id,
        code=person.code,
        full_name=person.full_name,
        gender=person.gender,
        birth_date=view.birth_date,
        position=person.position,
        unit_id=person.unit_id,
        unit_code=view.unit.code if view.unit else None,
        unit_name=view.unit.name if view.unit else None,
        active=person.active,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )


def _read(view: PersonView, response: Response) -> PersonRead:
    set_etag(response, view.person)
    return person_read(view)


def _employment(view: EmploymentView) -> EmploymentRead:
    return EmploymentRead.of(view.employment, unit_code=view.unit.code, unit_name=view.unit.name)


@router.get(
    "",
    response_model=Page[PersonRead],
    summary="List people",
    responses=AUTH,
    description="In creation order, or by `sort` (`name`, ignoring case and diacritics; `code`). An "
    "officer sees the people of his own unit only; the admin, the "
    "secretariat, observers and `units:read` clients see everyone (observers and clients without birth "
    "dates). `q` matches the full name or code regardless of case and Vietnamese diacritics (`đ` matches "
    "`d`): `nguyen van` finds *Nguyễn Văn An*, `dang` finds *Đặng Thị Bình*.",
)
def list_people(
    session: SessionDep,
    principal: PeopleLister,
    page: Annotated[PageRequest, Depends(sorted_page(PersonSort))],
    q: Annotated[str | None, Query(max_length=300, description="Words in the full name or code.")] = None,
    unit_id: Annotated[
        str | None, Query(max_length=64, description="Only the people working in this unit now.")
    ] = None,
    code: Annotated[str | None, Query(max_length=64, description="Exactly this code.")] = None,
    active: Annotated[
        bool | None, Query(description="Only active (true) or inactive (false) people.")
    ] = None,
    updated_since: Annotated[
        datetime | None,
        Query(
            description="Only people changed at or after this ISO 8601 time (UTC when no offset is given)."
        ),
    ] = None,
) -> Page[PersonRead]:
    flt = PeopleFilter(q=q, code=code, unit_id=unit_id, active=active, updated_since=updated_since)
    views, next_cursor = service.list_people(session=session, principal=principal, flt=flt, page=page)
    return page.of(PersonRead, [person_read(v) for v in views], next_cursor)


@router.post(
    "",
    response_model=PersonRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Add a person to a unit (admin, secretariat, an officer of that unit)",
    description="Creates the person and their first employment, in `unit_id` from `started_on` (today in "
    "Vietnam when left out).",
    responses={
        **auth("Not the admin, the secretariat or an officer of the body's unit"),
        201: {"headers": _ETAG},
        409: {"description": "A person with this code exists (`already_exists`)."},
        422: {"description": _BAD_UNIT},
    },
)
def create_person(
    body: PersonCreate, request: Request, response: Response, session: SessionDep, principal: PersonCreator
) -> PersonRead:
    view = service.create(session=session, principal=principal, **body.model_dump())
    response.headers["Location"] = _location(request, view.person.id)
    return _read(view, response)


@router.put(
    "/by-code/{code}",
    response_model=PersonRead,
    summary="Create or replace a person by code (admin, secretariat, an officer of the person's unit)",
    description="For systems that sync their personnel registry: 201 when the person was created, 200 when "
    "they existed. The body is the whole person: fields left out take their defaults. Sending what is "
    "already stored changes nothing (same `ETag`, no audit event). `unit_id` must be the person's current "
    "unit: a move between units is a transfer (`POST /people/{id}/transfers`), and a person of another "
    "unit is 422 with the error type `person_in_other_unit`.",
    responses={
        **auth("Not the admin, the secretariat or an officer of the body's unit"),
        200: {"description": "Updated (or unchanged)", "headers": _ETAG},
        201: {"description": "Created", "model": PersonRead, "headers": _ETAG},
        **PRECONDITION_FAILED,
        422: {"description": _BAD_UNIT + " Also for a person of another unit (`person_in_other_unit`)."},
    },
)
def upsert_person_by_code(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: PersonPut,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PersonSyncer,
    if_match: IfMatch = None,
) -> PersonRead:
    view, created = service.put_by_code(
        session=session,
        principal=principal,
        code=code,
        code_in_body=body.code,
        if_match=if_match,
        **body.model_dump(exclude={"code"}),
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = _location(request, view.person.id)
    return _read(view, response)


@router.get(
    "/{person_id}",
    response_model=PersonRead,
    name="get_person",
    summary="Read a person",
    description="Observers and `units:read` clients see no birth date; an officer reads the people of "
    "his own unit only (another unit's person is 404).",
    responses=_ONE,
)
def get_person(
    person_id: str, response: Response, session: SessionDep, principal: PersonReader
) -> PersonRead:
    return _read(service.get(session=session, principal=principal, person_id=person_id), response)


@router.patch(
    "/{person_id}",
    response_model=PersonRead,
    summary="Change a person (admin, secretariat, an officer of the person's unit)",
    description="Only the fields sent change. `code` is immutable: another code is 409 `immutable_field`. "
    "The unit changes by a transfer. A new `position` is also the position of the current employment.",
    responses={
        **_ONE,
        409: {"description": "`code` differs from the person's (`immutable_field`)."},
        **PRECONDITION_FAILED,
    },
)
def update_person(
    person_id: str,
    body: PersonUpdate,
    response: Response,
    session: SessionDep,
    principal: PersonEditor,
    if_match: IfMatch = None,
) -> PersonRead:
    view = service.patch(
        session=session,
        principal=principal,
        person_id=person_id,
        changes=body.changes(),
        code=body.code,
        if_match=if_match,
    )
    return _read(view, response)


@router.get(
    "/{person_id}/employments",
    response_model=EmploymentList,
    summary="The person's employment history",
    description="Every employment, oldest first, with each unit's code and name: the whole list.",
    responses={**AUTH, 404: {"description": _HIDDEN}},
)
def list_employments(person_id: str, session: SessionDep, _principal: PersonReader) -> EmploymentList:
    views = employments.history(session=session, person_id=person_id)
    return EmploymentList(items=[_employment(v) for v in views])


@router.post(
    "/{person_id}/transfers",
    response_model=TransferRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Move a person to another unit (admin, secretariat, an officer of the person's unit)",
    description="Ends the current employment the day before `on` and opens one in `unit_id` from `on`; the "
    "person's `unit_id` (and `position`, when given) follow. `on` must come after the day the current "
    "employment began (or the last one ended) and not be later than today; the new unit must differ. "
    "Refusals are 422 naming the field (`on`, `unit_id`). The `ETag` is the person's new version.",
    responses={
        **AUTH,
        404: {"description": _HIDDEN},
        201: {"headers": _ETAG},
        **PRECONDITION_FAILED,
        422: {"description": "The body is not valid, or the transfer overlaps or backdates the history."},
    },
)
def transfer_person(
    person_id: str,
    body: TransferCreate,
    response: Response,
    session: SessionDep,
    principal: PersonEditor,
    if_match: IfMatch = None,
) -> TransferRead:
    moved = employments.transfer(
        session=session, principal=principal, person_id=person_id, if_match=if_match, **body.model_dump()
    )
    set_etag(response, moved.person.person)
    return TransferRead(
        person=person_read(moved.person),
        ended=_employment(moved.ended) if moved.ended is not None else None,
        started=_employment(moved.started),
    )
