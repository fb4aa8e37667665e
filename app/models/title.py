from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import TitleTarget


class Title(TimestampMixin, VersionedMixin, Base):
    """The titles catalogue: emulation titles, their prerequisites (same-year titles) and quotas."""

    __tablename__ = "titles"
    __table_args__ = (CheckConstraint("target IN ('collective', 'individual')", name="target"),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(32))  # government | ministry | unit
    target: Mapped[TitleTarget] = mapped_column(StrEnumType(TitleTarget, 16), default=TitleTarget.COLLECTIVE)
    requires: Mapped[list[Any]] = mapped_column(default=list)
    # {"max_share": 0.2, "scope": "bloc"} or {"max_count": 3, "scope": "ministry"}; None: no quota
    quota: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # A retired entry stays for the history that names it, but nothing new may use it.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
