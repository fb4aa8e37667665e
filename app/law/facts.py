"""What the engine reads about a subject. The database layer builds these from its rows; nothing here
queries anything.

A held award counts when its status is proposed or decided (a revoked one does not: it breaks a consecutive
chain), and toward regular awards only when it was itself regular (Decree 152/2025 Art 4(3)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from app.models.enums import (
    AchievementKind,
    AwardMethod,
    AwardStatus,
    DisciplineMeasure,
    ExclusionKind,
    Gender,
    Rating,
    RecognitionScope,
    SubjectKind,
)


@dataclass(frozen=True)
class HeldAward:
    """An award the subject has or had."""

    code: str
    kind: str  # "title" | "form"
    year: int
    status: AwardStatus
    method: AwardMethod = AwardMethod.REGULAR
    decision_date: date | None = None
    award_id: str | None = None

    @property
    def counts(self) -> bool:
        """Counts toward a regular award: live (proposed or decided) and regular."""
        return self.status is not AwardStatus.REVOKED and self.method is AwardMethod.REGULAR


@dataclass(frozen=True)
class AchievementFact:
    kind: AchievementKind
    year: int
    scope: RecognitionScope
    applied: bool = True
    title: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ExclusionFact:
    kind: ExclusionKind
    starts_on: date
    ends_on: date | None  # None: not ended
    measure: DisciplineMeasure | None = None
    id: str | None = None


@dataclass(frozen=True)
class RatingFact:
    year: int
    rating: Rating
    absent_days: int | None = None


@dataclass(frozen=True)
class MembersFact:
    """A collective's people in a year."""

    total: int
    completed: int  # rated "completed" or better
    lao_dong_tien_tien: int
    chien_si_thi_dua_co_so: int
    disciplined_warning_or_above: int


@dataclass(frozen=True)
class Subject:
    """A person or a unit, with everything the engine may read. Leave out the award being judged (or pass
    its id to ``judge``)."""

    kind: SubjectKind
    id: str
    name: str
    gender: Gender | None = None
    employments: tuple[tuple[date, date | None], ...] = ()  # periods worked (any unit)
    awards: tuple[HeldAward, ...] = ()
    achievements: tuple[AchievementFact, ...] = ()
    exclusions: tuple[ExclusionFact, ...] = ()
    ratings: tuple[RatingFact, ...] = ()
    members: Mapping[int, MembersFact] = field(default_factory=dict)  # collectives, per year
