"""Yearly ratings of people and units: thin routes over ``app.achievements.ratings``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response, status

from app.achievements import ratings as service
from app.achievements.policies import (
    PersonRecordsReader,
    PersonRecordsWriter,
    UnitRecordsReader,
    UnitRecordsWriter,
)
from app.achievements.records import RecordView
from app.achievements.schemas import RatingPut, RatingRead, read_of
from app.achievements.subjects import Subject
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.pagination import Page, PageDep, PageRequest
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, auth, etag_headers
from app.core.routing import feature_router
from app.models import Assessment

router = feature_router(tags=["ratings"])

_ETAG = etag_headers("The rating's version")
_PERSON_404 = "No such person, or one of another unit (to an officer)"
_UNIT_404 = "No such unit"
_PUT_DESCRIPTION = (
    "The whole rating of the year: fields left out are cleared. 201 when the year had no rating, 200 "
    "when it had (sending what is stored changes nothing: same `ETag`, no audit event). `rating` is "
    "`excellent` (hoàn thành xuất sắc nhiệm vụ), `good`, `completed` or `not_completed`."
)

PathYear = Annotated[int, Path(ge=1945, le=2200, description="The year rated.")]
YearFilter = Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's.")]


def _put_responses(missing: str, forbidden: str) -> Responses:
    return {
        **auth(forbidden),
        404: {"description": missing + "."},
        200: {"description": "Updated (or unchanged)", "headers": _ETAG},
        201: {"description": "Created", "model": RatingRead, "headers": _ETAG},
        **PRECONDITION_FAILED,
        422: {"description": "The body is not valid (`absent_days` are a person's, never a unit's)."},
    }


def _one_responses(missing: str) -> Responses:
    return {**AUTH, 404: {"description": missing + ", or no rating that year."}, 200: {"headers": _ETAG}}


def _read(view: RecordView[Assessment], response: Response) -> RatingRead:
    set_etag(response, view.record)
    return read_of(RatingRead, view.record, view.subject)


def _put(
    session: SessionDep,
    principal: Principal,
    subject: Subject,
    year: int,
    body: RatingPut,
    response: Response,
    if_match: str | None,
) -> RatingRead:
    view, created = service.put(
        session=session,
        actor=principal.actor,
        subject=subject,
        year=year,
        if_match=if_match,
        **body.model_dump(),
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    return _read(view, response)


def _page(session: SessionDep, subject: Subject, page: PageRequest, year: int | None) -> Page[RatingRead]:
    label, rows, next_cursor = service.list_for(session=session, subject=subject, page=page, year=year)
    return page.of(RatingRead, [read_of(RatingRead, r, label) for r in rows], next_cursor)


@router.put(
    "/people/{person_id}/ratings/{year}",
    response_model=RatingRead,
    summary="Set a person's rating of a year (admin, secretariat, an officer of the person's unit)",
    description=_PUT_DESCRIPTION + " `absent_days` are the working days absent that year.",
    responses=_put_responses(
        _PERSON_404, "Not the admin, the secretariat or an officer of the person's unit"
    ),
)
def set_person_rating(
    person_id: str,
    year: PathYear,
    body: RatingPut,
    response: Response,
    session: SessionDep,
    principal: PersonRecordsWriter,
    if_match: IfMatch = None,
) -> RatingRead:
    return _put(session, principal, Subject.person(person_id), year, body, response, if_match)


@router.get(
    "/people/{person_id}/ratings",
    response_model=Page[RatingRead],
    summary="List a person's ratings",
    description="In the order they were first set. Readable by the admin, the secretariat, observers, the "
    "officers of the person's unit and `units:read` clients.",
    responses={**AUTH, 404: {"description": _PERSON_404 + "."}},
)
def list_person_ratings(
    person_id: str,
    session: SessionDep,
    _principal: PersonRecordsReader,
    page: PageDep,
    year: YearFilter = None,
) -> Page[RatingRead]:
    return _page(session, Subject.person(person_id), page, year)


@router.get(
    "/people/{person_id}/ratings/{year}",
    response_model=RatingRead,
    summary="Read a person's rating of a year",
    responses=_one_responses(_PERSON_404),
)
def get_person_rating(
    person_id: str, year: PathYear, response: Response, session: SessionDep, _principal: PersonRecordsReader
) -> RatingRead:
    return _read(service.get(session=session, subject=Subject.person(person_id), year=year), response)


@router.put(
    "/units/{unit_id}/ratings/{year}",
    response_model=RatingRead,
    summary="Set a unit's rating of a year (admin, secretariat)",
    description=_PUT_DESCRIPTION + " A unit does not rate itself.",
    responses=_put_responses(_UNIT_404, "Not the admin or the secretariat"),
)
def set_unit_rating(
    unit_id: str,
    year: PathYear,
    body: RatingPut,
    response: Response,
    session: SessionDep,
    principal: UnitRecordsWriter,
    if_match: IfMatch = None,
) -> RatingRead:
    return _put(session, principal, Subject.unit(unit_id), year, body, response, if_match)


@router.get(
    "/units/{unit_id}/ratings",
    response_model=Page[RatingRead],
    summary="List a unit's ratings",
    description="In the order they were first set. Readable by the admin, the secretariat, observers, the "
    "unit's officers and `units:read` clients.",
    responses={**AUTH, 404: {"description": _UNIT_404 + "."}},
)
def list_unit_ratings(
    unit_id: str, session: SessionDep, _principal: UnitRecordsReader, page: PageDep, year: YearFilter = None
) -> Page[RatingRead]:
    return _page(session, Subject.unit(unit_id), page, year)


@router.get(
    "/units/{unit_id}/ratings/{year}",
    response_model=RatingRead,
    summary="Read a unit's rating of a year",
    responses=_one_responses(_UNIT_404),
)
def get_unit_rating(
    unit_id: str, year: PathYear, response: Response, session: SessionDep, _principal: UnitRecordsReader
) -> RatingRead:
    return _read(service.get(session=session, subject=Subject.unit(unit_id), year=year), response)
