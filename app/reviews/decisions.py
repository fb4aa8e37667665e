"""The unit head's decision on a counted review (Law 06/2022 Art 80(1)): the awards it makes, and why the
others are not made.

Each candidate who passed the vote, most yes votes first (``tally.decision_order``), is judged by the law in
force on the decision date. One who fails a hard criterion then (``criteria_not_met``), already holds the
title that year (``award_exists``) or would go past the title's cap (``cap_exceeded``, e.g. Chiến sĩ thi đua
cơ sở ≤ 15% of the unit's Lao động tiên tiến under ``R2016``/``R2017``) is listed as not awarded, with the
reason; the rest are proposed and decided through the awards service, which judges each again, records its
verdict and computes its cash. The head never overrides a criterion: only the secretariat does, on the
award itself (``POST /awards/{id}/decide`` with an ``override_reason``). All of it is one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.awards import proposing
from app.awards import service as awards_service
from app.core.principal import Principal
from app.eligibility import repository as eligibility_repository
from app.eligibility import service as eligibility
from app.models import UnitReview
from app.reviews import repository, service
from app.reviews.tally import ReviewTally, decision_order


@dataclass(frozen=True)
class Awarded:
    person_id: str
    award_id: str
    regime: str | None
    cash_vnd: int | None


@dataclass(frozen=True)
class NotAwarded:
    person_id: str
    code: str  # criteria_not_met | award_exists | cap_exceeded
    message: str
    message_vi: str
    criteria: tuple[str, ...] = ()  # the hard criteria not met, for criteria_not_met


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision did, kept in ``UnitReview.outcome``: ``as_dict`` writes it, ``from_stored`` reads
    it."""

    awarded: list[Awarded]
    not_awarded: list[NotAwarded]

    def as_dict(self) -> dict[str, Any]:
        return {
            "awarded": [
                {"person_id": a.person_id, "award_id": a.award_id, "regime": a.regime, "cash_vnd": a.cash_vnd}
                for a in self.awarded
            ],
            "not_awarded": [
                {
                    "person_id": n.person_id,
                    "code": n.code,
                    "message": n.message,
                    "message_vi": n.message_vi,
                    "criteria": list(n.criteria),
                }
                for n in self.not_awarded
            ],
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> DecisionOutcome:
        return cls(
            awarded=[
                Awarded(
                    person_id=str(a["person_id"]),
                    award_id=str(a["award_id"]),
                    regime=a.get("regime"),
                    cash_vnd=a.get("cash_vnd"),
                )
                for a in stored.get("awarded") or []
            ],
            not_awarded=[
                NotAwarded(
                    person_id=str(n["person_id"]),
                    code=str(n["code"]),
                    message=str(n["message"]),
                    message_vi=str(n["message_vi"]),
                    criteria=tuple(str(c) for c in n.get("criteria") or []),
                )
                for n in stored.get("not_awarded") or []
            ],
        )


def _refusal(session: Session, review: UnitReview, person_id: str, decision_date: date) -> NotAwarded | None:
    """Why the candidate cannot be awarded on ``decision_date`` (the checks ``awards.service.decide`` would
    refuse with), or None."""
    title, year = review.title_code, review.year
    if repository.live_award_id(session, person_id=person_id, title_code=title, year=year) is not None:
        return NotAwarded(
            person_id,
            "award_exists",
            f"Already holds this title for {year} (one achievement, one award).",
            f"Đã có danh hiệu này năm {year} (mỗi thành tích chỉ khen một lần).",
        )
    q = eligibility.Question(code=title, year=year, decision_date=decision_date)
    verdict = eligibility.judge_person(session, person_id=person_id, q=q)
    failed = verdict.failed_hard()
    regime = verdict.regime.regime.code
    if failed:
        codes = ", ".join(c.code for c in failed)
        return NotAwarded(
            person_id,
            "criteria_not_met",
            f"The law's hard criteria are not met under {regime} on {decision_date.isoformat()}: {codes}.",
            f"Chưa đáp ứng tiêu chuẩn bắt buộc theo {regime} tại ngày {decision_date.strftime('%d/%m/%Y')}: "
            f"{codes}.",
            tuple(c.code for c in failed),
        )
    unit_id = eligibility_repository.unit_of_person(session, person_id=person_id, year=year)
    cap = eligibility.cap_of(session, q=q, unit_id=unit_id)
    if cap is not None and cap.used + 1 > cap.limit:
        pct = f"{float(cap.share) * 100:g}"
        return NotAwarded(
            person_id,
            "cap_exceeded",
            f"The cap is reached: {cap.used} of {cap.limit} decided ({pct}% of {cap.base_count}; "
            f"{cap.citation.text}).",
            f"Đã đủ tỷ lệ: đã quyết định {cap.used}/{cap.limit} ({pct.replace('.', ',')}% của "
            f"{cap.base_count}; {cap.citation.text}).",
        )
    return None


def _award(
    session: Session, principal: Principal, review: UnitReview, person_id: str, number: str, on: date
) -> Awarded:
    award = proposing.create(
        session=session,
        actor=principal.actor,
        unit_id=None,
        person_id=person_id,
        title_code=review.title_code,
        form_code=None,
        year=review.year,
        source_review_id=review.id,
    )
    decided = awards_service.decide(
        session=session, actor=principal.actor, award_id=award.id, decision_number=number, decision_date=on
    ).award
    return Awarded(
        person_id=person_id, award_id=decided.id, regime=decided.regime_code, cash_vnd=decided.cash_vnd
    )


def decide(
    *,
    session: Session,
    principal: Principal,
    review_id: str,
    decision_number: str,
    decision_date: date,
    if_match: str | None = None,
) -> service.ReviewView:
    """counted → decided (the head of the unit, or the secretariat)."""
    review, new_status = service.begin_transition(
        session, review_id=review_id, action="decide", if_match=if_match
    )
    assert review.result is not None  # counted: the close froze it
    awarded: list[Awarded] = []
    not_awarded: list[NotAwarded] = []
    for person_id in decision_order(ReviewTally.from_stored(review.result)):
        refusal = _refusal(session, review, person_id, decision_date)
        if refusal is not None:
            not_awarded.append(refusal)
        else:
            awarded.append(_award(session, principal, review, person_id, decision_number, decision_date))
    outcome = DecisionOutcome(awarded=awarded, not_awarded=not_awarded)
    review.outcome = outcome.as_dict()
    review.decision_number = decision_number
    review.decision_date = decision_date
    review.decided_by = principal.id
    details = {
        "decision_number": decision_number,
        "decision_date": decision_date.isoformat(),
        "awards": [a.award_id for a in awarded],
        "not_awarded": [{"person_id": n.person_id, "code": n.code} for n in not_awarded],
    }
    return service.finish_transition(session, principal, review, new_status, "decide", details)
