from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import AwardStatus


class Award(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A title given to a unit for a year. One achievement is awarded once: the unique constraint holds
    even for a revoked award (a revoked award is history, not a free slot)."""

    __tablename__ = "awards"
    __table_args__ = (
        UniqueConstraint("unit_id", "title_code", "year"),
        CheckConstraint("status IN ('proposed', 'decided', 'revoked')", name="status"),
    )

    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[AwardStatus] = mapped_column(StrEnumType(AwardStatus, 16), default=AwardStatus.PROPOSED)
    campaign_id: Mapped[str | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), default=None
    )
    source_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="RESTRICT"), default=None
    )
    decision_number: Mapped[str | None] = mapped_column(String(100), default=None)
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    revoked_reason: Mapped[str | None] = mapped_column(Text, default=None)
