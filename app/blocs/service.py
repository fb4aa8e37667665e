"""Blocs and their yearly members: the use cases. No FastAPI here; services flush, the request commits."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership, repository
from app.core import audit, updates
from app.core.errors import Conflict, Invalid, NotFound, already_exists, refuse_code_change
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate_in_memory
from app.models import (
    Bloc,
    BlocMember,
    Unit,
    User,
)
from app.models.base import new_id, utcnow

_MAX_ID_LENGTH = 64
_ROLE_ORDER = {"leader": 0, "deputy": 1, "member": 2}


# ---- blocs --------------------------------------------------------------------------------------------


def bloc_not_found() -> NotFound:
    return NotFound("No bloc has this id.", detail_vi="Không có khối thi đua nào với mã định danh này.")


def exists(session: Session, bloc_id: str) -> bool:
    """Whether the bloc exists, read as a plain column (no ``Bloc`` is left in the session)."""
    return (
        len(bloc_id) <= _MAX_ID_LENGTH
        and session.scalar(select(Bloc.id).where(Bloc.id == bloc_id)) is not None
    )


def get(*, session: Session, bloc_id: str, for_update: bool = False) -> Bloc:
    bloc = session.get(Bloc, bloc_id, with_for_update=for_update) if len(bloc_id) <= _MAX_ID_LENGTH else None
    if bloc is None:
        raise bloc_not_found()
    return bloc


def list_blocs(
    *, session: Session, page: PageParams, code: str | None = None
) -> tuple[Sequence[Bloc], str | None]:
    return repository.blocs_page(session, page=page, code=code)


def create(
    *, session: Session, actor: audit.Actor, code: str, name: str, description: str | None = None
) -> Bloc:
    now = utcnow()
    bloc = Bloc(code=code, name=name, description=description or None, created_at=now, updated_at=now)
    taken = session.scalar(select(Bloc.id).where(Bloc.code == code)) is not None
    if not taken:
        try:
            with session.begin_nested():
                session.add(bloc)
        except IntegrityError:  # created by a transaction that committed after we looked
            taken = True
    if taken:
        raise already_exists("bloc", "khối thi đua", code)
    audit.record(
        session,
        actor=actor,
        action="bloc.create",
        object_type="bloc",
        object_id=bloc.id,
        details={"code": bloc.code, "name": bloc.name, "description": bloc.description},
    )
    return bloc


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    bloc_id: str,
    changes: Mapping[str, Any],
    code: str | None = None,
    if_match: str | None = None,
) -> Bloc:
    """Change ``name``/``description``. Changing nothing writes nothing (same version, no audit event)."""
    bloc = get(session=session, bloc_id=bloc_id)
    check_if_match(if_match, bloc)
    refuse_code_change(bloc.code, code, what="bloc", what_vi="khối thi đua")
    changes = dict(changes)
    if "description" in changes:
        changes["description"] = changes["description"] or None
    diff = updates.diff_of(bloc, changes)
    if not diff:
        return bloc
    updates.apply(bloc, diff)
    updates.record(
        session, actor, diff, object_type="bloc", object_id=bloc.id, code=bloc.code, what_vi="khối thi đua"
    )
    return bloc


# ---- yearly members: reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberView:
    unit_id: str
    role: str
    unit_code: str
    unit_name: str


@dataclass
class MembersTag:
    """The member list's ETag: ``"<bloc_id>.<year>.<digest of the list>"`` (see ``app.core.etag``)."""

    id: str
    version: int


def _ordered(rows: Iterable[MemberView]) -> list[MemberView]:
    return sorted(rows, key=lambda m: (_ROLE_ORDER.get(m.role, len(_ROLE_ORDER)), m.unit_code, m.unit_id))


def members(*, session: Session, bloc_id: str, year: int) -> list[MemberView]:
    """The bloc-year's members: the leader, the deputy, then the members by unit code."""
    rows = repository.member_rows(session, bloc_id=bloc_id, year=year)
    return _ordered(MemberView(*row) for row in rows)


def members_tag(*, bloc_id: str, year: int, pairs: Iterable[tuple[str, str]]) -> MembersTag:
    """From the (unit_id, role) pairs: any change to the list changes the tag, and nothing else does."""
    listing = "\n".join(sorted(f"{unit_id}:{role}" for unit_id, role in pairs))
    digest = int(hashlib.sha256(listing.encode()).hexdigest()[:15], 16)
    return MembersTag(id=f"{bloc_id}.{year}", version=digest)


def memberships_of(session: Session, unit_id: str) -> list[dict[str, Any]]:
    """Every year the unit belongs to a bloc, newest first: ``{"year", "bloc_id", "role", "campaign_id"}``
    (``campaign_id`` is that bloc-year's campaign, or None before it is opened)."""
    rows = repository.membership_rows(session, unit_id=unit_id)
    return [
        {"year": year, "bloc_id": bloc_id, "role": role, "campaign_id": campaign_id}
        for year, bloc_id, role, campaign_id in rows
    ]


@dataclass(frozen=True)
class Delegate:
    user: User
    unit: MemberView  # the member unit the officer acts for, with its code and name


def delegates_page(
    *, session: Session, bloc_id: str, year: int, page: PageParams
) -> tuple[Sequence[Delegate], str | None]:
    """Active officers of the units that are members of the bloc that year, in the members' order, a page at
    a time. The list is a few officers per member unit, computed whole (the officer role is filtered in
    Python); the cursor is the last delegate's place in that order."""
    listed = members(session=session, bloc_id=bloc_id, year=year)
    order = {m.unit_id: i for i, m in enumerate(listed)}
    return paginate_in_memory(
        _delegates(session, listed), page, key=lambda d: list(_delegate_key(order, d.user))
    )


def _delegates(session: Session, listed: Sequence[MemberView]) -> list[Delegate]:
    order = {m.unit_id: i for i, m in enumerate(listed)}
    if not order:
        return []
    users = session.scalars(select(User).where(User.unit_id.in_(list(order)), User.active.is_(True))).all()
    # Roles are a JSON list: filtered here, the same way on SQLite and PostgreSQL.
    officers = [u for u in users if "officer" in (u.roles or [])]
    ordered = sorted(officers, key=lambda u: _delegate_key(order, u))
    return [Delegate(u, listed[order[u.unit_id or ""]]) for u in ordered]


def _delegate_key(order: Mapping[str, int], user: User) -> tuple[int, str, str]:
    return order.get(user.unit_id or "", len(order)), user.full_name, user.id


# ---- yearly members: writing --------------------------------------------------------------------------


def units_with_activity(session: Session, bloc_id: str, year: int, unit_ids: Iterable[str]) -> set[str]:
    """The units among ``unit_ids`` that already took part in the bloc's year: they can no longer be
    removed from it without orphaning what they did.

    Activity: a signature of the pledge of that bloc-year's campaign, a registration, a score sheet or a
    report in that campaign, a comment on or addition to the bloc's year report, or a ballot cast by one of
    the unit's officers in one of its sessions (known from ``ballot_voters``, which records who voted and
    nothing of what; a one-delegate-per-unit ballot records its delegate there too).
    """
    wanted = set(unit_ids)
    if not wanted:
        return set()
    return repository.units_with_activity(session, bloc_id=bloc_id, year=year, unit_ids=wanted)


@dataclass(frozen=True)
class MembershipChange:
    added: dict[str, str]  # unit_id -> role
    removed: dict[str, str]  # unit_id -> previous role
    role_changes: dict[str, tuple[str, str]]  # unit_id -> (from, to)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.role_changes)

    def audit_details(self, *, bloc: Bloc, year: int) -> dict[str, Any]:
        return {
            "bloc_code": bloc.code,
            "year": year,
            "added": [{"unit_id": u, "role": r} for u, r in sorted(self.added.items())],
            "removed": [{"unit_id": u, "role": r} for u, r in sorted(self.removed.items())],
            "role_changes": [
                {"unit_id": u, "from": old, "to": new} for u, (old, new) in sorted(self.role_changes.items())
            ],
        }


def diff_members(current: Mapping[str, str], wanted: Mapping[str, str]) -> MembershipChange:
    """Pure: what turns ``current`` (unit_id → role) into ``wanted``."""
    return MembershipChange(
        added={u: r for u, r in wanted.items() if u not in current},
        removed={u: r for u, r in current.items() if u not in wanted},
        role_changes={u: (current[u], r) for u, r in wanted.items() if u in current and current[u] != r},
    )


def _member_loc(index: int) -> list[Any]:
    return ["body", "members", index, "unit_id"]


def _validate_list(session: Session, entries: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The body's rules: each unit once, every unit known, one leader and at most one deputy."""
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, (unit_id, _role) in enumerate(entries):
        if unit_id in seen:
            errors.append({"loc": _member_loc(i), "msg": "unit listed twice", "type": "duplicate_unit"})
        seen.add(unit_id)
    known = set(session.scalars(select(Unit.id).where(Unit.id.in_(seen)))) if seen else set()
    errors += [
        {"loc": _member_loc(i), "msg": f"no unit has id {unit_id!r}", "type": "unknown_unit"}
        for i, (unit_id, _role) in enumerate(entries)
        if unit_id not in known
    ]
    errors += [
        {"loc": ["body", "members"], "msg": problem, "type": "leadership"}
        for problem in leadership.leadership_problems([role for _unit, role in entries])
    ]
    if errors:
        raise Invalid(
            "The member list breaks the bloc's rules.",
            detail_vi="Danh sách thành viên không hợp lệ.",
            errors=errors,
        )
    return dict(entries)


def _in_other_blocs(session: Session, *, bloc_id: str, year: int, unit_ids: Iterable[str]) -> dict[str, str]:
    """unit_id → the code of the other bloc it belongs to that year."""
    ids = list(unit_ids)
    if not ids:
        return {}
    return repository.other_bloc_codes(session, bloc_id=bloc_id, year=year, unit_ids=ids)


def _unit_in_other_bloc(taken: Mapping[str, str], entries: Sequence[tuple[str, str]], year: int) -> Conflict:
    index = {unit_id: i for i, (unit_id, _role) in enumerate(entries)}
    return Conflict(
        f"{len(taken)} unit(s) already belong to another bloc in {year}.",
        code="unit_in_other_bloc",
        detail_vi=f"{len(taken)} đơn vị đã thuộc một khối thi đua khác trong năm {year}.",
        errors=[
            {
                "loc": _member_loc(index[unit_id]),
                "msg": f"unit {unit_id} is a member of bloc {other!r} in {year}",
                "type": "unit_in_other_bloc",
            }
            for unit_id, other in sorted(taken.items(), key=lambda item: index[item[0]])
        ],
        extra={"unit_ids": sorted(taken, key=index.__getitem__)},
    )


def _member_has_activity(unit_ids: set[str], year: int) -> Conflict:
    return Conflict(
        f"{len(unit_ids)} unit(s) to remove already took part in the bloc's year {year}.",
        code="member_has_activity",
        detail_vi=f"{len(unit_ids)} đơn vị cần bỏ ra đã tham gia hoạt động của khối trong năm {year}.",
        errors=[
            {
                "loc": ["body", "members"],
                "msg": f"unit {unit_id} has activity in {year} and cannot be removed",
                "type": "member_has_activity",
            }
            for unit_id in sorted(unit_ids)
        ],
        extra={"unit_ids": sorted(unit_ids)},
    )


def set_members(
    *,
    session: Session,
    actor: audit.Actor,
    bloc_id: str,
    year: int,
    entries: Sequence[tuple[str, str]],
    if_match: str | None = None,
) -> list[MemberView]:
    """Replace the bloc-year's member list with ``entries`` ((unit_id, role) pairs); returns the new list.

    Other years are untouched (each year keeps its own history).
    """
    # Locking the bloc serialises writers of its lists on PostgreSQL (SQLite's write lock already does),
    # so If-Match, the activity check and the diff all see the list this write replaces.
    bloc = get(session=session, bloc_id=bloc_id, for_update=True)
    wanted = _validate_list(session, entries)
    # The rows are locked too: a feature that records activity reads the unit's membership row FOR SHARE,
    # so either it waits for this write (and finds the unit gone) or this write waits for it (and the
    # activity check below sees what it recorded).
    rows = {m.unit_id: m for m in repository.members_for_update(session, bloc_id=bloc_id, year=year)}
    if if_match is not None:
        pairs = [(m.unit_id, m.role) for m in rows.values()]
        check_if_match(if_match, members_tag(bloc_id=bloc_id, year=year, pairs=pairs))
    change = diff_members({u: m.role for u, m in rows.items()}, wanted)
    if change.empty:
        return members(session=session, bloc_id=bloc_id, year=year)
    taken = _in_other_blocs(session, bloc_id=bloc_id, year=year, unit_ids=change.added)
    if taken:
        raise _unit_in_other_bloc(taken, entries, year)
    busy = units_with_activity(session, bloc_id, year, change.removed)
    if busy:
        raise _member_has_activity(busy, year)
    _write(session, bloc_id=bloc_id, year=year, rows=rows, change=change, entries=entries)
    audit.record(
        session,
        actor=actor,
        action="bloc.members.set",
        object_type="bloc",
        object_id=bloc.id,
        details=change.audit_details(bloc=bloc, year=year),
    )
    return members(session=session, bloc_id=bloc_id, year=year)


def _write(
    session: Session,
    *,
    bloc_id: str,
    year: int,
    rows: Mapping[str, BlocMember],
    change: MembershipChange,
    entries: Sequence[tuple[str, str]],
) -> None:
    """Delete first, then insert: the partial unique indexes (one leader, one deputy per bloc-year) never
    see two leaders, even when the leader and a member swap roles."""
    # A role change keeps the unit's place in the year's history.
    since = {unit_id: rows[unit_id].created_at for unit_id in change.role_changes}
    for unit_id in [*change.removed, *change.role_changes]:
        session.delete(rows[unit_id])
    session.flush()
    now = utcnow()
    inserted = [
        BlocMember(
            id=new_id(),
            bloc_id=bloc_id,
            year=year,
            unit_id=unit_id,
            role=role,
            created_at=since.get(unit_id) or now,
        )
        for unit_id, role in entries
        if unit_id in change.added or unit_id in change.role_changes
    ]
    try:
        with session.begin_nested():
            session.add_all(inserted)
    except IntegrityError as exc:
        # A concurrent request put one of these units in another bloc after our check (the unique
        # constraint on year and unit decided): name it, as the check would have.
        taken = _in_other_blocs(session, bloc_id=bloc_id, year=year, unit_ids=change.added)
        if taken:
            raise _unit_in_other_bloc(taken, entries, year) from exc
        raise Conflict(
            "The member list was changed by another request; reload it and retry.",
            code="concurrent_update",
            detail_vi="Danh sách thành viên vừa bị thay đổi bởi một yêu cầu khác; hãy tải lại và thử lại.",
        ) from exc
