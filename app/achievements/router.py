"""Initiatives and research works of people and units: thin routes over ``app.achievements.achievements``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status

from app.achievements import achievements as service
from app.achievements.policies import (
    AchievementEditor,
    AchievementReader,
    PersonRecordsReader,
    PersonRecordsWriter,
    UnitRecordsReader,
    UnitRecordsWriter,
)
from app.achievements.records import RecordView
from app.achievements.schemas import (
    AchievementCreate,
    AchievementKind,
    AchievementRead,
    AchievementUpdate,
    read_of,
)
from app.achievements.subjects import Subject
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep, PageRequest
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, auth, etag_headers
from app.core.routing import feature_router
from app.models import Achievement

router = feature_router(tags=["achievements"])

_ETAG = etag_headers("The achievement's version")
_PERSON_404: Responses = {404: {"description": "No such person, or one of another unit (to an officer)."}}
_UNIT_404: Responses = {404: {"description": "No such unit."}}
_ONE_404: Responses = {404: {"description": "No such achievement, or one an officer may not see."}}
_ONE: Responses = {**AUTH, **_ONE_404, 200: {"headers": _ETAG}}
_CREATED: Responses = {201: {"headers": _ETAG}, 422: {"description": "The body is not valid."}}
_FIELDS = (
    "`kind` is `initiative` (sáng kiến) or `research` (đề tài); `scope` where it was recognised (`unit`, "
    "`ministry`, `national`), with the decision (`recognised_by`, `decision_number`, `recognised_on`); "
    "`year` from 1945 to 2200."
)

YearFilter = Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's.")]
KindFilter = Annotated[AchievementKind | None, Query(description="Only `initiative` or `research`.")]


def _location(request: Request, achievement_id: str) -> str:
    return str(request.url_for("get_achievement", achievement_id=achievement_id))


def _read(view: RecordView[Achievement], response: Response) -> AchievementRead:
    set_etag(response, view.record)
    return read_of(AchievementRead, view.record, view.subject)


def _created(view: RecordView[Achievement], request: Request, response: Response) -> AchievementRead:
    response.headers["Location"] = _location(request, view.record.id)
    return _read(view, response)


def _page(
    session: SessionDep, subject: Subject, page: PageRequest, kind: AchievementKind | None, year: int | None
) -> Page[AchievementRead]:
    label, rows, next_cursor = service.list_for(
        session=session, subject=subject, page=page, kind=kind, year=year
    )
    return page.of(AchievementRead, [read_of(AchievementRead, a, label) for a in rows], next_cursor)


@router.post(
    "/people/{person_id}/achievements",
    response_model=AchievementRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a person's initiative or research work (admin, secretariat, an officer of the unit)",
    description=_FIELDS,
    responses={**AUTH, **_PERSON_404, **_CREATED},
)
def create_person_achievement(
    person_id: str,
    body: AchievementCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PersonRecordsWriter,
) -> AchievementRead:
    view = service.create(
        session=session, actor=principal.actor, subject=Subject.person(person_id), **body.model_dump()
    )
    return _created(view, request, response)


@router.get(
    "/people/{person_id}/achievements",
    response_model=Page[AchievementRead],
    summary="List a person's initiatives and research works",
    description="In the order they were recorded. Readable by the admin, the secretariat, observers, the "
    "officers of the person's unit and `units:read` clients.",
    responses={**AUTH, **_PERSON_404},
)
def list_person_achievements(
    person_id: str,
    session: SessionDep,
    _principal: PersonRecordsReader,
    page: PageDep,
    kind: KindFilter = None,
    year: YearFilter = None,
) -> Page[AchievementRead]:
    return _page(session, Subject.person(person_id), page, kind, year)


@router.post(
    "/units/{unit_id}/achievements",
    response_model=AchievementRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a unit's initiative or research work (admin, secretariat)",
    description=_FIELDS,
    responses={**auth("Not the admin or the secretariat"), **_UNIT_404, **_CREATED},
)
def create_unit_achievement(
    unit_id: str,
    body: AchievementCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: UnitRecordsWriter,
) -> AchievementRead:
    view = service.create(
        session=session, actor=principal.actor, subject=Subject.unit(unit_id), **body.model_dump()
    )
    return _created(view, request, response)


@router.get(
    "/units/{unit_id}/achievements",
    response_model=Page[AchievementRead],
    summary="List a unit's initiatives and research works",
    description="In the order they were recorded. Readable by the admin, the secretariat, observers, the "
    "unit's officers and `units:read` clients.",
    responses={**AUTH, **_UNIT_404},
)
def list_unit_achievements(
    unit_id: str,
    session: SessionDep,
    _principal: UnitRecordsReader,
    page: PageDep,
    kind: KindFilter = None,
    year: YearFilter = None,
) -> Page[AchievementRead]:
    return _page(session, Subject.unit(unit_id), page, kind, year)


@router.get(
    "/achievements/{achievement_id}",
    response_model=AchievementRead,
    name="get_achievement",
    summary="Read an achievement",
    responses=_ONE,
)
def get_achievement(
    achievement_id: str, response: Response, session: SessionDep, _principal: AchievementReader
) -> AchievementRead:
    return _read(service.get(session=session, achievement_id=achievement_id), response)


@router.patch(
    "/achievements/{achievement_id}",
    response_model=AchievementRead,
    summary="Change an achievement (admin, secretariat; an officer of the unit, for a person's)",
    description="Only the fields sent change; `null` or an empty string clears an optional one. Changing "
    "nothing keeps the version.",
    responses={**_ONE, **PRECONDITION_FAILED},
)
def update_achievement(
    achievement_id: str,
    body: AchievementUpdate,
    response: Response,
    session: SessionDep,
    principal: AchievementEditor,
    if_match: IfMatch = None,
) -> AchievementRead:
    view = service.patch(
        session=session,
        actor=principal.actor,
        achievement_id=achievement_id,
        changes=body.changes(),
        if_match=if_match,
    )
    return _read(view, response)


@router.delete(
    "/achievements/{achievement_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an achievement (admin, secretariat; an officer of the unit, for a person's)",
    description="The audit trail keeps what it said.",
    responses={**AUTH, **_ONE_404, **PRECONDITION_FAILED},
)
def delete_achievement(
    achievement_id: str, session: SessionDep, principal: AchievementEditor, if_match: IfMatch = None
) -> Response:
    service.delete(session=session, actor=principal.actor, achievement_id=achievement_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
