"""What adding, changing and removing a subject's record share, whatever its kind: the subject's label
beside the row, changes that write nothing when nothing changes, and the audit event of each change.
No FastAPI here; services flush, the request's route commits."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic

from sqlalchemy.orm import Session

from app.achievements.repository import Record
from app.achievements.subjects import Subject, SubjectLabel
from app.core import audit, updates
from app.core.errors import DomainError, Invalid
from app.core.etag import check_if_match
from app.models.base import new_id, utcnow

_MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Kind:
    """One kind of record: its audit object type and its names in words (for errors)."""

    object_type: str
    what: str
    what_vi: str


@dataclass(frozen=True)
class RecordView(Generic[Record]):
    record: Record
    subject: SubjectLabel


def refused(errors: list[dict[str, Any]], *, what: str, what_vi: str) -> Invalid:
    return Invalid(
        f"The {what} is not valid; each error names the field.",
        detail_vi=f"{what_vi[:1].upper()}{what_vi[1:]} không hợp lệ; mỗi lỗi chỉ rõ trường dữ liệu.",
        errors=errors,
    )


def find(session: Session, model: type[Record], record_id: str, missing: DomainError) -> Record:
    record = session.get(model, record_id) if len(record_id) <= _MAX_ID_LENGTH else None
    if record is None:
        raise missing
    return record


def _subject_details(subject: Subject) -> dict[str, Any]:
    return {"subject": subject.kind.value, f"{subject.kind.value}_id": subject.id}


def add(
    session: Session,
    actor: audit.Actor,
    kind: Kind,
    record: Record,
    subject: Subject,
    *,
    details: Mapping[str, Any],
) -> None:
    """Add ``record`` for ``subject``, flush it and record ``<kind>.create``."""
    now = utcnow()
    record.id = new_id()
    record.created_at = record.updated_at = now
    for column, value in subject.columns().items():
        setattr(record, column, value)
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"{kind.object_type}.create",
        object_type=kind.object_type,
        object_id=record.id,
        details={**_subject_details(subject), **details},
    )


def change(
    session: Session,
    actor: audit.Actor,
    kind: Kind,
    record: Record,
    changes: Mapping[str, Any],
    *,
    redacted: Collection[str] = (),
) -> bool:
    """Apply what differs in ``changes``; True when something changed. Changing nothing writes nothing
    (no new version, no audit event). ``redacted`` fields are named in the event, their values not."""
    diff = updates.diff_of(record, changes)
    if not diff:
        return False
    updates.apply(record, diff)
    updates.flush(session, what=kind.what, what_vi=kind.what_vi)
    details: dict[str, Any] = {
        **_subject_details(Subject.of(record)),
        "changes": {k: [_plain(old), _plain(new)] for k, (old, new) in diff.items() if k not in redacted},
    }
    if hidden := sorted(set(redacted) & diff.keys()):
        details["redacted"] = hidden
    audit.record(
        session,
        actor=actor,
        action=f"{kind.object_type}.update",
        object_type=kind.object_type,
        object_id=record.id,
        details=details,
    )
    return True


def remove(
    session: Session,
    actor: audit.Actor,
    kind: Kind,
    record: Record,
    *,
    if_match: str | None,
    details: Mapping[str, Any],
) -> None:
    """Delete ``record`` (after ``If-Match``) and record ``<kind>.delete`` with what it said."""
    check_if_match(if_match, record)
    subject = Subject.of(record)
    session.delete(record)
    updates.flush(session, what=kind.what, what_vi=kind.what_vi)
    audit.record(
        session,
        actor=actor,
        action=f"{kind.object_type}.delete",
        object_type=kind.object_type,
        object_id=record.id,
        details={**_subject_details(subject), **details},
    )


def _plain(value: Any) -> Any:
    """A value as the audit trail's JSON holds it (dates as ``YYYY-MM-DD``)."""
    return value.isoformat() if isinstance(value, date) else value


def cleared(changes: Mapping[str, Any], *fields: str) -> dict[str, Any]:
    """``changes`` with an empty string in one of ``fields`` read as "clear it" (None)."""
    return {k: (v or None) if k in fields else v for k, v in changes.items()}
