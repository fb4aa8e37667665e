"""Casting a review ballot, turnout, receipt checks, and what the close needs from the ballots.

The secrecy design is the ballot sessions' (``app.voting.ballots``, docs/ballot-secrecy.md): *that* an
elector voted (``ReviewVoter``) and *what* the ballot said (``ReviewBallot``) are two rows with nothing in
common but the review. A ballot of a secret review has a random id, no voter, no time; only the hash of its
receipt is stored (``app.voting.receipts``). Nothing here logs, audits or returns a choice or a receipt
(the receipt goes back once, to the voter, in the answer to the ballot).

One ballot per elector is the ``review_voters`` primary key, not a check in Python: of any number of
concurrent ballots by one elector, on any number of servers, exactly one inserts its row.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit
from app.core.errors import Conflict, Invalid, NotFound
from app.core.principal import Principal
from app.models import ReviewBallot, ReviewStatus, ReviewVoter, UnitReview
from app.reviews import policies, repository
from app.reviews.tally import choice_errors
from app.voting import receipts

COUNTED = frozenset({ReviewStatus.COUNTED, ReviewStatus.DECIDED})


def _review(session: Session, review_id: str, *, lock: str | None = None) -> UnitReview:
    review = repository.get(session, review_id, lock=lock)
    if review is None:
        raise policies.review_not_found()
    return review


# ---- casting -------------------------------------------------------------------------------------------


def cast(*, session: Session, principal: Principal, review_id: str, choices: Mapping[str, str]) -> str:
    """Record the principal's ballot; returns the receipt (shown once, stored only as a hash).

    The route's policy has admitted the principal as an elector of the review; the status is read under the
    row's lock (FOR SHARE), which a close must wait for."""
    review = _review(session, review_id, lock="share")
    if review.status != ReviewStatus.VOTING:
        raise Conflict(
            f"The review is {review.status}; ballots are accepted only while the vote is open.",
            code="review_not_voting",
            detail_vi="Đợt bình xét không trong thời gian bỏ phiếu nên không nhận phiếu.",
            extra={"review_status": review.status},
        )
    errors = choice_errors(choices, set(repository.candidate_ids(session, review_id=review.id)))
    if errors:
        raise Invalid(
            "The ballot names people who are not candidates: " + "; ".join(e["msg"] for e in errors) + ".",
            detail_vi="Phiếu bầu có người không thuộc danh sách bình xét.",
            errors=errors,
        )
    _mark_voted(session, review.id, principal.id)
    receipt = receipts.new_receipt()
    session.add(
        ReviewBallot(
            id=receipts.new_ballot_id(),
            review_id=review.id,
            receipt_hash=receipts.receipt_hash(receipt),
            choices={person_id: str(vote) for person_id, vote in sorted(choices.items())},
            voter_id=None if review.secret else principal.id,
        )
    )
    session.flush()
    # Names the review only: never the ballot, its receipt or its choices.
    audit.record(
        session,
        actor=principal.actor,
        action="review.ballot_cast",
        object_type="unit_review",
        object_id=review.id,
    )
    return receipt


def _mark_voted(session: Session, review_id: str, user_id: str) -> None:
    """Insert the elector's ``ReviewVoter`` row; its primary key refuses a second one (409)."""
    try:
        with session.begin_nested():  # a savepoint, so the failed insert leaves the transaction usable
            session.add(ReviewVoter(review_id=review_id, user_id=user_id))
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "You have already cast your ballot in this review.",
            code="already_voted",
            detail_vi="Bạn đã bỏ phiếu trong đợt bình xét này.",
        ) from exc


# ---- turnout and receipts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    electorate: int
    voted: int
    i_voted: bool


def turnout(*, session: Session, principal: Principal, review_id: str) -> Turnout:
    review = _review(session, review_id)
    return Turnout(
        electorate=repository.elector_count(session, review_id=review.id),
        voted=repository.voter_count(session, review_id=review.id),
        i_voted=principal.is_user
        and repository.has_voted(session, review_id=review.id, user_id=principal.id),
    )


def check_receipt(*, session: Session, review_id: str, receipt: str) -> bool:
    """Whether the ballot with this receipt was counted (always True when the answer is not an error).

    The route's policy has let through the review's readers and whoever presents a receipt of one of its
    ballots (the receipt is the capability). Everyone here learns whether the vote is counted before the
    receipt is looked at; a reader with a receipt that is not one of the review's gets 404. The answer never
    says anything about the ballot's content."""
    review = _review(session, review_id)
    if review.status not in COUNTED:
        raise Conflict(
            "The vote is not counted (or the review was cancelled); receipts are checked once it is.",
            code="review_not_counted",
            detail_vi="Đợt bình xét chưa kiểm phiếu (hoặc đã bị hủy); mã biên nhận được kiểm tra sau khi "
            "kiểm phiếu.",
            extra={"review_status": review.status},
        )
    found = (
        repository.ballot_review_of(session, receipt_hash=receipts.receipt_hash(receipt))
        if receipts.well_formed(receipt)
        else None
    )
    if found != review.id:
        raise NotFound(
            "No ballot of this review has this receipt.", detail_vi="Không có phiếu nào với mã biên nhận này."
        )
    return True


# ---- for the close and the results ---------------------------------------------------------------------


def non_secret_ballots(session: Session, review: UnitReview) -> list[dict[str, Any]]:
    """``[{"user_id", "choices"}]`` of a review with ``secret=false``, by user id; ``[]`` if secret."""
    if review.secret:
        return []
    rows = repository.open_ballot_rows(session, review_id=review.id)
    return [{"user_id": voter_id, "choices": dict(choices)} for voter_id, choices in rows]


def seal(session: Session, review_id: str) -> None:
    """Rewrite the review's ``review_ballots`` and ``review_voters`` rows, each table in a fresh random order.

    Called in the closing transaction, with the review row locked FOR UPDATE. While the vote was open each
    elector's ``ReviewVoter`` and ``ReviewBallot`` rows were written by the same transaction, so the storage
    could link them (PostgreSQL ``xmin`` and ``ctid``, SQLite page order). Afterwards every row of both
    tables carries the closing transaction's id and sits where a shuffle put it (docs/ballot-secrecy.md)."""
    repository.rewrite_ballots(session, review_id=review_id, shuffle=secrets.SystemRandom().shuffle)
