"""The whole path of a review through HTTP, on SQLite and PostgreSQL: the vote counted over all the
electorate, and the head of the unit's decision: awards decided with their cash, a candidate who fails a
hard criterion on the decision date reported and not awarded, the cap on Chiến sĩ thi đua cơ sở."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.models import Award
from tests.support import history
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.reviews import CSTDCS, LDTT, ReviewWorld, review_url

YEAR = 2025
DECIDED_ON = date(2026, 1, 15)  # R2025; base salary 2,340,000 VND


@pytest.fixture
def w(build: Builders) -> ReviewWorld:
    return ReviewWorld(build)


def awards_of(session_factory: Any, review_id: str) -> list[Award]:
    with session_factory() as s:
        return list(
            s.scalars(select(Award).where(Award.source_review_id == review_id).order_by(Award.created_at))
        )


def test_chien_si_thi_dua_co_so_needs_eighty_percent_of_all_five_and_the_head_decides(w: ReviewWorld) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR, rating="excellent", titles={LDTT: [YEAR]})
    binh = w.person("Lê Văn Bình", year=YEAR, rating="excellent", titles={LDTT: [YEAR]})
    chi = w.person("Hoàng Thị Chi", year=YEAR, rating="good", titles={LDTT: [YEAR]})
    review = w.created(YEAR, CSTDCS, candidate_ids=[an, binh, chi])
    rid = review["id"]
    verdicts = {c["person_id"]: c["verdict"]["verdict"] for c in review["candidates"]}
    assert verdicts == {an: "eligible", binh: "eligible", chi: "not_eligible"}
    w.done(rid, "open")
    # Four of five electors vote: An gets 4 yes (80% of all 5), Bình 3 yes and a no, Chi 4 yes.
    w.voted(
        rid,
        [
            {an: "yes", binh: "yes", chi: "yes"},
            {an: "yes", binh: "yes", chi: "yes"},
            {an: "yes", binh: "no", chi: "yes"},
            {an: "yes", binh: "yes", chi: "yes"},
        ],
    )
    counted = w.done(rid, "close", w.head)
    assert counted["status"] == "counted"
    results = w.client.get(review_url(rid, "/results"), headers=w.head).json()
    assert results["required"] == 4 and results["electorate"] == 5 and results["ballots_cast"] == 4
    assert results["passed"] == [an, chi]
    assert [(c["yes"], c["no"], c["blank"], c["passed"]) for c in results["candidates"]] == [
        (4, 0, 0, True),
        (3, 1, 0, False),
        (4, 0, 0, True),
    ]

    r = w.decide(rid, DECIDED_ON, number="15/QĐ-VP")
    assert r.status_code == 200, r.text
    decided = r.json()
    assert decided["status"] == "decided" and decided["decided_at"]
    decision = decided["decision"]
    assert (decision["decision_number"], decision["decision_date"]) == ("15/QĐ-VP", "2026-01-15")
    assert (decision["decided_by"], decision["decided_by_name"]) == (w.head_user["id"], "Trần Thủ Trưởng")
    [awarded] = decision["awarded"]
    assert (awarded["person_id"], awarded["full_name"], awarded["regime"]) == (an, "Nguyễn Thị An", "R2025")
    assert awarded["cash_vnd"] == 2_340_000  # 1.0 × the base salary on the decision date
    # Chi passed the vote, but neither rated excellent nor with an initiative: the law refuses; no override.
    [refused] = decision["not_awarded"]
    assert (refused["person_id"], refused["code"]) == (chi, "criteria_not_met")
    assert refused["criteria"] == ["initiative_or_excellent"] and refused["message_vi"]

    [award] = awards_of(w.session_factory, rid)
    assert (award.person_id, award.title_code, award.year, award.status) == (an, CSTDCS, YEAR, "decided")
    assert (award.decision_number, award.decision_date, award.cash_vnd) == ("15/QĐ-VP", DECIDED_ON, 2_340_000)
    assert award.regime_code == "R2025" and award.verdict is not None and award.override_reason is None
    read = w.client.get(f"/api/v1/awards/{award.id}", headers=w.head).json()
    assert read["status"] == "decided" and read["verdict"] is not None
    problem(w.decide(rid, DECIDED_ON), 409, "invalid_transition")
    events = [(e.action, e.object_id) for e in w.events(rid)]
    assert events[-1] == ("review.decide", rid)
    [decide_event] = [e for e in w.events(rid) if e.action == "review.decide"]
    assert decide_event.details["awards"] == [award.id]
    assert decide_event.details["not_awarded"] == [{"person_id": chi, "code": "criteria_not_met"}]
    assert [e.action for e in w.events(award.id)] == ["award.propose", "award.decide"]


def test_a_candidate_failing_a_hard_criterion_on_the_decision_date_is_listed_not_awarded(
    w: ReviewWorld,
) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR)
    chi = w.person("Hoàng Thị Chi", year=YEAR)
    review = w.created(YEAR)
    assert {c["verdict"]["verdict"] for c in review["candidates"]} == {"eligible"}
    rid = review["id"]
    w.done(rid, "open")
    w.voted(rid, [{an: "yes", chi: "yes"}] * 3)
    w.done(rid, "close")
    # After the vote, Chi is disciplined for something done that year: on the decision date the law defers.
    history.discipline(w.session_factory, person_id=chi, starts_on=date(YEAR, 11, 1), ends_on=None)
    decision = w.decide(rid, DECIDED_ON, w.secretariat).json()["decision"]
    assert [(a["person_id"], a["cash_vnd"]) for a in decision["awarded"]] == [
        (an, 710_000)
    ]  # 0.3 × 2,340,000
    [refused] = decision["not_awarded"]
    assert (refused["person_id"], refused["code"], refused["criteria"]) == (
        chi,
        "criteria_not_met",
        ["no_discipline"],
    )
    assert [a.person_id for a in awards_of(w.session_factory, rid)] == [an]


def test_a_candidate_who_already_holds_the_title_is_not_awarded_twice(w: ReviewWorld) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR)
    rid = w.created(YEAR)["id"]
    w.done(rid, "open")
    w.voted(rid, [{an: "yes"}] * 3)
    w.done(rid, "close")
    history.award(w.session_factory, code=LDTT, year=YEAR, person_id=an, status="proposed")
    decision = w.decide(rid, DECIDED_ON).json()["decision"]
    assert decision["awarded"] == []
    assert [(n["person_id"], n["code"]) for n in decision["not_awarded"]] == [(an, "award_exists")]


def test_nobody_passes_the_vote_nobody_is_awarded(w: ReviewWorld) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR)
    rid = w.created(YEAR)["id"]
    w.done(rid, "open")
    w.voted(rid, [{an: "yes"}, {an: "yes"}, {an: "no"}])  # 2 of 5: not more than half
    w.done(rid, "close")
    decided = w.decide(rid, DECIDED_ON).json()
    assert decided["status"] == "decided"
    assert decided["decision"]["awarded"] == [] and decided["decision"]["not_awarded"] == []
    assert awards_of(w.session_factory, rid) == []


def test_the_cap_on_chien_si_thi_dua_co_so_under_the_2017_regime(w: ReviewWorld) -> None:
    year, decided_on = 2022, date(2023, 1, 15)  # decided under R2017: CSTĐCS ≤ 15% of the unit's LĐTT
    people = [
        w.person(name, year=year, rating="excellent", titles={LDTT: [year]}, initiative=True)
        for name in ("Nguyễn Thị An", "Lê Văn Bình", "Hoàng Thị Chi")
    ]
    an, binh, chi = people
    rid = w.created(year, CSTDCS, candidate_ids=[an, binh, chi])["id"]
    w.done(rid, "open")
    # All pass 80% of 5 (4 yes); Bình has the most yes votes, then An and Chi (ballot order breaks the tie).
    w.voted(rid, [{an: "yes", binh: "yes", chi: "yes"}] * 4 + [{binh: "yes"}])
    w.done(rid, "close")
    r = w.decide(rid, decided_on)
    assert r.status_code == 200, r.text
    decision = r.json()["decision"]
    # 15% of 3 LĐTT is 0.45: at least one place (the cap's minimum), which goes to the most backed.
    assert [(a["person_id"], a["regime"], a["cash_vnd"]) for a in decision["awarded"]] == [
        (binh, "R2017", 1_490_000)
    ]
    assert [(n["person_id"], n["code"]) for n in decision["not_awarded"]] == [
        (an, "cap_exceeded"),
        (chi, "cap_exceeded"),
    ]
    assert "15%" in decision["not_awarded"][0]["message"]
    [award] = awards_of(w.session_factory, rid)
    assert (award.person_id, award.status, award.regime_code) == (binh, "decided", "R2017")


def test_the_decision_is_one_transaction(w: ReviewWorld) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR)
    rid = w.created(YEAR)["id"]
    w.done(rid, "open")
    w.voted(rid, [{an: "yes"}] * 3)
    w.done(rid, "close")
    # A date no legal regime covers fails the whole decision: no award, the review still counted.
    problem(w.decide(rid, date(2010, 1, 1)), 422)
    assert awards_of(w.session_factory, rid) == []
    assert w.client.get(review_url(rid), headers=w.head).json()["status"] == "counted"
    problem(w.act(rid, "decide", w.head, json={"decision_number": "", "decision_date": "2026-01-15"}), 422)
    assert w.decide(rid, DECIDED_ON).json()["status"] == "decided"
