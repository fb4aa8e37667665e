"""Members' contributions to the bloc's year report and the leader's answers: thin routes over
``app.year_reports.contributions``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response, status

from app.core.db import SessionDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, UNAUTHENTICATED, Responses
from app.core.routing import feature_router
from app.models import ContributionKind, ContributionStatus, ReportSectionKey
from app.year_reports import contributions, views
from app.year_reports.contributions import ContributionFilter
from app.year_reports.policies import YearReportContributor, YearReportDrafter, YearReportReader
from app.year_reports.schemas import (
    YearReportAccept,
    YearReportContributionCreate,
    YearReportContributionRead,
    YearReportDecline,
)

router = feature_router(prefix="/campaigns", tags=["year report"])

_HIDDEN = "No such campaign, the campaign has no year report yet, or the caller may not read it."
_ONE_HIDDEN: Responses = {404: {"description": f"{_HIDDEN} Or the report has no such contribution."}}
_READERS = (
    "Readable by the bloc's members that year (officers of member units), the secretariat, observers, "
    "admins and the campaign's conference guests; 404 for anyone else. Every reader sees every unit's "
    "contributions (the discussion is the bloc's)."
)
_DRAFTERS = "the leader (an officer of the unit leading or deputising the bloc that year) or the secretariat"
_FROZEN = "the report is adopted (`year_report_adopted`), the campaign is closed (`campaign_closed`)"

ContributionId = Annotated[str, Path(description="The contribution's id.")]


@router.post(
    "/{campaign_id}/year-report/contributions",
    response_model=YearReportContributionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Comment on a section of the year report, or propose an addition to it (a member unit)",
    description="By an officer of the member unit named in `unit_id` (the leading and deputy units' own "
    "officers too, for their units). `kind`: `comment` (góp ý) or `addition` (a text proposed for the "
    "section, at most 10,000 characters). Records the version it is based on. Honours `Idempotency-Key`.",
    responses={
        **AUTH,
        201: {
            "headers": {"Location": {"description": "The contribution's URL.", "schema": {"type": "string"}}}
        },
        **_ONE_HIDDEN,
        409: {
            "description": f"{_FROZEN[0].upper()}{_FROZEN[1:]}, or a request with the same key is in flight."
        },
        422: {
            "description": "An invalid body (`validation_error`), the unit is not a member of the bloc that "
            "year (`not_a_member`), or the `Idempotency-Key` was used with another body."
        },
    },
)
def create_year_report_contribution(
    campaign_id: str,
    body: YearReportContributionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: YearReportContributor,
) -> YearReportContributionRead:
    view = contributions.contribute(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=body.unit_id,
        section_key=body.section_key,
        kind=body.kind,
        text=body.text,
    )
    response.headers["Location"] = str(
        request.url_for(
            "get_year_report_contribution", campaign_id=campaign_id, contribution_id=view.contribution.id
        )
    )
    return views.contribution_read(view)


@router.get(
    "/{campaign_id}/year-report/contributions",
    response_model=Page[YearReportContributionRead],
    summary="List the contributions to the year report",
    description=f"{_READERS} In the order they were made.",
    responses={**UNAUTHENTICATED, 404: {"description": _HIDDEN}},
)
def list_year_report_contributions(
    campaign_id: str,
    session: SessionDep,
    _principal: YearReportReader,
    page: PageDep,
    status_: Annotated[ContributionStatus | None, Query(alias="status", description="Only these.")] = None,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's.")] = None,
    section_key: Annotated[ReportSectionKey | None, Query(description="Only on this section.")] = None,
    kind: Annotated[ContributionKind | None, Query(description="Only comments or only additions.")] = None,
) -> Page[YearReportContributionRead]:
    flt = ContributionFilter(status=status_, unit_id=unit_id, section_key=section_key, kind=kind)
    rows, next_cursor = contributions.list_contributions(
        session=session, campaign_id=campaign_id, flt=flt, page=page
    )
    return page.of(YearReportContributionRead, [views.contribution_read(v) for v in rows], next_cursor)


@router.get(
    "/{campaign_id}/year-report/contributions/{contribution_id}",
    response_model=YearReportContributionRead,
    name="get_year_report_contribution",
    summary="Read one contribution to the year report, with its answer",
    description=_READERS,
    responses={**UNAUTHENTICATED, **_ONE_HIDDEN},
)
def get_year_report_contribution(
    campaign_id: str, contribution_id: ContributionId, session: SessionDep, _principal: YearReportReader
) -> YearReportContributionRead:
    view = contributions.get(session=session, campaign_id=campaign_id, contribution_id=contribution_id)
    return views.contribution_read(view)


_ANSWER_RESPONSES: Responses = {
    **AUTH,
    **_ONE_HIDDEN,
    409: {
        "description": "The contribution was already answered otherwise (`contribution_answered`; the same "
        f"answer again returns it unchanged), {_FROZEN}, or a concurrent write (`concurrent_update`)."
    },
}


@router.post(
    "/{campaign_id}/year-report/contributions/{contribution_id}/accept",
    response_model=YearReportContributionRead,
    dependencies=[Idempotent],
    summary="Accept a contribution, with a reply (leader, secretariat)",
    description=f"By {_DRAFTERS}. Accepting an addition writes the report's next version with the addition's "
    "text (or the `text` sent, as the leader edited it) appended to its section as a new paragraph; "
    "`applied_in_version` names that version. Accepting a comment records the reply only (`text` is then "
    "refused). Honours `Idempotency-Key`.",
    responses={
        **_ANSWER_RESPONSES,
        422: {
            "description": "An invalid body, a `text` for a comment, or the section would exceed 50,000 "
            "characters (`validation_error`)."
        },
    },
)
def accept_year_report_contribution(
    campaign_id: str,
    contribution_id: ContributionId,
    body: YearReportAccept,
    session: SessionDep,
    principal: YearReportDrafter,
) -> YearReportContributionRead:
    view = contributions.answer(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        contribution_id=contribution_id,
        accept=True,
        reply=body.reply,
        text=body.text,
    )
    return views.contribution_read(view)


@router.post(
    "/{campaign_id}/year-report/contributions/{contribution_id}/decline",
    response_model=YearReportContributionRead,
    summary="Decline a contribution, with a reply (leader, secretariat)",
    description=f"By {_DRAFTERS}; the `reply` (why) is required.",
    responses={**_ANSWER_RESPONSES, 422: {"description": "An invalid body (`validation_error`)."}},
)
def decline_year_report_contribution(
    campaign_id: str,
    contribution_id: ContributionId,
    body: YearReportDecline,
    session: SessionDep,
    principal: YearReportDrafter,
) -> YearReportContributionRead:
    view = contributions.answer(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        contribution_id=contribution_id,
        accept=False,
        reply=body.reply,
    )
    return views.contribution_read(view)
