from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, utcnow
from app.models.enums import MemberRole


class Bloc(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "blocs"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, default=None)


class BlocMember(IdMixin, Base):
    """A unit's place in a bloc for one year. The database guarantees the rules that must never break:
    a unit in at most one bloc a year, at most one leader and at most one deputy per bloc-year."""

    __tablename__ = "bloc_members"
    __table_args__ = (
        UniqueConstraint("year", "unit_id"),
        Index(
            "uq_bloc_members_one_leader",
            "bloc_id",
            "year",
            unique=True,
            sqlite_where=text("role = 'leader'"),
            postgresql_where=text("role = 'leader'"),
        ),
        Index(
            "uq_bloc_members_one_deputy",
            "bloc_id",
            "year",
            unique=True,
            sqlite_where=text("role = 'deputy'"),
            postgresql_where=text("role = 'deputy'"),
        ),
        CheckConstraint("role IN ('leader', 'deputy', 'member')", name="role"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        Index("ix_bloc_members_bloc_year", "bloc_id", "year"),
    )

    bloc_id: Mapped[str] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    role: Mapped[MemberRole] = mapped_column(StrEnumType(MemberRole, 16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
