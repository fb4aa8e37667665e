from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import CriterionKind, SheetStatus

# Points are stored as integer hundredths ("centi-points"): the API accepts at most 2 decimals, and
# integers are exact and sum the same on SQLite and PostgreSQL.


class Criterion(IdMixin, Base):
    """One node of a campaign's criteria tree, stored flat: groups have no max_points and no kind."""

    __tablename__ = "criteria"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code"),
        CheckConstraint("max_points_centi IS NULL OR max_points_centi >= 0", name="max_points"),
        CheckConstraint("kind IS NULL OR kind IN ('standard', 'bonus', 'penalty')", name="kind"),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    parent_code: Mapped[str | None] = mapped_column(String(32), default=None)
    title: Mapped[str] = mapped_column(String(500))
    max_points_centi: Mapped[int | None] = mapped_column(Integer, default=None)
    kind: Mapped[CriterionKind | None] = mapped_column(StrEnumType(CriterionKind, 16), default=None)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer)


class ScoreSheet(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A unit's sheet for one stage (self, review, …): draft → submitted (locked) → returned → …"""

    __tablename__ = "score_sheets"
    __table_args__ = (
        UniqueConstraint("campaign_id", "unit_id", "stage"),
        CheckConstraint("status IN ('draft', 'submitted', 'returned')", name="status"),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    status: Mapped[SheetStatus] = mapped_column(StrEnumType(SheetStatus, 16), default=SheetStatus.DRAFT)
    return_reason: Mapped[str | None] = mapped_column(Text, default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    submitted_by: Mapped[str | None] = mapped_column(String(64), default=None)
    # The sheet's points per kind of criterion, in centi-points: written in the same transaction as its
    # entries (and recomputed for every sheet of the campaign when its criteria are replaced), so the
    # ranking reads one row per sheet instead of summing every entry.
    # 64-bit: 500 items of up to 100,000 points sum past a 32-bit integer (tree.MAX_POINTS_CENTI).
    standard_centi: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    bonus_centi: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    penalty_centi: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class ScoreEntry(Base):
    __tablename__ = "score_entries"
    __table_args__ = (CheckConstraint("points_centi >= 0", name="points"),)

    sheet_id: Mapped[str] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), primary_key=True)
    criterion_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    points_centi: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text, default=None)
