"""The emulation and commendation council (Hội đồng Thi đua – Khen thưởng): its members per term, its
sessions, their agendas of proposal items, attendance, and the secret vote.

The vote copies the ballot engine's guarantees: ``CouncilVoter`` says that a member has voted and nothing
else (its primary key makes a second vote impossible whatever the concurrency); ``CouncilBallot`` says
what was chosen, with a random id, no voter and no time. A written vote of an absent member is entered by
the secretary: it is a ballot of kind ``written`` and marks the member as having voted.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin


class CouncilRole(StrEnum):
    CHAIR = "chair"  # chủ tịch
    VICE_CHAIR = "vice_chair"  # phó chủ tịch
    STANDING = "standing"  # ủy viên thường trực
    MEMBER = "member"  # ủy viên


class CouncilSessionStatus(StrEnum):
    """draft → open (voting) → closed (counted) ; draft may be cancelled."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class CouncilVote(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Council(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One council for one term (nhiệm kỳ)."""

    __tablename__ = "councils"
    __table_args__ = (CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term"),)

    name: Mapped[str] = mapped_column(String(300))
    authority: Mapped[str] = mapped_column(String(300))  # e.g. "Bộ Khoa học và Công nghệ"
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date, default=None)


class CouncilMember(IdMixin, TimestampMixin, Base):
    __tablename__ = "council_members"
    __table_args__ = (
        CheckConstraint("role IN ('chair', 'vice_chair', 'standing', 'member')", name="role"),
        Index("uq_council_members_user", "council_id", "user_id", unique=True),
    )

    council_id: Mapped[str] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    # The account the member votes with; none for a member who only ever gives written votes.
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), default=None)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")  # job title (chức vụ)
    role: Mapped[CouncilRole] = mapped_column(StrEnumType(CouncilRole, 16), default=CouncilRole.MEMBER)
    is_secretary: Mapped[bool] = mapped_column(Boolean, default=False)  # thư ký hội đồng
    left_on: Mapped[date | None] = mapped_column(Date, default=None)  # no longer a member from this day


class CouncilSession(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "council_sessions"
    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed', 'cancelled')", name="status"),)

    council_id: Mapped[str] = mapped_column(ForeignKey("councils.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[CouncilSessionStatus] = mapped_column(
        StrEnumType(CouncilSessionStatus, 16), default=CouncilSessionStatus.DRAFT, index=True
    )
    # Frozen when the session opens: how many members the council has (the thresholds' denominator).
    members_count: Mapped[int | None] = mapped_column(Integer, default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    # The count, computed and frozen when the session closes.
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class CouncilAgendaItem(Base):
    __tablename__ = "council_agenda_items"
    __table_args__ = (
        CheckConstraint("position >= 1", name="position"),
        Index("uq_council_agenda_position", "session_id", "position", unique=True),
    )

    session_id: Mapped[str] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_item_id: Mapped[str] = mapped_column(
        ForeignKey("proposal_items.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    # The threshold as a share of ALL members (law.md §2.4), frozen when the session opens; None: a
    # simple majority of the members present (no rule names one for this title or form).
    required_share: Mapped[str | None] = mapped_column(String(16), default=None)  # "9/10"
    required_yes: Mapped[int | None] = mapped_column(Integer, default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)  # approved | rejected


class CouncilAttendance(Base):
    __tablename__ = "council_attendance"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        ForeignKey("council_members.id", ondelete="RESTRICT"), primary_key=True
    )
    present: Mapped[bool] = mapped_column(Boolean)
    substitute_name: Mapped[str | None] = mapped_column(String(300), default=None)  # sent in writing
    note: Mapped[str | None] = mapped_column(Text, default=None)


class CouncilVoter(Base):
    """That a member has voted, and nothing else: no time, no link to the ballot."""

    __tablename__ = "council_voters"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        ForeignKey("council_members.id", ondelete="RESTRICT"), primary_key=True
    )


class CouncilBallot(Base):
    """What one ballot said: ``{proposal_item_id: "yes" | "no" | "abstain"}``. A random id, no voter, no
    time; on SQLite no rowid (rows are kept in random-id order, not insertion order)."""

    __tablename__ = "council_ballots"
    __table_args__ = (
        CheckConstraint("kind IN ('electronic', 'written')", name="kind"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, never time-ordered
    session_id: Mapped[str] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="electronic")
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)
