"""Verdicts through HTTP, on SQLite and PostgreSQL: a person's and a unit's, in batches, with the legal
regime chosen by the decision date, the evidence and the articles; who may read them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import history
from tests.support.builders import BlocYear
from tests.support.problems import ODD_IDS, problem

CSTD_BO = "chien_si_thi_dua_cap_bo"
CSTDCS = "chien_si_thi_dua_co_so"
LDTT = "lao_dong_tien_tien"


class People:
    """Unit C of the bloc-year with three people whose 2014–2016 histories the law judges differently."""

    def __init__(self, y: BlocYear) -> None:
        self.y = y
        self.sf = y.build.session_factory
        self.unit = y.unit_ids[2]
        self.passing = self._career("Trần Thị Bình", "female", cstdcs=[2014, 2015, 2016])
        self.missing_year = self._career("Lê Văn Cường", "male", cstdcs=[2014, 2016])
        self.revoked = self._career("Phạm Thị Dung", "female", cstdcs=[2014, 2016])
        history.award(self.sf, code=CSTDCS, year=2015, person_id=self.revoked, status="revoked")

    def _career(self, name: str, gender: str, *, cstdcs: list[int]) -> str:
        pid = history.person(self.sf, self.unit, full_name=name, gender=gender)
        for year in (2014, 2015, 2016):
            history.rating(self.sf, year=year, rating="excellent", person_id=pid)
            history.award(self.sf, code=LDTT, year=year, person_id=pid)
            history.initiative(self.sf, year=year, scope="unit", person_id=pid)
        history.titles(self.sf, pid, CSTDCS, cstdcs)
        history.initiative(self.sf, year=2016, scope="ministry", person_id=pid)
        return pid

    def verdict(self, person_id: str, headers: dict[str, str] | None = None, **query: Any) -> Any:
        params = {"code": CSTD_BO, "year": 2016, **query}
        return self.y.client.get(
            f"/api/v1/people/{person_id}/eligibility", params=params, headers=headers or self.y.secretariat
        )


@pytest.fixture
def people(bloc_year: BlocYear) -> People:
    return People(bloc_year)


def criterion(body: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in body["criteria"] if c["code"] == code)


def test_three_consecutive_cstdcs_and_a_ministry_initiative_leave_only_the_councils_judgement(
    people: People,
) -> None:
    r = people.verdict(people.passing, decision_date="2017-02-10")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["subject_kind"], body["subject_id"], body["subject_name"]) == (
        "person",
        people.passing,
        "Trần Thị Bình",
    )
    assert (body["code"], body["kind"], body["year"]) == (CSTD_BO, "title", 2016)
    assert body["name"] == "Chiến sĩ thi đua cấp Bộ"  # the title's name beside its code
    # 42/2010 Art 14: the hard criteria hold; "outstanding" is the council's to judge.
    assert body["verdict"] == "needs_judgement"
    assert body["regime"]["code"] == "R2016"
    assert (body["regime"]["basis"], body["regime"]["on"]) == ("decision_date", "2017-02-10")
    chain = criterion(body, "consecutive_cstdcs")
    assert (chain["outcome"], chain["hard"]) == ("met", True)
    assert len([e for e in chain["evidence"] if e["kind"] == "award"]) == 3
    assert chain["citation"]["text"]
    assert criterion(body, "initiative_scope")["outcome"] == "met"
    assert criterion(body, "outstanding")["outcome"] == "judgement"


@pytest.mark.parametrize("who", ["missing_year", "revoked"])
def test_a_chain_broken_by_a_missing_year_or_a_revoked_award_is_not_eligible(
    people: People, who: str
) -> None:
    body = people.verdict(getattr(people, who), decision_date="2017-02-10").json()
    assert body["verdict"] == "not_eligible"
    chain = criterion(body, "consecutive_cstdcs")
    assert (chain["outcome"], chain["hard"]) == ("not_met", True)
    assert chain["summary"] and chain["summary_vi"]


def test_the_regime_follows_the_decision_date_and_defaults_to_today(people: People) -> None:
    assert people.verdict(people.passing, decision_date="2017-10-05").json()["regime"]["code"] == "R2017"
    today = people.verdict(people.passing).json()["regime"]
    assert (today["code"], today["basis"]) == ("R2025", "evaluation_date")
    problem(people.verdict(people.passing, decision_date="2010-01-01"), 422, "validation_error")


def test_the_unit_batch_judges_everyone_who_worked_there_that_year(people: People) -> None:
    y = people.y
    r = y.client.get(
        f"/api/v1/units/{people.unit}/people-eligibility",
        params={"code": CSTD_BO, "year": 2016, "decision_date": "2017-02-10"},
        headers=y.officer(people.unit),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    names = [v["subject_name"] for v in body["items"]]
    assert names == ["Lê Văn Cường", "Phạm Thị Dung", "Trần Thị Bình"]
    assert body["counts"] == {"eligible": 0, "not_eligible": 2, "needs_judgement": 1}
    assert body["cap"] is None  # no cap on CSTĐ cấp Bộ


def test_the_cstdcs_cap_of_2016_is_reported_with_the_unit_batch(people: People) -> None:
    y = people.y
    r = y.client.get(
        f"/api/v1/units/{people.unit}/people-eligibility",
        params={"code": CSTDCS, "year": 2016, "decision_date": "2017-01-15"},
        headers=y.secretariat,
    )
    cap = r.json()["cap"]
    # TT 07/2014/TT-BNV Art 5: at most 15% of the unit's 3 LĐTT of 2016, at least 1; 3 are decided.
    assert {
        k: cap[k] for k in ("code", "regime", "share", "of_code", "per", "base_count", "limit", "used")
    } == {
        "code": CSTDCS,
        "regime": "R2016",
        "share": 0.15,
        "of_code": LDTT,
        "per": "unit",
        "base_count": 3,
        "limit": 1,
        "used": 3,
    }
    assert cap["remaining"] == 0
    # the titles and the unit named beside their codes and id
    assert (cap["name"], cap["of_name"]) == ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")
    assert {k: cap[k] for k in ("unit_id", "unit_code", "unit_name")} == people.y.unit_ref(people.unit)
    direct = y.client.get(
        f"/api/v1/caps/{CSTDCS}",
        params={"year": 2016, "unit_id": people.unit, "decision_date": "2017-01-15"},
        headers=y.member,
    )
    assert direct.json() == cap
    # No cap under the current law unless the regulation sets one.
    assert (
        y.client.get(
            f"/api/v1/caps/{CSTDCS}", params={"year": 2025, "unit_id": people.unit}, headers=y.member
        ).json()
        is None
    )


def test_who_may_read_a_persons_verdict(people: People) -> None:
    y = people.y
    for headers in (y.secretariat, y.observer, y.officer(people.unit), y.user("admin")):
        assert people.verdict(people.passing, headers=headers).status_code == 200
    # Another unit's officer may not know the person exists; a service client neither.
    problem(people.verdict(people.passing, headers=y.officer(y.unit_ids[0])), 404, "not_found")
    problem(people.verdict(people.passing, headers=y.client_token("results:read")), 404, "not_found")
    for odd in ODD_IDS:
        problem(people.verdict(odd), 404, "not_found")


def test_a_unit_verdict_for_a_collective_title_and_a_subject_mismatch(people: People) -> None:
    y = people.y
    url = f"/api/v1/units/{people.unit}/eligibility"
    flag = y.client.get(
        url,
        params={"code": "co_thi_dua_chinh_phu", "year": 2016, "decision_date": "2017-10-05"},
        headers=y.secretariat,
    ).json()
    # R2017 (91/2017 Art 11(1)): only among the same year's bloc leaders holding the ministry flag.
    assert (flag["regime"]["code"], flag["verdict"]) == ("R2017", "not_eligible")
    assert criterion(flag, "same_year_ministry_flag")["outcome"] == "not_met"
    # R2016 (65/2014 Art 6(1)): "meets the standard of" the ministry flag: the council judges it.
    old = y.client.get(
        url,
        params={"code": "co_thi_dua_chinh_phu", "year": 2016, "decision_date": "2017-02-10"},
        headers=y.secretariat,
    ).json()
    assert old["verdict"] == "needs_judgement"
    assert criterion(old, "same_year_ministry_flag")["outcome"] == "judgement"
    # An individual title for a unit: the verdict says why, by article.
    wrong = y.client.get(url, params={"code": CSTDCS, "year": 2016}, headers=y.secretariat).json()
    assert wrong["verdict"] == "not_eligible"
    assert [c["code"] for c in wrong["criteria"]] == ["subject_kind"]
    problem(
        y.client.get(url, params={"code": "no_such", "year": 2016}, headers=y.secretariat),
        422,
        "validation_error",
    )
    problem(y.client.get(url, params={"code": CSTDCS, "year": 2016}, headers=y.officer(y.unit_ids[0])), 403)


def test_the_bloc_batch_judges_every_member(people: People) -> None:
    y = people.y
    history.award(people.sf, code="co_thi_dua_bo", year=2016, unit_id=y.unit_ids[1])
    r = y.client.get(
        f"/api/v1/blocs/{y.bloc['id']}/years/2016/eligibility",
        params={"code": "co_thi_dua_chinh_phu", "decision_date": "2018-03-01"},
        headers=y.leader,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["items"]) == len(y.unit_ids)
    verdicts = {v["subject_id"]: v["verdict"] for v in body["items"]}
    assert verdicts[y.unit_ids[1]] == "needs_judgement"
    assert sorted(u for u, v in verdicts.items() if v == "not_eligible") == sorted(
        u for u in y.unit_ids if u != y.unit_ids[1]
    )
    # 91/2017 Art 11(1): at most 20% of the collectives meeting the ministry flag standard (1 here).
    assert (body["cap"]["per"], body["cap"]["base_count"], body["cap"]["limit"]) == ("ministry", 1, 1)
    problem(
        y.client.get(
            f"/api/v1/blocs/{y.bloc['id']}/years/2016/eligibility",
            params={"code": "co_thi_dua_chinh_phu"},
            headers=y.member,
        ),
        403,
    )
