"""What a check reads: the subject, the award year, the regime choice, the regulation; and the helpers
over the subject's facts that several checks share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.law.facts import HeldAward, RatingFact, Subject
from app.law.overlay import Overlay
from app.law.regimes import RegimeChoice
from app.law.spec import Outcome
from app.law.verdict import Evidence
from app.models.enums import AwardStatus, Rating, RecognitionScope

Result = tuple[Outcome, str, str, tuple[Evidence, ...]]  # outcome, summary_en, summary_vi, evidence
YearState = Literal["held", "revoked", "not_regular", "missing"]

RATING_ORDER = (Rating.NOT_COMPLETED, Rating.COMPLETED, Rating.GOOD, Rating.EXCELLENT)
SCOPE_ORDER = (RecognitionScope.UNIT, RecognitionScope.MINISTRY, RecognitionScope.NATIONAL)


@dataclass(frozen=True)
class Context:
    subject: Subject
    code: str  # the entry being judged
    year: int
    choice: RegimeChoice
    overlay: Overlay
    award_id: str | None = None  # the award being judged, left out of the subject's awards

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    def awards(self) -> tuple[HeldAward, ...]:
        if self.award_id is None:
            return self.subject.awards
        return tuple(a for a in self.subject.awards if a.award_id != self.award_id)

    def counting(self, code: str, year: int) -> tuple[HeldAward, ...]:
        """The awards of ``code`` in ``year`` that count toward a regular award."""
        return tuple(a for a in self.awards() if a.code == code and a.year == year and a.counts)

    def year_state(self, code: str, year: int) -> tuple[YearState, HeldAward | None]:
        """Held (counting), or why not: revoked, sudden/thematic only, or no award at all."""
        found = [a for a in self.awards() if a.code == code and a.year == year]
        for a in found:
            if a.counts:
                return "held", a
        for a in found:
            if a.status is AwardStatus.REVOKED:
                return "revoked", a
        if found:
            return "not_regular", found[0]
        return "missing", None

    def rating(self, year: int) -> RatingFact | None:
        for r in self.subject.ratings:
            if r.year == year:
                return r
        return None


def at_least(rating: Rating, minimum: Rating) -> bool:
    return RATING_ORDER.index(rating) >= RATING_ORDER.index(minimum)


def scope_at_least(scope: RecognitionScope, minimum: RecognitionScope) -> bool:
    return SCOPE_ORDER.index(scope) >= SCOPE_ORDER.index(minimum)
