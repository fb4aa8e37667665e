"""The bloc's year summary: a thin route over ``app.summary.service``, as JSON, XLSX or DOCX."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from app.core import media_types
from app.core.db import SessionDep
from app.core.responses import UNAUTHENTICATED, attachment, download, not_found
from app.core.routing import feature_router
from app.summary import docx, service, xlsx
from app.summary.policies import SummaryReader
from app.summary.schemas import SummaryFormat, SummaryRead

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
        return attachment(xlsx.render(summary), media_types.XLSX, xlsx.filename(summary), no_store=True)
    if format == "docx":
        return attachment(docx.render(summary), media_types.DOCX, docx.filename(summary), no_store=True)
    return SummaryRead.of(summary)
