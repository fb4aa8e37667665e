from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of
from app.models.enums import Gender


class Person(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A person working in a unit (cán bộ, công chức, viên chức, người lao động).

    ``code`` is stable and immutable: other systems (the ministry's personnel registry) refer to it.
    ``unit_id`` is the unit of the current employment (None when the person works in no unit today); the
    history is in ``employments``, so a title history follows a person who moves.
    """

    __tablename__ = "people"
    __table_args__ = (CheckConstraint(one_of("gender", Gender), name="gender"),)

    code: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[Gender] = mapped_column(StrEnumType(Gender, 16))
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    position: Mapped[str | None] = mapped_column(String(200), default=None)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Full name and code folded to lower-case ASCII, as units.search_text.
    search_text: Mapped[str] = mapped_column(Text, default="")


class Employment(IdMixin, TimestampMixin, Base):
    """A person's work in a unit from ``started_on`` to ``ended_on`` (None: still there)."""

    __tablename__ = "employments"
    __table_args__ = (CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="period"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    position: Mapped[str | None] = mapped_column(String(200), default=None)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)
