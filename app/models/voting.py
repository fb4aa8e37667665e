from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of, utcnow
from app.models.enums import BallotMethod, CountingRole, SessionStatus, ThresholdBase


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
        CheckConstraint(one_of("method", BallotMethod), name="method"),
        CheckConstraint("NOT one_delegate_per_unit OR conference_id IS NOT NULL", name="per_unit_conference"),
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
    # The tally, computed and frozen when the session closes (for paper and mixed sessions: once the
    # counting committee's two entries agree).
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # electronic | paper (counted by the committee) | mixed (both, added together).
    method: Mapped[BallotMethod] = mapped_column(
        StrEnumType(BallotMethod, 16), default=BallotMethod.ELECTRONIC
    )
    # The electorate is the member units, each represented by its one checked-in voting delegate at the
    # conference (``SessionUnitElector``, ``BallotUnitVoter``); else the listed users.
    one_delegate_per_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    conference_id: Mapped[str | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="RESTRICT"), default=None, index=True
    )
    # The paper count the committee's entries agreed on, frozen with the result.
    paper_count: Mapped[dict[str, Any] | None] = mapped_column(default=None)


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


class SessionUnitElector(Base):
    """A one-delegate-per-unit session's electorate: the member units (frozen when the session opens)."""

    __tablename__ = "session_unit_electors"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True)


class BallotUnitVoter(Base):
    """That a unit has voted (through whichever delegate held its vote), and nothing else: the primary key
    makes a second ballot for the unit impossible, even after its delegate was substituted."""

    __tablename__ = "ballot_unit_voters"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True)


class CountingMember(IdMixin, TimestampMixin, Base):
    """A member of a session's counting committee (ban kiểm phiếu), named on the counting minutes."""

    __tablename__ = "counting_members"
    __table_args__ = (
        CheckConstraint(one_of("role", CountingRole), name="role"),
        CheckConstraint("position >= 1", name="position"),
        Index("uq_counting_members_position", "session_id", "position", unique=True),
        Index("uq_counting_members_user", "session_id", "user_id", unique=True),
    )

    session_id: Mapped[str] = mapped_column(ForeignKey("voting_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    full_name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300), default="")  # chức vụ, đơn vị
    role: Mapped[CountingRole] = mapped_column(StrEnumType(CountingRole, 16), default=CountingRole.MEMBER)
    # The account the member enters counts with.
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), default=None)


class PaperCount(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One committee member's independent entry of the paper count. ``votes``: {candidate unit id: n};
    ``invalid_reasons``: [{"reason", "count"}]. Two entries that agree give the session its paper count."""

    __tablename__ = "paper_counts"
    __table_args__ = (
        UniqueConstraint("session_id", "member_id"),
        CheckConstraint(
            "issued >= 0 AND returned >= 0 AND valid >= 0 AND invalid >= 0 AND blank >= 0", name="counts"
        ),
        CheckConstraint("returned <= issued", name="returned"),
        CheckConstraint("valid + invalid = returned", name="valid_invalid"),
        CheckConstraint("blank <= valid", name="blank"),
    )

    session_id: Mapped[str] = mapped_column(ForeignKey("voting_sessions.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("counting_members.id", ondelete="RESTRICT"))
    issued: Mapped[int] = mapped_column(Integer)  # số phiếu phát ra
    returned: Mapped[int] = mapped_column(Integer)  # số phiếu thu về
    valid: Mapped[int] = mapped_column(Integer)  # số phiếu hợp lệ
    invalid: Mapped[int] = mapped_column(Integer)  # số phiếu không hợp lệ
    blank: Mapped[int] = mapped_column(Integer, default=0)  # valid ballots approving nobody
    invalid_reasons: Mapped[list[Any]] = mapped_column(default=list)
    votes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    entered_by: Mapped[str | None] = mapped_column(String(64), default=None)
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
