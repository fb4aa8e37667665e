from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import FormSubject


class CommendationForm(TimestampMixin, VersionedMixin, Base):
    """The forms of commendation catalogue (hình thức khen thưởng): Giấy khen, Bằng khen, orders and
    medals. Unlike a title, a form may be given to the same subject several times, and to individuals and
    collectives alike. What each requires under each legal regime is data in ``app.law``."""

    __tablename__ = "commendation_forms"
    __table_args__ = (CheckConstraint("subject IN ('individual', 'collective', 'both')", name="subject"),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(32))  # state | government | ministry | unit
    subject: Mapped[FormSubject] = mapped_column(StrEnumType(FormSubject, 16))
    authority: Mapped[str] = mapped_column(String(200))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
