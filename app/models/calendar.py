"""The office's corrections to the default calendar of public holidays (``app.core.holidays_vn``)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, StrEnumType, one_of, utcnow


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # a day off
    WORKING_DAY = "working_day"  # worked: a compensatory Saturday, or a default holiday the office removed


class PublicHoliday(Base):
    """One day the office sets itself, overriding the default table for that day: a day off it adds, or a
    working day (a Saturday worked in a swap, or a default holiday that does not apply)."""

    __tablename__ = "public_holidays"
    __table_args__ = (CheckConstraint(one_of("kind", DayKind), name="kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DayKind] = mapped_column(StrEnumType(DayKind, 16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
