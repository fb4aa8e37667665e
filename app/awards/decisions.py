"""How a decision is judged: the law's verdict under the regime of the decision date, an override of a
failed criterion (with its reason), the title's cap, and the cash the decision pays.

Pure of HTTP; called by ``app.awards.service.decide`` inside the request's transaction, with the award
row locked, so two decisions of one capped title are counted one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.core.errors import Conflict, Invalid
from app.eligibility import service as eligibility
from app.law import catalogue, salary
from app.law.verdict import VerdictResult
from app.models import Award, Title


@dataclass(frozen=True)
class Judgement:
    verdict: VerdictResult
    snapshot: dict[str, Any]
    cash: tuple[int, int, int] | None  # (base salary, multiple in hundredths, amount), VND


def _criteria_not_met(verdict: VerdictResult) -> Invalid:
    failed = verdict.failed_hard()
    codes = ", ".join(c.code for c in failed)
    return Invalid(
        f"The law's hard criteria are not met under {verdict.regime.regime.code}: {codes}. "
        "The secretariat may decide all the same with an `override_reason`.",
        code="criteria_not_met",
        detail_vi=f"Chưa đáp ứng tiêu chuẩn bắt buộc theo {verdict.regime.regime.code}: {codes}. Thường trực "
        "Hội đồng chỉ có thể quyết định khi ghi rõ lý do (`override_reason`).",
        errors=[
            {
                "loc": ["body"],
                "msg": f"{c.code}: {c.summary_en} ({c.citation.text})",
                "type": "criteria_not_met",
            }
            for c in failed
        ],
        extra={
            "regime": verdict.regime.regime.code,
            "criteria": [
                {
                    "code": c.code,
                    "summary": c.summary_en,
                    "summary_vi": c.summary_vi,
                    "citation": c.citation.text,
                }
                for c in failed
            ],
        },
    )


def _nothing_to_override() -> Invalid:
    return Invalid(
        "No hard criterion failed: there is nothing to override; "
        "send the decision without `override_reason`.",
        detail_vi="Không có tiêu chuẩn bắt buộc nào chưa đạt: không cần lý do quyết định ngoại lệ.",
        errors=[{"loc": ["body", "override_reason"], "msg": "nothing to override", "type": "value_error"}],
    )


def _cap_exceeded(award: Award, cap: eligibility.CapUse) -> Conflict:
    return Conflict(
        f"The cap on '{award.title_code}' for {award.year} is reached: {cap.used} of {cap.limit} decided "
        f"({float(cap.share) * 100:g}% of {cap.base_count}; {cap.citation.text}).",
        code="cap_exceeded",
        detail_vi=f"Đã đủ tỷ lệ “{award.title_code}” năm {award.year}: đã quyết định {cap.used}/{cap.limit} "
        f"({float(cap.share) * 100:g}% của {cap.base_count}; {cap.citation.text}).",
        extra={
            "title_code": award.title_code,
            "year": award.year,
            "limit": cap.limit,
            "used": cap.used,
            "base_count": cap.base_count,
            "share": float(cap.share),
            "per": cap.per,
        },
    )


def cash_of(award: Award, verdict: VerdictResult, decision_date: date) -> tuple[int, int, int] | None:
    """(base salary on the decision date, the regime's multiple, the amount rounded up to 10,000 VND);
    None where the regime's catalogue gives no multiple for this subject."""
    return cash_for(
        verdict.regime.regime.code,
        award.title_code or award.form_code or "",
        individual=award.person_id is not None,
        decision_date=decision_date,
    )


def cash_for(
    regime_code: str, code: str, *, individual: bool, decision_date: date
) -> tuple[int, int, int] | None:
    """``cash_of`` for a title or form ``code`` under ``regime_code``, before any award exists (a draft
    decision shows what its recipients will be paid)."""
    entry = catalogue.entry(regime_code, code)
    if entry is None:
        return None
    multiple = entry.cash_individual_centi if individual else entry.cash_collective_centi
    if multiple is None:
        return None
    try:
        base = salary.base_salary_on(decision_date).vnd
    except salary.UnknownSalary:
        return None
    return base, multiple, salary.cash_amount(multiple_centi=multiple, base_vnd=base)


def judge_decision(
    session: Session, award: Award, *, decision_date: date, override_reason: str | None
) -> Judgement:
    """The verdict under the law of ``decision_date``; 422 ``criteria_not_met`` when a hard criterion fails
    and no override is given; 409 ``cap_exceeded`` when the title's cap is full (an override does not lift a
    cap)."""
    verdict = eligibility.judge_award(session, award, decision_date=decision_date)
    failed = verdict.failed_hard()
    if failed and override_reason is None:
        raise _criteria_not_met(verdict)
    if not failed and override_reason is not None:
        raise _nothing_to_override()
    if (
        award.title_code is not None
        and session.get(Title, award.title_code, with_for_update=True) is not None
    ):
        # The title's row lock serialises the decisions of one title, so a cap's last place is taken once.
        cap = eligibility.cap_for_award(session, award, verdict)
        if cap is not None and cap.used + 1 > cap.limit:
            raise _cap_exceeded(award, cap)
    snapshot = verdict.as_dict()
    if override_reason is not None:
        snapshot["override"] = {"reason": override_reason, "criteria": [c.code for c in failed]}
    return Judgement(verdict=verdict, snapshot=snapshot, cash=cash_of(award, verdict, decision_date))


def record_judgements(session: Session, awards: Sequence[Award]) -> None:
    """For awards decided outside the API (the demo's history): the regime, verdict and cash their decision
    dates give, recorded as they are (the decisions were taken; nothing is refused)."""
    todo = [a for a in awards if a.decision_date is not None and a.regime_code is None]
    for award, verdict in eligibility.judge_decided(session, todo):
        assert award.decision_date is not None
        award.regime_code = verdict.regime.regime.code
        award.verdict = verdict.as_dict()
        cash = cash_of(award, verdict, award.decision_date)
        if cash is not None:
            award.base_salary_vnd, award.cash_multiple_centi, award.cash_vnd = cash
