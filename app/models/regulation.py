from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, utcnow


class Regulation(IdMixin, Base):
    """One version of the ministry's or a bloc's own regulation (quy chế): the settings it adds to or
    tightens in the law. Versions are only ever added, never changed: a verdict names the versions it was
    judged under, so a later change never rewrites how a past decision was judged."""

    __tablename__ = "regulations"
    __table_args__ = (
        UniqueConstraint("scope_key", "version"),
        CheckConstraint("version >= 1", name="version"),
    )

    scope_key: Mapped[str] = mapped_column(String(80), index=True)  # "ministry" | "bloc:<bloc id>"
    bloc_id: Mapped[str | None] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), default=None)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
