"""The bloc's conference (hội nghị tổng kết / sơ kết): its agenda, invited guests, the delegates each member
unit sends and their check-in, and the leadership it chooses for next year.

Attendance is per delegate: a unit is present when at least one of its delegates has checked in. One
delegate per unit may be its voting delegate (the partial unique index); a change of voting delegate is a
``ConferenceSubstitution`` row, never an overwrite that loses who voted for the unit before.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of, utcnow


class ConferenceKind(StrEnum):
    YEAR_END = "year_end"  # hội nghị tổng kết
    MID_YEAR = "mid_year"  # hội nghị sơ kết


class ConferenceStatus(StrEnum):
    """planned → open (in session: check-in, ballots) → closed; planned or open may be cancelled."""

    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class AgendaKind(StrEnum):
    REPORT = "report"  # the leader presents the year report
    DISCUSSION = "discussion"  # the members discuss what the report should add
    PLEDGE = "pledge"  # the pledge is honoured / signed
    BALLOT = "ballot"  # a ballot session (voting_session_id)
    GUIDANCE = "guidance"  # a guest's guidance speech (phát biểu chỉ đạo)
    LEADERSHIP = "leadership"  # next year's leader and deputy
    OTHER = "other"


class LeadershipMethod(StrEnum):
    ELECTION = "election"  # the conference elected them
    ROTATION = "rotation"  # the bloc's rotation rule designated them


class Conference(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "conferences"
    __table_args__ = (
        UniqueConstraint("campaign_id", "kind"),
        CheckConstraint(one_of("kind", ConferenceKind), name="kind"),
        CheckConstraint(one_of("status", ConferenceStatus), name="status"),
        CheckConstraint(
            "quorum_share IS NULL OR (quorum_share >= 0 AND quorum_share <= 1)", name="quorum_share"
        ),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ConferenceKind] = mapped_column(StrEnumType(ConferenceKind, 16))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    chaired_by: Mapped[str | None] = mapped_column(String(300), default=None)  # who chairs (chủ trì)
    status: Mapped[ConferenceStatus] = mapped_column(
        StrEnumType(ConferenceStatus, 16), default=ConferenceStatus.PLANNED, index=True
    )
    # The share of member units that must be present, frozen from the bloc's regulation when it opens.
    quorum_share: Mapped[float | None] = mapped_column(default=None)
    members_count: Mapped[int | None] = mapped_column(Integer, default=None)  # frozen when it opens
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    conclusions: Mapped[str | None] = mapped_column(Text, default=None)  # kết luận, for the minutes
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)


class ConferenceAgendaItem(IdMixin, Base):
    __tablename__ = "conference_agenda_items"
    __table_args__ = (
        CheckConstraint(one_of("kind", AgendaKind), name="kind"),
        CheckConstraint("position >= 1", name="position"),
        Index("uq_conference_agenda_position", "conference_id", "position", unique=True),
    )

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaKind] = mapped_column(StrEnumType(AgendaKind, 16))
    title: Mapped[str] = mapped_column(String(500))
    speaker: Mapped[str | None] = mapped_column(String(300), default=None)
    voting_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="RESTRICT"), default=None, index=True
    )
    outcome: Mapped[str | None] = mapped_column(Text, default=None)  # what the item concluded


class ConferenceGuest(IdMixin, TimestampMixin, Base):
    """An invited guest (e.g. the council's vice-chair). With ``user_id``, that user may read what an
    observer reads for the conference's campaign."""

    __tablename__ = "conference_guests"
    __table_args__ = (Index("uq_conference_guests_user", "conference_id", "user_id", unique=True),)

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")  # chức vụ
    organisation: Mapped[str | None] = mapped_column(String(300), default=None)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), default=None)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    speaks: Mapped[bool] = mapped_column(Boolean, default=False)  # gives a speech (phát biểu)


class ConferenceDelegate(IdMixin, TimestampMixin, Base):
    """A person a member unit sends. ``user_id`` when they have an account (needed to vote electronically);
    ``checked_in_at`` once they arrived; ``voting``: the unit's one voting delegate (at most one per unit)."""

    __tablename__ = "conference_delegates"
    __table_args__ = (
        Index("ix_conference_delegates_unit", "conference_id", "unit_id"),
        Index(
            "uq_conference_delegates_voting",
            "conference_id",
            "unit_id",
            unique=True,
            sqlite_where=text("voting"),
            postgresql_where=text("voting"),
        ),
        Index("uq_conference_delegates_user", "conference_id", "user_id", unique=True),
    )

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), default=None)
    voting: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(default=None)
    checked_in_by: Mapped[str | None] = mapped_column(String(64), default=None)


class ConferenceSubstitution(IdMixin, Base):
    """A unit's voting delegate replaced by another of its delegates, with the reason."""

    __tablename__ = "conference_substitutions"

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    from_delegate_id: Mapped[str | None] = mapped_column(
        ForeignKey("conference_delegates.id", ondelete="RESTRICT"), default=None
    )
    to_delegate_id: Mapped[str] = mapped_column(ForeignKey("conference_delegates.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(64), default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConferenceLeadership(IdMixin, Base):
    """Next year's leader and deputy as the conference chose them; fills next year's membership draft."""

    __tablename__ = "conference_leadership"
    __table_args__ = (
        UniqueConstraint("conference_id"),
        CheckConstraint(one_of("method", LeadershipMethod), name="method"),
        CheckConstraint("deputy_unit_id IS NULL OR deputy_unit_id <> leader_unit_id", name="distinct"),
    )

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    bloc_id: Mapped[str] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the year led: the campaign's year + 1
    method: Mapped[LeadershipMethod] = mapped_column(StrEnumType(LeadershipMethod, 16))
    leader_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    deputy_unit_id: Mapped[str | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), default=None
    )
    note: Mapped[str | None] = mapped_column(Text, default=None)
    recorded_by: Mapped[str | None] = mapped_column(String(64), default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
