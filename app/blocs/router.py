"""Blocs and their yearly members: thin routes over ``app.blocs.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response, status

from app.blocs import service
from app.blocs.policies import BlocEditor, BlocReader, DelegatesReader, MembersEditor, MembersReader
from app.blocs.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    BlocCreate,
    BlocRead,
    BlocUpdate,
    DelegateRead,
    MemberRead,
    MembersPut,
    MembersRead,
)
from app.core.db import SessionDep
from app.core.etag import IfMatch, etag_of, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, PRECONDITION_FAILED, UNAUTHENTICATED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.models import Bloc

router = feature_router(prefix="/blocs", tags=["blocs"])

Year = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR, description="The emulation year.", examples=[2016])]

_ETAG = etag_headers()
_NO_BLOC = not_found("bloc")
# Reading or changing one bloc: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **_NO_BLOC, 200: {"headers": _ETAG}}


def _members_read(response: Response, bloc_id: str, year: int, rows: list[service.MemberView]) -> MembersRead:
    tag = service.members_tag(bloc_id=bloc_id, year=year, pairs=[(m.unit_id, m.role) for m in rows])
    response.headers["ETag"] = etag_of(tag)
    return MembersRead(
        bloc_id=bloc_id,
        year=year,
        members=[
            MemberRead(unit_id=m.unit_id, role=m.role, unit_code=m.unit_code, unit_name=m.unit_name)
            for m in rows
        ],
    )


# ---- blocs --------------------------------------------------------------------------------------------


def _read(bloc: Bloc, response: Response) -> BlocRead:
    set_etag(response, bloc)
    return BlocRead.model_validate(bloc)


@router.get(
    "",
    response_model=Page[BlocRead],
    summary="List blocs",
    description="In creation order. Every user; service clients with `units:read` or `results:read`.",
    responses=AUTH,
)
def list_blocs(
    session: SessionDep,
    _principal: BlocReader,
    page: PageDep,
    code: Annotated[str | None, Query(max_length=64, description="Exactly this code.")] = None,
) -> Page[BlocRead]:
    items, next_cursor = service.list_blocs(session=session, page=page, code=code)
    return page.of(BlocRead, [BlocRead.model_validate(b) for b in items], next_cursor)


@router.post(
    "",
    response_model=BlocRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Create a bloc (secretariat, admin)",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "A bloc with this code exists (`already_exists`)."},
    },
)
def create_bloc(
    body: BlocCreate, request: Request, response: Response, session: SessionDep, principal: BlocEditor
) -> BlocRead:
    bloc = service.create(session=session, actor=principal.actor, **body.model_dump())
    response.headers["Location"] = str(request.url_for("get_bloc", bloc_id=bloc.id))
    return _read(bloc, response)


@router.get(
    "/{bloc_id}",
    response_model=BlocRead,
    name="get_bloc",
    summary="Read a bloc",
    responses=_ONE,
)
def get_bloc(bloc_id: str, response: Response, session: SessionDep, _principal: BlocReader) -> BlocRead:
    return _read(service.get(session=session, bloc_id=bloc_id), response)


@router.patch(
    "/{bloc_id}",
    response_model=BlocRead,
    summary="Rename a bloc or change its description (secretariat, admin)",
    description="Only the fields sent change. `code` is immutable: another code is 409 `immutable_field`.",
    responses={
        **_ONE,
        409: {"description": "`code` differs from the bloc's (`immutable_field`)."},
        **PRECONDITION_FAILED,
    },
)
def update_bloc(
    bloc_id: str,
    body: BlocUpdate,
    response: Response,
    session: SessionDep,
    principal: BlocEditor,
    if_match: IfMatch = None,
) -> BlocRead:
    bloc = service.patch(
        session=session,
        actor=principal.actor,
        bloc_id=bloc_id,
        changes=body.changes(),
        code=body.code,
        if_match=if_match,
    )
    return _read(bloc, response)


# ---- yearly members -----------------------------------------------------------------------------------


@router.get(
    "/{bloc_id}/years/{year}/members",
    response_model=MembersRead,
    summary="The bloc's members in a year",
    description="The whole list (not paginated): the leader, the deputy, then the members by unit code. "
    "A year without members gives an empty list. Every authenticated principal.",
    responses={**_NO_BLOC, **UNAUTHENTICATED, 200: {"headers": _ETAG}},
)
def get_bloc_members(
    bloc_id: str, year: Year, response: Response, session: SessionDep, _principal: MembersReader
) -> MembersRead:
    service.get(session=session, bloc_id=bloc_id)
    rows = service.members(session=session, bloc_id=bloc_id, year=year)
    return _members_read(response, bloc_id, year, rows)


@router.put(
    "/{bloc_id}/years/{year}/members",
    response_model=MembersRead,
    summary="Set the bloc's members for a year (secretariat)",
    description="Replaces the year's whole list; other years keep theirs. Exactly one `leader`, at most "
    "one `deputy`, each unit once, at most 200 units (422, naming the entry in `errors[].loc`). A unit "
    "that belongs to another bloc that year is 409 `unit_in_other_bloc`; removing a unit that already "
    "took part in the year (signed the pledge, registered…) is 409 `member_has_activity`. Changing a "
    "unit's role is always allowed. Leadership of the year's campaign follows from this list.",
    responses={
        **_ONE,
        409: {"description": "`unit_in_other_bloc`, `member_has_activity` or `concurrent_update`."},
        **PRECONDITION_FAILED,
        422: {"description": "Leadership, duplicate or unknown units, too many members, year out of range."},
    },
)
def set_bloc_members(
    bloc_id: str,
    year: Year,
    body: MembersPut,
    response: Response,
    session: SessionDep,
    principal: MembersEditor,
    if_match: IfMatch = None,
) -> MembersRead:
    rows = service.set_members(
        session=session,
        actor=principal.actor,
        bloc_id=bloc_id,
        year=year,
        entries=[(m.unit_id, m.role) for m in body.members],
        if_match=if_match,
    )
    return _members_read(response, bloc_id, year, rows)


@router.get(
    "/{bloc_id}/years/{year}/delegates",
    response_model=Page[DelegateRead],
    summary="The active officers of the bloc's member units that year (leader, deputy, secretariat)",
    description="What a screen needs to pick a ballot's electorate: in the members' order, then by name.",
    responses={**AUTH, **_NO_BLOC},
)
def get_bloc_delegates(
    bloc_id: str, year: Year, session: SessionDep, _principal: DelegatesReader, page: PageDep
) -> Page[DelegateRead]:
    rows, next_cursor = service.delegates_page(session=session, bloc_id=bloc_id, year=year, page=page)
    items = [DelegateRead.of(d.user, (d.unit.unit_id, d.unit.unit_code, d.unit.unit_name)) for d in rows]
    return page.of(DelegateRead, items, next_cursor)
