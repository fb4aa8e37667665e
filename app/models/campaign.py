from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, utcnow
from app.models.enums import CampaignStatus


class Campaign(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One bloc's emulation year."""

    __tablename__ = "campaigns"
    __table_args__ = (
        UniqueConstraint("bloc_id", "year"),
        CheckConstraint("status IN ('active', 'closed')", name="status"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )

    bloc_id: Mapped[str] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str | None] = mapped_column(String(500), default=None)
    mid_year_report_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    annual_report_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    scoring_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    tie_break: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[CampaignStatus] = mapped_column(
        StrEnumType(CampaignStatus, 16), default=CampaignStatus.ACTIVE
    )


class Registration(IdMixin, Base):
    """A unit's registration for a title in a campaign, with its targets."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "title_code"),)

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    title_code: Mapped[str] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    targets: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
