from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin, VersionedMixin


class Unit(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "units"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(100), default=None)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Name, short name and code folded to lower-case ASCII (diacritics stripped, đ→d): the same
    # accent-insensitive search on SQLite and PostgreSQL without a database extension.
    search_text: Mapped[str] = mapped_column(Text, default="")
