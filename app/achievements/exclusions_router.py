"""Exclusions (discipline, investigations, complaints) of people and units: thin routes over
``app.achievements.exclusions``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status

from app.achievements import exclusions as service
from app.achievements.policies import (
    ExclusionEditor,
    ExclusionReader,
    PersonExclusionsReader,
    PersonRecordsWriter,
    UnitExclusionsReader,
    UnitRecordsWriter,
)
from app.achievements.records import RecordView
from app.achievements.schemas import ExclusionCreate, ExclusionKind, ExclusionRead, ExclusionUpdate, read_of
from app.achievements.subjects import Subject
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep, PageRequest
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, auth, etag_headers
from app.core.routing import feature_router
from app.models import Exclusion

router = feature_router(tags=["exclusions"])

_ETAG = etag_headers("The exclusion's version")
_PERSON_404: Responses = {404: {"description": "No such person, or one of another unit (to an officer)."}}
_UNIT_404: Responses = {404: {"description": "No such unit."}}
_ONE_404: Responses = {404: {"description": "No such exclusion, or one an officer may not see."}}
_ONE: Responses = {**AUTH, **_ONE_404, 200: {"headers": _ETAG}}
_INVALID = (
    "The body is not valid: a `discipline` without its `measure`, a `measure` for another kind, or "
    "`ends_on` before `starts_on` (`validation_error`, the error's `loc` names the field)."
)
_CREATED: Responses = {201: {"headers": _ETAG}, 422: {"description": _INVALID}}
_FIELDS = (
    "`kind` is `discipline` (kỷ luật, with its `measure`), `investigation` or `complaint` (an investigation "
    "or complaint under way, without a measure); the period runs from `starts_on` to `ends_on` (null: not "
    "ended). Exclusions are personnel records: service clients never read them."
)
_READERS = "Readable by the admin, the secretariat, observers and the officers of the "

KindFilter = Annotated[
    ExclusionKind | None, Query(description="Only `discipline`, `investigation` or `complaint`.")
]


def _location(request: Request, exclusion_id: str) -> str:
    return str(request.url_for("get_exclusion", exclusion_id=exclusion_id))


def _read(view: RecordView[Exclusion], response: Response) -> ExclusionRead:
    set_etag(response, view.record)
    return read_of(ExclusionRead, view.record, view.subject)


def _created(view: RecordView[Exclusion], request: Request, response: Response) -> ExclusionRead:
    response.headers["Location"] = _location(request, view.record.id)
    return _read(view, response)


def _page(
    session: SessionDep, subject: Subject, page: PageRequest, kind: ExclusionKind | None
) -> Page[ExclusionRead]:
    label, rows, next_cursor = service.list_for(session=session, subject=subject, page=page, kind=kind)
    return page.of(ExclusionRead, [read_of(ExclusionRead, e, label) for e in rows], next_cursor)


@router.post(
    "/people/{person_id}/exclusions",
    response_model=ExclusionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a person's disciplinary measure, investigation or complaint (admin, secretariat, an "
    "officer of the unit)",
    description=_FIELDS,
    responses={**AUTH, **_PERSON_404, **_CREATED},
)
def create_person_exclusion(
    person_id: str,
    body: ExclusionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PersonRecordsWriter,
) -> ExclusionRead:
    view = service.create(
        session=session, actor=principal.actor, subject=Subject.person(person_id), **body.model_dump()
    )
    return _created(view, request, response)


@router.get(
    "/people/{person_id}/exclusions",
    response_model=Page[ExclusionRead],
    summary="List a person's exclusions",
    description="In the order they were recorded. " + _READERS + "person's unit.",
    responses={**AUTH, **_PERSON_404},
)
def list_person_exclusions(
    person_id: str,
    session: SessionDep,
    _principal: PersonExclusionsReader,
    page: PageDep,
    kind: KindFilter = None,
) -> Page[ExclusionRead]:
    return _page(session, Subject.person(person_id), page, kind)


@router.post(
    "/units/{unit_id}/exclusions",
    response_model=ExclusionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a unit's disciplinary measure, investigation or complaint (admin, secretariat)",
    description=_FIELDS,
    responses={**auth("Not the admin or the secretariat"), **_UNIT_404, **_CREATED},
)
def create_unit_exclusion(
    unit_id: str,
    body: ExclusionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: UnitRecordsWriter,
) -> ExclusionRead:
    view = service.create(
        session=session, actor=principal.actor, subject=Subject.unit(unit_id), **body.model_dump()
    )
    return _created(view, request, response)


@router.get(
    "/units/{unit_id}/exclusions",
    response_model=Page[ExclusionRead],
    summary="List a unit's exclusions",
    description="In the order they were recorded. " + _READERS + "unit.",
    responses={**AUTH, **_UNIT_404},
)
def list_unit_exclusions(
    unit_id: str,
    session: SessionDep,
    _principal: UnitExclusionsReader,
    page: PageDep,
    kind: KindFilter = None,
) -> Page[ExclusionRead]:
    return _page(session, Subject.unit(unit_id), page, kind)


@router.get(
    "/exclusions/{exclusion_id}",
    response_model=ExclusionRead,
    name="get_exclusion",
    summary="Read an exclusion",
    responses=_ONE,
)
def get_exclusion(
    exclusion_id: str, response: Response, session: SessionDep, _principal: ExclusionReader
) -> ExclusionRead:
    return _read(service.get(session=session, exclusion_id=exclusion_id), response)


@router.patch(
    "/exclusions/{exclusion_id}",
    response_model=ExclusionRead,
    summary="Change an exclusion (admin, secretariat; an officer of the unit, for a person's)",
    description="Only the fields sent change; `null` or an empty string clears an optional one. The "
    "exclusion they leave must be whole, as on creation. Changing nothing keeps the version.",
    responses={**_ONE, **PRECONDITION_FAILED, 422: {"description": _INVALID}},
)
def update_exclusion(
    exclusion_id: str,
    body: ExclusionUpdate,
    response: Response,
    session: SessionDep,
    principal: ExclusionEditor,
    if_match: IfMatch = None,
) -> ExclusionRead:
    view = service.patch(
        session=session,
        actor=principal.actor,
        exclusion_id=exclusion_id,
        changes=body.changes(),
        if_match=if_match,
    )
    return _read(view, response)


@router.delete(
    "/exclusions/{exclusion_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an exclusion (admin, secretariat; an officer of the unit, for a person's)",
    description="The audit trail keeps what it said (its note aside).",
    responses={**AUTH, **_ONE_404, **PRECONDITION_FAILED},
)
def delete_exclusion(
    exclusion_id: str, session: SessionDep, principal: ExclusionEditor, if_match: IfMatch = None
) -> Response:
    service.delete(session=session, actor=principal.actor, exclusion_id=exclusion_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
