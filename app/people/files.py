"""A unit's people as a file: the import (upsert by code, all or nothing) and the export. No FastAPI here.

An import changes only what differs: a person whose row says what is stored keeps its version and gets
no audit event, so importing the same file twice writes nothing the second time. A code that belongs to
a person of another unit is an error of its row: an import never moves anyone (a transfer does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, media_types
from app.core.errors import Conflict, DomainError, Invalid
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.models import Employment, Unit
from app.people import people_io, repository, rules, service
from app.people.dates import vn_today
from app.units import service as units_service

_SOURCES: dict[str, str] = {media_types.CSV: "csv", media_types.XLSX: "xlsx"}
_PARSERS: dict[str, Callable[..., people_io.Parsed]] = {
    "csv": people_io.parse_csv,
    "xlsx": people_io.parse_xlsx,
}


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


@dataclass(frozen=True)
class Imported:
    unit: Unit
    rows: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def source_of(content_type: str | None) -> str:
    """csv | xlsx from the request's Content-Type; 415 for anything else (JSON included)."""
    media, *params = (content_type or "").split(";")
    options = {}
    for param in params:
        name, _, value = param.partition("=")
        options[name.strip().lower()] = value.strip().strip('"').lower()
    source = _SOURCES.get(media.strip().lower())
    if source is None or options.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(
            f"Send the people as text/csv (UTF-8) or as an XLSX workbook ({media_types.XLSX}).",
            detail_vi="Hãy gửi danh sách cán bộ dạng text/csv (UTF-8) hoặc tệp XLSX.",
        )
    return source


def _refused(errors: list[dict[str, Any]]) -> Invalid:
    count = len(errors)
    return Invalid(
        f"{count} problem(s) in the file; each error names the row and column. Nothing was stored.",
        detail_vi=f"Tệp có {count} lỗi; mỗi lỗi chỉ rõ dòng và cột. Chưa có dữ liệu nào được lưu.",
        errors=errors,
    )


def import_people(
    *, session: Session, principal: Principal, unit_id: str, content_type: str | None, body: bytes
) -> Imported:
    """Upsert the file's people into the unit by code: all of them, or (with the errors) none."""
    unit = units_service.get(session=session, unit_id=unit_id)
    source = source_of(content_type)
    today = vn_today()
    parsed = _PARSERS[source](body, unit_code=unit.code, today=today)
    if parsed.errors:
        raise _refused(parsed.errors)
    existing = repository.people_by_codes(session, codes=[row.code for row in parsed.rows])
    others = [
        {
            "loc": ["body", "row", row.number, "code"],
            "msg": "the code belongs to a person of another unit; a move is a transfer",
            "type": "person_in_other_unit",
        }
        for row in parsed.rows
        if row.code in existing and existing[row.code].unit_id != unit.id
    ]
    if others:
        raise _refused(others[: people_io.MAX_ERRORS])
    employments = repository.open_employments(session, person_ids=[p.id for p in existing.values()])
    created: list[Employment] = []
    updated = 0
    actor = principal.actor
    try:
        for row in parsed.rows:
            fields = {
                "full_name": row.full_name,
                "gender": row.gender,
                "birth_date": row.birth_date,
                "position": row.position,
            }
            person = existing.get(row.code)
            if person is None:
                created.append(
                    _add(session, actor, row.code, fields, unit_id=unit.id, today=today, source=source)
                )
            elif diff := service.apply_changes(session, person, fields, open_employments=employments):
                service.record_changes(session, actor, person, diff, source=source)
                updated += 1
        # The people first: with no relationship between the models, the unit of work would not know
        # that an employment's row needs its person's.
        session.flush()
        session.add_all(created)
        session.flush()
    except IntegrityError as exc:  # a code another request added meanwhile
        raise Conflict(
            "Another request added some of these people meanwhile; import the file again.",
            code="concurrent_update",
            detail_vi="Một yêu cầu khác vừa thêm một số cán bộ trong tệp; hãy nhập lại tệp.",
        ) from exc
    result = Imported(unit=unit, rows=len(parsed.rows), created=len(created), updated=updated)
    if created or updated:
        audit.record(
            session,
            actor=actor,
            action="people.import",
            object_type="unit",
            object_id=unit.id,
            details={"source": source, "rows": result.rows, "created": result.created, "updated": updated},
        )
    return result


def _add(
    session: Session,
    actor: audit.Actor,
    code: str,
    fields: dict[str, Any],
    *,
    unit_id: str,
    today: date,
    source: str,
) -> Employment:
    """Add the new person and record the event; their employment, for the caller to add once the people
    are flushed."""
    person, employment = service.new_person(
        code=code, unit_id=unit_id, active=True, started_on=today, **fields
    )
    session.add(person)
    audit.record(
        session,
        actor=actor,
        action="person.create",
        object_type="person",
        object_id=person.id,
        details=service.created_details(person, started_on=today, source=source),
    )
    return employment


EXPORT_NAME = "Danh sách cán bộ"


def file_name(*, session: Session, unit_id: str, extension: str) -> str:
    """E.g. "Danh sách cán bộ - Vụ Pháp chế.xlsx" (``app.core.disposition`` makes it safe to send)."""
    unit = units_service.get(session=session, unit_id=unit_id)
    return f"{EXPORT_NAME} - {unit.name}.{extension}"


def export_rows(*, session: Session, principal: Principal, unit_id: str) -> list[people_io.ExportRow]:
    """Every person of the unit, in creation order; birth dates only for those who may see them."""
    unit = units_service.get(session=session, unit_id=unit_id)
    shows = rules.sees_birth_dates(principal, unit.id)
    return [
        people_io.ExportRow(
            code=p.code,
            full_name=p.full_name,
            gender=p.gender,
            birth_date=p.birth_date if shows else None,
            position=p.position,
            unit_code=unit.code,
            unit_name=unit.name,
        )
        for p in repository.people_of_unit(session, unit_id=unit.id)
    ]


def unit_people_page(
    *, session: Session, principal: Principal, unit_id: str, page: PageParams, active: bool | None = None
) -> tuple[list[service.PersonView], str | None]:
    """The JSON form of the unit's list: a page of its people."""
    unit = units_service.get(session=session, unit_id=unit_id)
    flt = repository.PeopleFilter(unit_id=unit.id, active=active)
    people, next_cursor = repository.people_page(session, flt=flt, page=page)
    return service.views_of(session, principal, people), next_cursor
