"""The demo's people asked of the law engine itself: the showcase's verdicts, every title
the demo decided judged at its own decision date, and the CSTĐCS cap of every unit and year. Skipped until
the engine (app.eligibility, app.law) is on the branch."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.demo import data, loader, people
from app.models import Award, Person, Unit

service = pytest.importorskip("app.eligibility.service", reason="the law engine is not on this branch yet")

PASSWORD = "demo-password-for-the-verdicts"


def _load(session_factory: Any, passwords: Any) -> None:
    with session_factory() as s:
        loader.load(s, passwords, PASSWORD)
        s.commit()


def test_the_engine_gives_the_showcase_its_verdicts(session_factory, passwords):
    _load(session_factory, passwords)
    with session_factory() as s:
        ids = dict(s.execute(select(Person.code, Person.id)).tuples().all())
        for e in people.SHOWCASE:
            for outcome, decided_on in ((e.outcome, None), (e.outcome_r2016, people.SHOWCASE_DECIDED_ON)):
                q = service.Question(people.SHOWCASE_TITLE, people.SHOWCASE_YEAR, decision_date=decided_on)
                verdict = service.judge_person(s, person_id=ids[e.code], q=q)
                assert verdict.outcome == outcome, (e.code, decided_on)
                assert (verdict.regime.regime.code == "R2016") == (decided_on is not None)
                outcomes = {c.code: c.outcome for c in verdict.criteria}
                not_met = {code for code, outcome in outcomes.items() if outcome == "not_met"}
                assert not_met == ({e.criterion} if outcome == "not_eligible" else set()), (
                    e.code,
                    decided_on,
                )
                assert outcomes["outstanding"] == "judgement"


def test_every_title_the_demo_decided_passes_the_engine_at_its_decision_date(session_factory, passwords):
    _load(session_factory, passwords)
    with session_factory() as s:
        for award in s.scalars(select(Award).where(Award.person_id.is_not(None))):
            verdict = service.judge_award(s, award, decision_date=award.decision_date)
            assert verdict.regime.regime.code == "R2016"
            expected = "eligible" if award.status == "decided" else "not_eligible"
            assert verdict.outcome == expected, (award.person_id, award.title_code, award.year)


def test_no_unit_goes_over_its_cstdcs_cap(session_factory, passwords):
    _load(session_factory, passwords)
    with session_factory() as s:
        units = dict(s.execute(select(Unit.code, Unit.id)).tuples().all())
        for code, *_ in data.UNITS:
            for year in people.YEARS:
                q = service.Question(people.CSTDCS, year, decision_date=date(year + 1, 2, 28))
                cap = service.cap_of(s, q=q, unit_id=units[code])
                assert cap is not None and cap.used <= cap.limit, (code, year, cap)
