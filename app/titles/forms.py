"""The forms of commendation catalogue (hình thức khen thưởng): the use cases. Forms sit beside the titles:
Giấy khen, Bằng khen, orders and medals may be given several times and to individuals and collectives
alike; what each requires under each legal regime is ``app.law``'s data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, NotFound, already_exists, refuse_code_change
from app.core.etag import check_if_match
from app.models import CommendationForm
from app.models.base import utcnow

# The catalogue reads from the highest level down.
LEVEL_ORDER = {"state": 0, "government": 1, "ministry": 2, "unit": 3}
_rank = case(LEVEL_ORDER, value=CommendationForm.level, else_=len(LEVEL_ORDER))


@dataclass(frozen=True)
class FormTag:
    """What an ETag is made of: forms are keyed by code."""

    id: str
    version: int


def tag_of(form: CommendationForm) -> FormTag:
    return FormTag(id=form.code, version=form.version)


def list_forms(*, session: Session) -> Sequence[CommendationForm]:
    """The whole catalogue (a few dozen entries at most), by level then code."""
    return session.scalars(select(CommendationForm).order_by(_rank, CommendationForm.code)).all()


def get(*, session: Session, code: str) -> CommendationForm:
    form = session.get(CommendationForm, code) if len(code) <= 64 else None
    if form is None:
        raise NotFound(
            "No form of commendation has this code.",
            detail_vi="Không có hình thức khen thưởng nào với mã này.",
        )
    return form


def _already_exists(code: str) -> Conflict:
    return already_exists("form of commendation", "hình thức khen thưởng", code)


def create(
    *, session: Session, actor: audit.Actor, code: str, name: str, level: str, subject: str, authority: str
) -> CommendationForm:
    if session.get(CommendationForm, code) is not None:
        raise _already_exists(code)
    now = utcnow()
    form = CommendationForm(
        code=code,
        name=name,
        level=level,
        subject=subject,
        authority=authority,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(form)
    except IntegrityError as exc:  # created by a request that committed after our look
        raise _already_exists(code) from exc
    audit.record(
        session,
        actor=actor,
        action="form.create",
        object_type="form",
        object_id=code,
        details={"code": code, "name": name, "level": level, "subject": subject, "authority": authority},
    )
    return form


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    code: str,
    changes: Mapping[str, Any],
    code_in_body: str | None = None,
    if_match: str | None = None,
) -> CommendationForm:
    """Change the fields in ``changes``; changing nothing writes nothing."""
    form = get(session=session, code=code)
    check_if_match(if_match, tag_of(form))
    refuse_code_change(form.code, code_in_body, what="form of commendation", what_vi="hình thức khen thưởng")
    diff = updates.diff_of(form, changes)
    if not diff:
        return form
    updates.apply(form, diff)
    updates.record(
        session,
        actor,
        diff,
        object_type="form",
        object_id=form.code,
        code=form.code,
        what_vi="hình thức khen thưởng",
    )
    return form
