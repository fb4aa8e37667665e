"""Yearly ratings (đánh giá, xếp loại) of people and units: the use cases. One rating per subject and year
(a unique constraint), set whole by ``PUT``."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.achievements import records, repository, rules, subjects
from app.achievements.records import Kind, RecordView
from app.achievements.subjects import Subject
from app.core import audit
from app.core.errors import NotFound, PreconditionFailed
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.models import Assessment
from app.models.enums import Rating

KIND = Kind(object_type="rating", what="rating", what_vi="kết quả đánh giá, xếp loại")
_REDACTED = ("note",)


def rating_not_found() -> NotFound:
    return NotFound(
        "There is no rating for this year.", detail_vi="Chưa có kết quả đánh giá, xếp loại của năm này."
    )


def put(
    *,
    session: Session,
    actor: audit.Actor,
    subject: Subject,
    year: int,
    rating: Rating,
    absent_days: int | None = None,
    note: str | None = None,
    if_match: str | None = None,
) -> tuple[RecordView[Assessment], bool]:
    """Set the subject's rating of ``year``; returns (rating, created). Sending what is stored changes
    nothing."""
    label = subjects.resolve(session, subject)
    problems = rules.rating_problems(subject=subject.kind, absent_days=absent_days)
    if problems:
        raise records.refused(problems, what=KIND.what, what_vi=KIND.what_vi)
    fields = {"rating": rating, "absent_days": absent_days, "note": note or None}
    current = repository.rating_of(session, subject=subject, year=year, for_update=True)
    if current is None and if_match is None:
        assessment = Assessment(year=year, **fields)
        try:
            with session.begin_nested():
                records.add(
                    session, actor, KIND, assessment, subject, details={"year": year, **_shown(fields)}
                )
            return RecordView(assessment, label), True
        except IntegrityError:
            # Another request set it after we looked (the flush failed before any event was queued):
            # this request updates that rating instead.
            current = repository.rating_of(session, subject=subject, year=year, for_update=True)
    if current is None:
        raise PreconditionFailed(
            "If-Match was sent but there is no rating for this year.",
            detail_vi="Đã gửi If-Match nhưng chưa có kết quả đánh giá của năm này.",
        )
    check_if_match(if_match, current)
    records.change(session, actor, KIND, current, fields, redacted=_REDACTED)
    return RecordView(current, label), False


def _shown(fields: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in fields.items() if k not in _REDACTED}


def list_for(
    *, session: Session, subject: Subject, page: PageParams, year: int | None = None
) -> tuple[subjects.SubjectLabel, list[Assessment], str | None]:
    label = subjects.resolve(session, subject)
    where = [] if year is None else [Assessment.year == year]
    rows, next_cursor = repository.records_page(session, Assessment, subject=subject, page=page, where=where)
    return label, list(rows), next_cursor


def get(*, session: Session, subject: Subject, year: int) -> RecordView[Assessment]:
    label = subjects.resolve(session, subject)
    found = repository.rating_of(session, subject=subject, year=year)
    if found is None:
        raise rating_not_found()
    return RecordView(found, label)
