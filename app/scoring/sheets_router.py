"""Score sheets, bulk scoring and the ranking: thin routes over ``app.scoring.sheets``, ``.bulk`` and
``.ranking``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.names import UnitName
from app.core.pagination import Page, PageDep
from app.core.responses import (
    PRECONDITION_FAILED,
    Responses,
    attachment,
    auth,
    download,
    etag_headers,
    not_found,
)
from app.core.routing import feature_router
from app.scoring import bulk, ranking, sheets
from app.scoring.policies import (
    BulkWriter,
    RankingReader,
    SheetLister,
    SheetReader,
    SheetReturner,
    SheetWriter,
)
from app.scoring.sheet_rules import Entry
from app.scoring.sheet_schemas import (
    STAGE_DESCRIPTION,
    BulkResult,
    BulkSheetResult,
    BulkWrite,
    EntryIn,
    EntryRead,
    ExportFormat,
    RankingRead,
    RankItem,
    ReturnBody,
    SheetPut,
    SheetRead,
    SheetStatus,
    SheetSummary,
    Stage,
)
from app.scoring.tree import Totals, from_centi, to_centi

router = feature_router(prefix="/campaigns", tags=["scores"])

_SHEET = "/{campaign_id}/units/{unit_id}/scores/{stage}"
StagePath = Annotated[Stage, Path(description=STAGE_DESCRIPTION)]

_ETAG = etag_headers("The sheet's version")
_AUTH = auth("Not allowed for this principal (`forbidden`, or `conflict_of_interest`).")
_WRITERS = (
    "`self`: an officer of that unit, a service client with `scores:write` bound to it, or the secretariat. "
    "`review`: the leader (an officer of the unit leading or deputising the bloc that year) or the "
    "secretariat, never for the reviewer's own unit (403 `conflict_of_interest`)."
)
_CLOSED = "the campaign is closed (`campaign_closed`)"
_TOO_LARGE: Responses = {
    413: {
        "description": "The request body is over `THIDUA_MAX_BODY_BYTES` (1 MiB by default; "
        "`payload_too_large`); nothing is stored."
    }
}


def _totals(totals: Totals) -> dict[str, float]:
    return {
        "total": from_centi(totals.total),
        "standard_total": from_centi(totals.standard),
        "bonus_total": from_centi(totals.bonus),
        "penalty_total": from_centi(totals.penalty),
    }


def _summary_fields(sheet: Any, totals: Totals, unit: UnitName) -> dict[str, Any]:
    return {
        "id": sheet.id,
        "campaign_id": sheet.campaign_id,
        "unit_id": sheet.unit_id,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "stage": sheet.stage,
        "status": sheet.status,
        "return_reason": sheet.return_reason,
        "submitted_at": sheet.submitted_at,
        "updated_at": sheet.updated_at,
        **_totals(totals),
    }


def _read(view: sheets.SheetView, response: Response) -> SheetRead:
    set_etag(response, view.sheet)
    return SheetRead(
        **_summary_fields(view.sheet, view.totals, view.unit),
        entries=[
            EntryRead(criterion=e.criterion, points=from_centi(e.points_centi), note=e.note)
            for e in view.entries
        ],
    )


def _entries(entries: list[EntryIn]) -> list[Entry]:
    return [Entry(e.criterion, to_centi(e.points), e.note or None) for e in entries]


@router.put(
    _SHEET,
    response_model=SheetRead,
    summary="Write a unit's score sheet for one stage",
    description=f"{_WRITERS} The first `PUT` creates the sheet as a `draft`; later ones replace its entries "
    "(an item left out becomes unscored). The unit must be a member of the bloc that year. Sending what is "
    "stored changes nothing (same `ETag`, no audit event), even on a submitted sheet.",
    responses={
        **_AUTH,
        200: {"headers": _ETAG},
        404: {"description": "No such campaign or unit."},
        409: {"description": f"The sheet is submitted (`sheet_locked`), or {_CLOSED}."},
        **PRECONDITION_FAILED,
        **_TOO_LARGE,
        422: {
            "description": "An entry names an unknown criterion or a group, repeats one, or is out of its "
            "range (`errors[].loc` names the entry); or the unit is not a member that year (`not_a_member`)."
        },
    },
)
def set_score_sheet(
    campaign_id: str,
    unit_id: str,
    stage: StagePath,
    body: SheetPut,
    response: Response,
    session: SessionDep,
    principal: SheetWriter,
    if_match: IfMatch = None,
) -> SheetRead:
    view = sheets.put_sheet(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=unit_id,
        stage=stage,
        entries=_entries(body.entries),
        if_match=if_match,
    )
    return _read(view, response)


@router.get(
    _SHEET,
    response_model=SheetRead,
    summary="Read a unit's score sheet for one stage",
    description="A draft or returned sheet: that unit's officers (and its `scores:write` client), the "
    "leader, the secretariat and observers; anyone else gets 404. A submitted sheet is also readable by the "
    "bloc's members that year.",
    responses={
        **_AUTH,
        200: {"headers": _ETAG},
        404: {"description": "No such sheet (or not visible to you)."},
    },
)
def get_score_sheet(
    campaign_id: str,
    unit_id: str,
    stage: StagePath,
    response: Response,
    session: SessionDep,
    principal: SheetReader,
) -> SheetRead:
    view = sheets.get_sheet(
        session=session, principal=principal, campaign_id=campaign_id, unit_id=unit_id, stage=stage
    )
    return _read(view, response)


@router.post(
    f"{_SHEET}/submit",
    response_model=SheetRead,
    summary="Submit (lock) a score sheet",
    description=f"Who may write the sheet may submit it. {_WRITERS} Every required item must be scored.",
    responses={
        **_AUTH,
        200: {"headers": _ETAG},
        404: {"description": "No such campaign or sheet."},
        409: {
            "description": "Already submitted (`invalid_transition`), the campaign has no criteria "
            f"(`criteria_not_set`), or {_CLOSED}."
        },
        **PRECONDITION_FAILED,
        422: {
            "description": "Required items are unscored (`required_unscored`, listed in `missing` and "
            "`errors`), or entries no longer match the criteria."
        },
    },
)
def submit_score_sheet(
    campaign_id: str,
    unit_id: str,
    stage: StagePath,
    response: Response,
    session: SessionDep,
    principal: SheetWriter,
    if_match: IfMatch = None,
) -> SheetRead:
    view = sheets.submit(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=unit_id,
        stage=stage,
        if_match=if_match,
    )
    return _read(view, response)


@router.post(
    f"{_SHEET}/return",
    response_model=SheetRead,
    summary="Return a submitted sheet with a reason (leader, secretariat)",
    description="Reopens the sheet: status `returned`, editable and submittable again, `submitted_at` null. "
    "Nobody returns a sheet of their own unit, review or self (403 `conflict_of_interest`).",
    responses={
        **_AUTH,
        200: {"headers": _ETAG},
        404: {"description": "No such campaign or sheet."},
        409: {"description": f"The sheet is not submitted (`invalid_transition`), or {_CLOSED}."},
        **PRECONDITION_FAILED,
    },
)
def return_score_sheet(
    campaign_id: str,
    unit_id: str,
    stage: StagePath,
    body: ReturnBody,
    response: Response,
    session: SessionDep,
    principal: SheetReturner,
    if_match: IfMatch = None,
) -> SheetRead:
    view = sheets.return_sheet(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=unit_id,
        stage=stage,
        reason=body.reason,
        if_match=if_match,
    )
    return _read(view, response)


@router.get(
    "/{campaign_id}/scores",
    response_model=Page[SheetSummary],
    summary="List the campaign's score sheets (without entries)",
    description="The leader, the secretariat and observers see every sheet; an officer of a member unit (or "
    "a `scores:write` client) only its unit's. In creation order.",
    responses={**_AUTH, **not_found("campaign")},
)
def list_score_sheets(
    campaign_id: str,
    session: SessionDep,
    principal: SheetLister,
    page: PageDep,
    stage: Annotated[Stage | None, Query(description="Only this stage.")] = None,
    status: Annotated[SheetStatus | None, Query(description="Only sheets with this status.")] = None,
) -> Page[SheetSummary]:
    rows, next_cursor = sheets.list_sheets(
        session=session, principal=principal, campaign_id=campaign_id, page=page, stage=stage, status=status
    )
    items = [SheetSummary(**_summary_fields(sheet, totals, unit)) for sheet, totals, unit in rows]
    return page.of(SheetSummary, items, next_cursor)


@router.post(
    "/{campaign_id}/scores/bulk",
    response_model=BulkResult,
    dependencies=[Idempotent],
    summary="Write (and optionally submit) many units' sheets of one stage, all or nothing",
    description="The secretariat may write any unit's sheets; a service client with `scores:write` only "
    f"its unit's `self` sheet; officers and the leader as for one sheet ({_WRITERS}) Each sheet's entries "
    "replace its stored ones. At most 2,000 sheets. Any problem refuses the whole request and stores "
    'nothing; `errors[].loc` names the sheet (`["body", "sheets", i, ...]`) and the entry. Re-sending a '
    "submitted sheet unchanged is a no-op (`changed: false`); changed, it is 409 `sheet_locked`. Honours "
    "`Idempotency-Key`. The body limit binds before the sheet count: at the default 1 MiB, about 440 sheets "
    "of 60 entries fit in one request; send more in several.",
    responses={
        **_AUTH,
        **not_found("campaign"),
        409: {
            "description": "A submitted sheet would change (`sheet_locked`), `submit` without criteria "
            f"(`criteria_not_set`), {_CLOSED}, a request with the same `Idempotency-Key` is in flight "
            "(`idempotency_in_flight`), or a concurrent request created one of the sheets first "
            "(`concurrent_update`; retry)."
        },
        **_TOO_LARGE,
        422: {
            "description": "A unit is not a member (`not_a_member`) or sent twice, an entry is invalid, "
            "with `submit` a required item is unscored (`required_unscored`), or the `Idempotency-Key` was "
            "used with another body (`idempotency_key_reused`)."
        },
    },
)
def write_scores_in_bulk(
    campaign_id: str, body: BulkWrite, session: SessionDep, principal: BulkWriter
) -> BulkResult:
    outcomes = bulk.write_many(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        stage=body.stage,
        sheets=[bulk.BulkSheet(s.unit_id, _entries(s.entries)) for s in body.sheets],
        submit=body.submit,
    )
    return BulkResult(
        sheets=[
            BulkSheetResult(
                unit_id=o.unit_id,
                unit_code=o.unit.code,
                unit_name=o.unit.name,
                status=o.status,
                total=from_centi(o.total_centi),
                changed=o.changed,
            )
            for o in outcomes
        ]
    )


@router.get(
    "/{campaign_id}/ranking",
    response_model=RankingRead,
    summary="The ranking of the bloc's member units",
    description="Computed from the submitted sheets: the review total where a review was submitted, else "
    "the self total; subtotals are those of the sheet that counts. Every member unit that year appears; one "
    "without a submitted sheet has `rank: null`. Competition ranks (1, 2, 2, 4); the campaign's `tie_break` "
    "separates equal totals, and units still equal are `tied`. Readable by the bloc's members that year, the "
    "secretariat, observers and `results:read` clients. `?format=csv` (UTF-8 with BOM) or `xlsx` exports the "
    "same rows.",
    responses={
        **_AUTH,
        200: download(
            "The ranking: JSON by default; a CSV or XLSX file, as an attachment, for `format=csv` and "
            "`format=xlsx`.",
            media_types.CSV,
            media_types.XLSX,
        ),
        **not_found("campaign"),
    },
)
def get_ranking(
    campaign_id: str,
    session: SessionDep,
    _principal: RankingReader,
    format: Annotated[ExportFormat, Query(description="json (default), csv or xlsx.")] = "json",
) -> Any:
    if format != "json":
        return _ranking_file(session, campaign_id, format)
    campaign, rows = ranking.read(session=session, campaign_id=campaign_id)
    return RankingRead(
        campaign_id=campaign.id,
        tie_break=list(campaign.tie_break or []),
        items=[RankItem.of(r) for r in rows],
    )


def _ranking_file(session: SessionDep, campaign_id: str, fmt: str) -> Response:
    campaign, rows = ranking.read(session=session, campaign_id=campaign_id)
    name = ranking.file_name(session, campaign, fmt)
    if fmt == "csv":
        return attachment(ranking.to_csv(rows), media_types.CSV_UTF8, name)
    return attachment(ranking.to_xlsx(rows), media_types.XLSX, name)


_RANKING_FILE_ERRORS: Responses = {**_AUTH, **not_found("campaign")}


@router.get(
    "/{campaign_id}/ranking.csv",
    response_class=Response,
    summary="Download the ranking as CSV",
    description="The file `GET …/ranking?format=csv` gives (UTF-8 with a byte-order mark), for the same "
    "readers. For clients generated from this document, which then receive the bytes.",
    responses={200: download("The ranking, as an attachment.", media_types.CSV), **_RANKING_FILE_ERRORS},
)
def get_ranking_csv(campaign_id: str, session: SessionDep, _principal: RankingReader) -> Response:
    return _ranking_file(session, campaign_id, "csv")


@router.get(
    "/{campaign_id}/ranking.xlsx",
    response_class=Response,
    summary="Download the ranking as an XLSX workbook",
    description="The file `GET …/ranking?format=xlsx` gives, for the same readers. For clients generated "
    "from this document, which then receive the bytes.",
    responses={200: download("The ranking, as an attachment.", media_types.XLSX), **_RANKING_FILE_ERRORS},
)
def get_ranking_workbook(campaign_id: str, session: SessionDep, _principal: RankingReader) -> Response:
    return _ranking_file(session, campaign_id, "xlsx")
