"""The counting committee (ban kiểm phiếu) of a ballot session and its paper counts: the use cases. No
FastAPI here; services flush, the request's route commits.

- The committee is named (replaced whole) by the session's managers while the session is a draft or open.
- Once a paper or mixed session is closed, each committee member with an account enters the paper count
  independently, and may correct it until the session is published. After every entry, under the session
  row's lock (FOR UPDATE: two members entering at the same moment are taken one after the other), the
  entries are compared: when at least two agree exactly, the session's ``paper_count`` and ``result`` are
  set from them (``app.counting.result``); when they do not (a correction broke the agreement), both are
  cleared again, and the result is not available until they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core import audit, names
from app.core.errors import Conflict, Invalid
from app.core.principal import Principal
from app.counting import agreement, gate, repository, result
from app.counting.agreement import Agreement, PaperEntry
from app.counting.policies import not_counting_member
from app.models import BallotMethod, CountingMember, CountingRole, PaperCount, SessionStatus, VotingSession
from app.models.base import utcnow
from app.voting import ballots, settings, visibility
from app.voting import repository as voting_repository

MIN_ENTERING = 2  # members with accounts: two independent entries of the count

_MAX_ID_LENGTH = 64
COMMITTEE_OPEN = frozenset({SessionStatus.DRAFT, SessionStatus.OPEN})


@dataclass(frozen=True)
class NewMember:
    full_name: str
    title: str
    role: CountingRole
    user_id: str | None


@dataclass(frozen=True)
class CommitteeView:
    vs: VotingSession
    members: list[CountingMember]


@dataclass(frozen=True)
class EntryView:
    member: CountingMember
    count: PaperCount
    entry: PaperEntry | None  # None: hidden from this reader (a member who has not entered yet)


@dataclass(frozen=True)
class CountsView:
    vs: VotingSession
    candidate_ids: list[str]
    entries: list[EntryView]
    agreement: Agreement
    hidden: bool  # the numbers (and the differences' values) are hidden from this reader
    units: dict[str, names.UnitName]  # the candidates'
    users: dict[str, str]  # the accounts that entered


def _session(session: Session, session_id: str, *, lock: bool = False) -> VotingSession:
    """The session the route's policy admitted the principal to; FOR UPDATE and freshly read when
    ``lock``. 404 only if it vanished since."""
    vs = None
    if len(session_id) <= _MAX_ID_LENGTH:
        vs = (
            session.get(VotingSession, session_id, with_for_update=True, populate_existing=True)
            if lock
            else session.get(VotingSession, session_id)
        )
    if vs is None:
        raise visibility.not_found()
    return vs


# ---- the committee --------------------------------------------------------------------------------------


def committee(*, session: Session, principal: Principal, session_id: str) -> CommitteeView:
    vs = _session(session, session_id)
    return CommitteeView(vs=vs, members=repository.members(session, session_id=vs.id))


def _require_accounts(session: Session, members: Sequence[NewMember]) -> None:
    """422 naming each member whose account is not an active user."""
    ids = [m.user_id for m in members if m.user_id is not None]
    active = repository.active_user_ids(session, user_ids=ids)
    wrong = [
        (i, m.user_id) for i, m in enumerate(members) if m.user_id is not None and m.user_id not in active
    ]
    if wrong:
        raise Invalid(
            "A committee member's account must be an active user; not: "
            + ", ".join(str(u) for _, u in wrong)
            + ".",
            detail_vi="Tài khoản của thành viên Ban kiểm phiếu phải là người dùng đang hoạt động.",
            errors=[
                {
                    "loc": ["body", "members", i, "user_id"],
                    "msg": "no such active user",
                    "type": "unknown_user",
                }
                for i, _ in wrong
            ],
        )


def committee_problem(members: Sequence[NewMember]) -> str | None:
    """What is wrong with a committee's make-up: no head, fewer than two accounts, an account twice."""
    if not any(m.role == CountingRole.HEAD for m in members):
        return "the committee needs a head (role: head)"
    accounts = [m.user_id for m in members if m.user_id is not None]
    if len(accounts) < MIN_ENTERING:
        return "at least two members need accounts (user_id), to enter the count twice"
    if len(set(accounts)) != len(accounts):
        return "an account (user_id) is given to one member only"
    return None


def _require_committee_shape(members: Sequence[NewMember]) -> None:
    problem = committee_problem(members)
    if problem is not None:
        raise Invalid(
            f"The counting committee is not valid: {problem}.",
            detail_vi="Ban kiểm phiếu phải có Trưởng ban và ít nhất hai thành viên có tài khoản, mỗi tài "
            "khoản chỉ một người.",
            errors=[{"loc": ["body", "members"], "msg": problem, "type": "value_error"}],
        )


def set_committee(
    *, session: Session, principal: Principal, session_id: str, members: Sequence[NewMember]
) -> CommitteeView:
    """Replace the session's committee (only while it is a draft or open: its counts come after)."""
    _require_committee_shape(members)
    vs = _session(session, session_id, lock=True)
    if vs.status not in COMMITTEE_OPEN:
        raise Conflict(
            f"The session is {vs.status}; its counting committee is named while it is a draft or open.",
            code="counting_committee_locked",
            detail_vi="Ban kiểm phiếu chỉ được lập hoặc thay đổi khi phiên bỏ phiếu còn là dự thảo hoặc đang "
            "mở.",
            extra={"session_status": vs.status},
        )
    _require_accounts(session, members)
    rows = [
        CountingMember(full_name=m.full_name, title=m.title, role=m.role, user_id=m.user_id) for m in members
    ]
    repository.replace_members(session, session_id=vs.id, members=rows)
    audit.record(
        session,
        actor=principal.actor,
        action="counting_committee.set",
        object_type="voting_session",
        object_id=vs.id,
        details={
            "members": len(rows),
            "heads": sum(1 for m in rows if m.role == CountingRole.HEAD),
            "with_accounts": sum(1 for m in rows if m.user_id is not None),
        },
    )
    return CommitteeView(vs=vs, members=repository.members(session, session_id=vs.id))


# ---- the paper counts -----------------------------------------------------------------------------------


def _require_enterable(vs: VotingSession) -> None:
    if not gate.counted_on_paper(vs):
        raise Conflict(
            "This session's ballots are electronic; it has no paper count.",
            code="not_paper_session",
            detail_vi="Phiên này bỏ phiếu điện tử, không có kết quả kiểm phiếu giấy.",
        )
    if vs.status == SessionStatus.PUBLISHED:
        raise Conflict(
            "The session's results are published; its paper count no longer changes.",
            code="paper_count_published",
            detail_vi="Kết quả phiên bỏ phiếu đã công bố; không thể sửa kết quả kiểm phiếu.",
        )
    if vs.status != SessionStatus.CLOSED:
        raise Conflict(
            f"The session is {vs.status}; the paper count is entered once it is closed.",
            code="session_not_closed",
            detail_vi="Phiên bỏ phiếu chưa kết thúc; kết quả kiểm phiếu được nhập sau khi kết thúc bỏ phiếu.",
            extra={"session_status": vs.status},
        )


def _electronic(session: Session, vs: VotingSession) -> result.ElectronicPart:
    """A mixed session's electronic ballots (none for paper), counted under the session's lock."""
    if vs.method != BallotMethod.MIXED:
        return result.electronic_part([])
    return result.electronic_part(ballots.all_choices(session, vs.id))


def _validated(session: Session, vs: VotingSession, entry: PaperEntry, electronic: int) -> list[str]:
    candidates = voting_repository.candidate_ids(session, session_id=vs.id)
    errors = agreement.validate(
        entry,
        candidates=candidates,
        max_choices=vs.max_choices,
        electorate=voting_repository.elector_count(session, session_id=vs.id),
        electronic=electronic,
    )
    if errors:
        raise Invalid(
            "The paper count does not add up: " + "; ".join(e["msg"] for e in errors) + ".",
            detail_vi="Kết quả kiểm phiếu không hợp lệ (các số liệu không khớp nhau hoặc không đúng ứng "
            "viên).",
            errors=errors,
        )
    return candidates


def _store(session: Session, vs: VotingSession, member: CountingMember, entry: PaperEntry, by: str) -> None:
    row = repository.entry_of(session, session_id=vs.id, member_id=member.id)
    if row is None:
        row = PaperCount(session_id=vs.id, member_id=member.id)
        session.add(row)
    values = entry.as_dict()
    for name in (*agreement.NUMBERS, "invalid_reasons", "votes"):
        setattr(row, name, values[name])
    row.entered_by = by
    row.entered_at = utcnow()
    session.flush()


def _settle(
    session: Session,
    vs: VotingSession,
    *,
    rows: Sequence[repository.EntryRow],
    found: Agreement,
    candidates: list[str],
    electronic: result.ElectronicPart,
) -> None:
    """The session's paper count and result from agreeing entries; none while they disagree."""
    paper_count: dict[str, Any] | None = None
    tallied: dict[str, Any] | None = None
    if found.agree:
        paper = rows[0].entry
        electorate = voting_repository.elector_count(session, session_id=vs.id)
        paper_count = paper.as_dict()
        tallied = result.combined(candidates, electorate, paper, electronic, settings.rules_of(vs)).as_dict()
    if vs.paper_count != paper_count or vs.result != tallied:
        vs.paper_count, vs.result = paper_count, tallied
        vs.updated_at = utcnow()
        session.flush()


def enter_mine(*, session: Session, principal: Principal, session_id: str, entry: PaperEntry) -> CountsView:
    """The principal's own entry of the paper count, new or corrected; then the entries compared."""
    vs = _session(session, session_id, lock=True)
    _require_enterable(vs)
    member = repository.member_of(session, session_id=vs.id, user_id=principal.id)
    if member is None:  # the committee cannot change once closed; the policy admitted a member
        raise not_counting_member()
    electronic = _electronic(session, vs)
    candidates = _validated(session, vs, entry, electronic.ballots)
    _store(session, vs, member, entry, principal.id)
    rows = repository.entries(session, session_id=vs.id)
    found = agreement.agreement([r.entry for r in rows], candidates)
    _settle(session, vs, rows=rows, found=found, candidates=candidates, electronic=electronic)
    audit.record(
        session,
        actor=principal.actor,
        action="paper_count.entered",
        object_type="voting_session",
        object_id=vs.id,
        details={"member_id": member.id, "entries": found.entries, "agree": found.agree},
    )
    return _view(session, vs, candidates, rows, found, hidden=False)


def _view(
    session: Session,
    vs: VotingSession,
    candidates: list[str],
    rows: Sequence[repository.EntryRow],
    found: Agreement,
    *,
    hidden: bool,
) -> CountsView:
    entries = [EntryView(member=r.member, count=r.count, entry=None if hidden else r.entry) for r in rows]
    return CountsView(
        vs=vs,
        candidate_ids=candidates,
        entries=entries,
        agreement=found,
        hidden=hidden,
        units=names.units(session, candidates),
        users=names.users(session, (r.count.entered_by for r in rows)),
    )


def counts(*, session: Session, principal: Principal, session_id: str) -> CountsView:
    """The entries and whether they agree. A committee member who is not a manager sees the numbers only
    once they have entered their own: the two entries stay independent."""
    vs = _session(session, session_id)
    candidates = voting_repository.candidate_ids(session, session_id=vs.id)
    rows = repository.entries(session, session_id=vs.id)
    found = agreement.agreement([r.entry for r in rows], candidates)
    hidden = not visibility.is_manager(session, principal, vs) and not any(
        r.member.user_id == principal.id for r in rows
    )
    return _view(session, vs, candidates, rows, found, hidden=hidden)
