"""The ministry's commendation statistics for a year: thin routes over ``app.statistics.service``, as JSON
or an XLSX workbook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.responses import UNAUTHENTICATED, Responses, attachment, download
from app.core.routing import feature_router
from app.statistics import service, xlsx
from app.statistics.policies import StatisticsReader
from app.statistics.schemas import COUNTING_RULE, CommendationStatisticsRead, StatisticsFormat
from app.statistics.service import CommendationStatistics

router = feature_router(prefix="/statistics", tags=["statistics"])

YearQuery = Annotated[
    int,
    Query(ge=1945, le=2200, description="The year: awards whose decision date falls in it.", examples=[2024]),
]

_ERRORS: Responses = {
    **UNAUTHENTICATED,
    403: {
        "description": "Not the secretariat, an admin, an observer or a client with `results:read` "
        "(`forbidden`): the units' officers and heads are refused."
    },
    422: {"description": "`year` missing, not an integer, or outside 1945–2200 (`validation_error`)."},
}


@router.get(
    "/commendations",
    response_model=CommendationStatisticsRead,
    summary="The ministry's commendation statistics for a year (secretariat, admins, observers)",
    description=f"{COUNTING_RULE} Totals, and the breakdowns by level (state, ministry, base: each title "
    "and form with the citation its level comes from), by kind (title or form, and per code), by subject "
    "type, by gender (individuals), by unit (the collective, or the person's unit on the decision date) "
    "and by method, with the cash in VND; the revocations; and the sheets 0602.N/BNV-TĐKT and "
    "0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV under `forms`, where a row the data cannot tell is null "
    "with a note. Readable by the secretariat, admins, observers and `results:read` clients. "
    "`?format=xlsx` gives the same as a workbook: a summary sheet, one sheet per form and one per breakdown.",
    responses={
        200: download(
            "The statistics: JSON by default; an XLSX workbook, as an attachment, for `format=xlsx`.",
            media_types.XLSX,
        ),
        **_ERRORS,
    },
)
def get_commendation_statistics(
    session: SessionDep,
    _principal: StatisticsReader,
    year: YearQuery,
    format: Annotated[StatisticsFormat, Query(description="json (default) or xlsx.")] = "json",
) -> Any:
    statistics = service.commendations(session=session, year=year)
    if format == "xlsx":
        return _workbook(statistics)
    return CommendationStatisticsRead.of(statistics)


def _workbook(statistics: CommendationStatistics) -> Response:
    return attachment(xlsx.render(statistics), media_types.XLSX, xlsx.filename(statistics), no_store=True)


# The same file as `?format=xlsx`, as an operation with one media type: a client generated from the
# document gets bytes, not a JSON parse of a workbook.
@router.get(
    "/commendations.xlsx",
    response_class=Response,
    summary="Download the year's commendation statistics as an XLSX workbook",
    description="The file `GET …/statistics/commendations?format=xlsx` gives, for the same readers. For "
    "clients generated from this document, which then receive the bytes.",
    responses={200: download("The workbook, as an attachment.", media_types.XLSX), **_ERRORS},
)
def get_commendation_statistics_workbook(
    session: SessionDep, _principal: StatisticsReader, year: YearQuery
) -> Response:
    return _workbook(service.commendations(session=session, year=year))
