"""What a subject (a person or a unit) did and what counts against it: initiatives and research works
with their recognition, yearly ratings, and exclusions (discipline, investigations) with their periods.

Each row names exactly one subject: ``person_id`` or ``unit_id``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of
from app.models.enums import AchievementKind, DisciplineMeasure, ExclusionKind, Rating, RecognitionScope

ONE_SUBJECT = "(person_id IS NULL) <> (unit_id IS NULL)"


class Achievement(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An initiative (sáng kiến) or research work (đề tài) and its recognition."""

    __tablename__ = "achievements"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint(one_of("kind", AchievementKind), name="kind"),
        CheckConstraint(one_of("scope", RecognitionScope), name="scope"),
    )

    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[AchievementKind] = mapped_column(StrEnumType(AchievementKind, 16))
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer, index=True)
    scope: Mapped[RecognitionScope] = mapped_column(StrEnumType(RecognitionScope, 16))
    # Research: accepted (nghiệm thu) and applied. Initiatives are recognised only when applied.
    applied: Mapped[bool] = mapped_column(default=True)
    recognised_by: Mapped[str | None] = mapped_column(String(300), default=None)
    decision_number: Mapped[str | None] = mapped_column(String(100), default=None)
    recognised_on: Mapped[date | None] = mapped_column(Date, default=None)


class Assessment(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A subject's rating for a year (đánh giá, xếp loại), and for a person the working days absent."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("absent_days IS NULL OR absent_days >= 0", name="absent_days"),
        CheckConstraint(one_of("rating", Rating), name="rating"),
        UniqueConstraint("person_id", "year"),
        UniqueConstraint("unit_id", "year"),
    )

    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    rating: Mapped[Rating] = mapped_column(StrEnumType(Rating, 16))
    absent_days: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)


class Exclusion(IdMixin, TimestampMixin, VersionedMixin, Base):
    """What bars or defers an award: a disciplinary measure, or an investigation or complaint pending,
    from ``starts_on`` to ``ends_on`` (None: not ended)."""

    __tablename__ = "exclusions"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),
        CheckConstraint("(kind = 'discipline') = (measure IS NOT NULL)", name="measure_iff_discipline"),
        CheckConstraint(one_of("kind", ExclusionKind), name="kind"),
        CheckConstraint(one_of("measure", DisciplineMeasure, nullable=True), name="measure"),
    )

    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ExclusionKind] = mapped_column(StrEnumType(ExclusionKind, 16))
    measure: Mapped[DisciplineMeasure | None] = mapped_column(
        StrEnumType(DisciplineMeasure, 32), default=None
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    decision_number: Mapped[str | None] = mapped_column(String(100), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
