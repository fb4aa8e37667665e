"""Plain-data builders for the law engine's tests: subjects, facts, and a regime choice per regime."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.law.engine import judge
from app.law.facts import (
    AchievementFact,
    ExclusionFact,
    HeldAward,
    MembersFact,
    RatingFact,
    Subject,
)
from app.law.overlay import Overlay
from app.law.regimes import RegimeChoice, choose_regime
from app.law.verdict import VerdictResult
from app.models.enums import (
    AchievementKind,
    AwardMethod,
    AwardStatus,
    DisciplineMeasure,
    ExclusionKind,
    Rating,
    RecognitionScope,
    SubjectKind,
)

TODAY = date(2026, 12, 6)
# A decision date inside each regime (R2025: undecided, judged today).
DECIDED = {"R2016": date(2017, 2, 10), "R2017": date(2018, 2, 10), "R2024": date(2024, 3, 1), "R2025": None}


def choice(regime: str) -> RegimeChoice:
    c = choose_regime(decision_date=DECIDED[regime], today=TODAY)
    assert c.regime.code == regime
    return c


def person(**facts: Any) -> Subject:
    return Subject(kind=SubjectKind.PERSON, id="p1", name="Nguyễn Thị An", **facts)


def unit(**facts: Any) -> Subject:
    return Subject(kind=SubjectKind.UNIT, id="u1", name="Vụ Tổ chức cán bộ", **facts)


def title(
    code: str,
    year: int,
    status: AwardStatus = AwardStatus.DECIDED,
    method: AwardMethod = AwardMethod.REGULAR,
    award_id: str | None = None,
) -> HeldAward:
    return HeldAward(code=code, kind="title", year=year, status=status, method=method, award_id=award_id)


def form(
    code: str,
    year: int,
    status: AwardStatus = AwardStatus.DECIDED,
    method: AwardMethod = AwardMethod.REGULAR,
    award_id: str | None = None,
) -> HeldAward:
    return HeldAward(code=code, kind="form", year=year, status=status, method=method, award_id=award_id)


def titles(code: str, *years: int) -> tuple[HeldAward, ...]:
    return tuple(title(code, y) for y in years)


def initiative(
    year: int, scope: RecognitionScope = RecognitionScope.UNIT, applied: bool = True
) -> AchievementFact:
    return AchievementFact(
        AchievementKind.INITIATIVE, year, scope, applied=applied, id=f"i{year}{scope.value}"
    )


def research(
    year: int, scope: RecognitionScope = RecognitionScope.UNIT, applied: bool = True
) -> AchievementFact:
    return AchievementFact(AchievementKind.RESEARCH, year, scope, applied=applied, id=f"r{year}{scope.value}")


def ratings(rating: Rating, *years: int) -> tuple[RatingFact, ...]:
    return tuple(RatingFact(y, rating) for y in years)


def discipline(
    starts: date, ends: date | None, measure: DisciplineMeasure = DisciplineMeasure.REPRIMAND
) -> ExclusionFact:
    return ExclusionFact(ExclusionKind.DISCIPLINE, starts, ends, measure=measure, id="x1")


def investigation(starts: date, ends: date | None) -> ExclusionFact:
    return ExclusionFact(ExclusionKind.INVESTIGATION, starts, ends, id="x2")


def members(total: int, completed: int, ldtt: int, cstdcs: int = 0, warned: int = 0) -> MembersFact:
    return MembersFact(
        total=total,
        completed=completed,
        lao_dong_tien_tien=ldtt,
        chien_si_thi_dua_co_so=cstdcs,
        disciplined_warning_or_above=warned,
    )


def verdict(
    subject: Subject, code: str, year: int, regime: str, overlay: Overlay | None = None
) -> VerdictResult:
    return judge(subject, code, year, choice=choice(regime), overlay=overlay or Overlay())


def outcomes(v: VerdictResult) -> dict[str, str]:
    return {c.code: c.outcome for c in v.criteria}
