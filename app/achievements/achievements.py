"""Initiatives and research works (sáng kiến, đề tài) with their recognition: the use cases."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.achievements import records, repository, subjects
from app.achievements.records import Kind, RecordView
from app.achievements.subjects import Subject
from app.core import audit
from app.core.errors import NotFound
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.models import Achievement
from app.models.enums import AchievementKind, RecognitionScope

KIND = Kind(object_type="achievement", what="achievement", what_vi="thành tích")
_OPTIONAL_TEXT = ("recognised_by", "decision_number")


def achievement_not_found() -> NotFound:
    return NotFound("No achievement has this id.", detail_vi="Không có thành tích nào với mã định danh này.")


def _details(a: Achievement) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "title": a.title,
        "year": a.year,
        "scope": a.scope,
        "applied": a.applied,
        "recognised_by": a.recognised_by,
        "decision_number": a.decision_number,
        "recognised_on": a.recognised_on.isoformat() if a.recognised_on else None,
    }


def create(
    *,
    session: Session,
    actor: audit.Actor,
    subject: Subject,
    kind: AchievementKind,
    title: str,
    year: int,
    scope: RecognitionScope,
    applied: bool = True,
    recognised_by: str | None = None,
    decision_number: str | None = None,
    recognised_on: date | None = None,
) -> RecordView[Achievement]:
    label = subjects.resolve(session, subject)
    achievement = Achievement(
        kind=kind,
        title=title,
        year=year,
        scope=scope,
        applied=applied,
        recognised_by=recognised_by or None,
        decision_number=decision_number or None,
        recognised_on=recognised_on,
    )
    records.add(session, actor, KIND, achievement, subject, details=_details(achievement))
    return RecordView(achievement, label)


def list_for(
    *,
    session: Session,
    subject: Subject,
    page: PageParams,
    kind: AchievementKind | None = None,
    year: int | None = None,
) -> tuple[subjects.SubjectLabel, list[Achievement], str | None]:
    label = subjects.resolve(session, subject)
    where: list[ColumnElement[bool]] = []
    if kind is not None:
        where.append(Achievement.kind == kind)
    if year is not None:
        where.append(Achievement.year == year)
    rows, next_cursor = repository.records_page(session, Achievement, subject=subject, page=page, where=where)
    return label, list(rows), next_cursor


def get(*, session: Session, achievement_id: str) -> RecordView[Achievement]:
    achievement = records.find(session, Achievement, achievement_id, achievement_not_found())
    return RecordView(achievement, subjects.label_of(session, achievement))


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    achievement_id: str,
    changes: Mapping[str, Any],
    if_match: str | None = None,
) -> RecordView[Achievement]:
    achievement = records.find(session, Achievement, achievement_id, achievement_not_found())
    check_if_match(if_match, achievement)
    records.change(session, actor, KIND, achievement, records.cleared(changes, *_OPTIONAL_TEXT))
    return RecordView(achievement, subjects.label_of(session, achievement))


def delete(*, session: Session, actor: audit.Actor, achievement_id: str, if_match: str | None = None) -> None:
    achievement = records.find(session, Achievement, achievement_id, achievement_not_found())
    records.remove(session, actor, KIND, achievement, if_match=if_match, details=_details(achievement))
