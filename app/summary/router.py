"""The bloc's year summary: a thin route over ``app.summary.service``, as JSON, XLSX or DOCX."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.responses import UNAUTHENTICATED, Responses, attachment, download, not_found
from app.core.routing import feature_router
from app.summary import docx, service, xlsx
from app.summary.policies import SummaryReader
from app.summary.schemas import SummaryFormat, SummaryRead
from app.summary.view import Summary

router = feature_router(prefix="/campaigns", tags=["summary"])


@router.get(
    "/{campaign_id}/summary",
    response_model=SummaryRead,
    summary="The bloc's year in one document (leader, secretariat, observers)",
    description="The campaign, the members and their roles, the pledge's signatures and the units that have "
    "not signed, the reports received (the latest version per unit and kind), missing and late, the "
    "ranking, each ballot session with its result where the reader may see it (`result: null` otherwise), "
    "and the awards with their decisions. Readable by the leader (officers of the unit leading or "
    "deputising the bloc that year), the secretariat and observers. `?format=xlsx` gives a workbook with "
    "one sheet per part; `?format=docx` the year report in Vietnamese (“Báo cáo công tác thi đua năm …”).",
    responses={
        200: download(
            "The summary: JSON by default; an XLSX workbook or a DOCX report, as an attachment, for "
            "`format=xlsx` and `format=docx`.",
            media_types.XLSX,
            media_types.DOCX,
        ),
        **UNAUTHENTICATED,
        403: {
            "description": "Not the leader, the secretariat or an observer (`forbidden`): the campaign is "
            "public, its summary is not. Other members' officers and service clients get 403 too."
        },
        **not_found("campaign"),
        422: {"description": "An unknown `format`."},
    },
)
def get_campaign_summary(
    campaign_id: str,
    session: SessionDep,
    principal: SummaryReader,
    format: Annotated[SummaryFormat, Query(description="json (default), xlsx or docx.")] = "json",
) -> Any:
    summary = service.summary(session=session, principal=principal, campaign_id=campaign_id)
    if format == "xlsx":
        return _workbook(summary)
    if format == "docx":
        return _report(summary)
    return SummaryRead.of(summary)


def _workbook(summary: Summary) -> Response:
    return attachment(xlsx.render(summary), media_types.XLSX, xlsx.filename(summary), no_store=True)


def _report(summary: Summary) -> Response:
    return attachment(docx.render(summary), media_types.DOCX, docx.filename(summary), no_store=True)


# The same files as `?format=xlsx` and `?format=docx`, each an operation with one media type: a client
# generated from the document (openapi-python-client reads a response by its first media type it knows,
# JSON here) gets bytes, not a JSON parse of a workbook.
_FILE_ERRORS: Responses = {
    **UNAUTHENTICATED,
    403: {"description": "Not the leader, the secretariat or an observer (`forbidden`)."},
    **not_found("campaign"),
}


@router.get(
    "/{campaign_id}/summary.xlsx",
    response_class=Response,
    summary="Download the year's summary as an XLSX workbook (leader, secretariat, observers)",
    description="The file `GET …/summary?format=xlsx` gives: one sheet per part. For clients generated "
    "from this document, which then receive the bytes.",
    responses={200: download("The workbook, as an attachment.", media_types.XLSX), **_FILE_ERRORS},
)
def get_summary_workbook(campaign_id: str, session: SessionDep, principal: SummaryReader) -> Response:
    return _workbook(service.summary(session=session, principal=principal, campaign_id=campaign_id))


@router.get(
    "/{campaign_id}/summary.docx",
    response_class=Response,
    summary="Download the year report as a Word document (leader, secretariat, observers)",
    description="The file `GET …/summary?format=docx` gives: the year report in Vietnamese, laid out as "
    "Nghị định 30/2020/NĐ-CP asks. For clients generated from this document, which then receive the bytes.",
    responses={200: download("The report, as an attachment.", media_types.DOCX), **_FILE_ERRORS},
)
def get_summary_report(campaign_id: str, session: SessionDep, principal: SummaryReader) -> Response:
    return _report(service.summary(session=session, principal=principal, campaign_id=campaign_id))
