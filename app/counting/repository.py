"""The counting committee's and the paper counts' queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.counting.agreement import PaperEntry
from app.models import Ballot, CountingMember, PaperCount, User


@dataclass(frozen=True)
class EntryRow:
    """One member's entry, with the member who made it."""

    count: PaperCount
    member: CountingMember

    @property
    def entry(self) -> PaperEntry:
        c = self.count
        return PaperEntry(
            issued=c.issued,
            returned=c.returned,
            valid=c.valid,
            invalid=c.invalid,
            blank=c.blank,
            invalid_reasons=tuple((str(r["reason"]), int(r["count"])) for r in c.invalid_reasons or []),
            votes={str(k): int(v) for k, v in (c.votes or {}).items()},
        )


def members(session: Session, *, session_id: str) -> list[CountingMember]:
    """The committee in its order (the head(s) as placed)."""
    return list(
        session.scalars(
            select(CountingMember)
            .where(CountingMember.session_id == session_id)
            .order_by(CountingMember.position)
        )
    )


def member_of(session: Session, *, session_id: str, user_id: str) -> CountingMember | None:
    return session.scalar(
        select(CountingMember).where(
            CountingMember.session_id == session_id, CountingMember.user_id == user_id
        )
    )


def is_member(session: Session, *, session_id: str, user_id: str) -> bool:
    found = session.scalar(
        select(CountingMember.id).where(
            CountingMember.session_id == session_id, CountingMember.user_id == user_id
        )
    )
    return found is not None


def replace_members(session: Session, *, session_id: str, members: Sequence[CountingMember]) -> None:
    """The committee becomes ``members`` (positions 1, 2, ... in this order). The old rows go first, by
    one statement, so the new ones may take their positions and accounts."""
    session.execute(
        delete(CountingMember)
        .where(CountingMember.session_id == session_id)
        .execution_options(synchronize_session=False)
    )
    for obj in list(session.identity_map.values()):
        if isinstance(obj, CountingMember) and obj.session_id == session_id:
            session.expunge(obj)
    for position, member in enumerate(members, start=1):
        member.session_id = session_id
        member.position = position
        session.add(member)
    session.flush()


def active_user_ids(session: Session, *, user_ids: Sequence[str]) -> set[str]:
    return set(session.scalars(select(User.id).where(User.id.in_(list(user_ids)), User.active.is_(True))))


def entries(session: Session, *, session_id: str) -> list[EntryRow]:
    """Every member's entry, in the committee's order."""
    rows = session.execute(
        select(PaperCount, CountingMember)
        .join(CountingMember, CountingMember.id == PaperCount.member_id)
        .where(PaperCount.session_id == session_id)
        .order_by(CountingMember.position)
    ).all()
    return [EntryRow(count=count, member=member) for count, member in rows]


def entry_of(session: Session, *, session_id: str, member_id: str) -> PaperCount | None:
    return session.scalar(
        select(PaperCount).where(PaperCount.session_id == session_id, PaperCount.member_id == member_id)
    )


def electronic_ballot_count(session: Session, *, session_id: str) -> int:
    return (
        session.scalar(select(func.count()).select_from(Ballot).where(Ballot.session_id == session_id)) or 0
    )
