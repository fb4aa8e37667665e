"""Decisions (quyết định): numbered from a register per authority and year, with their recipients; an
amendment or a revocation is a decision of its own; a revocation tracks the recovery of money and objects.

The register's counter is the only source of numbers: a number is taken by incrementing the register's
row inside the transaction that issues the decision, so a rolled-back issue gives its number back (no gap)
and two issuers queue on the row (no duplicate); the unique index on (register, number) is the last word.
A decision of a higher authority (the Prime Minister's) is recorded with the number it carries, outside
any register of ours.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin


class DecisionKind(StrEnum):
    AWARD = "award"  # khen thưởng
    AMENDMENT = "amendment"  # sửa đổi, bổ sung
    REVOCATION = "revocation"  # hủy bỏ quyết định khen thưởng


class DecisionStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


class DecisionRegister(IdMixin, TimestampMixin, Base):
    """The numbering book of one authority for one year (sổ đăng ký văn bản)."""

    __tablename__ = "decision_registers"
    __table_args__ = (
        Index("uq_decision_registers_authority_year", "authority_code", "year", unique=True),
        CheckConstraint("last_number >= 0", name="last_number"),
        CheckConstraint("last_certificate >= 0", name="last_certificate"),
    )

    authority_code: Mapped[str] = mapped_column(String(32))  # "BKHCN"
    authority_name: Mapped[str] = mapped_column(String(300))  # "Bộ Khoa học và Công nghệ"
    year: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(32))  # "QĐ-BKHCN": the number reads "123/QĐ-BKHCN"
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    last_certificate: Mapped[int] = mapped_column(Integer, default=0)


class Decision(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("kind IN ('award', 'amendment', 'revocation')", name="kind"),
        CheckConstraint("status IN ('draft', 'issued')", name="status"),
        CheckConstraint("status = 'draft' OR number_text IS NOT NULL", name="issued_numbered"),
        Index("uq_decisions_register_number", "register_id", "number", unique=True),
    )

    kind: Mapped[DecisionKind] = mapped_column(StrEnumType(DecisionKind, 16), default=DecisionKind.AWARD)
    status: Mapped[DecisionStatus] = mapped_column(
        StrEnumType(DecisionStatus, 16), default=DecisionStatus.DRAFT, index=True
    )
    register_id: Mapped[str | None] = mapped_column(
        ForeignKey("decision_registers.id", ondelete="RESTRICT"), default=None
    )
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    number_text: Mapped[str | None] = mapped_column(String(100), default=None, index=True)
    external: Mapped[bool] = mapped_column(Boolean, default=False)  # a higher authority's, recorded
    # The issuing authority's code ("BKHCN"): its register for the decision date's year numbers the decision.
    authority_code: Mapped[str | None] = mapped_column(String(32), default=None)
    authority_name: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(500))  # trích yếu
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    signer_name: Mapped[str | None] = mapped_column(String(300), default=None)
    signer_position: Mapped[str | None] = mapped_column(String(300), default=None)
    legal_grounds: Mapped[list[Any]] = mapped_column(default=list)
    proposal_id: Mapped[str | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="RESTRICT"), default=None, index=True
    )
    # An amendment or a revocation names the decision it changes.
    target_decision_id: Mapped[str | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="RESTRICT"), default=None
    )
    revocation_ground: Mapped[str | None] = mapped_column(String(32), default=None)  # law.md §5 code
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    issued_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)


class DecisionRecipient(IdMixin, Base):
    __tablename__ = "decision_recipients"
    __table_args__ = (
        CheckConstraint("(unit_id IS NULL) <> (person_id IS NULL)", name="one_subject"),
        CheckConstraint("(title_code IS NULL) <> (form_code IS NULL)", name="one_kind"),
        CheckConstraint("cash_vnd IS NULL OR cash_vnd >= 0", name="cash"),
        Index("uq_decision_recipients_position", "decision_id", "position", unique=True),
    )

    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    proposal_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("proposal_items.id", ondelete="RESTRICT"), default=None
    )
    award_id: Mapped[str | None] = mapped_column(
        ForeignKey("awards.id", ondelete="RESTRICT"), default=None, index=True
    )
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), default=None)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), default=None)
    name: Mapped[str] = mapped_column(String(300))  # as printed
    title_code: Mapped[str | None] = mapped_column(
        ForeignKey("titles.code", ondelete="RESTRICT"), default=None
    )
    form_code: Mapped[str | None] = mapped_column(
        ForeignKey("commendation_forms.code", ondelete="RESTRICT"), default=None
    )
    cash_vnd: Mapped[int | None] = mapped_column(BigInteger, default=None)
    certificate_number: Mapped[str | None] = mapped_column(String(64), default=None)


class Recovery(IdMixin, TimestampMixin, VersionedMixin, Base):
    """What a revocation recovers from one recipient: the money (amount due, amount recovered) and the
    object (certificate, flag, medal), and when."""

    __tablename__ = "decision_recoveries"
    __table_args__ = (
        CheckConstraint("money_due_vnd >= 0 AND money_recovered_vnd >= 0", name="money"),
        CheckConstraint("money_recovered_vnd <= money_due_vnd", name="not_more_than_due"),
    )

    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id", ondelete="RESTRICT"), index=True)
    money_due_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    money_recovered_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    object_description: Mapped[str | None] = mapped_column(String(300), default=None)
    object_recovered: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
