"""The council's minutes (biên bản họp Hội đồng Thi đua - Khen thưởng) of a closed session: this module
gathers the session, its attendance and its frozen count into the plain data that
``app.proposals.documents.council_minutes_docx`` renders. Counts only: nothing here reads who voted how
(the ballots have no voter), and the only per-member fact besides attendance is whether an absent member
sent a written vote, which the minutes must say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction

from sqlalchemy.orm import Session

from app.council import repository, rules, sessions
from app.law.procedure import ProcedureRules
from app.models import Council, CouncilMember, CouncilRole
from app.proposals.documents import council_minutes_docx as docx

ROLE_NAMES = {
    CouncilRole.CHAIR: "Chủ tịch Hội đồng",
    CouncilRole.VICE_CHAIR: "Phó Chủ tịch Hội đồng",
    CouncilRole.STANDING: "Ủy viên thường trực",
    CouncilRole.MEMBER: "Ủy viên",
}
SYMBOL = "HĐTĐKT"
MEETING = "xét đề nghị khen thưởng"


@dataclass(frozen=True)
class MinutesFile:
    content: bytes
    filename: str


def role_name(member: CouncilMember) -> str:
    name = ROLE_NAMES.get(member.role, "Ủy viên")
    return f"{name}, Thư ký Hội đồng" if member.is_secretary else name


def _aware(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def threshold_percent(share: str | None) -> int:
    """90 for "9/10"; where no share applies the rule is more than half (of the members present)."""
    return 50 if share is None else int(Fraction(share) * 100)


def minutes_of(session: Session, session_id: str, procedure: ProcedureRules) -> docx.CouncilMinutes:
    view = sessions.result(session=session, session_id=session_id)
    row, result = view.row, view.result
    council = session.get(Council, row.council_id)
    assert council is not None  # the session's foreign key
    attendance = repository.attendance(session, row.id)
    counted = [m for m in repository.members(session, row.council_id) if m.id in attendance]
    voted = repository.voters(session, row.id)
    present = tuple(
        docx.Member(
            name=f"{a.substitute_name} (dự thay {m.full_name})" if a.substitute_name else m.full_name,
            role=role_name(m),
        )
        for m in counted
        if (a := attendance[m.id]).present
    )
    absent = tuple(
        docx.AbsentMember(name=m.full_name, role=role_name(m), written_opinion=m.id in voted)
        for m in counted
        if not attendance[m.id].present
    )
    chair = next((m.full_name for m in counted if m.role == CouncilRole.CHAIR), "")
    secretary = next((m.full_name for m in counted if m.is_secretary), "")
    lines = {a.item.proposal_item_id: a for a in view.agenda}
    written = int(result.get("written", 0))
    items = tuple(
        docx.AgendaItem(
            subject=lines[i["proposal_item_id"]].subject_name,
            award=lines[i["proposal_item_id"]].code_name,
            yes=int(i["yes"]),
            no=int(i["no"]),
            abstain=int(i["abstain"]),
            written=written,
            threshold_percent=threshold_percent(i.get("required_share")),
            required=int(i["required"]),
            passed=i["outcome"] == rules.APPROVED,
        )
        for i in result.get("items") or []
    )
    members = int(result["members"])
    started = _aware(row.opened_at) or datetime.combine(row.held_on, datetime.min.time(), tzinfo=UTC)
    return docx.CouncilMinutes(
        council=council.name,
        ministry=council.authority,
        symbol=SYMBOL,
        meeting=MEETING,
        started_at=started,
        ended_at=_aware(row.closed_at),
        venue=row.place or "trụ sở cơ quan",
        chair=chair,
        secretary=secretary,
        total_members=members,
        present=present,
        absent=absent,
        quorum_required=int(result.get("quorum_required", rules.quorum_required(members, procedure))),
        quorum_rule=f"ít nhất {result.get('quorum', rules.share_text(procedure.council_quorum))} tổng số "
        "thành viên",
        secret_ballot=True,
        items=items,
    )


def minutes_file(session: Session, *, session_id: str, procedure: ProcedureRules) -> MinutesFile:
    m = minutes_of(session, session_id, procedure)
    return MinutesFile(docx.render(m), docx.filename(m))
