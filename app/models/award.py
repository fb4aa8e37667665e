from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin
from app.models.enums import AwardMethod, AwardStatus

_LIVE_TITLE = "status <> 'revoked' AND title_code IS NOT NULL"
_LIVE_REGULAR_FORM = "status <> 'revoked' AND form_code IS NOT NULL AND method = 'regular'"


def _live_unique(name: str, subject: str, kind: str, where: str) -> Index:
    return Index(
        name,
        subject,
        kind,
        "year",
        unique=True,
        sqlite_where=text(where),
        postgresql_where=text(where),
    )


class Award(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A title or a form of commendation given to a unit or a person for a year.

    One achievement is awarded once: at most one award that is not revoked per subject, title and year
    (and per subject, form and year for regular achievements). The partial unique indexes leave revoked
    awards out: a revoked award stays as history and frees its place.

    When decided, the award keeps how it was judged: the legal regime, the verdict (with the regulation
    versions it read), any override of a failed criterion, and the cash computed from the base salary in
    force on the decision date.
    """

    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'decided', 'revoked')", name="status"),
        CheckConstraint("(unit_id IS NULL) <> (person_id IS NULL)", name="one_subject"),
        CheckConstraint("(title_code IS NULL) <> (form_code IS NULL)", name="one_kind"),
        CheckConstraint("method IN ('regular', 'sudden', 'thematic')", name="method"),
        _live_unique("uq_awards_live_unit_title", "unit_id", "title_code", _LIVE_TITLE),
        _live_unique("uq_awards_live_person_title", "person_id", "title_code", _LIVE_TITLE),
        _live_unique("uq_awards_live_unit_form", "unit_id", "form_code", _LIVE_REGULAR_FORM),
        _live_unique("uq_awards_live_person_form", "person_id", "form_code", _LIVE_REGULAR_FORM),
    )

    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True, default=None
    )
    title_code: Mapped[str | None] = mapped_column(ForeignKey("titles.code", ondelete="RESTRICT"), index=True)
    form_code: Mapped[str | None] = mapped_column(
        ForeignKey("commendation_forms.code", ondelete="RESTRICT"), index=True, default=None
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    method: Mapped[AwardMethod] = mapped_column(StrEnumType(AwardMethod, 16), default=AwardMethod.REGULAR)
    status: Mapped[AwardStatus] = mapped_column(StrEnumType(AwardStatus, 16), default=AwardStatus.PROPOSED)
    campaign_id: Mapped[str | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="RESTRICT"), default=None
    )
    source_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("voting_sessions.id", ondelete="RESTRICT"), default=None
    )
    # The unit's year-end review that proposed it (individual titles).
    source_review_id: Mapped[str | None] = mapped_column(
        ForeignKey("unit_reviews.id", ondelete="RESTRICT"), default=None
    )
    achievement: Mapped[str | None] = mapped_column(Text, default=None)
    decision_number: Mapped[str | None] = mapped_column(String(100), default=None)
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    regime_code: Mapped[str | None] = mapped_column(String(16), default=None)
    verdict: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    override_reason: Mapped[str | None] = mapped_column(Text, default=None)
    base_salary_vnd: Mapped[int | None] = mapped_column(BigInteger, default=None)
    cash_multiple_centi: Mapped[int | None] = mapped_column(Integer, default=None)  # 15.5 × → 1550
    cash_vnd: Mapped[int | None] = mapped_column(BigInteger, default=None)
    revoked_reason: Mapped[str | None] = mapped_column(Text, default=None)
