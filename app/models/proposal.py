"""Proposals for commendation (tờ trình đề nghị khen thưởng), their items, their dossier documents, the
history of their states, and the comments received during a public consultation.

A proposal moves through the procedure (``ProposalStatus``); each item (a subject × a title or a form) has
its own outcome (``ItemStatus``): the council approves or rejects items, not proposals, and a returned
proposal says per item what must be fixed. Every move is a ``ProposalTransition`` row: who, when, from
which state to which, with the reasons; that history is what an inspector reads.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of, utcnow
from app.models.enums import AwardMethod, Verdict


class ProposalStatus(StrEnum):
    """draft → submitted → under_review → (returned → submitted …) → checked → [consultation] → council →
    signing → decided | forwarded → decided; rejected when the council approves no item; a draft or a
    returned proposal may be withdrawn."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    CHECKED = "checked"
    CONSULTATION = "consultation"
    COUNCIL = "council"
    SIGNING = "signing"
    FORWARDED = "forwarded"
    DECIDED = "decided"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ProposalOrigin(StrEnum):
    UNIT = "unit"  # a unit for its people or itself
    BLOC = "bloc"  # the bloc leader, from a published ballot session's winners
    SECRETARIAT = "secretariat"  # the commendation office


class ItemStatus(StrEnum):
    PENDING = "pending"  # in the procedure
    RETURNED = "returned"  # the reviewer asks for a fix (reason on the item)
    APPROVED = "approved"  # by the council
    REJECTED = "rejected"  # by the council, or refused by the higher level
    DECIDED = "decided"  # a decision names it (the ministry's, or the higher level's recorded outcome)
    WITHDRAWN = "withdrawn"


class DocumentType(StrEnum):
    SUBMISSION = "submission"  # tờ trình
    ACHIEVEMENT_REPORT = "achievement_report"  # báo cáo thành tích
    REVIEW_MINUTES = "review_minutes"  # biên bản bình xét / kiểm phiếu
    INITIATIVE_CERTIFICATION = "initiative_certification"  # xác nhận sáng kiến, đề tài
    ACHIEVEMENT_CERTIFICATION = "achievement_certification"  # xác nhận thành tích đột xuất
    COUNCIL_MINUTES = "council_minutes"
    OTHER = "other"


_STATUSES = "', '".join(s.value for s in ProposalStatus)
_ITEM_STATUSES = "', '".join(s.value for s in ItemStatus)


class Proposal(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(f"status IN ('{_STATUSES}')", name="status"),
        CheckConstraint("origin IN ('unit', 'bloc', 'secretariat')", name="origin"),
        CheckConstraint("round >= 1", name="round"),
        CheckConstraint("year >= 1945 AND year <= 2200", name="year"),
    )

    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(500))  # trích yếu: "Đề nghị tặng Cờ thi đua của Bộ năm 2016"
    origin: Mapped[ProposalOrigin] = mapped_column(StrEnumType(ProposalOrigin, 16))
    # The proposing unit (origin unit; the leading unit for a bloc); none for the secretariat's own.
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    bloc_id: Mapped[str | None] = mapped_column(ForeignKey("blocs.id", ondelete="RESTRICT"), default=None)
    campaign_id: Mapped[str | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), default=None
    )
    source_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="RESTRICT"), default=None
    )
    status: Mapped[ProposalStatus] = mapped_column(
        StrEnumType(ProposalStatus, 16), default=ProposalStatus.DRAFT, index=True
    )
    round: Mapped[int] = mapped_column(Integer, default=1)  # 2 after the first return, …
    regime_code: Mapped[str | None] = mapped_column(String(16), default=None)  # fixed at submission
    # The current step's deadline (working days on the office's calendar) and since when it runs.
    step_started_on: Mapped[date | None] = mapped_column(Date, default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)  # user or client id
    # Where the ministry only proposes: to whom it was forwarded, when, and the reference.
    forwarded_to: Mapped[str | None] = mapped_column(String(300), default=None)
    forwarded_on: Mapped[date | None] = mapped_column(Date, default=None)
    forwarded_ref: Mapped[str | None] = mapped_column(String(100), default=None)


class ProposalItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "proposal_items"
    __table_args__ = (
        CheckConstraint("(unit_id IS NULL) <> (person_id IS NULL)", name="one_subject"),
        CheckConstraint("(title_code IS NULL) <> (form_code IS NULL)", name="one_kind"),
        CheckConstraint(f"status IN ('{_ITEM_STATUSES}')", name="status"),
        CheckConstraint("method IN ('regular', 'sudden', 'thematic')", name="method"),
        CheckConstraint("position >= 1", name="position"),
        CheckConstraint(one_of("verdict_outcome", Verdict, nullable=True), name="verdict_outcome"),
        Index("uq_proposal_items_position", "proposal_id", "position", unique=True),
    )

    proposal_id: Mapped[str] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True, default=None
    )
    title_code: Mapped[str | None] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"))
    form_code: Mapped[str | None] = mapped_column(
        ForeignKey("commendation_forms.code", ondelete="RESTRICT"), default=None
    )
    method: Mapped[AwardMethod] = mapped_column(StrEnumType(AwardMethod, 16), default=AwardMethod.REGULAR)
    achievements: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ItemStatus] = mapped_column(StrEnumType(ItemStatus, 16), default=ItemStatus.PENDING)
    # The engine's verdict, recorded at (each) submission: outcome and the explained verdict document.
    verdict_outcome: Mapped[Verdict | None] = mapped_column(StrEnumType(Verdict, 16), default=None)
    verdict: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    return_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # The council's count on this item: {"yes", "no", "abstain", "required", "members", "session_id"}.
    council_result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # The award this item became (proposed when the item is approved; decided by a decision).
    award_id: Mapped[str | None] = mapped_column(ForeignKey("awards.id", ondelete="RESTRICT"), default=None)


class ProposalTransition(IdMixin, Base):
    """One move of a proposal: the history inspectors audit."""

    __tablename__ = "proposal_transitions"

    proposal_id: Mapped[str] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text, default=None)
    # Per item: {item_id: reason} for a return; {item_id: outcome} for a recorded outcome.
    details: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)


class ProposalDocument(IdMixin, Base):
    """A document of the dossier. The bytes live content-addressed on disk (``sha256``); the row says what
    the document is, who gave it and when. A replaced document stays (``removed_at``) as history."""

    __tablename__ = "proposal_documents"
    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="size"),
        CheckConstraint(one_of("doc_type", DocumentType), name="doc_type"),
    )

    proposal_id: Mapped[str] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(
        ForeignKey("proposal_items.id", ondelete="CASCADE"), default=None
    )
    doc_type: Mapped[DocumentType] = mapped_column(StrEnumType(DocumentType, 32))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    generated: Mapped[bool] = mapped_column(Boolean, default=False)  # attached by the system
    uploaded_by: Mapped[str | None] = mapped_column(String(64))
    uploader_name: Mapped[str | None] = mapped_column(String(300))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(default=None)


class ProposalComment(IdMixin, Base):
    """A comment received during the public consultation, and the office's answer."""

    __tablename__ = "proposal_comments"

    proposal_id: Mapped[str] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(
        ForeignKey("proposal_items.id", ondelete="CASCADE"), default=None
    )
    author_name: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by: Mapped[str | None] = mapped_column(String(64), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
