"""The council's queries that are more than one-liners: members, agendas with their names, ballots."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from app.models import (
    CommendationForm,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilBallot,
    CouncilMember,
    CouncilSession,
    CouncilSessionStatus,
    CouncilVoter,
    Person,
    Proposal,
    ProposalItem,
    Title,
    Unit,
    User,
)
from app.models.base import table_of

LIVE = (CouncilSessionStatus.DRAFT, CouncilSessionStatus.OPEN)


def get_session(session: Session, session_id: str, *, lock: str | None = None) -> CouncilSession | None:
    """The session; ``lock``: "update" (FOR UPDATE, re-read: a transition) or "share" (FOR SHARE: a ballot,
    which a close must wait for). SQLite ignores the clause; its writers run one at a time."""
    if len(session_id) > 64:
        return None
    if lock is None:
        return session.get(CouncilSession, session_id)
    return session.get(
        CouncilSession,
        session_id,
        with_for_update={"read": True} if lock == "share" else True,
        populate_existing=True,
    )


# ---- members -------------------------------------------------------------------------------------------


def members(session: Session, council_id: str) -> list[CouncilMember]:
    return list(
        session.scalars(
            select(CouncilMember)
            .where(CouncilMember.council_id == council_id)
            .order_by(CouncilMember.created_at, CouncilMember.id)
        )
    )


def current_members(session: Session, council_id: str, on: date) -> list[CouncilMember]:
    """The members on day ``on``: those who had not left by then."""
    return list(
        session.scalars(
            select(CouncilMember)
            .where(
                CouncilMember.council_id == council_id,
                or_(CouncilMember.left_on.is_(None), CouncilMember.left_on > on),
            )
            .order_by(CouncilMember.created_at, CouncilMember.id)
        )
    )


def member_counted(session: Session, member_id: str) -> bool:
    """Whether a session that opened counted the member (it has an attendance row in one)."""
    stmt = select(
        exists().where(
            CouncilAttendance.member_id == member_id,
            CouncilAttendance.session_id == CouncilSession.id,
            CouncilSession.status != CouncilSessionStatus.DRAFT,
            CouncilSession.status != CouncilSessionStatus.CANCELLED,
        )
    )
    return bool(session.scalar(stmt))


def drop_draft_attendance(session: Session, member_id: str) -> None:
    session.execute(delete(CouncilAttendance).where(CouncilAttendance.member_id == member_id))


def user_names(session: Session, user_ids: Collection[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(list(user_ids))))
    return {str(k): str(v) for k, v in rows}


def user_active(session: Session, user_id: str) -> bool:
    return bool(session.scalar(select(User.active).where(User.id == user_id)))


# ---- agenda --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    """An agenda item with what the API shows beside its ids."""

    item: CouncilAgendaItem
    proposal_id: str
    proposal_title: str
    regime_code: str | None
    code: str  # the title or form code
    code_name: str
    subject_id: str
    subject_name: str
    subject_kind: str  # "unit" | "person"
    item_status: str


def agenda(session: Session, session_ids: Collection[str]) -> dict[str, list[AgendaLine]]:
    ids = list(session_ids)
    out: dict[str, list[AgendaLine]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = session.execute(
        select(CouncilAgendaItem, ProposalItem, Proposal)
        .join(ProposalItem, ProposalItem.id == CouncilAgendaItem.proposal_item_id)
        .join(Proposal, Proposal.id == ProposalItem.proposal_id)
        .where(CouncilAgendaItem.session_id.in_(ids))
        .order_by(CouncilAgendaItem.session_id, CouncilAgendaItem.position)
    ).all()
    units = {i.unit_id for _, i, _ in rows if i.unit_id}
    people = {i.person_id for _, i, _ in rows if i.person_id}
    titles = {i.title_code for _, i, _ in rows if i.title_code}
    forms = {i.form_code for _, i, _ in rows if i.form_code}
    names = _names(session, units=units, people=people, titles=titles, forms=forms)
    for agenda_item, item, proposal in rows:
        code = item.title_code or item.form_code or ""
        subject = item.person_id or item.unit_id or ""
        out[agenda_item.session_id].append(
            AgendaLine(
                item=agenda_item,
                proposal_id=proposal.id,
                proposal_title=proposal.title,
                regime_code=proposal.regime_code,
                code=code,
                code_name=names.get(code, code),
                subject_id=subject,
                subject_name=names.get(subject, ""),
                subject_kind="person" if item.person_id else "unit",
                item_status=str(item.status),
            )
        )
    return out


def _names(
    session: Session,
    *,
    units: Collection[str],
    people: Collection[str],
    titles: Collection[str],
    forms: Collection[str],
) -> dict[str, str]:
    out: dict[str, str] = {}
    for stmt in (
        select(Unit.id, Unit.name).where(Unit.id.in_(list(units))),
        select(Person.id, Person.full_name).where(Person.id.in_(list(people))),
        select(Title.code, Title.name).where(Title.code.in_(list(titles))),
        select(CommendationForm.code, CommendationForm.name).where(CommendationForm.code.in_(list(forms))),
    ):
        out.update({str(k): str(v) for k, v in session.execute(stmt)})
    return out


def candidate_items(session: Session, item_ids: Collection[str]) -> list[tuple[ProposalItem, Proposal]]:
    rows = session.execute(
        select(ProposalItem, Proposal)
        .join(Proposal, Proposal.id == ProposalItem.proposal_id)
        .where(ProposalItem.id.in_(list(item_ids)))
    ).all()
    return [(i, p) for i, p in rows]


def scheduled_elsewhere(session: Session, item_ids: Collection[str], *, but: str | None) -> set[str]:
    """The items already on the agenda of another draft or open session."""
    stmt = (
        select(CouncilAgendaItem.proposal_item_id)
        .join(CouncilSession, CouncilSession.id == CouncilAgendaItem.session_id)
        .where(CouncilAgendaItem.proposal_item_id.in_(list(item_ids)), CouncilSession.status.in_(LIVE))
    )
    if but is not None:
        stmt = stmt.where(CouncilAgendaItem.session_id != but)
    return set(session.scalars(stmt))


def set_agenda(session: Session, session_id: str, item_ids: Sequence[str]) -> None:
    session.execute(delete(CouncilAgendaItem).where(CouncilAgendaItem.session_id == session_id))
    session.flush()
    if item_ids:
        session.execute(
            insert(CouncilAgendaItem),
            [
                {"session_id": session_id, "proposal_item_id": item_id, "position": i}
                for i, item_id in enumerate(item_ids, start=1)
            ],
        )


def agenda_items(session: Session, session_id: str) -> list[CouncilAgendaItem]:
    return list(
        session.scalars(
            select(CouncilAgendaItem)
            .where(CouncilAgendaItem.session_id == session_id)
            .order_by(CouncilAgendaItem.position)
        )
    )


# ---- attendance ----------------------------------------------------------------------------------------


def attendance(session: Session, session_id: str) -> dict[str, CouncilAttendance]:
    rows = session.scalars(select(CouncilAttendance).where(CouncilAttendance.session_id == session_id))
    return {a.member_id: a for a in rows}


# ---- ballots -------------------------------------------------------------------------------------------


def voter_count(session: Session, session_id: str) -> int:
    stmt = select(func.count()).select_from(CouncilVoter).where(CouncilVoter.session_id == session_id)
    return session.scalar(stmt) or 0


def written_count(session: Session, session_id: str) -> int:
    stmt = (
        select(func.count())
        .select_from(CouncilBallot)
        .where(CouncilBallot.session_id == session_id, CouncilBallot.kind == "written")
    )
    return session.scalar(stmt) or 0


def voters(session: Session, session_id: str) -> set[str]:
    """The members who voted (electronically or in writing): that they did, never how."""
    return set(session.scalars(select(CouncilVoter.member_id).where(CouncilVoter.session_id == session_id)))


def has_voted(session: Session, session_id: str, member_id: str) -> bool:
    return session.get(CouncilVoter, (session_id, member_id)) is not None


def ballot_choices(session: Session, session_id: str) -> list[dict[str, str]]:
    """Every ballot's choices, in the ballots' random-id order."""
    rows = session.scalars(
        select(CouncilBallot.choices).where(CouncilBallot.session_id == session_id).order_by(CouncilBallot.id)
    )
    return [{str(k): str(v) for k, v in choices.items()} for choices in rows]


def rewrite_ballots(session: Session, *, session_id: str, shuffle: Any) -> None:
    """Delete the session's ``council_voters`` and ``council_ballots`` rows and insert them again, each
    table in the order ``shuffle`` leaves them in (``app.council.ballots.seal``)."""
    voters = [
        {"session_id": session_id, "member_id": m}
        for m in session.scalars(select(CouncilVoter.member_id).where(CouncilVoter.session_id == session_id))
    ]
    ballots = [
        dict(row._mapping)
        for row in session.execute(
            select(
                CouncilBallot.id,
                CouncilBallot.session_id,
                CouncilBallot.receipt_hash,
                CouncilBallot.kind,
                CouncilBallot.choices,
            ).where(CouncilBallot.session_id == session_id)
        )
    ]
    shuffle(voters)
    shuffle(ballots)
    for obj in list(session.identity_map.values()):  # the rows below replace any loaded copies
        if isinstance(obj, CouncilBallot | CouncilVoter) and obj.session_id == session_id:
            session.expunge(obj)
    session.execute(
        delete(CouncilVoter)
        .where(CouncilVoter.session_id == session_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(CouncilBallot)
        .where(CouncilBallot.session_id == session_id)
        .execution_options(synchronize_session=False)
    )
    if voters:
        session.execute(insert(table_of(CouncilVoter)), voters)
    if ballots:
        session.execute(insert(table_of(CouncilBallot)), ballots)
