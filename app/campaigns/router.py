"""Campaigns and their registrations: thin routes over ``app.campaigns.service`` and
``app.campaigns.registrations``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from app.campaigns import registrations, service
from app.campaigns.policies import (
    BlocPrivateReader,
    CampaignCreator,
    CampaignManager,
    CampaignReader,
    Registrant,
)
from app.campaigns.registrations import RegistrationFilter
from app.campaigns.schemas import (
    CampaignCreate,
    CampaignRead,
    CampaignStatus,
    CampaignUpdate,
    RegistrationCreate,
    RegistrationRead,
)
from app.campaigns.service import CampaignFilter
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep, PageRequest, sorted_page
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.eligibility.schemas import VerdictRead
from app.models import Campaign, Registration

router = feature_router(prefix="/campaigns", tags=["campaigns"])


_ETAG = etag_headers("The campaign's version")
_NO_CAMPAIGN = not_found("campaign")
# Reading or changing one campaign: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **_NO_CAMPAIGN, 200: {"headers": _ETAG}}
_CLOSED = "The campaign is closed (`campaign_closed`)"


# ---- campaigns ----------------------------------------------------------------------------------------


def _read(campaign: Campaign, response: Response) -> CampaignRead:
    set_etag(response, campaign)
    return CampaignRead.of(campaign)


@router.get(
    "",
    response_model=Page[CampaignRead],
    summary="List campaigns",
    description="In creation order, or by `sort` (`year`); readable by every authenticated principal. "
    "`unit_id` gives the campaigns of the blocs the unit belongs to, each in the year it belongs.",
    responses=AUTH,
)
def list_campaigns(
    session: SessionDep,
    _principal: CampaignReader,
    page: Annotated[PageRequest, Depends(sorted_page(service.CampaignSort))],
    bloc_id: Annotated[str | None, Query(max_length=64, description="Only this bloc's campaigns.")] = None,
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's campaigns.")] = None,
    unit_id: Annotated[
        str | None, Query(max_length=64, description="Only the campaigns of the unit's blocs, in its years.")
    ] = None,
    status_: Annotated[
        CampaignStatus | None, Query(alias="status", description="Only `active` or `closed` campaigns.")
    ] = None,
) -> Page[CampaignRead]:
    flt = CampaignFilter(bloc_id=bloc_id, year=year, unit_id=unit_id, status=status_)
    items, next_cursor = service.list_campaigns(session=session, flt=flt, page=page)
    return page.of(CampaignRead, [CampaignRead.of(c) for c in items], next_cursor)


@router.post(
    "",
    response_model=CampaignRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Open a bloc's campaign for a year (secretariat)",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "The bloc already has a campaign that year (`already_exists`)."},
        422: {"description": "Invalid body, unknown bloc, or the mid-year deadline after the annual one."},
    },
)
def create_campaign(
    body: CampaignCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CampaignCreator,
) -> CampaignRead:
    deadlines = body.deadlines.model_dump() if body.deadlines is not None else None
    campaign = service.create(
        session=session,
        actor=principal.actor,
        bloc_id=body.bloc_id,
        year=body.year,
        title=body.title,
        theme=body.theme,
        deadlines=deadlines,
    )
    response.headers["Location"] = str(request.url_for("get_campaign", campaign_id=campaign.id))
    return _read(campaign, response)


@router.get(
    "/{campaign_id}",
    response_model=CampaignRead,
    name="get_campaign",
    summary="Read a campaign",
    responses=_ONE,
)
def get_campaign(
    campaign_id: str, response: Response, session: SessionDep, _principal: CampaignReader
) -> CampaignRead:
    return _read(service.get(session=session, campaign_id=campaign_id), response)


@router.patch(
    "/{campaign_id}",
    response_model=CampaignRead,
    summary="Change a campaign (leader, secretariat)",
    description="The leader is an officer of the unit leading or deputising the bloc in the campaign's "
    "year. Only the fields sent change; `deadlines` merges date by date. `status` goes from `active` to "
    "`closed` only: closing is final in v1, and a closed campaign refuses every change (reopening one is "
    "a secretariat decision outside this API).",
    responses={
        **_ONE,
        409: {
            "description": f"{_CLOSED}, or a status change other than active → closed (`invalid_transition`)."
        },
        **PRECONDITION_FAILED,
    },
)
def update_campaign(
    campaign_id: str,
    body: CampaignUpdate,
    response: Response,
    session: SessionDep,
    principal: CampaignManager,
    if_match: IfMatch = None,
) -> CampaignRead:
    campaign = service.patch(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        changes=body.changes(),
        if_match=if_match,
    )
    return _read(campaign, response)


# ---- registrations ------------------------------------------------------------------------------------


@router.post(
    "/{campaign_id}/registrations",
    response_model=RegistrationRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Register a unit for a title (an officer of that unit, the leader, secretariat)",
    responses={
        **AUTH,
        **_NO_CAMPAIGN,
        409: {
            "description": "Already registered for this title (`already_registered`), "
            "or the campaign is closed (`campaign_closed`)."
        },
        422: {
            "description": "Invalid body, an unknown title, "
            "or a unit not in the bloc that year (`not_a_member`)."
        },
    },
)
def create_registration(
    campaign_id: str,
    body: RegistrationCreate,
    request: Request,
    session: SessionDep,
    response: Response,
    principal: Registrant,
) -> RegistrationRead:
    registration = registrations.create(
        session=session, principal=principal, campaign_id=campaign_id, **body.model_dump()
    )
    response.headers["Location"] = str(
        request.url_for("get_registration", campaign_id=campaign_id, registration_id=registration.id)
    )
    return _registrations(session, campaign_id, [registration])[0]


@router.get(
    "/{campaign_id}/registrations",
    response_model=Page[RegistrationRead],
    summary="List a campaign's registrations (bloc members that year, secretariat, observer)",
    description="In creation order.",
    responses={**AUTH, **_NO_CAMPAIGN},
)
def list_registrations(
    campaign_id: str,
    session: SessionDep,
    _principal: BlocPrivateReader,
    page: PageDep,
    unit_id: Annotated[
        str | None, Query(max_length=64, description="Only this unit's registrations.")
    ] = None,
    title_code: Annotated[
        str | None, Query(max_length=64, description="Only registrations for this title.")
    ] = None,
) -> Page[RegistrationRead]:
    items, next_cursor = registrations.list_registrations(
        session=session,
        campaign_id=campaign_id,
        flt=RegistrationFilter(unit_id=unit_id, title_code=title_code),
        page=page,
    )
    return page.of(RegistrationRead, _registrations(session, campaign_id, items), next_cursor)


@router.get(
    "/{campaign_id}/registrations/{registration_id}",
    response_model=RegistrationRead,
    name="get_registration",
    summary="Read a registration (bloc members that year, secretariat, observer)",
    responses={**AUTH, 404: {"description": "No such campaign or registration."}},
)
def get_registration(
    campaign_id: str, registration_id: str, session: SessionDep, _principal: BlocPrivateReader
) -> RegistrationRead:
    registration = registrations.get(
        session=session, campaign_id=campaign_id, registration_id=registration_id
    )
    return _registrations(session, campaign_id, [registration])[0]


def _registrations(
    session: SessionDep, campaign_id: str, rows: Sequence[Registration]
) -> list[RegistrationRead]:
    out = []
    for view in registrations.with_verdicts(session, campaign_id=campaign_id, rows=rows):
        r = view.registration
        read = RegistrationRead(
            id=r.id,
            campaign_id=r.campaign_id,
            unit_id=r.unit_id,
            unit_code=view.unit.code,
            unit_name=view.unit.name,
            title_code=r.title_code,
            title_name=view.title_name,
            targets=r.targets,
            created_at=r.created_at,
        )
        if view.verdict is not None:
            read.verdict = VerdictRead.of(view.verdict, name=view.unit.name, code_name=view.title_name)
        out.append(read)
    return out
