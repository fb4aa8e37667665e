"""Exclusions (disciplinary measures, investigations, complaints, with their periods): the use cases.

They are personnel records: the audit trail names what changed in a note, never the note itself."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.achievements import records, repository, rules, subjects
from app.achievements.records import Kind, RecordView
from app.achievements.subjects import Subject
from app.core import audit
from app.core.errors import NotFound
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.models import Exclusion
from app.models.enums import DisciplineMeasure, ExclusionKind

KIND = Kind(object_type="exclusion", what="exclusion", what_vi="hình thức kỷ luật, xem xét")
_OPTIONAL_TEXT = ("decision_number", "note")
_REDACTED = ("note",)


def exclusion_not_found() -> NotFound:
    return NotFound(
        "No exclusion has this id.", detail_vi="Không có hình thức kỷ luật, xem xét nào với mã định danh này."
    )


def _details(e: Exclusion) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "measure": e.measure,
        "starts_on": e.starts_on.isoformat(),
        "ends_on": e.ends_on.isoformat() if e.ends_on else None,
        "decision_number": e.decision_number,
    }


def _check(e: Exclusion) -> None:
    problems = rules.exclusion_problems(
        kind=e.kind, measure=e.measure, starts_on=e.starts_on, ends_on=e.ends_on
    )
    if problems:
        raise records.refused(problems, what=KIND.what, what_vi=KIND.what_vi)


def create(
    *,
    session: Session,
    actor: audit.Actor,
    subject: Subject,
    kind: ExclusionKind,
    starts_on: date,
    measure: DisciplineMeasure | None = None,
    ends_on: date | None = None,
    decision_number: str | None = None,
    note: str | None = None,
) -> RecordView[Exclusion]:
    label = subjects.resolve(session, subject)
    exclusion = Exclusion(
        kind=kind,
        measure=measure,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=decision_number or None,
        note=note or None,
    )
    _check(exclusion)
    records.add(session, actor, KIND, exclusion, subject, details=_details(exclusion))
    return RecordView(exclusion, label)


def list_for(
    *, session: Session, subject: Subject, page: PageParams, kind: ExclusionKind | None = None
) -> tuple[subjects.SubjectLabel, list[Exclusion], str | None]:
    label = subjects.resolve(session, subject)
    where: list[ColumnElement[bool]] = [] if kind is None else [Exclusion.kind == kind]
    rows, next_cursor = repository.records_page(session, Exclusion, subject=subject, page=page, where=where)
    return label, list(rows), next_cursor


def get(*, session: Session, exclusion_id: str) -> RecordView[Exclusion]:
    exclusion = records.find(session, Exclusion, exclusion_id, exclusion_not_found())
    return RecordView(exclusion, subjects.label_of(session, exclusion))


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    exclusion_id: str,
    changes: Mapping[str, Any],
    if_match: str | None = None,
) -> RecordView[Exclusion]:
    """Change the fields sent; the exclusion they leave must be whole (checked before anything changes)."""
    exclusion = records.find(session, Exclusion, exclusion_id, exclusion_not_found())
    check_if_match(if_match, exclusion)
    changes = records.cleared(changes, *_OPTIONAL_TEXT)
    merged = {**_fields(exclusion), **changes}
    problems = rules.exclusion_problems(
        kind=merged["kind"],
        measure=merged["measure"],
        starts_on=merged["starts_on"],
        ends_on=merged["ends_on"],
    )
    if problems:
        raise records.refused(problems, what=KIND.what, what_vi=KIND.what_vi)
    records.change(session, actor, KIND, exclusion, changes, redacted=_REDACTED)
    return RecordView(exclusion, subjects.label_of(session, exclusion))


def _fields(e: Exclusion) -> dict[str, Any]:
    return {"kind": e.kind, "measure": e.measure, "starts_on": e.starts_on, "ends_on": e.ends_on}


def delete(*, session: Session, actor: audit.Actor, exclusion_id: str, if_match: str | None = None) -> None:
    exclusion = records.find(session, Exclusion, exclusion_id, exclusion_not_found())
    records.remove(session, actor, KIND, exclusion, if_match=if_match, details=_details(exclusion))
