"""A campaign's criteria tree (tiêu chí): thin routes over ``app.scoring.criteria``."""

from __future__ import annotations

from copy import deepcopy
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request, Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.etag import IfMatch
from app.core.responses import (
    AUTH,
    PRECONDITION_FAILED,
    Responses,
    attachment,
    binary,
    download,
    etag_headers,
    not_found,
)
from app.core.routing import feature_router
from app.scoring import criteria as service
from app.scoring import criteria_io
from app.scoring.criteria_schemas import CriteriaPut, CriteriaRead, CriterionGroupRead, CriterionItemRead
from app.scoring.policies import CriteriaManager, CriteriaReader
from app.scoring.tree import MAX_DEPTH, MAX_NODES, CriteriaTree, Node, children_of, from_centi

router = feature_router(prefix="/campaigns", tags=["criteria"])

_ETAG = etag_headers("A hash of the tree as `GET` shows it")
_CSV_EXAMPLE = (
    "code,parent_code,title,max_points,kind,required\r\n"
    "1,,Thực hiện nhiệm vụ chuyên môn,,,\r\n"
    "1.1,1,Hoàn thành kế hoạch công tác năm,10,standard,\r\n"
    "1.2,1,Sáng kiến được công nhận,5,bonus,false\r\n"
)
_FILE_RULES = (
    "A file has the header row `code,parent_code,title,max_points,kind,required`, then one row per node: "
    "`parent_code` empty at the top level, `max_points` and `kind` empty for groups, `required` "
    "`true`/`false` (empty means true). CSV is UTF-8, with or without a byte-order mark; an XLSX workbook "
    'is read from its sheet "Tiêu chí", else its first sheet. A title, as in JSON, holds no control '
    "character other than line breaks and tabs. Errors name the row, the header being row 1: "
    '`{"loc": ["body", "row", 7, "max_points"], ...}`.'
)


def _criteria_put_schema() -> dict[str, Any]:
    """``CriteriaPut``'s JSON Schema with its recursive node written out level by level (a tree has at
    most MAX_DEPTH levels): a route that reads its own body contributes no components to refer to."""
    schema = CriteriaPut.model_json_schema()
    node: dict[str, Any] = schema.pop("$defs")["CriterionIn"]

    def level(depth: int) -> dict[str, Any]:
        copy = deepcopy(node)
        if depth == MAX_DEPTH:
            del copy["properties"]["children"]
        else:
            copy["properties"]["children"]["anyOf"][0]["items"] = level(depth + 1)
        return copy

    schema["properties"]["criteria"]["items"] = level(1)
    return schema


# The file forms `PUT` takes and `GET` gives.
_FILES = {
    media_types.CSV: {"schema": {"type": "string"}, "example": _CSV_EXAMPLE},
    **binary(media_types.XLSX),
}
_PUT_BODY = {
    "requestBody": {
        "required": True,
        "description": "The whole tree, as nested JSON or as a CSV or XLSX file. " + _FILE_RULES,
        "content": {"application/json": {"schema": _criteria_put_schema()}, **_FILES},
    }
}


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


def _nested(
    children: dict[str | None, list[Node]], parent: str | None
) -> list[CriterionGroupRead | CriterionItemRead]:
    out: list[CriterionGroupRead | CriterionItemRead] = []
    for node in children.get(parent, []):
        if node.is_item:
            assert node.kind is not None  # an item has a kind (only groups have none)
            out.append(
                CriterionItemRead(
                    code=node.code,
                    title=node.title,
                    max_points=from_centi(node.max_points_centi or 0),
                    kind=node.kind,
                    required=node.required,
                )
            )
        else:
            out.append(
                CriterionGroupRead(code=node.code, title=node.title, children=_nested(children, node.code))
            )
    return out


def _read(view: service.CriteriaView, response: Response) -> CriteriaRead:
    response.headers["ETag"] = view.etag
    return CriteriaRead(
        campaign_id=view.campaign_id,
        criteria=_nested(children_of(view.tree), None),
        max_total=view.max_total,
        locked=view.locked,
    )


def _export(view: service.CriteriaView, fmt: str) -> Response:
    tree: CriteriaTree = view.tree
    if fmt == "csv":
        content = criteria_io.render_csv(tree)
        return attachment(content, media_types.CSV_UTF8, f"{view.file_stem}.csv")
    content = criteria_io.render_xlsx(tree)
    return attachment(content, media_types.XLSX, f"{view.file_stem}.xlsx")


@router.get(
    "/{campaign_id}/criteria",
    response_model=CriteriaRead,
    name="get_criteria",
    summary="Read or export the campaign's criteria tree",
    description="Readable by the bloc's member units that year (the leader among them), the secretariat, "
    "observers, and service clients with `scores:write` for a member unit. Before any `PUT` the tree is "
    "empty. `format=csv` (UTF-8 with a byte-order mark, so Excel shows Vietnamese) and `format=xlsx` "
    '(sheet "Tiêu chí") download the tree in the file layout `PUT` imports; only the JSON form carries '
    "an `ETag`. " + _FILE_RULES,
    responses={
        **AUTH,
        200: download(
            "The tree: JSON (with its `ETag`) by default; a CSV or XLSX file, as an attachment, for "
            "`format=csv` and `format=xlsx`.",
            media_types.CSV,
            media_types.XLSX,
            headers=_ETAG,
        ),
        **not_found("campaign"),
    },
)
def get_criteria(
    campaign_id: str,
    response: Response,
    session: SessionDep,
    _principal: CriteriaReader,
    fmt: Annotated[
        Literal["json", "csv", "xlsx"], Query(alias="format", description="json (default), csv or xlsx")
    ] = "json",
) -> Any:
    view = service.get(session=session, campaign_id=campaign_id)
    if fmt != "json":
        return _export(view, fmt)
    return _read(view, response)


_CRITERIA_FILE_ERRORS: Responses = {**AUTH, **not_found("campaign")}


@router.get(
    "/{campaign_id}/criteria.csv",
    response_class=Response,
    summary="Download the criteria tree as CSV",
    description="The file `GET …/criteria?format=csv` gives (UTF-8 with a byte-order mark), in the layout "
    "`PUT` imports, for the same readers. For clients generated from this document, which then receive "
    "the bytes.",
    responses={200: download("The tree, as an attachment.", media_types.CSV), **_CRITERIA_FILE_ERRORS},
)
def get_criteria_csv(campaign_id: str, session: SessionDep, _principal: CriteriaReader) -> Response:
    return _export(service.get(session=session, campaign_id=campaign_id), "csv")


@router.get(
    "/{campaign_id}/criteria.xlsx",
    response_class=Response,
    summary="Download the criteria tree as an XLSX workbook",
    description="The file `GET …/criteria?format=xlsx` gives, in the layout `PUT` imports, for the same "
    "readers. For clients generated from this document, which then receive the bytes.",
    responses={200: download("The tree, as an attachment.", media_types.XLSX), **_CRITERIA_FILE_ERRORS},
)
def get_criteria_workbook(campaign_id: str, session: SessionDep, _principal: CriteriaReader) -> Response:
    return _export(service.get(session=session, campaign_id=campaign_id), "xlsx")


@router.put(
    "/{campaign_id}/criteria",
    response_model=CriteriaRead,
    summary="Replace the campaign's criteria tree (leader, secretariat)",
    description="By the leader (an officer of the unit leading or deputising the bloc that year) or the "
    "secretariat, while the campaign is active. The body is the whole tree, in JSON, CSV or XLSX (see the "
    "request body). A node with children is a group (no `max_points`, no `kind`); a node without is an "
    "item (`max_points` ≥ 0 with at most 2 decimals, and a `kind`). Codes are unique, of letters, digits "
    f"and dots, and a child's code starts with its parent's and a dot (`1` → `1.1`); at most {MAX_DEPTH} "
    f"levels and {MAX_NODES} nodes. `max_total` is the sum of the standard items. Once any score sheet of "
    "the campaign has been submitted the tree is locked (409 `criteria_locked`). Sending the stored tree "
    "again changes nothing (same `ETag`). A change re-totals the campaign's draft and returned sheets "
    "under the new tree (entries whose code it no longer has count nothing until rewritten), and each of "
    "those sheets gets a new `ETag`.",
    openapi_extra=_PUT_BODY,
    responses={
        **AUTH,
        200: {"headers": _ETAG},
        **not_found("campaign"),
        409: {
            "description": "A score sheet has been submitted (`criteria_locked`), or the campaign is "
            "closed (`campaign_closed`)."
        },
        **PRECONDITION_FAILED,
        413: {
            "description": "The body or file is over `THIDUA_MAX_BODY_BYTES` (1 MiB by default; "
            "`payload_too_large`); nothing is stored."
        },
        415: {"description": "Not JSON, CSV (UTF-8) or XLSX (`unsupported_media_type`)."},
        422: {
            "description": "The tree is not valid (`validation_error`); each error names the node "
            '(`["body", "criteria", 0, "children", 1, "max_points"]`) or the file row '
            '(`["body", "row", 7, "max_points"]`). At most 100 errors are listed.'
        },
    },
)
def set_criteria(
    campaign_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CriteriaManager,
    body: RawBody,
    if_match: IfMatch = None,
) -> CriteriaRead:
    view = service.put(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        content_type=request.headers.get("content-type"),
        body=body,
        if_match=if_match,
    )
    return _read(view, response)
