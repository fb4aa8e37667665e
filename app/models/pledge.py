from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, utcnow
from app.models.enums import PledgeStatus


class Pledge(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The bloc's covenant for the year (giao ước thi đua): draft → open → closed."""

    __tablename__ = "pledges"
    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),)

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    preamble: Mapped[str | None] = mapped_column(Text, default=None)
    commitments: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[PledgeStatus] = mapped_column(StrEnumType(PledgeStatus, 16), default=PledgeStatus.DRAFT)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class PledgeSignature(IdMixin, Base):
    """One member unit's signature; the unique constraint makes a second signature impossible."""

    __tablename__ = "pledge_signatures"
    __table_args__ = (UniqueConstraint("pledge_id", "unit_id"),)

    pledge_id: Mapped[str] = mapped_column(ForeignKey("pledges.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    signatory_name: Mapped[str] = mapped_column(String(200))
    signatory_position: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(64), default=None)
