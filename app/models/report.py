from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, utcnow
from app.models.enums import ReportKind


class Report(IdMixin, Base):
    """One submitted version of a unit's (mid-year or annual) emulation report. Versions are immutable:
    each submission is a new row, the latest counts, older ones stay readable."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("campaign_id", "unit_id", "kind", "version"),
        CheckConstraint("kind IN ('mid_year', 'annual')", name="kind"),
        CheckConstraint("version >= 1", name="version"),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ReportKind] = mapped_column(StrEnumType(ReportKind, 16))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    sections: Mapped[list[Any]] = mapped_column(default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    submitted_by: Mapped[str] = mapped_column(String(80))  # "user:<id>" or "client:<id>"
