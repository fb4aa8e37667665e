"""The council (Hội đồng Thi đua - Khen thưởng) per term and its members: the use cases. No FastAPI here;
services flush, the route commits.

A member who leaves gets ``left_on`` (no longer a member from that day). A member no session has counted
yet may be removed; one a session counted stays, so that session's minutes keep naming them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, Invalid
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.council import policies, repository
from app.models import Council, CouncilMember, CouncilRole
from app.models.base import utcnow


@dataclass(frozen=True)
class MemberView:
    member: CouncilMember
    user_name: str | None


@dataclass(frozen=True)
class CouncilView:
    council: Council
    members: list[MemberView]


def _flush(session: Session) -> None:
    updates.flush(session, what="council", what_vi="hội đồng")


def _load(session: Session, council_id: str) -> Council:
    council = session.get(Council, council_id) if len(council_id) <= 64 else None
    if council is None:
        raise policies.council_not_found()
    return council


def member_views(session: Session, rows: Sequence[CouncilMember]) -> list[MemberView]:
    names = repository.user_names(session, {m.user_id for m in rows if m.user_id})
    return [MemberView(m, names.get(m.user_id) if m.user_id else None) for m in rows]


def view(session: Session, council: Council) -> CouncilView:
    return CouncilView(council, member_views(session, repository.members(session, council.id)))


def get(*, session: Session, council_id: str) -> CouncilView:
    return view(session, _load(session, council_id))


def list_councils(*, session: Session, page: PageParams) -> tuple[list[CouncilView], str | None]:
    rows, next_cursor = paginate(
        session, select(Council), page, created_col=Council.created_at, id_col=Council.id
    )
    return [view(session, c) for c in rows], next_cursor


def _term_errors(term_start: date, term_end: date | None) -> None:
    if term_end is not None and term_end < term_start:
        raise Invalid(
            "The term cannot end before it starts.",
            detail_vi="Nhiệm kỳ không thể kết thúc trước khi bắt đầu.",
            errors=[{"loc": ["body", "term_end"], "msg": "before term_start", "type": "term_order"}],
        )


def create(*, session: Session, principal: Principal, fields: Mapping[str, Any]) -> CouncilView:
    _term_errors(fields["term_start"], fields.get("term_end"))
    now = utcnow()
    council = Council(**fields, created_at=now, updated_at=now)
    session.add(council)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="council.create",
        object_type="council",
        object_id=council.id,
        details={"name": council.name, "term_start": str(council.term_start)},
    )
    return view(session, council)


def patch(
    *,
    session: Session,
    principal: Principal,
    council_id: str,
    changes: Mapping[str, Any],
    if_match: str | None,
) -> CouncilView:
    council = _load(session, council_id)
    check_if_match(if_match, council)
    _term_errors(changes.get("term_start", council.term_start), changes.get("term_end", council.term_end))
    diff = updates.diff_of(council, changes)
    if diff:
        updates.apply(council, diff)
        council.updated_at = utcnow()
        updates.record(
            session,
            principal.actor,
            {k: [str(a), str(b)] for k, (a, b) in diff.items()},
            object_type="council",
            object_id=council.id,
            code=council.name,
            what_vi="hội đồng",
        )
    return view(session, council)


# ---- members -------------------------------------------------------------------------------------------


def _member(session: Session, council_id: str, member_id: str) -> CouncilMember:
    member = session.get(CouncilMember, member_id) if len(member_id) <= 64 else None
    if member is None or member.council_id != council_id:
        raise policies.member_not_found()
    return member


def _check_user(session: Session, user_id: str | None) -> None:
    if user_id is not None and not repository.user_active(session, user_id):
        raise Invalid(
            "The user does not exist or is disabled.",
            code="user_not_found",
            detail_vi="Tài khoản người dùng không tồn tại hoặc đã bị khóa.",
            errors=[{"loc": ["body", "user_id"], "msg": "no such active user", "type": "user_not_found"}],
        )


def _one_chair(session: Session, council_id: str, member: CouncilMember) -> None:
    """One chair at a time: the one who opens and closes sessions besides the secretariat."""
    if member.role != CouncilRole.CHAIR or member.left_on is not None:
        return
    other = session.scalar(
        select(CouncilMember.id).where(
            CouncilMember.council_id == council_id,
            CouncilMember.role == CouncilRole.CHAIR,
            CouncilMember.left_on.is_(None),
            CouncilMember.id != member.id,
        )
    )
    if other is not None:
        raise Conflict(
            "The council already has a chair; the former chair leaves (or changes role) first.",
            code="council_has_chair",
            detail_vi="Hội đồng đã có Chủ tịch; cần cập nhật Chủ tịch cũ trước.",
            extra={"member_id": other},
        )


def _user_taken() -> Conflict:
    return Conflict(
        "That user is a member of this council already.",
        code="council_member_exists",
        detail_vi="Tài khoản này đã là thành viên của Hội đồng.",
        errors=[{"loc": ["body", "user_id"], "msg": "already a member", "type": "council_member_exists"}],
    )


def _member_details(member: CouncilMember) -> dict[str, Any]:
    return {
        "council_id": member.council_id,
        "full_name": member.full_name,
        "role": str(member.role),
        "is_secretary": member.is_secretary,
        "user_id": member.user_id,
    }


def add_member(
    *, session: Session, principal: Principal, council_id: str, fields: Mapping[str, Any]
) -> MemberView:
    _load(session, council_id)
    _check_user(session, fields.get("user_id"))
    now = utcnow()
    member = CouncilMember(council_id=council_id, **fields, created_at=now, updated_at=now)
    _one_chair(session, council_id, member)
    try:
        with session.begin_nested():
            session.add(member)
            session.flush()
    except IntegrityError as exc:
        raise _user_taken() from exc
    audit.record(
        session,
        actor=principal.actor,
        action="council.member_add",
        object_type="council_member",
        object_id=member.id,
        details=_member_details(member),
    )
    return member_views(session, [member])[0]


def list_members(
    *, session: Session, council_id: str, page: PageParams
) -> tuple[list[MemberView], str | None]:
    stmt = select(CouncilMember).where(CouncilMember.council_id == council_id)
    rows, next_cursor = paginate(
        session, stmt, page, created_col=CouncilMember.created_at, id_col=CouncilMember.id
    )
    return member_views(session, rows), next_cursor


def patch_member(
    *,
    session: Session,
    principal: Principal,
    council_id: str,
    member_id: str,
    changes: Mapping[str, Any],
) -> MemberView:
    member = _member(session, council_id, member_id)
    if "user_id" in changes and changes["user_id"] != member.user_id:
        _check_user(session, changes["user_id"])
    diff = updates.diff_of(member, changes)
    if diff:
        updates.apply(member, diff)
        _one_chair(session, council_id, member)
        member.updated_at = utcnow()
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:
            raise _user_taken() from exc
        audit.record(
            session,
            actor=principal.actor,
            action="council.member_update",
            object_type="council_member",
            object_id=member.id,
            details={
                "council_id": council_id,
                "changes": {k: [str(a), str(b)] for k, (a, b) in diff.items()},
            },
        )
    return member_views(session, [member])[0]


def remove_member(*, session: Session, principal: Principal, council_id: str, member_id: str) -> None:
    member = _member(session, council_id, member_id)
    if repository.member_counted(session, member.id):
        raise Conflict(
            "A session has counted this member: they are never removed; set `left_on` instead.",
            code="council_member_counted",
            detail_vi="Thành viên đã được tính trong một phiên họp nên không thể xóa; hãy ghi ngày thôi "
            "làm thành viên (left_on).",
        )
    details = _member_details(member)
    repository.drop_draft_attendance(session, member.id)
    session.delete(member)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="council.member_remove",
        object_type="council_member",
        object_id=member_id,
        details=details,
    )
