"""The reviews' queries that are more than one-liners: candidates, electorates, names, ballots, the list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, delete, func, insert, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import (
    Award,
    AwardStatus,
    Person,
    ReviewBallot,
    ReviewCandidate,
    ReviewElector,
    ReviewVoter,
    Title,
    Unit,
    UnitReview,
    User,
)
from app.models.base import table_of


def get(session: Session, review_id: str, *, lock: str | None = None) -> UnitReview | None:
    """The review; ``lock``: "update" (FOR UPDATE, freshly re-read: a transition) or "share" (FOR SHARE: a
    ballot, which a close must wait for). SQLite ignores the clause; its writers run one at a time."""
    if len(review_id) > 64:
        return None
    if lock is None:
        return session.get(UnitReview, review_id)
    return session.get(
        UnitReview,
        review_id,
        with_for_update={"read": True} if lock == "share" else True,
        populate_existing=True,
    )


def live_review_id(session: Session, *, unit_id: str, year: int, title_code: str) -> str | None:
    return session.scalar(
        select(UnitReview.id).where(
            UnitReview.unit_id == unit_id,
            UnitReview.year == year,
            UnitReview.title_code == title_code,
            UnitReview.status != "cancelled",
        )
    )


def reviews_page(
    session: Session, *, page: PageParams, unit_id: str, year: int | None, title_code: str | None
) -> tuple[Sequence[UnitReview], str | None]:
    stmt = select(UnitReview).where(UnitReview.unit_id == unit_id)
    if year is not None:
        stmt = stmt.where(UnitReview.year == year)
    if title_code is not None:
        stmt = stmt.where(UnitReview.title_code == title_code)
    return paginate(session, stmt, page, created_col=UnitReview.created_at, id_col=UnitReview.id)


# ---- members -------------------------------------------------------------------------------------------


def add_members(
    session: Session,
    *,
    review_id: str,
    candidates: Sequence[tuple[str, dict[str, Any]]],
    electorate: Sequence[str],
) -> None:
    """The review's candidates (person id, stored verdict) in ballot order, and its electorate."""
    session.execute(
        insert(ReviewCandidate),
        [
            {"review_id": review_id, "person_id": p, "position": i, "verdict": v}
            for i, (p, v) in enumerate(candidates)
        ],
    )
    session.execute(insert(ReviewElector), [{"review_id": review_id, "user_id": u} for u in electorate])


def candidate_rows(
    session: Session, *, review_ids: Collection[str]
) -> Sequence[Row[tuple[str, str, str, dict[str, Any]]]]:
    """(review id, person id, full name, stored verdict) of the reviews' candidates, in ballot order."""
    return session.execute(
        select(
            ReviewCandidate.review_id, ReviewCandidate.person_id, Person.full_name, ReviewCandidate.verdict
        )
        .join(Person, Person.id == ReviewCandidate.person_id)
        .where(ReviewCandidate.review_id.in_(list(review_ids)))
        .order_by(ReviewCandidate.review_id, ReviewCandidate.position)
    ).all()


def elector_rows(session: Session, *, review_ids: Collection[str]) -> Sequence[Row[tuple[str, str, str]]]:
    """(review id, user id, full name) of the reviews' electors, by user id."""
    return session.execute(
        select(ReviewElector.review_id, ReviewElector.user_id, User.full_name)
        .join(User, User.id == ReviewElector.user_id)
        .where(ReviewElector.review_id.in_(list(review_ids)))
        .order_by(ReviewElector.review_id, ReviewElector.user_id)
    ).all()


def candidate_ids(session: Session, *, review_id: str) -> list[str]:
    return list(
        session.scalars(
            select(ReviewCandidate.person_id)
            .where(ReviewCandidate.review_id == review_id)
            .order_by(ReviewCandidate.position)
        )
    )


def elector_count(session: Session, *, review_id: str) -> int:
    stmt = select(func.count()).select_from(ReviewElector).where(ReviewElector.review_id == review_id)
    return session.scalar(stmt) or 0


def voter_count(session: Session, *, review_id: str) -> int:
    stmt = select(func.count()).select_from(ReviewVoter).where(ReviewVoter.review_id == review_id)
    return session.scalar(stmt) or 0


def has_voted(session: Session, *, review_id: str, user_id: str) -> bool:
    return session.get(ReviewVoter, (review_id, user_id)) is not None


def users(session: Session, user_ids: Collection[str]) -> dict[str, User]:
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(user_ids))))}


def _pairs(session: Session, stmt: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in session.execute(stmt).all()}


def names(
    session: Session,
    *,
    units: Collection[str] = (),
    titles: Collection[str] = (),
    people: Collection[str] = (),
) -> dict[str, str]:
    """Display names of units, titles (by code) and people, by id."""
    out: dict[str, str] = {}
    if units:
        out.update(_pairs(session, select(Unit.id, Unit.name).where(Unit.id.in_(list(units)))))
    if titles:
        out.update(_pairs(session, select(Title.code, Title.name).where(Title.code.in_(list(titles)))))
    if people:
        out.update(_pairs(session, select(Person.id, Person.full_name).where(Person.id.in_(list(people)))))
    return out


def user_names(session: Session, user_ids: Collection[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    return _pairs(session, select(User.id, User.full_name).where(User.id.in_(list(user_ids))))


def live_award_id(session: Session, *, person_id: str, title_code: str, year: int) -> str | None:
    """The person's award of the title that year that is not revoked, if any."""
    return session.scalar(
        select(Award.id).where(
            Award.person_id == person_id,
            Award.title_code == title_code,
            Award.year == year,
            Award.status != AwardStatus.REVOKED,
        )
    )


# ---- ballots -------------------------------------------------------------------------------------------


def ballot_choices(session: Session, *, review_id: str) -> list[dict[str, str]]:
    """Every ballot's choices, in the ballots' random-id order."""
    rows = session.scalars(
        select(ReviewBallot.choices).where(ReviewBallot.review_id == review_id).order_by(ReviewBallot.id)
    )
    return [{str(k): str(v) for k, v in choices.items()} for choices in rows]


def open_ballot_rows(session: Session, *, review_id: str) -> Sequence[Row[tuple[str | None, dict[str, Any]]]]:
    """(voter id, choices) of the review's ballots that name their voter, by voter id."""
    return session.execute(
        select(ReviewBallot.voter_id, ReviewBallot.choices)
        .where(ReviewBallot.review_id == review_id, ReviewBallot.voter_id.is_not(None))
        .order_by(ReviewBallot.voter_id)
    ).all()


def ballot_review_of(session: Session, *, receipt_hash: str) -> str | None:
    return session.scalar(select(ReviewBallot.review_id).where(ReviewBallot.receipt_hash == receipt_hash))


def rewrite_ballots(session: Session, *, review_id: str, shuffle: Any) -> None:
    """Delete the review's ``review_voters`` and ``review_ballots`` rows and insert them again, each table in
    the order ``shuffle`` (a list-shuffling function) leaves them in. See ``app.reviews.ballots.seal``."""
    voters = [
        {"review_id": review_id, "user_id": user_id}
        for user_id in session.scalars(select(ReviewVoter.user_id).where(ReviewVoter.review_id == review_id))
    ]
    ballots = [
        dict(row._mapping)
        for row in session.execute(
            select(
                ReviewBallot.id,
                ReviewBallot.review_id,
                ReviewBallot.receipt_hash,
                ReviewBallot.choices,
                ReviewBallot.voter_id,
            ).where(ReviewBallot.review_id == review_id)
        )
    ]
    shuffle(voters)
    shuffle(ballots)
    for obj in list(session.identity_map.values()):  # the rows below replace any loaded copies
        if isinstance(obj, ReviewBallot | ReviewVoter) and obj.review_id == review_id:
            session.expunge(obj)
    session.execute(
        delete(ReviewVoter)
        .where(ReviewVoter.review_id == review_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(ReviewBallot)
        .where(ReviewBallot.review_id == review_id)
        .execution_options(synchronize_session=False)
    )
    # Multi-row inserts keep the order of the parameter list on both databases.
    if voters:
        session.execute(insert(table_of(ReviewVoter)), voters)
    if ballots:
        session.execute(insert(table_of(ReviewBallot)), ballots)
