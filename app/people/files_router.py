"""A unit's people as a list or a file (CSV, XLSX), and the import: thin routes over ``app.people.files``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request, Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.pagination import Page, PageRequest, sorted_page
from app.core.principal import Principal
from app.core.responses import AUTH, Responses, attachment, binary, download, not_found
from app.core.routing import feature_router
from app.people import files, people_io
from app.people.policies import PeopleImporter, UnitPeopleReader
from app.people.router import person_read
from app.people.schemas import PeopleImported, PersonRead
from app.people.service import PersonSort

router = feature_router(prefix="/units", tags=["people"])

_CSV_EXAMPLE = (
    "code,full_name,gender,birth_date,position\r\n"
    "CB0001,Nguyễn Văn An,nam,1980-05-01,Chuyên viên chính\r\n"
    "CB0002,Đặng Thị Bình,nữ,02/09/1985,\r\n"
)
_FILE_RULES = (
    "A file has the header row `code,full_name,gender,birth_date,position` (optionally followed by "
    "`unit_code,unit_name`, as the export writes them), then one row per person. `gender` is `male` or "
    "`female`, or in Vietnamese `nam` or `nữ`; `birth_date` is `YYYY-MM-DD` or `DD/MM/YYYY` (or a date "
    "cell), from 1900 to today, or empty; `position` may be empty. CSV is UTF-8, with or without a "
    'byte-order mark; an XLSX workbook is read from its sheet "Cán bộ", else its first sheet. At most '
    f"{people_io.MAX_ROWS} people a file. Errors name the row (the header being row 1) and the column: "
    '`{"loc": ["body", "row", 7, "gender"], ...}`.'
)
_FILES = {
    media_types.CSV: {"schema": {"type": "string"}, "example": _CSV_EXAMPLE},
    **binary(media_types.XLSX),
}
_PUT_BODY = {
    "requestBody": {
        "required": True,
        "description": "The unit's people as a CSV or XLSX file. " + _FILE_RULES,
        "content": _FILES,
    }
}
_REFUSED = "Not the admin, the secretariat or an officer of this unit"


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


@router.get(
    "/{unit_id}/people",
    response_model=Page[PersonRead],
    summary="List or export a unit's people",
    description="The people working in the unit now, in creation order (or by `sort`): a page in JSON "
    "(the default), or the whole list as `format=csv` (UTF-8 with a byte-order mark, so Excel shows "
    "Vietnamese) or "
    '`format=xlsx` (sheet "Cán bộ"), with the unit\'s code and name on every row, in the layout the '
    "import reads. Readable by the admin, the secretariat, observers, the unit's officers and `units:read` "
    "clients; observers and clients get no birth dates (the column is empty). " + _FILE_RULES,
    responses={
        **AUTH,
        **not_found("unit"),
        200: download(
            "A page of the unit's people by default; the whole list as a CSV or XLSX file, as an "
            "attachment, for `format=csv` and `format=xlsx`.",
            media_types.CSV,
            media_types.XLSX,
        ),
    },
)
def list_unit_people(
    unit_id: str,
    session: SessionDep,
    principal: UnitPeopleReader,
    page: Annotated[PageRequest, Depends(sorted_page(PersonSort))],
    fmt: Annotated[
        Literal["json", "csv", "xlsx"], Query(alias="format", description="json (default), csv or xlsx")
    ] = "json",
    active: Annotated[
        bool | None, Query(description="Only active (true) or inactive (false) people (JSON only).")
    ] = None,
) -> Any:
    if fmt == "json":
        views, next_cursor = files.unit_people_page(
            session=session, principal=principal, unit_id=unit_id, page=page, active=active
        )
        return page.of(PersonRead, [person_read(v) for v in views], next_cursor)
    return _people_file(session, principal, unit_id, fmt)


def _people_file(session: SessionDep, principal: Principal, unit_id: str, fmt: str) -> Response:
    rows = files.export_rows(session=session, principal=principal, unit_id=unit_id)
    name = files.file_name(session=session, unit_id=unit_id, extension=fmt)
    if fmt == "csv":
        return attachment(people_io.render_csv(rows), media_types.CSV_UTF8, name)
    return attachment(people_io.render_xlsx(rows), media_types.XLSX, name)


_PEOPLE_FILE_ERRORS: Responses = {**AUTH, **not_found("unit")}


@router.get(
    "/{unit_id}/people.csv",
    response_class=Response,
    summary="Download a unit's people as CSV",
    description="The file `GET …/people?format=csv` gives (UTF-8 with a byte-order mark), in the layout the "
    "import reads, for the same readers (observers and clients get no birth dates). For clients generated "
    "from this document, which then receive the bytes.",
    responses={200: download("The unit's people, as an attachment.", media_types.CSV), **_PEOPLE_FILE_ERRORS},
)
def get_unit_people_csv(unit_id: str, session: SessionDep, principal: UnitPeopleReader) -> Response:
    return _people_file(session, principal, unit_id, "csv")


@router.get(
    "/{unit_id}/people.xlsx",
    response_class=Response,
    summary="Download a unit's people as an XLSX workbook",
    description="The file `GET …/people?format=xlsx` gives, in the layout the import reads, for the same "
    "readers (observers and clients get no birth dates). For clients generated from this document, which "
    "then receive the bytes.",
    responses={
        200: download("The unit's people, as an attachment.", media_types.XLSX),
        **_PEOPLE_FILE_ERRORS,
    },
)
def get_unit_people_workbook(unit_id: str, session: SessionDep, principal: UnitPeopleReader) -> Response:
    return _people_file(session, principal, unit_id, "xlsx")


@router.put(
    "/{unit_id}/people",
    response_model=PeopleImported,
    summary="Import a unit's people from a CSV or XLSX file (admin, secretariat, an officer of the unit)",
    description="Creates or updates each person of the file, by code, in this unit: all of them, or none "
    "when any row has a problem (422 listing every problem, nothing stored). People of the unit that the "
    "file does not list are left as they are; a new person's employment starts today. A code that belongs "
    "to a person of another unit is an error of its row (`person_in_other_unit`): moves are transfers. "
    "Importing the same file again changes nothing (`unchanged` counts them; no new versions, no audit "
    "events). " + _FILE_RULES,
    openapi_extra=_PUT_BODY,
    responses={
        **AUTH,
        403: {"description": _REFUSED},
        **not_found("unit"),
        413: {
            "description": "The file is over `THIDUA_MAX_BODY_BYTES` (1 MiB by default; "
            "`payload_too_large`); nothing is stored."
        },
        415: {"description": "Not CSV (UTF-8) or XLSX (`unsupported_media_type`)."},
        422: {
            "description": "The file has problems (`validation_error`); each error names the row and "
            'column (`["body", "row", 7, "gender"]`). At most 100 errors are listed.'
        },
    },
)
def import_unit_people(
    unit_id: str, request: Request, session: SessionDep, principal: PeopleImporter, body: RawBody
) -> PeopleImported:
    result = files.import_people(
        session=session,
        principal=principal,
        unit_id=unit_id,
        content_type=request.headers.get("content-type"),
        body=body,
    )
    return PeopleImported(
        unit_id=result.unit.id,
        unit_code=result.unit.code,
        unit_name=result.unit.name,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
