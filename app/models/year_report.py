"""The bloc's year report (báo cáo tổng kết công tác thi đua của Khối): the leader drafts it in sections,
member units comment on a section or propose an addition, the leader accepts or declines each with a reply.

Every change of the text is a new ``YearReportVersion`` (versions are only ever added, never changed), so
any two can be compared; the version the conference adopts is frozen (``YearReport.adopted_version``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, one_of, utcnow


class YearReportStatus(StrEnum):
    DRAFTING = "drafting"  # the leader edits; members comment
    ADOPTED = "adopted"  # the conference adopted a version: frozen


class ReportSectionKey(StrEnum):
    """The sections of the bloc's year report, in their order."""

    RESULTS = "results"  # kết quả thực hiện công tác thi đua năm
    EVALUATION = "evaluation"  # đánh giá chung (ưu điểm, hạn chế)
    DIRECTION = "direction"  # phương hướng, nhiệm vụ năm sau


class ContributionKind(StrEnum):
    COMMENT = "comment"  # góp ý
    ADDITION = "addition"  # đề nghị bổ sung (a text to add to the section)


class ContributionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class YearReport(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One per campaign. ``current_version`` is the latest ``YearReportVersion.number``."""

    __tablename__ = "year_reports"
    __table_args__ = (
        UniqueConstraint("campaign_id"),
        CheckConstraint(one_of("status", YearReportStatus), name="status"),
        CheckConstraint("current_version >= 1", name="current_version"),
        CheckConstraint(
            "adopted_version IS NULL OR (adopted_version >= 1 AND adopted_version <= current_version)",
            name="adopted_version",
        ),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[YearReportStatus] = mapped_column(
        StrEnumType(YearReportStatus, 16), default=YearReportStatus.DRAFTING
    )
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    adopted_version: Mapped[int | None] = mapped_column(Integer, default=None)
    adopted_at: Mapped[datetime | None] = mapped_column(default=None)
    # The conference that adopted it (no foreign key: conferences point at reports' campaigns already).
    adopted_conference_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)


class YearReportVersion(IdMixin, Base):
    """One version of the text: ``sections`` is ``[{"key", "heading", "body"}]`` in ``ReportSectionKey``
    order. ``contribution_id``: the accepted addition this version applied, if that is what made it."""

    __tablename__ = "year_report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        CheckConstraint("number >= 1", name="number"),
    )

    report_id: Mapped[str] = mapped_column(ForeignKey("year_reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sections: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str | None] = mapped_column(Text, default=None)  # what changed, in the leader's words
    contribution_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class YearReportContribution(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A member unit's comment on a section, or an addition it proposes; the leader's answer."""

    __tablename__ = "year_report_contributions"
    __table_args__ = (
        CheckConstraint(one_of("section_key", ReportSectionKey), name="section_key"),
        CheckConstraint(one_of("kind", ContributionKind), name="kind"),
        CheckConstraint(one_of("status", ContributionStatus), name="status"),
        CheckConstraint("based_on_version >= 1", name="based_on_version"),
        Index("ix_year_report_contributions_report", "report_id", "created_at"),
    )

    report_id: Mapped[str] = mapped_column(ForeignKey("year_reports.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    section_key: Mapped[ReportSectionKey] = mapped_column(StrEnumType(ReportSectionKey, 16))
    kind: Mapped[ContributionKind] = mapped_column(StrEnumType(ContributionKind, 16))
    text: Mapped[str] = mapped_column(Text)
    based_on_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[ContributionStatus] = mapped_column(
        StrEnumType(ContributionStatus, 16), default=ContributionStatus.PENDING
    )
    reply: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by: Mapped[str | None] = mapped_column(String(64), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    # The version an accepted addition was written into.
    applied_in_version: Mapped[int | None] = mapped_column(Integer, default=None)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
