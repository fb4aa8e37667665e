"""Units' emulation reports: thin routes over ``app.reports.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status

from app.core.db import SessionDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import UNAUTHENTICATED, not_found
from app.core.routing import feature_router
from app.reports import service
from app.reports.policies import ReportLister, ReportReader, ReportSubmitter
from app.reports.schemas import ReportCreate, ReportKind, ReportRead, SectionRead
from app.reports.service import ReportFilter

router = feature_router(tags=["reports"])

_READERS = (
    "that unit's officers, the leader (an officer of the unit leading or deputising the bloc that year), "
    "the secretariat and observers; a service client with `reports:write` reads its own unit's"
)


def _read(view: service.ReportView) -> ReportRead:
    report = view.report
    return ReportRead(
        id=report.id,
        campaign_id=report.campaign_id,
        unit_id=report.unit_id,
        unit_code=view.unit.code,
        unit_name=view.unit.name,
        kind=report.kind,
        version=report.version,
        title=report.title,
        sections=[SectionRead.model_validate(s) for s in report.sections],
        metrics=dict(report.metrics),
        submitted_at=report.submitted_at,
        late=report.late,
        submitted_by_kind=service.submitter_kind(report.submitted_by),
    )


@router.post(
    "/campaigns/{campaign_id}/reports",
    response_model=ReportRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Submit a unit's mid-year or annual report (its officers, its reports:write client)",
    description="By an officer of the unit, or a service client with `reports:write` bound to that unit; "
    "nobody else. The unit must be a member of the campaign's bloc that year. Each submission is a new "
    "version (1, 2, …) with its own `id`; the latest counts, older versions stay readable. A submission "
    "after the end of the campaign's deadline day for that kind (Vietnam time, UTC+07:00) is accepted "
    "with `late: true`. Honours `Idempotency-Key`: a retried submission with the same key and body "
    "replays the first response and never makes a second version. Limits: `title` and each `heading` "
    "1..300 characters, 1..50 `sections`, each `body` at most 100,000 characters, at most 100 `metrics`; "
    "the whole body at most `THIDUA_MAX_BODY_BYTES` (413).",
    responses={
        **UNAUTHENTICATED,
        201: {
            "headers": {"Location": {"description": "The new version's URL.", "schema": {"type": "string"}}}
        },
        403: {"description": "Not an officer of the unit nor a `reports:write` client bound to it."},
        **not_found("campaign"),
        409: {
            "description": "The campaign is closed (`campaign_closed`), a request with the same "
            "`Idempotency-Key` is in flight (`idempotency_in_flight`), or a concurrent submission took "
            "the version twice (`concurrent_update`; retry)."
        },
        413: {"description": "The request body is over the limit; nothing is stored."},
        422: {
            "description": "The body breaks a limit (`validation_error`; nothing is stored), the unit is "
            "not a member of the bloc that year (`not_a_member`), or the `Idempotency-Key` was used "
            "with another body (`idempotency_key_reused`)."
        },
    },
)
def submit_report(
    campaign_id: str,
    body: ReportCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: ReportSubmitter,
) -> ReportRead:
    view = service.submit(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=body.unit_id,
        kind=body.kind,
        title=body.title,
        sections=[s.model_dump() for s in body.sections],
        metrics=dict(body.metrics),
    )
    response.headers["Location"] = str(request.url_for("get_report", report_id=view.report.id))
    return _read(view)


@router.get(
    "/campaigns/{campaign_id}/reports",
    response_model=Page[ReportRead],
    summary="List the campaign's reports (latest version per unit and kind)",
    description=f"Readable by {_READERS}. Anyone else sees only their own unit's (often none). The latest "
    "version per unit and kind, or every version with `all_versions=true`; in submission order.",
    responses={**UNAUTHENTICATED, **not_found("campaign")},
)
def list_reports(
    campaign_id: str,
    session: SessionDep,
    principal: ReportLister,
    page: PageDep,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's reports.")] = None,
    kind: Annotated[ReportKind | None, Query(description="Only `mid_year` or `annual` reports.")] = None,
    all_versions: Annotated[
        bool, Query(description="Every version, not only the latest per unit and kind.")
    ] = False,
) -> Page[ReportRead]:
    rows, next_cursor = service.list_reports(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        flt=ReportFilter(unit_id=unit_id, kind=kind, all_versions=all_versions),
        page=page,
    )
    return page.of(ReportRead, [_read(r) for r in rows], next_cursor)


@router.get(
    "/reports/{report_id}",
    response_model=ReportRead,
    name="get_report",
    summary="Read one version of a report",
    description=f"Readable by {_READERS}; 404 for anyone else.",
    responses={**UNAUTHENTICATED, 404: {"description": "No such report, or the caller may not read it."}},
)
def get_report(report_id: str, session: SessionDep, principal: ReportReader) -> ReportRead:
    return _read(service.get(session=session, principal=principal, report_id=report_id))
