"""A unit's year-end review of its people (bình xét cá nhân) for the titles its head decides.

The unit's electorate votes yes or no on each candidate; the unit head then decides, and the candidates who
passed the vote and still meet the law on the decision date get their awards. Secrecy as for ballot sessions
(``app.models.voting``, docs/ballot-secrecy.md): *that* an elector voted (``ReviewVoter``) and *what* the
ballot said (``ReviewBallot``) are two rows with nothing in common but the review.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of
from app.models.enums import ReviewStatus


class ReviewTitle(StrEnum):
    """The individual titles a unit head decides (Law 06/2022 Art 80(1); Decree 65/2014 Art 26(2)(b))."""

    LAO_DONG_TIEN_TIEN = "lao_dong_tien_tien"
    CHIEN_SI_THI_DUA_CO_SO = "chien_si_thi_dua_co_so"


_LIVE = "status <> 'cancelled'"


class UnitReview(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One unit's review of its people for one title and year: at most one that is not cancelled."""

    __tablename__ = "unit_reviews"
    __table_args__ = (
        CheckConstraint(one_of("title_code", ReviewTitle), name="title_code"),
        CheckConstraint(one_of("status", ReviewStatus), name="status"),
        CheckConstraint("threshold_share >= 0 AND threshold_share < 1", name="threshold_share"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        Index(
            "uq_unit_reviews_live",
            "unit_id",
            "year",
            "title_code",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
    )

    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    status: Mapped[ReviewStatus] = mapped_column(
        StrEnumType(ReviewStatus, 16), default=ReviewStatus.DRAFT, index=True
    )
    # What a candidate's "yes" votes must reach, over ALL the electorate (law.md 2.4), as chosen at creation
    # from the legal regime in force that day, and where it comes from ("R2025: …" or "default: …").
    regime_code: Mapped[str] = mapped_column(String(16))
    threshold_share: Mapped[float] = mapped_column(Float)
    threshold_inclusive: Mapped[bool] = mapped_column(Boolean)
    threshold_source: Mapped[str] = mapped_column(String(300))
    secret: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    counted_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by: Mapped[str | None] = mapped_column(String(64), default=None)
    decision_number: Mapped[str | None] = mapped_column(String(100), default=None)
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    # The tally, computed and frozen when the vote closes (``app.reviews.tally.ReviewTally``).
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # What the decision did: the awards made and the candidates not awarded, with the reason
    # (``app.reviews.decisions.DecisionOutcome``).
    outcome: Mapped[dict[str, Any] | None] = mapped_column(default=None)


class ReviewCandidate(Base):
    """A person under review, in ballot order, with the law's verdict when the review was created."""

    __tablename__ = "review_candidates"

    review_id: Mapped[str] = mapped_column(
        ForeignKey("unit_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    # ``app.reviews.verdicts.CandidateVerdict``'s stored form.
    verdict: Mapped[dict[str, Any]] = mapped_column()


class ReviewElector(Base):
    """The electorate: who may cast a ballot in the review."""

    __tablename__ = "review_electors"

    review_id: Mapped[str] = mapped_column(
        ForeignKey("unit_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True)


class ReviewVoter(Base):
    """That an elector has voted, and nothing else: no time, no link to the ballot. The primary key is what
    makes a second ballot by the same elector impossible, whatever the concurrency."""

    __tablename__ = "review_voters"

    review_id: Mapped[str] = mapped_column(
        ForeignKey("unit_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True)


class ReviewBallot(Base):
    """What a ballot said: ``{person_id: "yes" | "no"}`` (a candidate left out is blank). In a secret review
    it carries no voter, no time, and a random id; on SQLite the table has no rowid (rows are kept in
    random-id order, not insertion order)."""

    __tablename__ = "review_ballots"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, never time-ordered
    review_id: Mapped[str] = mapped_column(ForeignKey("unit_reviews.id", ondelete="CASCADE"), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Only for reviews with secret=false, whose results name each ballot's voter.
    voter_id: Mapped[str | None] = mapped_column(String(64), default=None)
