from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin, VersionedMixin


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)


class ServiceClient(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "service_clients"

    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Tokens issued before this instant are refused: rotating the secret or disabling the client ends them.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(default=None)
