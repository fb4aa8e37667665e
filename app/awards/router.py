"""Awards: thin routes over ``app.awards.service``. Awards are proposed by publishing a ballot session
(``app.voting``), not through these routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from app.awards import proposing, service
from app.awards.policies import AwardDecider, AwardProposer, AwardReader
from app.awards.schemas import AwardCreate, AwardDecide, AwardRead, AwardRevoke, AwardStatus
from app.awards.service import AwardFilter, AwardSort, AwardView
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageRequest, sorted_page
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router

router = feature_router(prefix="/awards", tags=["awards"])


_ETAG = etag_headers("The award's version")
# Reading or changing one award: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **not_found("award"), 200: {"headers": _ETAG}}


def _may_see_verdict(principal: Principal, view: AwardView) -> bool:
    """A person's verdict may name discipline: admins, the secretariat and the person's own unit only."""
    if view.award.person_id is None:
        return True
    if principal.has_role("admin", "secretariat"):
        return True
    return principal.has_role("officer", "unit_head") and principal.unit_id == view.person_unit_id


def _of(view: AwardView, principal: Principal) -> AwardRead:
    read = AwardRead.of(view.award, name=view.name, unit=view.unit, person=view.person)
    if not _may_see_verdict(principal, view):
        read.verdict = None
    return read


def _read(view: AwardView, response: Response, principal: Principal) -> AwardRead:
    set_etag(response, view.award)
    return _of(view, principal)


@router.get(
    "",
    response_model=Page[AwardRead],
    summary="List awards",
    description="In the order they were proposed, or by `sort` (`decision_date`, undecided awards last; "
    "`year`). Readable by every authenticated user and by service "
    "clients with `results:read`.",
    responses=AUTH,
)
def list_awards(
    session: SessionDep,
    principal: AwardReader,
    page: Annotated[PageRequest, Depends(sorted_page(AwardSort, default="the order they were proposed"))],
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's awards.")] = None,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's awards.")] = None,
    person_id: Annotated[str | None, Query(max_length=64, description="Only this person's awards.")] = None,
    title_code: Annotated[str | None, Query(max_length=64, description="Only awards of this title.")] = None,
    form_code: Annotated[
        str | None, Query(max_length=64, description="Only awards of this form of commendation.")
    ] = None,
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
        year=year,
        unit_id=unit_id,
        person_id=person_id,
        title_code=title_code,
        form_code=form_code,
        status=status_,
        updated_since=updated_since,
    )
    views, next_cursor = service.list_awards(session=session, flt=flt, page=page)
    return page.of(AwardRead, [_of(v, principal) for v in views], next_cursor)


@router.post(
    "",
    response_model=AwardRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Propose an award (secretariat)",
    description="A title or a form of commendation for a unit or a person, for a year, with status "
    "`proposed`. Collective titles go to units and individual titles to people; a form goes to whom it is "
    "for (422 `subject_mismatch`). At most one live award per subject, title and year, and per subject, "
    "form and year for regular achievements (409 `award_exists`); a revoked award frees its place.",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "The subject already holds it that year (`award_exists`)."},
        422: {"description": "Invalid body, unknown subject, title or form, or `subject_mismatch`."},
    },
)
def create_award(
    body: AwardCreate, request: Request, response: Response, session: SessionDep, principal: AwardProposer
) -> AwardRead:
    award = proposing.create(session=session, actor=principal.actor, **body.model_dump())
    response.headers["Location"] = str(request.url_for("get_award", award_id=award.id))
    return _read(service.get(session=session, award_id=award.id), response, principal)


@router.get(
    "/{award_id}",
    response_model=AwardRead,
    name="get_award",
    summary="Read an award",
    responses=_ONE,
)
def get_award(award_id: str, response: Response, session: SessionDep, principal: AwardReader) -> AwardRead:
    return _read(service.get(session=session, award_id=award_id), response, principal)


@router.post(
    "/{award_id}/decide",
    response_model=AwardRead,
    summary="Record the decision that confers a proposed award (secretariat)",
    description="`proposed` → `decided`, with the decision's number and date. The decision is judged by "
    "the legal regime in force on its date: a hard criterion not met is 422 `criteria_not_met` naming the "
    "criteria and articles, unless an `override_reason` is given (recorded and audited); a title whose cap "
    "is full is 409 `cap_exceeded`. The award keeps the regime, the verdict and the cash: the base salary "
    "on the decision date × the regime's multiple, rounded up to 10,000 VND.",
    responses={
        **_ONE,
        409: {
            "description": "The award is not `proposed` (`invalid_transition`), or the cap is full "
            "(`cap_exceeded`)."
        },
        **PRECONDITION_FAILED,
        422: {"description": "Invalid body, `criteria_not_met`, or an override with nothing to override."},
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
        override_reason=body.override_reason,
        if_match=if_match,
    )
    return _read(view, response, principal)


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
    return _read(view, response, principal)
