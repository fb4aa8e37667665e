"""The council's sessions: agenda, attendance, opening with the quorum, closing with the count. No FastAPI
here; services flush, the route commits.

A session is ``draft`` (agenda, date, place and attendance may change) → ``open`` (members vote; the
council's size, the quorum and each item's required yes votes are frozen) → ``closed`` (counted: the
result is frozen, each agenda item gets its outcome, each proposal item its status and ``council_result``).
A ``draft`` may be ``cancelled``. The council never moves a proposal: the secretariat does that afterwards
through the proposals API (to signing, forwarded, or rejected).

Every transition locks the session row (FOR UPDATE on PostgreSQL; SQLite runs one writer at a time), and a
ballot holds it FOR SHARE while it checks the status (``app.council.ballots``): so a close waits for the
ballots in flight, and a ballot arriving during a close sees the session closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, Invalid
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.council import ballots, policies, repository, rules
from app.council.repository import AgendaLine
from app.law.procedure import DEFAULT_RULES, ProcedureRules
from app.law.regimes import UnknownRegime
from app.models import (
    Council,
    CouncilAttendance,
    CouncilMember,
    CouncilSession,
    CouncilSessionStatus,
    ItemStatus,
    ProposalItem,
    ProposalStatus,
)
from app.models.base import utcnow

Status = CouncilSessionStatus
TRANSITIONS = {
    (Status.DRAFT, "open"): Status.OPEN,
    (Status.OPEN, "close"): Status.CLOSED,
    (Status.DRAFT, "cancel"): Status.CANCELLED,
}
ALLOWED = {s: sorted(a for (f, a) in TRANSITIONS if f == s) for s in Status}


@dataclass(frozen=True)
class AttendanceLine:
    member: CouncilMember
    present: bool | None  # None: not recorded yet
    substitute_name: str | None
    note: str | None


@dataclass(frozen=True)
class SessionView:
    row: CouncilSession
    council_name: str
    agenda: list[AgendaLine]
    attendance: list[AttendanceLine]
    sealed: bool = False
    """This request rewrote the session's ballot rows: once it commits, the storage is scrubbed."""
    procedure: ProcedureRules = DEFAULT_RULES

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendance if a.present)


# ---- reading ------------------------------------------------------------------------------------------


def load(session: Session, session_id: str, *, lock: str | None = None) -> CouncilSession:
    row = repository.get_session(session, session_id, lock=lock)
    if row is None:
        raise policies.session_not_found()
    return row


def _attendance(session: Session, row: CouncilSession) -> list[AttendanceLine]:
    recorded = repository.attendance(session, row.id)
    if row.status == Status.DRAFT:
        members = repository.current_members(session, row.council_id, row.held_on)
    else:  # who the session counted: those with an attendance row (every current member, at the opening)
        members = [m for m in repository.members(session, row.council_id) if m.id in recorded]
    return [
        AttendanceLine(
            m,
            recorded[m.id].present if m.id in recorded else None,
            recorded[m.id].substitute_name if m.id in recorded else None,
            recorded[m.id].note if m.id in recorded else None,
        )
        for m in members
    ]


def views(session: Session, rows: Sequence[CouncilSession], procedure: ProcedureRules) -> list[SessionView]:
    agendas = repository.agenda(session, [r.id for r in rows])
    names = {
        c.id: c.name
        for c in session.scalars(select(Council).where(Council.id.in_({r.council_id for r in rows})))
    }
    return [
        SessionView(
            r, names.get(r.council_id, ""), agendas[r.id], _attendance(session, r), procedure=procedure
        )
        for r in rows
    ]


def view(session: Session, row: CouncilSession, procedure: ProcedureRules) -> SessionView:
    return views(session, [row], procedure)[0]


def get(*, session: Session, session_id: str, procedure: ProcedureRules) -> SessionView:
    return view(session, load(session, session_id), procedure)


def list_sessions(
    *,
    session: Session,
    council_id: str,
    page: PageParams,
    procedure: ProcedureRules,
    status: str | None = None,
) -> tuple[list[SessionView], str | None]:
    stmt = select(CouncilSession).where(CouncilSession.council_id == council_id)
    if status is not None:
        stmt = stmt.where(CouncilSession.status == status)
    rows, next_cursor = paginate(
        session, stmt, page, created_col=CouncilSession.created_at, id_col=CouncilSession.id
    )
    return views(session, rows, procedure), next_cursor


# ---- preparing ----------------------------------------------------------------------------------------


def _check_agenda(session: Session, item_ids: Sequence[str], *, but: str | None) -> None:
    """409 ``agenda_item_not_ready`` naming each item that is not a pending item of a proposal in state
    ``council``, or that another draft or open session has on its agenda."""
    found = {item.id: (item, proposal) for item, proposal in repository.candidate_items(session, item_ids)}
    elsewhere = repository.scheduled_elsewhere(session, item_ids, but=but)
    errors: list[dict[str, Any]] = []
    for i, item_id in enumerate(item_ids):
        pair = found.get(item_id)
        if pair is None:
            msg, type_ = "no such proposal item", "not_found"
        elif pair[1].status != ProposalStatus.COUNCIL:
            msg, type_ = f"its proposal is {pair[1].status}, not council", "proposal_not_in_council"
        elif pair[0].status != ItemStatus.PENDING:
            msg, type_ = f"the item is {pair[0].status}, not pending", "item_not_pending"
        elif item_id in elsewhere:
            msg, type_ = "on the agenda of another session", "item_scheduled"
        else:
            continue
        errors.append({"loc": ["body", "agenda", i], "msg": msg, "type": type_})
    if errors:
        raise Conflict(
            "Only pending items of proposals in state `council`, on no other session's agenda, go on the "
            "agenda: " + "; ".join(f"{e['loc'][2]}: {e['msg']}" for e in errors) + ".",
            code="agenda_item_not_ready",
            detail_vi="Chỉ đưa vào chương trình phiên họp các nội dung đề nghị đang chờ Hội đồng xét và "
            "chưa thuộc phiên họp khác.",
            errors=errors,
        )


def create(
    *,
    session: Session,
    principal: Principal,
    council_id: str,
    fields: Mapping[str, Any],
    procedure: ProcedureRules,
) -> SessionView:
    agenda = list(fields["agenda"])
    _check_agenda(session, agenda, but=None)
    now = utcnow()
    row = CouncilSession(
        council_id=council_id,
        held_on=fields["held_on"],
        place=fields.get("place") or "",
        status=Status.DRAFT,
        notes=fields.get("notes"),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    repository.set_agenda(session, row.id, agenda)
    audit.record(
        session,
        actor=principal.actor,
        action="council_session.create",
        object_type="council_session",
        object_id=row.id,
        details={"council_id": council_id, "held_on": str(row.held_on), "agenda": agenda},
    )
    return view(session, row, procedure)


def _flush(session: Session) -> None:
    updates.flush(session, what="council session", what_vi="phiên họp hội đồng")


def invalid_transition(row: CouncilSession, action: str) -> Conflict:
    return Conflict(
        f"A {row.status} session cannot {action}; allowed: {', '.join(ALLOWED[row.status]) or 'nothing'}.",
        code="invalid_transition",
        detail_vi="Không thể thực hiện thao tác này với phiên họp ở trạng thái hiện tại.",
        extra={"current_status": str(row.status), "allowed_actions": ALLOWED[row.status]},
    )


def _draft(session: Session, session_id: str, if_match: str | None, action: str) -> CouncilSession:
    row = load(session, session_id, lock="update")
    check_if_match(if_match, row)
    if row.status != Status.DRAFT:
        raise invalid_transition(row, action)
    return row


def patch(
    *,
    session: Session,
    principal: Principal,
    session_id: str,
    changes: Mapping[str, Any],
    if_match: str | None,
    procedure: ProcedureRules,
) -> SessionView:
    row = _draft(session, session_id, if_match, "change")
    changes = dict(changes)
    details: dict[str, Any] = {}
    if "agenda" in changes:
        agenda = list(changes.pop("agenda"))
        current = [a.proposal_item_id for a in repository.agenda_items(session, row.id)]
        if agenda != current:
            _check_agenda(session, agenda, but=row.id)
            repository.set_agenda(session, row.id, agenda)
            details["agenda"] = [current, agenda]
    diff = updates.diff_of(row, changes)
    updates.apply(row, diff)
    details.update({k: [str(a), str(b)] for k, (a, b) in diff.items()})
    if details:
        row.updated_at = utcnow()  # the row is written, so its version moves even for the agenda alone
        _flush(session)
        audit.record(
            session,
            actor=principal.actor,
            action="council_session.update",
            object_type="council_session",
            object_id=row.id,
            details=details,
        )
    return view(session, row, procedure)


def set_attendance(
    *,
    session: Session,
    principal: Principal,
    session_id: str,
    lines: Sequence[Mapping[str, Any]],
    if_match: str | None,
    procedure: ProcedureRules,
) -> SessionView:
    """Replace the attendance of a ``draft`` session: one line per current member named (a member left
    out has no record yet, and counts as absent when the session opens)."""
    row = _draft(session, session_id, if_match, "take attendance")
    members = {m.id: m for m in repository.current_members(session, row.council_id, row.held_on)}
    ids = [str(line["member_id"]) for line in lines]
    twice = [(i, m) for i, m in enumerate(ids) if m in ids[:i]]
    if twice:
        raise Invalid(
            "Each member has one line of attendance.",
            detail_vi="Mỗi thành viên chỉ có một dòng điểm danh.",
            errors=[
                {"loc": ["body", i, "member_id"], "msg": "listed more than once", "type": "duplicate"}
                for i, _ in twice
            ],
        )
    bad = [(i, str(line["member_id"])) for i, line in enumerate(lines) if line["member_id"] not in members]
    if bad:
        raise Invalid(
            "Attendance names people who are not members of the council on the session's day: "
            + ", ".join(m for _, m in bad)
            + ".",
            code="not_council_member",
            detail_vi="Danh sách điểm danh có người không phải thành viên Hội đồng vào ngày họp.",
            errors=[
                {"loc": ["body", i, "member_id"], "msg": "not a member", "type": "not_council_member"}
                for i, _ in bad
            ],
        )
    current = repository.attendance(session, row.id)
    for a in current.values():
        session.delete(a)
    session.flush()
    for line in lines:
        session.add(
            CouncilAttendance(
                session_id=row.id,
                member_id=line["member_id"],
                present=bool(line["present"]),
                substitute_name=line.get("substitute_name"),
                note=line.get("note"),
            )
        )
    row.updated_at = utcnow()
    _flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="council_session.attendance",
        object_type="council_session",
        object_id=row.id,
        details={"present": sum(1 for line in lines if line["present"]), "recorded": len(lines)},
    )
    return view(session, row, procedure)


# ---- transitions --------------------------------------------------------------------------------------


def quorum_not_met(present: int, required: int, members: int) -> Conflict:
    return Conflict(
        f"Quorum not met: {present} of the council's {members} members are present; {required} are needed.",
        code="quorum_not_met",
        detail_vi=f"Chưa đủ số thành viên dự họp: có mặt {present}/{members} thành viên, cần ít nhất "
        f"{required}.",
        extra={"present": present, "required": required, "members": members},
    )


def _open(session: Session, row: CouncilSession, procedure: ProcedureRules) -> dict[str, Any]:
    """Freeze the council's size, check the quorum, freeze each item's required yes votes."""
    members = repository.current_members(session, row.council_id, row.held_on)
    recorded = repository.attendance(session, row.id)
    for m in members:  # a member without a record is absent: the count is over ALL members
        if m.id not in recorded:
            session.add(CouncilAttendance(session_id=row.id, member_id=m.id, present=False))
    present = sum(1 for m in members if m.id in recorded and recorded[m.id].present)
    needed = rules.quorum_required(len(members), procedure)
    if not rules.quorum_met(present, len(members), procedure):
        raise quorum_not_met(present, needed, len(members))
    lines = repository.agenda(session, [row.id])[row.id]
    if not lines:
        raise Conflict(
            "The session has nothing on its agenda.",
            code="agenda_empty",
            detail_vi="Phiên họp chưa có nội dung nào trong chương trình.",
        )
    for line in lines:
        try:
            regime = rules.regime_for(line.regime_code, row.held_on)
            need = rules.requirement(
                line.code, regime, members=len(members), present=present, rules=procedure
            )
        except UnknownRegime as exc:
            raise Invalid(
                f"No legal regime covers the session's day ({row.held_on}).",
                code="unknown_regime",
                detail_vi="Không có chế độ pháp lý nào áp dụng cho ngày họp.",
            ) from exc
        line.item.required_share = rules.share_text(need.share) if need.share is not None else None
        line.item.required_yes = need.required
    row.members_count = len(members)
    row.opened_at = utcnow()
    return {"members": len(members), "present": present, "quorum_required": needed}


def _close(session: Session, row: CouncilSession, procedure: ProcedureRules) -> dict[str, Any]:
    """Count the ballots, freeze the result, set each agenda item's outcome and its proposal item's status
    and ``council_result``, and reshuffle the ballot rows."""
    choices = repository.ballot_choices(session, row.id)
    written = repository.written_count(session, row.id)
    ballots.seal(session, row.id)
    lines = repository.agenda(session, [row.id])[row.id]
    counts = rules.count(
        [(line.item.proposal_item_id, line.item.required_yes or 0) for line in lines], choices
    )
    members = row.members_count or 0
    present = sum(1 for a in repository.attendance(session, row.id).values() if a.present)
    items_out = []
    for line, c in zip(lines, counts, strict=True):
        line.item.outcome = c.outcome
        item = session.get(ProposalItem, c.proposal_item_id, with_for_update=True)
        assert item is not None  # the agenda's foreign key
        item.status = ItemStatus.APPROVED if c.outcome == rules.APPROVED else ItemStatus.REJECTED
        item.council_result = {
            "yes": c.yes,
            "no": c.no,
            "abstain": c.abstain,
            "required": c.required,
            "members": members,
            "session_id": row.id,
        }
        item.updated_at = utcnow()
        items_out.append(
            {
                "proposal_item_id": c.proposal_item_id,
                "yes": c.yes,
                "no": c.no,
                "abstain": c.abstain,
                "required": c.required,
                "required_share": line.item.required_share,
                "outcome": c.outcome,
            }
        )
    row.result = {
        "members": members,
        "present": present,
        "quorum": rules.share_text(procedure.council_quorum),
        "quorum_required": rules.quorum_required(members, procedure),
        "voted": len(choices),
        "written": written,
        "items": items_out,
    }
    row.closed_at = utcnow()
    return {
        "members": members,
        "present": present,
        "voted": len(choices),
        "written": written,
        "approved": [i["proposal_item_id"] for i in items_out if i["outcome"] == rules.APPROVED],
    }


def transition(
    *,
    session: Session,
    principal: Principal,
    session_id: str,
    action: str,
    if_match: str | None,
    procedure: ProcedureRules,
) -> SessionView:
    """``open`` (quorum, thresholds frozen), ``close`` (the count) or ``cancel`` (a draft)."""
    row = load(session, session_id, lock="update")
    check_if_match(if_match, row)
    new_status = TRANSITIONS.get((row.status, action))
    if new_status is None:
        raise invalid_transition(row, action)
    old_status = row.status
    details: dict[str, Any] = {}
    if action == "open":
        details = _open(session, row, procedure)
    elif action == "close":
        details = _close(session, row, procedure)
    row.status = new_status
    row.updated_at = utcnow()
    _flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action=f"council_session.{action}",
        object_type="council_session",
        object_id=row.id,
        details={"council_id": row.council_id, "from": str(old_status), "to": str(new_status), **details},
    )
    return replace(view(session, row, procedure), sealed=action == "close")


# ---- result -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultView:
    row: CouncilSession
    result: dict[str, Any]
    agenda: list[AgendaLine]


def results_not_available(row: CouncilSession) -> Conflict:
    return Conflict(
        f"The session is {row.status}: its result exists once it is closed.",
        code="results_not_available",
        detail_vi="Phiên họp chưa kết thúc nên chưa có kết quả.",
        extra={"current_status": str(row.status)},
    )


def result(*, session: Session, session_id: str) -> ResultView:
    row = load(session, session_id)
    if row.status != Status.CLOSED or row.result is None:
        raise results_not_available(row)
    return ResultView(row, row.result, repository.agenda(session, [row.id])[row.id])
