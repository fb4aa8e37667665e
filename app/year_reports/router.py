"""The bloc's year report: its text, versions, comparison, adoption and DOCX. Thin routes over
``app.year_reports.service``; contributions are in ``app.year_reports.contributions_router``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response, status

from app.core import media_types
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.pagination import Page, PageDep
from app.core.responses import (
    AUTH,
    PRECONDITION_FAILED,
    UNAUTHENTICATED,
    Responses,
    attachment,
    download,
    etag_headers,
)
from app.core.routing import feature_router
from app.year_reports import documents, rules, service, views
from app.year_reports.policies import YearReportDrafter, YearReportReader
from app.year_reports.schemas import (
    YearReportAdopt,
    YearReportComparison,
    YearReportPut,
    YearReportRead,
    YearReportVersionRead,
    YearReportVersionSummary,
)

router = feature_router(prefix="/campaigns", tags=["year report"])

_ETAG = etag_headers("The report's version (its title, text and status; contributions do not change it)")
_HIDDEN = "No such campaign, the campaign has no year report yet, or the caller may not read it."
_NOT_FOUND: Responses = {404: {"description": _HIDDEN}}
_DRAFTERS = "the leader (an officer of the unit leading or deputising the bloc that year) or the secretariat"
_READERS = (
    "Readable by the bloc's members that year (officers of member units), the secretariat, observers, "
    "admins and the campaign's conference guests; 404 for anyone else."
)
_FROZEN = "the report is adopted (`year_report_adopted`), or the campaign is closed (`campaign_closed`)"

VersionNumber = Annotated[
    int, Path(ge=1, le=rules.MAX_VERSION, description="The version's number (1, 2, …).")
]


def _read(view: service.ReportView, response: Response) -> YearReportRead:
    set_etag(response, view.report)
    return views.report_read(view)


@router.get(
    "/{campaign_id}/year-report",
    response_model=YearReportRead,
    name="get_year_report",
    summary="Read the bloc's year report: its text, status, versions and pending contributions",
    description=f"{_READERS} The sections shown are the adopted version's once adopted, else the current "
    "version's (`text_version`).",
    responses={**UNAUTHENTICATED, **_NOT_FOUND, 200: {"headers": _ETAG}},
)
def get_year_report(
    campaign_id: str, response: Response, session: SessionDep, _principal: YearReportReader
) -> YearReportRead:
    return _read(service.get(session=session, campaign_id=campaign_id), response)


@router.put(
    "/{campaign_id}/year-report",
    response_model=YearReportRead,
    summary="Write the year report's text: the first write creates it, each later one is a new version",
    description=f"By {_DRAFTERS}. The three sections `results`, `evaluation`, `direction`, each once and in "
    "that order, each `{key, heading, body}` (heading 1..300 characters, body at most 50,000; each non-blank "
    "line of a body is a paragraph). The first `PUT` creates the report with version 1 (201); each later one "
    "whose sections differ from the current version's writes the next version (200), never overwriting one. "
    "Sending the current text again changes nothing; a different `title` alone renames the report without "
    "a new version. Honours `If-Match`.",
    responses={
        **AUTH,
        200: {"headers": _ETAG},
        201: {"description": "The report was created with version 1.", "headers": _ETAG},
        **_NOT_FOUND,
        409: {
            "description": f"{_FROZEN[0].upper()}{_FROZEN[1:]}; or a concurrent write (`concurrent_update`)."
        },
        **PRECONDITION_FAILED,
        422: {"description": "An invalid body (`validation_error`): nothing is stored."},
    },
)
def set_year_report(
    campaign_id: str,
    body: YearReportPut,
    response: Response,
    session: SessionDep,
    principal: YearReportDrafter,
    if_match: IfMatch = None,
) -> YearReportRead:
    written = service.put(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        title=body.title,
        sections=[s.model_dump(mode="json") for s in body.sections],
        note=body.note,
        if_match=if_match,
    )
    if written.created:
        response.status_code = status.HTTP_201_CREATED
    return _read(written.view, response)


@router.get(
    "/{campaign_id}/year-report/versions",
    response_model=Page[YearReportVersionSummary],
    summary="List the year report's versions (without their text)",
    description=f"{_READERS} Oldest first.",
    responses={**UNAUTHENTICATED, **_NOT_FOUND},
)
def list_year_report_versions(
    campaign_id: str, session: SessionDep, _principal: YearReportReader, page: PageDep
) -> Page[YearReportVersionSummary]:
    rows, next_cursor = service.list_versions(session=session, campaign_id=campaign_id, page=page)
    return page.of(YearReportVersionSummary, [views.version_summary(v) for v in rows], next_cursor)


@router.get(
    "/{campaign_id}/year-report/versions/{number}",
    response_model=YearReportVersionRead,
    summary="Read one version of the year report",
    description=_READERS,
    responses={**UNAUTHENTICATED, 404: {"description": f"{_HIDDEN} Or no such version."}},
)
def get_year_report_version(
    campaign_id: str, number: VersionNumber, session: SessionDep, _principal: YearReportReader
) -> YearReportVersionRead:
    return views.version_read(service.get_version(session=session, campaign_id=campaign_id, number=number))


@router.get(
    "/{campaign_id}/year-report/compare",
    response_model=YearReportComparison,
    summary="Compare two versions of the year report, section by section",
    description=f"{_READERS} Per section: whether it is unchanged, and the paragraphs added and removed "
    "(an edited paragraph shows as removed and added). `to` defaults to the current version, `from` to the "
    "version before `to`.",
    responses={
        **UNAUTHENTICATED,
        **_NOT_FOUND,
        422: {"description": "No such version (`validation_error`, naming `from` or `to`)."},
    },
)
def get_year_report_comparison(
    campaign_id: str,
    session: SessionDep,
    _principal: YearReportReader,
    from_: Annotated[
        int | None, Query(alias="from", ge=1, le=rules.MAX_VERSION, description="The older version.")
    ] = None,
    to: Annotated[int | None, Query(ge=1, le=rules.MAX_VERSION, description="The newer version.")] = None,
) -> YearReportComparison:
    result = service.compare_versions(
        session=session, campaign_id=campaign_id, from_version=from_, to_version=to
    )
    return views.comparison(result)


@router.post(
    "/{campaign_id}/year-report/adopt",
    response_model=YearReportRead,
    summary="Record the conference's adoption of a version of the year report (leader, secretariat)",
    description=f"By {_DRAFTERS}. Any existing version may be adopted (usually the current one); "
    "`conference_id`, if given, must be a conference of this campaign. The report is then `adopted` and "
    "frozen: every later write, contribution or answer is 409 `year_report_adopted`. Contributions still "
    "pending stay pending. Honours `If-Match`.",
    responses={
        **AUTH,
        200: {"headers": _ETAG},
        **_NOT_FOUND,
        409: {"description": f"Already adopted: {_FROZEN}."},
        **PRECONDITION_FAILED,
        422: {"description": "No such version, or not a conference of this campaign (`validation_error`)."},
    },
)
def adopt_year_report(
    campaign_id: str,
    body: YearReportAdopt,
    response: Response,
    session: SessionDep,
    principal: YearReportDrafter,
    if_match: IfMatch = None,
) -> YearReportRead:
    view = service.adopt(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        version=body.version,
        conference_id=body.conference_id,
        if_match=if_match,
    )
    return _read(view, response)


@router.get(
    "/{campaign_id}/year-report/document",
    response_class=Response,
    summary="Download the year report as a Word document (Nghị định 30/2020/NĐ-CP)",
    description=f"{_READERS} The version asked for, by default the adopted one, else the current one; a "
    "version that is not the adopted one is marked as a draft (“Dự thảo lần N”). Laid out as an "
    "administrative report: the ministry and the bloc, the national motto, the number left blank, place and "
    "date; the title; the sections as headings I, II, III; the recipients and the signature of the leading "
    "unit's head for the bloc (TM. KHỐI THI ĐUA / KHỐI TRƯỞNG).",
    responses={
        200: download("The report (DOCX), as an attachment.", media_types.DOCX),
        **UNAUTHENTICATED,
        404: {"description": f"{_HIDDEN} Or no such version."},
    },
)
def get_year_report_document(
    campaign_id: str,
    request: Request,
    session: SessionDep,
    _principal: YearReportReader,
    version: Annotated[
        int | None,
        Query(ge=1, le=rules.MAX_VERSION, description="The version (default: adopted, else current)."),
    ] = None,
) -> Response:
    settings: Settings = request.app.state.settings
    doc = documents.document(
        session=session, campaign_id=campaign_id, version=version, ministry=settings.ministry_name
    )
    return attachment(doc.content, media_types.DOCX, doc.filename, no_store=True)
