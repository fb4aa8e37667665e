from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import SessionStatus, ThresholdBase


class VotingSession(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A ballot session electing units for a title (bình xét, suy tôn)."""

    __tablename__ = "voting_sessions"
    __table_args__ = (
        CheckConstraint("seats >= 1", name="seats"),
        CheckConstraint("max_choices >= 1", name="max_choices"),
        CheckConstraint("threshold_share >= 0 AND threshold_share < 1", name="threshold_share"),
        CheckConstraint("threshold_of IN ('electorate', 'cast')", name="threshold_of"),
        CheckConstraint("quorum >= 0 AND quorum <= 1", name="quorum"),
        CheckConstraint("status IN ('draft', 'open', 'closed', 'published', 'cancelled')", name="status"),
    )

    campaign_id: Mapped[str | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True
    )
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    name: Mapped[str | None] = mapped_column(String(300), default=None)
    seats: Mapped[int] = mapped_column(Integer)
    max_choices: Mapped[int] = mapped_column(Integer)
    threshold_share: Mapped[float] = mapped_column(Float, default=0.5)
    threshold_of: Mapped[ThresholdBase] = mapped_column(
        StrEnumType(ThresholdBase, 16), default=ThresholdBase.ELECTORATE
    )
    threshold_inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    quorum: Mapped[float] = mapped_column(Float, default=0.5)
    secret: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[SessionStatus] = mapped_column(
        StrEnumType(SessionStatus, 16), default=SessionStatus.DRAFT, index=True
    )
    runoff_of: Mapped[str | None] = mapped_column(ForeignKey("voting_sessions.id", ondelete="RESTRICT"))
    candidates_from: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    # The tally, computed and frozen when the session closes.
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)


class SessionCandidate(Base):
    __tablename__ = "session_candidates"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SessionElector(Base):
    """The electorate: who may cast a ballot."""

    __tablename__ = "session_electors"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True)


class BallotVoter(Base):
    """That a delegate has voted, and nothing else: no time, no link to the ballot. The primary key is
    what makes a second ballot by the same delegate impossible, whatever the concurrency."""

    __tablename__ = "ballot_voters"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True)


class Ballot(Base):
    """What was chosen. In a secret session it carries no voter, no time, and a random id; on SQLite the
    table has no rowid (rows are kept in random-id order, not insertion order)."""

    __tablename__ = "ballots"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, never time-ordered
    session_id: Mapped[str] = mapped_column(ForeignKey("voting_sessions.id", ondelete="CASCADE"), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    choices: Mapped[list[Any]] = mapped_column(default=list)
    # Only for sessions with secret=false, whose results name each ballot's voter.
    voter_id: Mapped[str | None] = mapped_column(String(64), default=None)
