"""The demo's people (app/demo/people.py), loaded on SQLite and PostgreSQL: 5–15 people a unit, their
employments, ratings, initiatives and titles 2014–2016 keeping R2016's rules (law.md §2.1), and the showcase
for "Chiến sĩ thi đua cấp Bộ" 2016 as its data says."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import func, select

from app.core.text import fold
from app.demo import data, loader, people
from app.models import (
    Achievement,
    AchievementKind,
    Assessment,
    AuditEvent,
    Award,
    Base,
    Employment,
    Exclusion,
    ExclusionKind,
    Person,
    Rating,
    RecognitionScope,
    Unit,
)

PASSWORD = "demo-password-for-the-people"
UNIT_CODES = [code for code, *_ in data.UNITS]
LDTT, CSTDCS = people.LDTT, people.CSTDCS
LIVE = "decided"


def _load(session_factory: Any, passwords: Any) -> loader.DemoResult:
    with session_factory() as s:
        result = loader.load(s, passwords, PASSWORD)
        s.commit()
    return result


@dataclass
class History:
    """One person as the database holds them."""

    person: Person
    jobs: list[Employment] = field(default_factory=list)
    ratings: dict[int, Assessment] = field(default_factory=dict)
    works: list[Achievement] = field(default_factory=list)
    bars: list[Exclusion] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)

    def unit_on(self, day: date) -> str:
        (job,) = [j for j in self.jobs if j.started_on <= day and (j.ended_on is None or day <= j.ended_on)]
        return job.unit_id

    def titles(self, title_code: str, status: str = LIVE) -> dict[int, Award]:
        return {a.year: a for a in self.awards if a.title_code == title_code and a.status == status}


def _histories(session_factory: Any) -> dict[str, History]:
    with session_factory() as s:
        by_id = {p.id: History(p) for p in s.scalars(select(Person))}
        for job in s.scalars(select(Employment)):
            by_id[job.person_id].jobs.append(job)
        for rating in s.scalars(select(Assessment).where(Assessment.person_id.is_not(None))):
            by_id[rating.person_id].ratings[rating.year] = rating
        for work in s.scalars(select(Achievement)):
            by_id[work.person_id].works.append(work)
        for bar in s.scalars(select(Exclusion)):
            by_id[bar.person_id].bars.append(bar)
        for award in s.scalars(select(Award).where(Award.person_id.is_not(None))):
            by_id[award.person_id].awards.append(award)
        s.expunge_all()
    return {h.person.code: h for h in by_id.values()}


def _unit_codes(session_factory: Any) -> dict[str, str]:
    with session_factory() as s:
        return {u.id: u.code for u in s.scalars(select(Unit))}


def _row_counts(session_factory: Any) -> dict[str, int]:
    with session_factory() as s:
        return {
            name: s.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


# ---- a judge of "Chiến sĩ thi đua cấp Bộ", as plain as the data's comments -----------------------------


def judge(h: History, *, current_law: bool) -> set[str]:
    """The reasons ``h`` fails CSTĐ cấp Bộ 2016 (law.md §2.1): none means only the council's judgement of
    "outstanding" is left. ``current_law``: asked today (R2025), with its deferral (law.md §2); else decided
    on SHOWCASE_DECIDED_ON (R2016), without."""
    reasons = set()
    chain = (2014, 2015, 2016)
    held, revoked = h.titles(CSTDCS), h.titles(CSTDCS, "revoked")
    missing = [y for y in chain if y not in held]
    if any(y in revoked for y in missing):
        reasons.add("chain_revoked")
    elif missing:
        reasons.add("chain_missing_year")
    wide = (RecognitionScope.MINISTRY, RecognitionScope.NATIONAL)
    if not any(w.year in chain and w.scope in wide and w.applied for w in h.works):
        reasons.add("initiative_scope")
    if current_law:
        year_start, year_end = date(2016, 1, 1), date(2016, 12, 31)
        for bar in h.bars:
            ends_after = bar.ends_on is None or bar.ends_on > year_end
            if bar.kind == ExclusionKind.DISCIPLINE:
                if bar.starts_on <= year_end and (bar.ends_on is None or bar.ends_on >= year_start):
                    reasons.add("discipline")
            elif bar.starts_on <= max(year_end, date.today()) and ends_after:
                reasons.add("investigation_pending")
    return reasons


# ---- the tests ------------------------------------------------------------------------------------------


def test_the_people_load_with_the_demo(session_factory, passwords):
    result = _load(session_factory, passwords)
    assert result.created["people"] == len(people.ROSTER) == 146
    histories = _histories(session_factory)
    assert sorted(histories) == sorted(row[0] for row in people.ROSTER)
    units = _unit_codes(session_factory)
    per_unit = Counter(units[h.person.unit_id] for h in histories.values() if h.person.unit_id)
    assert sorted(per_unit) == sorted(UNIT_CODES)
    assert all(5 <= n <= 15 for n in per_unit.values()), per_unit
    assert len(set(per_unit.values())) > 5  # the sizes vary
    genders = Counter(h.person.gender for h in histories.values())
    assert genders["male"] > 40 and genders["female"] > 40
    with session_factory() as s:
        rated = s.scalars(select(Assessment).where(Assessment.unit_id.is_not(None))).all()
        assert sorted(units[a.unit_id] for a in rated) == sorted(UNIT_CODES)
        assert {a.year for a in rated} == {2016}


def test_every_person_works_in_a_unit_and_movers_keep_both(session_factory, passwords):
    _load(session_factory, passwords)
    units = _unit_codes(session_factory)
    histories = _histories(session_factory)
    for code, h in histories.items():
        assert h.jobs, code
        jobs = sorted(h.jobs, key=lambda j: j.started_on)
        employed = {y for y in people.YEARS if jobs[0].started_on <= date(y, 12, 31)}
        assert set(h.ratings) == employed, code  # a rating for each year worked
        assert [j.ended_on is None for j in jobs] == [False] * (len(jobs) - 1) + [True], code
        assert (jobs[-1].unit_id, jobs[-1].position) == (h.person.unit_id, h.person.position), code
        assert h.person.active and h.person.search_text == fold(f"{h.person.full_name} {code}")
        for before, after in pairwise(jobs):
            assert before.ended_on is not None and before.ended_on < after.started_on, code
        assert code.split("-")[1] == units[jobs[0].unit_id]  # the code names the first unit, and stays
    movers = {
        code: [(units[j.unit_id], str(j.started_on), str(j.ended_on)) for j in h.jobs]
        for code, h in histories.items()
        if len(h.jobs) > 1
    }
    assert {code: sorted(jobs, key=lambda j: j[1]) for code, jobs in movers.items()} == {
        "CB-VP-011": [("VP", "2009-09-01", "2015-03-31"), ("HTQT", "2015-04-01", "None")],
        "CB-CNC-009": [("CNC", "2008-04-01", "2015-06-30"), ("PTDP", "2015-07-01", "None")],
        "CB-TDKT-006": [("TDKT", "2008-09-15", "2015-09-30"), ("VPDDT", "2015-10-01", "None")],
    }


def test_the_titles_keep_r2016_rules(session_factory, passwords):
    """LĐTT: rated good or better, 10 months' work, < 40 days absent, no discipline that year. CSTĐCS: LĐTT
    that year and a recognised initiative, or an applied research work, that year; at most 15% of the
    unit's LĐTT, rounded down. Each title decided by the unit of 31 December, early the next year."""
    _load(session_factory, passwords)
    units = _unit_codes(session_factory)
    ldtt: Counter[tuple[str, int]] = Counter()
    cstdcs: Counter[tuple[str, int]] = Counter()
    for code, h in _histories(session_factory).items():
        for award in h.awards:
            year = award.year
            unit = units[h.unit_on(date(year, 12, 31))]
            assert award.title_code in (LDTT, CSTDCS) and year in people.YEARS
            assert (award.method, award.unit_id, award.campaign_id) == ("regular", None, None)
            assert award.status in ("decided", "revoked")
            assert award.decision_number.endswith(f"/QĐ-{unit}"), (code, award.decision_number)
            assert date(year + 1, 1, 1) <= award.decision_date <= date(year + 1, 3, 31)
            left_to_the_law = (
                award.regime_code,
                award.verdict,
                award.base_salary_vnd,
                award.cash_multiple_centi,
                award.cash_vnd,
            )
            assert left_to_the_law == (None,) * 5
            assert (award.status == "revoked") == (award.revoked_reason is not None)
        for year, award in h.titles(LDTT).items():
            rating = h.ratings[year]
            assert rating.rating in (Rating.EXCELLENT, Rating.GOOD), (code, year)
            assert min(j.started_on for j in h.jobs) <= date(year, 3, 1), (code, year)
            assert rating.absent_days is None or rating.absent_days < 40, (code, year)
            disciplined = [
                b
                for b in h.bars
                if b.kind == ExclusionKind.DISCIPLINE
                and b.starts_on <= date(year, 12, 31)
                and (b.ends_on is None or b.ends_on >= date(year, 1, 1))
            ]
            assert not disciplined, (code, year)
            ldtt[units[h.unit_on(date(year, 12, 31))], year] += 1
        for year, award in {**h.titles(CSTDCS, "revoked"), **h.titles(CSTDCS)}.items():
            if award.status == LIVE:
                assert year in h.titles(LDTT), (code, year)
                basis = [
                    w
                    for w in h.works
                    if w.year == year and (w.kind == AchievementKind.INITIATIVE or w.applied)
                ]
                assert basis, (code, year)
                assert award.achievement is not None and basis[0].title in award.achievement
            cstdcs[units[h.unit_on(date(year, 12, 31))], year] += 1
    for (unit, year), n in cstdcs.items():
        assert n <= ldtt[unit, year] * people.CSTDCS_CAP_PERCENT // 100, (unit, year, n, ldtt[unit, year])
    # The cap is reached where the demo says: 7 LĐTT give one place, 14 give two.
    assert (ldtt["PC", 2015], cstdcs["PC", 2015]) == (7, 1)
    assert (ldtt["VP", 2016], cstdcs["VP", 2016]) == (14, 2)
    assert (ldtt["DTG", 2016], cstdcs["DTG", 2016]) == (14, 2)
    assert ldtt["CCTPN", 2016] == 5 and cstdcs["CCTPN", 2016] == 0


def test_the_works_are_recognised_by_a_council_with_a_decision(session_factory, passwords):
    _load(session_factory, passwords)
    units = _unit_codes(session_factory)
    for code, h in _histories(session_factory).items():
        for work in h.works:
            assert work.recognised_by and work.decision_number and work.recognised_on, code
            assert work.recognised_on.year == work.year
            if work.scope == RecognitionScope.UNIT:
                assert work.decision_number.endswith(f"/QĐ-{units[h.unit_on(date(work.year, 12, 31))]}")
            else:
                assert work.decision_number.endswith("/QĐ-BKHCN")
                assert work.recognised_by in ("Hội đồng sáng kiến Bộ KH&CN", "Hội đồng KH&CN cấp Bộ")
            assert work.applied or work.kind == AchievementKind.RESEARCH


def test_the_showcase_gets_its_verdict_for_its_one_reason(session_factory, passwords):
    _load(session_factory, passwords)
    histories = _histories(session_factory)
    units = _unit_codes(session_factory)
    assert people.SHOWCASE_TITLE == "chien_si_thi_dua_cap_bo" and people.SHOWCASE_YEAR == 2016
    assert sum(e.outcome == "needs_judgement" for e in people.SHOWCASE) >= 3
    for e in people.SHOWCASE:
        for outcome, current_law in ((e.outcome, True), (e.outcome_r2016, False)):
            reasons = judge(histories[e.code], current_law=current_law)
            assert reasons == ({e.reason} if outcome == "not_eligible" else set()), (e.code, current_law)
            assert outcome in ("needs_judgement", "not_eligible")
    # Nobody else has three CSTĐCS in a row: the showcase's passes are the demo's only ones.
    shown = {e.code for e in people.SHOWCASE}
    for code, h in histories.items():
        if code not in shown:
            assert judge(h, current_law=True) and judge(h, current_law=False), code

    # What each story rests on.
    missing = histories["CB-VP-004"]
    assert sorted(missing.titles(CSTDCS)) == [2014, 2016] and 2015 in missing.titles(LDTT)
    revoked = histories["CB-TTRA-004"]
    (gone,) = revoked.titles(CSTDCS, "revoked").values()
    assert gone.year == 2015 and "ho_so_gia" in (gone.revoked_reason or "")
    assert "giả mạo giấy tờ" in (gone.revoked_reason or "")
    assert sorted(revoked.titles(CSTDCS)) == [2014, 2016] and 2015 in revoked.titles(LDTT)
    narrow = histories["CB-TCCB-003"]
    assert {w.scope for w in narrow.works} == {RecognitionScope.UNIT} and len(narrow.titles(CSTDCS)) == 3
    (warning,) = histories["CB-TC-003"].bars
    assert (warning.kind, warning.measure) == ("discipline", "warning")
    assert warning.starts_on > histories["CB-TC-003"].titles(CSTDCS)[2016].decision_date
    (inspection,) = histories["CB-KHTH-004"].bars
    assert inspection.kind == "investigation" and inspection.ends_on is None
    assert inspection.starts_on.year == 2016
    mover = histories["CB-CNC-009"]
    assert {y: units[mover.unit_on(date(y, 12, 31))] for y in (2014, 2015, 2016)} == {
        2014: "CNC",
        2015: "PTDP",
        2016: "PTDP",
    }
    assert {y: a.decision_number.split("/QĐ-")[1] for y, a in mover.titles(CSTDCS).items()} == {
        2014: "CNC",
        2015: "PTDP",
        2016: "PTDP",
    }


def test_a_second_load_changes_nothing_and_a_person_there_is_left_as_is(session_factory, passwords):
    with session_factory() as s:
        s.add(Person(code="CB-VP-001", full_name="Người có sẵn", gender="female", unit_id=None))
        s.commit()
    first = _load(session_factory, passwords)
    assert first.created["people"] == len(people.ROSTER) - 1
    there = _histories(session_factory)["CB-VP-001"]
    assert there.person.full_name == "Người có sẵn" and there.person.unit_id is None
    assert (there.jobs, there.ratings, there.works, there.awards) == ([], {}, [], [])

    before = _row_counts(session_factory)
    second = _load(session_factory, passwords)
    assert second.created == {} and not second.changed
    assert _row_counts(session_factory) == before
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == before["audit_events"] == 1
        (event,) = s.scalars(select(AuditEvent)).all()
        assert event.action == "demo.load" and event.details["created"] == first.created


def test_the_roster_history_reads_as_its_legend_says():
    """Every history is three known pairs; a CSTĐCS is always also LĐTT; showcase codes exist."""
    codes = [row[0] for row in people.ROSTER]
    assert len(codes) == len(set(codes))
    assert len({row[1] for row in people.ROSTER}) == len(codes)  # no two people share a name
    for code, *_rest, history in people.ROSTER:
        pairs = history.split()
        assert len(pairs) == 3, code
        for pair in pairs:
            assert pair == "--" or (pair[0] in people.RATINGS and pair[1] in people.TITLES), code
    referenced = {
        *people.WORKS,
        *people.MOVES,
        *people.EXCLUSIONS,
        *people.REVOCATIONS,
        *(code for code, _ in people.ASSESSMENT_NOTES),
        *(e.code for e in people.SHOWCASE),
    }
    assert referenced <= set(codes)
    assert {w.year for works in people.WORKS.values() for w in works} == set(people.YEARS)
