"""The ministry's and the blocs' own regulations (quy chế): versioned settings on top of the law.

A change is a new version, never an edit: a verdict names the versions it read, so a decision judged
under version 2 stays explained by version 2 after version 3 is written. Which version applies is the
latest whose ``effective_from`` is on or before the date judged (the decision date, or today).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit
from app.core.errors import Conflict, Invalid, NotFound
from app.law import overlay as law_overlay
from app.law.overlay import Overlay
from app.models import Bloc, BlocMember, Regulation

MINISTRY = "ministry"


def bloc_scope(bloc_id: str) -> str:
    return f"bloc:{bloc_id}"


def require_bloc(session: Session, bloc_id: str) -> None:
    if len(bloc_id) > 64 or session.get(Bloc, bloc_id) is None:
        raise NotFound("The bloc does not exist.", detail_vi="Không tìm thấy khối thi đua.")


def versions(session: Session, *, scope_key: str) -> Sequence[Regulation]:
    """Every version of the scope's regulation, newest first."""
    return session.scalars(
        select(Regulation).where(Regulation.scope_key == scope_key).order_by(Regulation.version.desc())
    ).all()


def in_force(session: Session, *, scope_key: str, on: date) -> Regulation | None:
    """The version in force on ``on``: the highest version whose ``effective_from`` is on or before it."""
    return session.scalars(
        select(Regulation)
        .where(Regulation.scope_key == scope_key, Regulation.effective_from <= on)
        .order_by(Regulation.version.desc())
        .limit(1)
    ).first()


def bloc_of_unit(session: Session, *, unit_id: str, year: int) -> str | None:
    return session.scalar(
        select(BlocMember.bloc_id).where(BlocMember.unit_id == unit_id, BlocMember.year == year)
    )


def overlay_for(session: Session, *, on: date, bloc_id: str | None = None) -> Overlay:
    """The settings in force on ``on``: the bloc's regulation on top of the ministry's on top of the law's
    defaults, with the versions read."""
    ministry = in_force(session, scope_key=MINISTRY, on=on)
    bloc = in_force(session, scope_key=bloc_scope(bloc_id), on=on) if bloc_id else None
    values = law_overlay.merge(ministry.values if ministry else {}, bloc.values if bloc else {})
    read = {r.scope_key: r.version for r in (ministry, bloc) if r is not None}
    return Overlay(values=values, versions=read)


def publish(
    *,
    session: Session,
    actor: audit.Actor,
    scope_key: str,
    values: Mapping[str, Any],
    effective_from: date,
    reason: str | None,
    bloc_id: str | None = None,
) -> Regulation:
    """Add a version. Settings are checked against the law (unknown keys, wrong types, a value that would
    loosen the law): 422 naming each problem, and nothing is written."""
    if bloc_id is not None:
        require_bloc(session, bloc_id)
    problems = law_overlay.validate_values(values)
    if problems:
        raise Invalid(
            "The regulation's settings are not valid: " + "; ".join(problems) + ".",
            detail_vi="Các thiết lập của quy chế không hợp lệ: " + "; ".join(problems) + ".",
            errors=[{"loc": ["body", "values"], "msg": p, "type": "value_error"} for p in problems],
        )
    latest = (
        session.scalar(select(func.max(Regulation.version)).where(Regulation.scope_key == scope_key)) or 0
    )
    regulation = Regulation(
        scope_key=scope_key,
        bloc_id=bloc_id,
        version=latest + 1,
        effective_from=effective_from,
        values=dict(values),
        reason=reason,
        created_by=actor.id,
    )
    try:
        with session.begin_nested():
            session.add(regulation)
    except IntegrityError as exc:  # another version was written at the same time
        raise Conflict(
            "Another version of this regulation was written at the same time; read it and try again.",
            code="concurrent_update",
            detail_vi="Một phiên bản khác của quy chế vừa được ghi; hãy đọc lại rồi thử lại.",
        ) from exc
    audit.record(
        session,
        actor=actor,
        action="regulation.publish",
        object_type="regulation",
        object_id=regulation.id,
        details={
            "scope": scope_key,
            "version": regulation.version,
            "effective_from": effective_from.isoformat(),
            "values": dict(values),
            "reason": reason,
        },
    )
    return regulation
