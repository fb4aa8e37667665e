"""The conference's people: invited guests, the delegates each member unit sends, their check-in, and
the unit's voting delegate. No FastAPI here; services flush, the route commits.

A unit's voting delegate changes through a ``ConferenceSubstitution`` (from the previous one, if any, to
the new one, with the reason): the partial unique index allows one voting delegate per unit, so the old
flag is cleared (and flushed) before the new one is set, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.conferences import errors, policies, repository, service
from app.core import audit
from app.core.errors import Conflict
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.models import (
    Campaign,
    Conference,
    ConferenceDelegate,
    ConferenceGuest,
    ConferenceStatus,
    ConferenceSubstitution,
)
from app.models.base import utcnow


@dataclass(frozen=True)
class GuestView:
    guest: ConferenceGuest
    user_name: str | None


@dataclass(frozen=True)
class DelegateView:
    delegate: ConferenceDelegate
    unit_name: str
    user_name: str | None
    checked_in_by_name: str | None = None


# ---- guests --------------------------------------------------------------------------------------------


def _guest(session: Session, conference_id: str, guest_id: str) -> ConferenceGuest:
    guest = session.get(ConferenceGuest, guest_id) if len(guest_id) <= 64 else None
    if guest is None or guest.conference_id != conference_id:
        raise policies.guest_not_found()
    return guest


def guest_views(session: Session, rows: list[ConferenceGuest]) -> list[GuestView]:
    names = repository.user_names(session, {g.user_id for g in rows if g.user_id})
    return [GuestView(g, names.get(g.user_id) if g.user_id else None) for g in rows]


def _guest_taken() -> Conflict:
    return Conflict(
        "That user is a guest of this conference already.",
        code="guest_exists",
        detail_vi="Tài khoản này đã là khách mời của hội nghị.",
        errors=[{"loc": ["body", "user_id"], "msg": "already a guest", "type": "guest_exists"}],
    )


def _guest_details(guest: ConferenceGuest) -> dict[str, Any]:
    return {
        "conference_id": guest.conference_id,
        "full_name": guest.full_name,
        "position": guest.position,
        "user_id": guest.user_id,
    }


def add_guest(
    *, session: Session, principal: Principal, conference_id: str, fields: Mapping[str, Any]
) -> GuestView:
    service.writable(session, conference_id)
    if fields.get("user_id") is not None and repository.active_user(session, fields["user_id"]) is None:
        raise errors.user_not_found(["user_id"])
    now = utcnow()
    guest = ConferenceGuest(conference_id=conference_id, **fields, created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(guest)
            session.flush()
    except IntegrityError as exc:
        raise _guest_taken() from exc
    audit.record(
        session,
        actor=principal.actor,
        action="conference.guest_add",
        object_type="conference_guest",
        object_id=guest.id,
        details=_guest_details(guest),
    )
    return guest_views(session, [guest])[0]


def list_guests(
    *, session: Session, conference_id: str, page: PageParams
) -> tuple[list[GuestView], str | None]:
    stmt = select(ConferenceGuest).where(ConferenceGuest.conference_id == conference_id)
    rows, next_cursor = paginate(
        session, stmt, page, created_col=ConferenceGuest.created_at, id_col=ConferenceGuest.id
    )
    return guest_views(session, list(rows)), next_cursor


def get_guest(*, session: Session, conference_id: str, guest_id: str) -> GuestView:
    return guest_views(session, [_guest(session, conference_id, guest_id)])[0]


def patch_guest(
    *,
    session: Session,
    principal: Principal,
    conference_id: str,
    guest_id: str,
    changes: Mapping[str, Any],
) -> GuestView:
    service.writable(session, conference_id)
    guest = _guest(session, conference_id, guest_id)
    user_id = changes.get("user_id")
    if user_id is not None and user_id != guest.user_id and repository.active_user(session, user_id) is None:
        raise errors.user_not_found(["user_id"])
    diff = {k: (getattr(guest, k), v) for k, v in changes.items() if getattr(guest, k) != v}
    if diff:
        for k, (_old, new) in diff.items():
            setattr(guest, k, new)
        guest.updated_at = utcnow()
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:
            raise _guest_taken() from exc
        audit.record(
            session,
            actor=principal.actor,
            action="conference.guest_update",
            object_type="conference_guest",
            object_id=guest.id,
            details={
                "conference_id": conference_id,
                "changes": {k: [str(a), str(b)] for k, (a, b) in diff.items()},
            },
        )
    return guest_views(session, [guest])[0]


def remove_guest(*, session: Session, principal: Principal, conference_id: str, guest_id: str) -> None:
    service.writable(session, conference_id)
    guest = _guest(session, conference_id, guest_id)
    details = _guest_details(guest)
    session.delete(guest)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="conference.guest_remove",
        object_type="conference_guest",
        object_id=guest_id,
        details=details,
    )


# ---- delegates -----------------------------------------------------------------------------------------


def delegate_views(session: Session, rows: list[ConferenceDelegate]) -> list[DelegateView]:
    units = repository.unit_names(session, {d.unit_id for d in rows})
    users = repository.user_names(session, {d.user_id for d in rows if d.user_id})
    return [
        DelegateView(d, units.get(d.unit_id, ""), users.get(d.user_id) if d.user_id else None) for d in rows
    ]


def _delegate(
    session: Session, conference_id: str, delegate_id: str, *, lock: bool = False
) -> ConferenceDelegate:
    delegate = (
        session.get(ConferenceDelegate, delegate_id, with_for_update=lock) if len(delegate_id) <= 64 else None
    )
    if delegate is None or delegate.conference_id != conference_id:
        raise policies.delegate_not_found()
    return delegate


def _no_account() -> Conflict:
    return Conflict(
        "A voting delegate needs an account (`user_id`) to vote with.",
        code="delegate_has_no_account",
        detail_vi="Đại biểu biểu quyết cần có tài khoản (user_id) để bỏ phiếu.",
    )


def _delegate_taken() -> Conflict:
    return Conflict(
        "That user is a delegate of this conference already, or the unit has a voting delegate already "
        "(change it with `PUT .../units/{unit_id}/voting-delegate`).",
        code="delegate_exists",
        detail_vi="Tài khoản này đã là đại biểu của hội nghị, hoặc đơn vị đã có đại biểu biểu quyết.",
    )


def _check_delegate(session: Session, campaign: Campaign, fields: Mapping[str, Any]) -> None:
    role = leadership.unit_role(
        session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=fields["unit_id"]
    )
    if role is None:
        raise errors.not_a_member(["unit_id"])
    user_id = fields.get("user_id")
    if user_id is not None:
        user = repository.active_user(session, user_id)
        if user is None or user.unit_id != fields["unit_id"]:
            raise errors.invalid(
                "The user is not an active user of the delegate's unit.",
                "Tài khoản không phải tài khoản đang hoạt động của đơn vị đại biểu.",
                ["user_id"],
                code="user_not_found",
            )
    elif fields.get("voting"):
        raise _no_account()


def add_delegate(
    *, session: Session, principal: Principal, conference_id: str, fields: Mapping[str, Any]
) -> DelegateView:
    _conference, campaign = service.writable(session, conference_id)
    _check_delegate(session, campaign, fields)
    now = utcnow()
    delegate = ConferenceDelegate(conference_id=conference_id, **fields, created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(delegate)
            session.flush()
    except IntegrityError as exc:
        raise _delegate_taken() from exc
    audit.record(
        session,
        actor=principal.actor,
        action="conference.delegate_add",
        object_type="conference_delegate",
        object_id=delegate.id,
        details={
            "conference_id": conference_id,
            "unit_id": delegate.unit_id,
            "full_name": delegate.full_name,
            "user_id": delegate.user_id,
            "voting": delegate.voting,
        },
    )
    return delegate_views(session, [delegate])[0]


def list_delegates(
    *, session: Session, conference_id: str, unit_id: str | None, page: PageParams
) -> tuple[list[DelegateView], str | None]:
    stmt = select(ConferenceDelegate).where(ConferenceDelegate.conference_id == conference_id)
    if unit_id is not None:
        stmt = stmt.where(ConferenceDelegate.unit_id == unit_id)
    rows, next_cursor = paginate(
        session, stmt, page, created_col=ConferenceDelegate.created_at, id_col=ConferenceDelegate.id
    )
    return delegate_views(session, list(rows)), next_cursor


def check_in(*, session: Session, principal: Principal, conference_id: str, delegate_id: str) -> DelegateView:
    """Mark the delegate arrived; a second check-in keeps the first time (and records nothing)."""
    conference, _campaign = service.writable(session, conference_id, live=False)
    if conference.status != ConferenceStatus.OPEN:
        raise errors.not_open(conference)
    delegate = _delegate(session, conference_id, delegate_id, lock=True)
    if delegate.checked_in_at is None:
        delegate.checked_in_at = utcnow()
        delegate.checked_in_by = principal.id
        delegate.updated_at = delegate.checked_in_at
        session.flush()
        audit.record(
            session,
            actor=principal.actor,
            action="conference.check_in",
            object_type="conference_delegate",
            object_id=delegate.id,
            details={"conference_id": conference_id, "unit_id": delegate.unit_id},
        )
    return delegate_views(session, [delegate])[0]


@dataclass(frozen=True)
class SubstitutionView:
    substitution: ConferenceSubstitution
    delegate: DelegateView
    from_delegate_name: str | None
    recorded_by_name: str | None


def _not_checked_in() -> Conflict:
    return Conflict(
        "The new voting delegate has not checked in.",
        code="delegate_not_checked_in",
        detail_vi="Đại biểu biểu quyết mới chưa điểm danh.",
    )


def set_voting_delegate(
    *,
    session: Session,
    principal: Principal,
    conference_id: str,
    unit_id: str,
    delegate_id: str,
    reason: str,
) -> SubstitutionView:
    """Make ``delegate_id`` the unit's voting delegate, recording the substitution."""
    conference, _campaign = service.writable(session, conference_id, live=False)
    if conference.status != ConferenceStatus.OPEN:
        raise errors.not_open(conference)
    delegate = (
        session.get(ConferenceDelegate, delegate_id, with_for_update=True) if len(delegate_id) <= 64 else None
    )
    if delegate is None or delegate.conference_id != conference_id or delegate.unit_id != unit_id:
        raise errors.invalid(
            "No such delegate of this unit at the conference.",
            "Đơn vị không có đại biểu này tại hội nghị.",
            ["delegate_id"],
        )
    if delegate.user_id is None:
        raise _no_account()
    if delegate.checked_in_at is None:
        raise _not_checked_in()
    previous = repository.voting_delegate(session, conference_id, unit_id)
    if previous is not None and previous.id == delegate.id:
        raise Conflict(
            "That delegate is already the unit's voting delegate.",
            code="already_voting_delegate",
            detail_vi="Đại biểu này đã là đại biểu biểu quyết của đơn vị.",
        )
    now = utcnow()
    if previous is not None:
        previous.voting = False
        previous.updated_at = now
        session.flush()  # the partial unique index: one voting delegate per unit at any moment
    delegate.voting = True
    delegate.updated_at = now
    substitution = ConferenceSubstitution(
        conference_id=conference_id,
        unit_id=unit_id,
        from_delegate_id=previous.id if previous is not None else None,
        to_delegate_id=delegate.id,
        reason=reason,
        recorded_by=principal.id,
        recorded_at=now,
    )
    session.add(substitution)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="conference.voting_delegate_set",
        object_type="conference",
        object_id=conference_id,
        details={
            "unit_id": unit_id,
            "from_delegate_id": substitution.from_delegate_id,
            "to_delegate_id": delegate.id,
            "reason": reason,
        },
    )
    recorder = repository.user_names(session, {principal.id}).get(principal.id)
    return SubstitutionView(
        substitution,
        delegate_views(session, [delegate])[0],
        previous.full_name if previous is not None else None,
        recorder,
    )


def substitutions(session: Session, conference: Conference) -> list[ConferenceSubstitution]:
    return list(
        session.scalars(
            select(ConferenceSubstitution)
            .where(ConferenceSubstitution.conference_id == conference.id)
            .order_by(ConferenceSubstitution.recorded_at, ConferenceSubstitution.id)
        )
    )
