"""Awards: thin routes over ``app.awards.service``. Awards are proposed by publishing a ballot session
(``app.voting``), not through these routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Response

from app.awards import service
from app.awards.policies import AwardDecider, AwardReader
from app.awards.schemas import AwardDecide, AwardRead, AwardRevoke, AwardStatus
from app.awards.service import AwardFilter, AwardView
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router

router = feature_router(prefix="/awards", tags=["awards"])


_ETAG = etag_headers("The award's version")
# Reading or changing one award: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **not_found("award"), 200: {"headers": _ETAG}}


def _read(view: AwardView, response: Response) -> AwardRead:
    set_etag(response, view.award)
    return AwardRead.of(view.award, unit_code=view.unit_code, unit_name=view.unit_name)


@router.get(
    "",
    response_model=Page[AwardRead],
    summary="List awards",
    description="In the order they were proposed. Readable by every authenticated user and by service "
    "clients with `results:read`.",
    responses=AUTH,
)
def list_awards(
    session: SessionDep,
    _principal: AwardReader,
    page: PageDep,
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's awards.")] = None,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's awards.")] = None,
    title_code: Annotated[str | None, Query(max_length=64, description="Only awards of this title.")] = None,
    status_: Annotated[
        AwardStatus | None, Query(alias="status", description="Only `proposed`, `decided` or `revoked`.")
    ] = None,
    updated_since: Annotated[
        datetime | None,
        Query(
            description="Only awards changed at or after this ISO 8601 time (UTC when no offset is given)."
        ),
    ] = None,
) -> Page[AwardRead]:
    flt = AwardFilter(
        year=year, unit_id=unit_id, title_code=title_code, status=status_, updated_since=updated_since
    )
    views, next_cursor = service.list_awards(session=session, flt=flt, page=page)
    items = [AwardRead.of(v.award, unit_code=v.unit_code, unit_name=v.unit_name) for v in views]
    return page.of(AwardRead, items, next_cursor)


@router.get(
    "/{award_id}",
    response_model=AwardRead,
    summary="Read an award",
    responses=_ONE,
)
def get_award(award_id: str, response: Response, session: SessionDep, _principal: AwardReader) -> AwardRead:
    return _read(service.get(session=session, award_id=award_id), response)


@router.post(
    "/{award_id}/decide",
    response_model=AwardRead,
    summary="Record the decision that confers a proposed award (secretariat)",
    description="`proposed` → `decided`, with the decision's number and date.",
    responses={
        **_ONE,
        409: {"description": "The award is not `proposed` (`invalid_transition`)."},
        **PRECONDITION_FAILED,
    },
)
def decide_award(
    award_id: str,
    body: AwardDecide,
    response: Response,
    session: SessionDep,
    principal: AwardDecider,
    if_match: IfMatch = None,
) -> AwardRead:
    view = service.decide(
        session=session,
        actor=principal.actor,
        award_id=award_id,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        if_match=if_match,
    )
    return _read(view, response)


@router.post(
    "/{award_id}/revoke",
    response_model=AwardRead,
    summary="Revoke an award, with the reason (secretariat)",
    description="`proposed` or `decided` → `revoked`. The award stays as history, and the unit still "
    "cannot be awarded the same title for the same year again; it no longer counts towards the title's "
    "quota or as a prerequisite.",
    responses={
        **_ONE,
        409: {"description": "The award is already revoked (`invalid_transition`)."},
        **PRECONDITION_FAILED,
    },
)
def revoke_award(
    award_id: str,
    body: AwardRevoke,
    response: Response,
    session: SessionDep,
    principal: AwardDecider,
    if_match: IfMatch = None,
) -> AwardRead:
    view = service.revoke(
        session=session, actor=principal.actor, award_id=award_id, reason=body.reason, if_match=if_match
    )
    return _read(view, response)
