"""The eligibility engine: judge a subject for a title or form under a regime and a regulation; the caps,
council votes and cash that go with it. Pure functions; the database layer passes facts and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.law.catalogue import Cap, Citation, CriterionSpec, Entry, HoldsTitle, entry, latest_entry
from app.law.context import Context
from app.law.evaluate import evaluate
from app.law.facts import Subject
from app.law.overlay import Overlay
from app.law.regimes import RegimeChoice
from app.law.salary import SalaryStep, base_salary_on, cash_amount
from app.law.tables.common import name_vi
from app.law.verdict import CriterionResult, VerdictResult, outcome_of
from app.models.enums import FormSubject, SubjectKind

_FOR = {SubjectKind.PERSON: FormSubject.INDIVIDUAL, SubjectKind.UNIT: FormSubject.COLLECTIVE}


class UnknownEntry(ValueError):
    """The regime's catalogue has no title or form with that code."""


def judge(
    subject: Subject,
    code: str,
    year: int,
    *,
    choice: RegimeChoice,
    overlay: Overlay = Overlay(),
    award_id: str | None = None,
) -> VerdictResult:
    """Judge ``subject`` for ``code`` in ``year`` under ``choice``'s regime and ``overlay``. ``award_id``: the
    award being judged, if it is among the subject's awards (it is left out)."""
    e = entry(choice.regime.code, code)
    if e is None:
        raise UnknownEntry(f"{code!r} is not a title or form of regime {choice.regime.code}")
    mismatch = _subject_kind(e, subject)
    if mismatch is not None:
        results: tuple[CriterionResult, ...] = (mismatch,)
    else:
        ctx = Context(
            subject=subject, code=code, year=year, choice=choice, overlay=overlay, award_id=award_id
        )
        own = _for(subject.kind)
        specs = [s for s in e.criteria if s.for_subject in (FormSubject.BOTH, own)]
        specs += _extra_requirements(e, subject, overlay)
        results = tuple(evaluate(s, ctx) for s in specs)
    return VerdictResult(
        subject_kind=subject.kind,
        subject_id=subject.id,
        code=code,
        kind=e.kind,
        year=year,
        regime=choice,
        outcome=outcome_of(results),
        criteria=results,
        overlay_versions=dict(overlay.versions),
    )


def _for(kind: SubjectKind) -> FormSubject:
    return _FOR[kind]


def _subject_kind(e: Entry, subject: Subject) -> CriterionResult | None:
    if e.subject in (FormSubject.BOTH, _for(subject.kind)):
        return None
    for_en, for_vi = (
        ("an individual", "cá nhân") if e.subject is FormSubject.INDIVIDUAL else ("a collective", "tập thể")
    )
    is_en, is_vi = ("a person", "cá nhân") if subject.kind is SubjectKind.PERSON else ("a unit", "tập thể")
    return CriterionResult(
        code="subject_kind",
        outcome="not_met",
        hard=True,
        summary_en=f"{e.name_vi} is for {for_en}; {subject.name} is {is_en}.",
        summary_vi=f"{e.name_vi} dành cho {for_vi}; {subject.name} là {is_vi}.",
        citation=e.basis or e.cash_citation,
    )


def _extra_requirements(e: Entry, subject: Subject, overlay: Overlay) -> list[CriterionSpec]:
    """The regulation's added requirements for this entry that fit the subject's kind."""
    specs: list[CriterionSpec] = []
    versions = ", ".join(f"{k} v{v}" for k, v in sorted(overlay.versions.items())) or "no version"
    for req in overlay.extra_requirements(e.code):
        title = latest_entry(req.title)
        if title is None or title.subject not in (FormSubject.BOTH, _for(subject.kind)):
            continue
        n = req.consecutive_years
        specs.append(
            HoldsTitle(
                code=f"extra_{req.title}",
                citation=Citation("Quy chế thi đua, khen thưởng (extra_requirements)", note=versions),
                title=req.title,
                years=n,
                rule_en=f"The regulation adds: {name_vi(req.title)} in {n} consecutive year(s)",
                rule_vi=f"Quy chế bổ sung: đạt {name_vi(req.title)} {n} năm liên tục",
            )
        )
    return specs


# ---- same-year prerequisites --------------------------------------------------------------------------


def same_year_titles(e: Entry) -> tuple[str, ...]:
    """The titles the entry requires its subject to hold in the same year, as a hard criterion: what a
    ballot electing units for it can check of its candidates before the vote (e.g. the Government flag
    under R2017 and later needs the same year's ministry flag; under R2016 it does not, law.md 2.3)."""
    return tuple(
        c.title
        for c in e.criteria
        if isinstance(c, HoldsTitle)
        and c.hard
        and c.years == 1
        and c.end_offsets == (0,)
        and c.missing == "not_met"
    )


# ---- caps ----------------------------------------------------------------------------------------------


def effective_cap(e: Entry, overlay: Overlay) -> Cap | None:
    """The entry's cap under the regulation: the law's cap, lowered (or set, where the law has none or an
    unconfirmed one) by the entry's cap setting."""
    setting = e.cap_setting
    value = overlay.share(setting.key) if setting is not None and overlay.is_set(setting.key) else None
    if value is None or setting is None:
        return e.cap
    if e.cap is not None and e.cap.citation.confirmed and e.cap.share <= value:
        return e.cap
    note = f"set by the regulation ({setting.key})"
    return Cap(share=value, of_code=setting.of_code, per=setting.per, citation=Citation("Quy chế", note=note))


def cap_limit(cap: Cap, *, base_count: int, overlay: Overlay) -> int:
    """How many ``cap`` allows among ``base_count``: share × base, rounded per ``cap_rounding`` (floor),
    and at least ``cap_minimum`` (1) when the base is not empty."""
    if base_count < 0:
        raise ValueError("base_count must not be negative")
    exact = cap.share * base_count
    limit = _round(exact, overlay.choice("cap_rounding"))
    if base_count > 0:
        limit = max(limit, min(overlay.integer("cap_minimum"), base_count))
    return limit


@dataclass(frozen=True)
class CapReport:
    cap: Cap
    base_count: int
    limit: int
    used: int
    remaining: int


def cap_report(cap: Cap, *, base_count: int, used: int, overlay: Overlay) -> CapReport:
    limit = cap_limit(cap, base_count=base_count, overlay=overlay)
    return CapReport(cap=cap, base_count=base_count, limit=limit, used=used, remaining=max(0, limit - used))


# ---- council -------------------------------------------------------------------------------------------


def _round(x: Fraction, rounding: str) -> int:
    if rounding == "ceil":
        return -(-x.numerator // x.denominator)
    if rounding == "floor":
        return x.numerator // x.denominator
    raise ValueError(f"unknown rounding {rounding!r}")


def council_required_votes(share: Fraction, members: int, rounding: str = "ceil") -> int:
    """Votes needed: ``share`` of ALL ``members`` (law.md 2.4), e.g. 90% of 15 = 13.5 → 14."""
    if members < 0 or not 0 <= share <= 1:
        raise ValueError("members must not be negative and share must be within 0..1")
    return _round(share * members, rounding)


def council_threshold(e: Entry, overlay: Overlay) -> tuple[Fraction, Citation] | None:
    """The threshold the council applies: the law's, raised by the regulation; where the law's value is
    unconfirmed (or absent), the regulation's value replaces it."""
    law, law_cite = e.council_threshold, e.threshold_citation
    own = overlay.council_threshold(e.code)
    if own is None:
        return None if law is None or law_cite is None else (law, law_cite)
    if law is not None and law_cite is not None and law_cite.confirmed and law >= own:
        return (law, law_cite)
    return (own, Citation("Quy chế (council_thresholds)", note=f"the law's value: {law}"))


# ---- cash ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CashResult:
    multiple_centi: int
    base: SalaryStep
    amount_vnd: int
    citation: Citation


def cash_for(e: Entry, *, subject_kind: SubjectKind, decision_date: date) -> CashResult | None:
    """The cash for the entry given to a subject of ``subject_kind`` by a decision on ``decision_date``:
    the multiple × the base salary then in force, rounded up to 10,000 VND. None: no amount."""
    multiple = e.cash_individual_centi if subject_kind is SubjectKind.PERSON else e.cash_collective_centi
    if multiple is None:
        return None
    step = base_salary_on(decision_date)
    amount = cash_amount(multiple_centi=multiple, base_vnd=step.vnd)
    return CashResult(multiple_centi=multiple, base=step, amount_vnd=amount, citation=e.cash_citation)
