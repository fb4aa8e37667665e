"""Units: thin routes over ``app.units.service``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageRequest, sorted_page
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.models import Unit
from app.units import service
from app.units.policies import UnitEditor, UnitReader, UnitSyncer
from app.units.schemas import CODE_PATTERN, UnitCreate, UnitPut, UnitRead, UnitUpdate
from app.units.service import UnitFilter, UnitSort

router = feature_router(prefix="/units", tags=["units"])


_ETAG = etag_headers("The unit's version")
# Reading or changing one unit: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **not_found("unit"), 200: {"headers": _ETAG}}


def _location(request: Request, unit_id: str) -> str:
    return str(request.url_for("get_unit", unit_id=unit_id))


def _read(unit: Unit, response: Response) -> UnitRead:
    set_etag(response, unit)
    return UnitRead.model_validate(unit)


@router.get(
    "",
    response_model=Page[UnitRead],
    summary="List units",
    responses=AUTH,
    description="In creation order, or by `sort` (`code`; `name`, ignoring case and diacritics). `q` matches "
    "the name, short name or code regardless of case and Vietnamese diacritics (`đ` matches `d`): "
    "`vu khoa hoc` finds *Vụ Khoa học Xã hội và Tự nhiên*.",
)
def list_units(
    session: SessionDep,
    _principal: UnitReader,
    page: Annotated[PageRequest, Depends(sorted_page(UnitSort))],
    q: Annotated[
        str | None, Query(max_length=300, description="Words in the name, short name or code.")
    ] = None,
    code: Annotated[str | None, Query(max_length=64, description="Exactly this code.")] = None,
    active: Annotated[bool | None, Query(description="Only active (true) or inactive (false) units.")] = None,
    updated_since: Annotated[
        datetime | None,
        Query(description="Only units changed at or after this ISO 8601 time (UTC when no offset is given)."),
    ] = None,
) -> Page[UnitRead]:
    flt = UnitFilter(q=q, code=code, active=active, updated_since=updated_since)
    items, next_cursor = service.list_units(session=session, flt=flt, page=page)
    return page.of(UnitRead, [UnitRead.model_validate(u) for u in items], next_cursor)


@router.post(
    "",
    response_model=UnitRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Create a unit (admin, secretariat)",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "A unit with this code exists (`already_exists`)."},
    },
)
def create_unit(
    body: UnitCreate, request: Request, response: Response, session: SessionDep, principal: UnitEditor
) -> UnitRead:
    unit = service.create(session=session, actor=principal.actor, **body.model_dump())
    response.headers["Location"] = _location(request, unit.id)
    return _read(unit, response)


@router.put(
    "/by-code/{code}",
    response_model=UnitRead,
    summary="Create or replace a unit by its code (admin, secretariat, `units:write`)",
    description="For systems that sync their unit registry: 201 when the unit was created, 200 when it "
    "existed. The body is the whole unit: fields left out take their defaults. Sending what is already "
    "stored changes nothing (same `ETag`, no audit event).",
    responses={
        **AUTH,
        200: {"description": "Updated (or unchanged)", "headers": _ETAG},
        201: {"description": "Created", "model": UnitRead, "headers": _ETAG},
        **PRECONDITION_FAILED,
    },
)
def upsert_unit_by_code(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: UnitPut,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: UnitSyncer,
    if_match: IfMatch = None,
) -> UnitRead:
    unit, created = service.put_by_code(
        session=session,
        actor=principal.actor,
        code=code,
        code_in_body=body.code,
        if_match=if_match,
        **body.model_dump(exclude={"code"}),
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = _location(request, unit.id)
    return _read(unit, response)


@router.get(
    "/{unit_id}",
    response_model=UnitRead,
    name="get_unit",
    summary="Read a unit",
    responses=_ONE,
)
def get_unit(unit_id: str, response: Response, session: SessionDep, _principal: UnitReader) -> UnitRead:
    return _read(service.get(session=session, unit_id=unit_id), response)


@router.patch(
    "/{unit_id}",
    response_model=UnitRead,
    summary="Change a unit (admin, secretariat)",
    description="Only the fields sent change. `code` is immutable: another code is 409 `immutable_field`.",
    responses={
        **_ONE,
        409: {"description": "`code` differs from the unit's (`immutable_field`)."},
        **PRECONDITION_FAILED,
    },
)
def update_unit(
    unit_id: str,
    body: UnitUpdate,
    response: Response,
    session: SessionDep,
    principal: UnitEditor,
    if_match: IfMatch = None,
) -> UnitRead:
    unit = service.patch(
        session=session,
        actor=principal.actor,
        unit_id=unit_id,
        changes=body.changes(),
        code=body.code,
        if_match=if_match,
    )
    return _read(unit, response)
