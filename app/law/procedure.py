"""The commendation procedure's rules as pure functions over ``app.law.tables.procedure`` (law.md sections
2.4, 4, 5): the time limit of each step, whether a title or form needs public consultation, who decides it,
the documents its dossier needs, the council's secret ballot, quorum and majority, and the grounds on which
an award is revoked.

The values law.md could not confirm are settings (``THIDUA_PROCEDURE_*``, ``THIDUA_COUNCIL_*``): a caller
passes them in as ``ProcedureRules`` (``ProcedureRules.from_settings(get_settings())``); the functions read
nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from app.law.regimes import regime as _regime
from app.law.spec import Citation
from app.law.tables import procedure as t
from app.law.tables.common import CURRENT_LAW
from app.law.tables.council import threshold

if TYPE_CHECKING:
    from app.core.config import Settings

Kind = Literal["title", "form"]
Method = Literal["regular", "sudden", "thematic"]
Rounding = Literal["ceil", "floor", "half_up"]


class UnknownCode(ValueError):
    """The procedure has no rule for this title or form code."""


class Step(StrEnum):
    """The steps of a proposal that carry a time limit (law.md section 4)."""

    APPRAISAL = "appraisal"  # the ministry's standing body reviews the dossier
    CONSULTATION = "consultation"  # public consultation
    COUNCIL = "council"
    SIGNING = "signing"
    FORWARDED = "forwarded"  # proposed upward: Home Affairs, then the Prime Minister or the President
    RETURN_FIX = "return_fix"  # a returned proposal waits for the unit to resubmit


class Authority(StrEnum):
    UNIT_HEAD = "unit_head"
    MINISTER = "minister"
    PRIME_MINISTER = "prime_minister"
    PRESIDENT = "president"


class DocType(StrEnum):
    SUBMISSION = "submission"
    ACHIEVEMENT_REPORT = "achievement_report"
    REVIEW_MINUTES = "review_minutes"
    INITIATIVE_CERTIFICATION = "initiative_certification"
    ACHIEVEMENT_CERTIFICATION = "achievement_certification"


DOC_NAMES: dict[DocType, tuple[str, str]] = {
    DocType.SUBMISSION: ("Tờ trình đề nghị khen thưởng", "Submission (proposal letter)"),
    DocType.ACHIEVEMENT_REPORT: ("Báo cáo thành tích", "Achievement report"),
    DocType.REVIEW_MINUTES: (
        "Biên bản bình xét (kèm kết quả bỏ phiếu, kiểm phiếu)",
        "Minutes of the review, with the ballot result",
    ),
    DocType.INITIATIVE_CERTIFICATION: (
        "Văn bản công nhận sáng kiến, đề tài nghiên cứu khoa học",
        "Certification of the initiative or research",
    ),
    DocType.ACHIEVEMENT_CERTIFICATION: (
        "Văn bản xác nhận thành tích đột xuất hoặc thành tích khoa học",
        "Certification of the sudden or scientific achievement",
    ),
}


@dataclass(frozen=True)
class Stage:
    """A sub-step after the Minister forwards a proposal upward, with its own time limit."""

    code: str
    working_days: int
    citation: Citation
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Limit:
    """A period in working days; ``None``: the law sets none (the step is never overdue)."""

    working_days: int | None
    citation: Citation
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class Requirement:
    doc_type: DocType
    citation: Citation

    @property
    def name_vi(self) -> str:
        return DOC_NAMES[self.doc_type][0]

    @property
    def name_en(self) -> str:
        return DOC_NAMES[self.doc_type][1]


@dataclass(frozen=True)
class Quorum:
    share: Fraction  # of ALL the council's members
    citation: Citation


@dataclass(frozen=True)
class Ground:
    code: str
    text_vi: str
    text_en: str
    citation: Citation


@dataclass(frozen=True)
class ProcedureRules:
    """The settings the procedure reads; the defaults are law.md's (each [unconfirmed])."""

    appraisal_days: int = 20
    consultation_days: int = 10
    return_fix_days: int = 10
    council_quorum: Fraction = Fraction(2, 3)
    vote_rounding: Rounding = "ceil"

    @classmethod
    def from_settings(cls, settings: Settings) -> ProcedureRules:
        return cls(
            appraisal_days=settings.procedure_appraisal_days,
            consultation_days=settings.procedure_consultation_days,
            return_fix_days=settings.procedure_return_fix_days,
            council_quorum=settings.council_quorum_share,
            vote_rounding=settings.council_vote_rounding,
        )


DEFAULT_RULES = ProcedureRules()


def _known(code: str) -> None:
    if code not in _ALL_CODES:
        raise UnknownCode(f"the procedure has no rule for {code!r}")


# ---- time limits ---------------------------------------------------------------------------------------


def time_limit(step: Step | str, regime_code: str, rules: ProcedureRules = DEFAULT_RULES) -> Limit:
    """The step's time limit in working days under the regime (law.md section 4)."""
    _regime(regime_code)
    match Step(step):
        case Step.APPRAISAL:
            return Limit(rules.appraisal_days, t.appraisal_citation(regime_code))
        case Step.CONSULTATION:
            return Limit(rules.consultation_days, t.consultation_citation(regime_code, anh_hung=True))
        case Step.COUNCIL:
            return Limit(None, t.COUNCIL_STEP)
        case Step.SIGNING:
            return Limit(None, t.SIGNING_STEP)
        case Step.RETURN_FIX:
            return Limit(rules.return_fix_days, t.RETURN_FIX_CITE)
        case Step.FORWARDED:
            return _upward(regime_code)


def _upward(regime_code: str) -> Limit:
    """Upward, the limit that tracks the ministry's wait is Home Affairs' appraisal (20 WD from a complete
    dossier); the stages give each sub-step's own limit."""
    c = t.UPWARD_CITE if regime_code == "R2025" else t.UPWARD_CITE_OLD
    stages = tuple(Stage(code, days, c, vi, en) for code, days, vi, en in t.UPWARD_STAGES)
    appraisal = next(s for s in stages if s.code == "home_affairs_appraisal")
    return Limit(appraisal.working_days, c, stages)


def needs_consultation(code: str, regime_code: str, rules: ProcedureRules = DEFAULT_RULES) -> Limit | None:
    """The public consultation (or disclosure) a proposal for ``code`` needs before the decision, with its
    period; None when none. Anh hùng titles in every regime; CSTĐ toàn quốc and orders where 91/2017 Art
    45(10) required disclosure (R2017; R2016 by default) and, unconfirmed, under Law 06/2022."""
    _regime(regime_code)
    _known(code)
    anh_hung = code in t.ANH_HUNG
    if not anh_hung and code not in (t.CSTD_TQ, *t.ORDERS):
        return None
    return Limit(rules.consultation_days, t.consultation_citation(regime_code, anh_hung=anh_hung))


# ---- who decides ---------------------------------------------------------------------------------------


def decider(code: str, regime_code: str) -> tuple[Authority, Citation]:
    """Who decides ``code``, with the citation. The split is the same in every regime (law.md 2.1–2.2)."""
    _regime(regime_code)
    _known(code)
    if code in t.UNIT_HEAD_CODES:
        return Authority.UNIT_HEAD, t.UNIT_HEAD_CITE[regime_code]
    if code in t.MINISTER_CODES:
        return Authority.MINISTER, t.MINISTER_CITE
    if code in t.PRIME_MINISTER_CODES:
        return Authority.PRIME_MINISTER, t.PRIME_MINISTER_CITE[regime_code]
    return Authority.PRESIDENT, t.PRESIDENT_CITE


def decided_by(code: str, regime_code: str) -> Authority:
    return decider(code, regime_code)[0]


def authority_for_level(level: str) -> Authority:
    """Who decides a form the catalogue's editors added (``commendation_forms.level``), which the law's
    tables do not name: the level's usual authority."""
    levels = {
        "unit": Authority.UNIT_HEAD,
        "ministry": Authority.MINISTER,
        "government": Authority.PRIME_MINISTER,
        "state": Authority.PRESIDENT,
    }
    if level not in levels:
        raise ValueError(f"unknown level {level!r}")
    return levels[level]


def forwarded_upward(code: str, regime_code: str) -> bool:
    """The ministry only proposes: the Prime Minister or the President decides."""
    return decided_by(code, regime_code) in (Authority.PRIME_MINISTER, Authority.PRESIDENT)


# ---- the dossier ---------------------------------------------------------------------------------------


def required_documents(
    code: str, kind: Kind, method: Method, regime_code: str, *, scientific: bool = False
) -> tuple[Requirement, ...]:
    """The documents a proposal item's dossier needs (Law 06/2022 Art 84(1) for a title, 84(2) for a form):
    the submission, the achievement report and the review minutes; the initiative's certification for
    CSTĐCS, CSTĐ Bộ and CSTĐ toàn quốc; the achievement's certification for a form given for a sudden
    (``method="sudden"``) or scientific (``scientific=True``) achievement. Before Law 06/2022 the same
    list is a default [unconfirmed]."""
    _regime(regime_code)
    _known(code)
    if kind not in ("title", "form"):
        raise ValueError(f"kind must be 'title' or 'form', not {kind!r}")
    if method not in ("regular", "sudden", "thematic"):
        raise ValueError(f"method must be 'regular', 'sudden' or 'thematic', not {method!r}")
    c = t.DOSSIER_CITE[kind] if regime_code in CURRENT_LAW else t.DOSSIER_CITE_OLD
    if regime_code == "R2025" and code in t.MINISTRY_SET_CODES:
        c = Citation(text=c.text, confirmed=c.confirmed, note=t.MINISTRY_SETS)
    docs = [DocType.SUBMISSION, DocType.ACHIEVEMENT_REPORT, DocType.REVIEW_MINUTES]
    if kind == "title" and code in t.INITIATIVE_TITLES:
        docs.append(DocType.INITIATIVE_CERTIFICATION)
    if kind == "form" and (method == "sudden" or scientific):
        docs.append(DocType.ACHIEVEMENT_CERTIFICATION)
    return tuple(Requirement(d, c) for d in docs)


def missing_documents(required: Iterable[Requirement], present: Iterable[str]) -> tuple[Requirement, ...]:
    """The requirements no present document type meets, in the order required."""
    have = {str(p) for p in present}
    return tuple(r for r in required if r.doc_type.value not in have)


# ---- the council ---------------------------------------------------------------------------------------


def council_needs_ballot(code: str, regime_code: str) -> Citation | None:
    """The citation requiring the council's secret ballot on ``code``; None when no rule requires one."""
    _regime(regime_code)
    _known(code)
    if regime_code == "R2025":
        if code in t.BALLOT_R2024:
            return t.BALLOT_R2025_LAW
        return t.BALLOT_R2025_MOST if code in t.BALLOT_R2025 else None
    items = t.BALLOT_R2024 if regime_code == "R2024" else t.BALLOT_R2017
    return t.BALLOT_CITE[regime_code] if code in items else None


def council_quorum(regime_code: str, rules: ProcedureRules = DEFAULT_RULES) -> Quorum:
    """The share of ALL the council's members that must take part (MOST TT 25/2025 Art 23: 2/3)."""
    _regime(regime_code)
    default = rules.council_quorum == DEFAULT_RULES.council_quorum
    return Quorum(rules.council_quorum, t.quorum_citation(regime_code, default=default))


def council_threshold(code: str, regime_code: str) -> tuple[Fraction | None, Citation | None]:
    """The share of ALL members that must vote yes (law.md 2.4; ``app.law.tables.council``)."""
    _regime(regime_code)
    return threshold(code, regime_code)


def required_yes(members: int, share: Fraction, rounding: Rounding = "ceil") -> int:
    """The votes ``share`` of ``members`` comes to: ceil by default (90% of 15 = 13.5 → 14)."""
    if members < 0:
        raise ValueError("members must not be negative")
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    exact = Fraction(share) * members
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "half_up":
        return math.floor(exact + Fraction(1, 2))
    raise ValueError(f"unknown rounding {rounding!r}")


def quorum_met(present: int, members: int, share: Fraction, rounding: Rounding = "ceil") -> bool:
    return present >= required_yes(members, share, rounding)


# ---- revocation ----------------------------------------------------------------------------------------


def revocation_grounds(regime_code: str) -> tuple[Ground, ...]:
    """The grounds on which an award decision is annulled (law.md section 5): Law 06/2022 Art 93(2) a–d;
    under the 2003 Law (Arts 96–97) fraud in declaring achievements only."""
    _regime(regime_code)
    if regime_code in CURRENT_LAW:
        return tuple(Ground(code, vi, en, t.ground_citation(p)) for code, vi, en, p in t.GROUNDS)
    return tuple(
        Ground(code, vi, en, t.OLD_LAW_REVOCATION)
        for code, vi, en, _ in t.GROUNDS
        if code in t.OLD_LAW_GROUNDS
    )


_ALL_CODES = frozenset((*t.UNIT_HEAD_CODES, *t.MINISTER_CODES, *t.PRIME_MINISTER_CODES, *t.PRESIDENT_CODES))
