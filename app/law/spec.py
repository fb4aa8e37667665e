"""The shapes of the law as data: citations, caps, criteria and catalogue entries.

A criterion is a small frozen value that says *what* the law asks (a title held for N consecutive years,
an initiative of a scope, a members' share…) with its citation; ``app.law.checks`` holds the one function
per shape that reads a subject's facts against it. Re-exported by ``app.law.catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from app.models.enums import AchievementKind, DisciplineMeasure, FormSubject, Rating, RecognitionScope

Outcome = Literal["met", "not_met", "judgement"]
EntryKind = Literal["title", "form"]
CapPer = Literal["unit", "ministry", "bloc_leaders"]
MembersField = Literal["lao_dong_tien_tien", "completed", "chien_si_thi_dua_co_so"]


@dataclass(frozen=True)
class Citation:
    text: str  # e.g. "Luật TĐKT 06/2022/QH15, Điều 23"
    confirmed: bool = True  # False: law.md marks it [unconfirmed] or inferred; the value is a default
    note: str | None = None


@dataclass(frozen=True)
class Cap:
    """At most ``share`` of a base population: e.g. CSTĐCS ≤ 15% of the unit's LĐTT."""

    share: Fraction
    of_code: str | None
    per: CapPer
    citation: Citation


@dataclass(frozen=True)
class CapSetting:
    """The regulation setting that may set a cap where the law has none (or an unconfirmed one), or lower
    the law's cap, and the population such a cap counts."""

    key: str
    of_code: str | None
    per: CapPer


# ---- criteria ------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CriterionSpec:
    code: str  # stable machine code, e.g. "consecutive_cstdcs"
    citation: Citation
    rule_en: str
    rule_vi: str
    hard: bool = True
    for_subject: FormSubject = FormSubject.BOTH  # forms for both: which subject kind the criterion is for
    enabled_by: str | None = None  # a bool setting that turns the criterion on (default) or off


@dataclass(frozen=True, kw_only=True)
class Judgement(CriterionSpec):
    """What data cannot show ("outstanding", "solidarity"): the council judges."""

    hard: bool = False


@dataclass(frozen=True, kw_only=True)
class NoDiscipline(CriterionSpec):
    """No disciplinary measure at ``min_measure`` or heavier whose period overlaps the award year."""

    min_measure: DisciplineMeasure = DisciplineMeasure.REPRIMAND


@dataclass(frozen=True, kw_only=True)
class NothingPending(CriterionSpec):
    """No investigation or complaint pending: begun by the judging date and not ended by the year's end."""


@dataclass(frozen=True, kw_only=True)
class RatedAtLeast(CriterionSpec):
    """Rated ``min_rating`` or better in each of ``years`` consecutive years ending with the award year."""

    min_rating: Rating
    years: int = 1
    missing: Outcome = "not_met"  # what a year without a rating gives


@dataclass(frozen=True, kw_only=True)
class WorkedMonths(CriterionSpec):
    """Worked at least ``min_months`` in the award year (any unit)."""

    min_months: int


@dataclass(frozen=True, kw_only=True)
class AbsentBelow(CriterionSpec):
    """Absent fewer than ``limit`` working days in the award year."""

    limit: int


@dataclass(frozen=True, kw_only=True)
class HoldsTitle(CriterionSpec):
    """Held ``title`` (regular, not revoked) in each of ``years`` consecutive years ending with the award
    year minus one of ``end_offsets``. ``decided_after_end``: when the decision date is known, it falls after
    the chain's last year. ``missing``: what a subject without the chain gets."""

    title: str
    years: int = 1
    end_offsets: tuple[int, ...] = (0,)
    decided_after_end: bool = False
    missing: Outcome = "not_met"


@dataclass(frozen=True, kw_only=True)
class HasAchievement(CriterionSpec):
    """At least ``count`` applied initiatives or research works of ``kinds`` recognised at ``min_scope`` or
    wider, in the ``years`` years ending with the award year."""

    min_scope: RecognitionScope
    kinds: tuple[AchievementKind, ...] = (AchievementKind.INITIATIVE, AchievementKind.RESEARCH)
    count: int = 1
    years: int = 1


@dataclass(frozen=True, kw_only=True)
class CountAwards(CriterionSpec):
    """``award_code`` held (regular, not revoked) in at least ``count`` of the ``years`` years ending with the
    award year."""

    award_code: str
    count: int
    years: int


@dataclass(frozen=True, kw_only=True)
class HeldBefore(CriterionSpec):
    """Had ``award_code`` (regular, not revoked) in a year at least ``years_before`` before the award year:
    "had X, then N consecutive years …"."""

    award_code: str
    years_before: int


@dataclass(frozen=True, kw_only=True)
class MembersShare(CriterionSpec):
    """A collective's members in the award year: ``of`` / total above (``strict``) or at least ``share``;
    ``setting`` names a share setting that replaces it."""

    of: MembersField
    share: Fraction
    strict: bool = False
    setting: str | None = None


@dataclass(frozen=True, kw_only=True)
class MembersAtLeast(CriterionSpec):
    of: MembersField
    count: int


@dataclass(frozen=True, kw_only=True)
class MembersNoWarning(CriterionSpec):
    """Nobody in the collective disciplined at warning (cảnh cáo) or above in the award year."""


@dataclass(frozen=True, kw_only=True)
class OncePerYear(CriterionSpec):
    """At most ``setting`` (an int setting) regular awards of this form per subject per year."""

    setting: str


@dataclass(frozen=True)
class Option:
    """One way to meet a "one of" criterion: every part must be met."""

    label_en: str
    label_vi: str
    parts: tuple[CriterionSpec, ...]


@dataclass(frozen=True, kw_only=True)
class OneOf(CriterionSpec):
    """Met when an option is met; else "judgement" when an option still needs the council; else not met."""

    options: tuple[Option, ...]


# ---- entries -------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Entry:
    """A title or a form under one regime: who it is for, who decides, the cash, the council's threshold,
    the cap, and the criteria."""

    code: str
    kind: EntryKind
    subject: FormSubject
    level: str  # unit | ministry | government | state
    name_vi: str
    name_en: str
    authority_vi: str
    cash_individual_centi: int | None
    cash_collective_centi: int | None
    cash_citation: Citation
    council_threshold: Fraction | None  # share of ALL council members (law.md 2.4)
    threshold_citation: Citation | None
    cap: Cap | None
    criteria: tuple[CriterionSpec, ...]
    cap_setting: CapSetting | None = None
    basis: Citation | None = None  # the article that defines the entry (its first own criterion's)
