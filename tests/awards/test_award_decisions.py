"""Awards proposed by the secretariat for people and units, titles and forms; decisions judged by the
law of their date (refused when a hard criterion fails, unless overridden with a reason), capped, and
paid; through HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import history
from tests.support.builders import BlocYear
from tests.support.db import audit_events
from tests.support.problems import problem

CSTDCS, LDTT = "chien_si_thi_dua_co_so", "lao_dong_tien_tien"


class Office:
    def __init__(self, y: BlocYear) -> None:
        self.y = y
        self.sf = y.build.session_factory
        self.unit = y.unit_ids[2]

    def propose(self, headers: dict[str, str] | None = None, **body: Any) -> Any:
        return self.y.client.post("/api/v1/awards", json=body, headers=headers or self.y.secretariat)

    def proposed(self, **body: Any) -> dict[str, Any]:
        r = self.propose(**body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def decide(self, award_id: str, date: str = "2017-01-15", **body: Any) -> Any:
        payload = {"decision_number": "15/QĐ-VP", "decision_date": date, **body}
        return self.y.client.post(
            f"/api/v1/awards/{award_id}/decide", json=payload, headers=self.y.secretariat
        )

    def worker(self, name: str = "Nguyễn Văn An", *, ldtt: bool = True, initiative: bool = True) -> str:
        pid = history.person(self.sf, self.unit, full_name=name)
        history.rating(self.sf, year=2016, rating="good", person_id=pid)
        if ldtt:
            history.award(self.sf, code=LDTT, year=2016, person_id=pid)
        if initiative:
            history.initiative(self.sf, year=2016, scope="unit", person_id=pid)
        return pid


@pytest.fixture
def office(bloc_year: BlocYear) -> Office:
    return Office(bloc_year)


def test_a_persons_award_names_the_person_and_is_paid_at_the_decision_dates_base_salary(
    office: Office,
) -> None:
    pid = office.worker()
    award = office.proposed(person_id=pid, title_code=CSTDCS, year=2016, achievement="Sáng kiến cấp cơ sở")
    assert (award["subject_kind"], award["person_id"], award["person_name"], award["unit_id"]) == (
        "person",
        pid,
        "Nguyễn Văn An",
        None,
    )
    assert (award["kind"], award["name"], award["status"], award["achievement"]) == (
        "title",
        "Chiến sĩ thi đua cơ sở",
        "proposed",
        "Sáng kiến cấp cơ sở",
    )
    r = office.decide(award["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    # R2016; 1.0 × 1,210,000 (in force from 1/5/2016) = 1,210,000, already a multiple of 10,000.
    assert (body["status"], body["regime"]) == ("decided", "R2016")
    assert body["cash"] == {"base_salary_vnd": 1_210_000, "multiple": 1.0, "amount_vnd": 1_210_000}
    assert body["verdict"]["outcome"] in ("eligible", "needs_judgement")
    # A decision today is judged and paid under today's law: 1.0 × 2,340,000.
    other = office.proposed(person_id=office.worker("Lê Thị Hoa"), title_code=CSTDCS, year=2016)
    later = office.decide(other["id"], date="2025-08-01").json()
    assert (later["regime"], later["cash"]["amount_vnd"]) == ("R2025", 2_340_000)


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("unit", {"title_code": CSTDCS}, "title_code"),  # an individual title for a unit
        ("person", {"title_code": "co_thi_dua_bo"}, "title_code"),  # a collective title for a person
        ("unit", {"form_code": "ky_niem_chuong"}, "form_code"),  # a medal only people receive
    ],
)
def test_a_title_or_form_goes_only_to_the_subject_it_is_for(
    office: Office, session_factory: Any, subject: str, body: dict[str, Any], field: str
) -> None:
    who = {"unit_id": office.unit} if subject == "unit" else {"person_id": office.worker()}
    problem(
        office.propose(**who, **body, year=2016),
        422,
        "subject_mismatch",
        errors=[{"loc": ["body", field], "msg": "does not fit the subject", "type": "subject_mismatch"}],
    )
    assert audit_events(session_factory, "award.propose") == []


def test_forms_may_be_given_to_units_and_people_and_once_a_year_for_regular_work(office: Office) -> None:
    pid = office.worker()
    first = office.proposed(person_id=pid, form_code="bang_khen_bo_truong", year=2016)
    assert (first["kind"], first["form_code"], first["title_code"], first["name"]) == (
        "form",
        "bang_khen_bo_truong",
        None,
        "Bằng khen của Bộ trưởng",
    )
    problem(office.propose(person_id=pid, form_code="bang_khen_bo_truong", year=2016), 409, "award_exists")
    # A sudden achievement is another achievement: a second Bằng khen the same year.
    sudden = office.proposed(person_id=pid, form_code="bang_khen_bo_truong", year=2016, method="sudden")
    assert sudden["method"] == "sudden"
    unit = office.proposed(unit_id=office.unit, form_code="bang_khen_bo_truong", year=2016)
    assert (unit["subject_kind"], unit["unit_id"]) == ("unit", office.unit)


def test_a_revoked_award_frees_its_place(office: Office) -> None:
    pid = office.worker()
    first = office.proposed(person_id=pid, title_code=CSTDCS, year=2016)
    problem(office.propose(person_id=pid, title_code=CSTDCS, year=2016), 409, "award_exists")
    r = office.y.client.post(
        f"/api/v1/awards/{first['id']}/revoke",
        json={"reason": "Hồ sơ không đúng"},
        headers=office.y.secretariat,
    )
    assert r.status_code == 200, r.text
    assert office.propose(person_id=pid, title_code=CSTDCS, year=2016).status_code == 201


def test_a_decision_that_fails_a_hard_criterion_is_refused_naming_it(
    office: Office, session_factory: Any
) -> None:
    pid = office.worker(ldtt=False)  # no Lao động tiên tiến in 2016
    award = office.proposed(person_id=pid, title_code=CSTDCS, year=2016)
    body = problem(office.decide(award["id"]), 422, "criteria_not_met", regime="R2016")
    assert [c["code"] for c in body["criteria"]] == ["holds_lao_dong_tien_tien"]
    assert body["errors"][0]["loc"] == ["body"]
    assert "holds_lao_dong_tien_tien" in body["errors"][0]["msg"]
    assert (
        office.y.client.get(f"/api/v1/awards/{award['id']}", headers=office.y.secretariat).json()["status"]
        == "proposed"
    )
    assert audit_events(session_factory, "award.decide") == []


def test_the_secretariat_may_override_with_a_reason_which_is_kept_and_audited(
    office: Office, session_factory: Any
) -> None:
    pid = office.worker(ldtt=False)
    award = office.proposed(person_id=pid, title_code=CSTDCS, year=2016)
    r = office.decide(award["id"], override_reason="Hội đồng xác nhận đạt LĐTT theo biên bản 12/BB")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["override_reason"] == "Hội đồng xác nhận đạt LĐTT theo biên bản 12/BB"
    assert body["verdict"]["outcome"] == "not_eligible"
    assert body["verdict"]["override"] == {
        "reason": "Hội đồng xác nhận đạt LĐTT theo biên bản 12/BB",
        "criteria": ["holds_lao_dong_tien_tien"],
    }
    (event,) = audit_events(session_factory, "award.decide")
    assert (event.details["override_reason"], event.details["overridden"]) == (
        "Hội đồng xác nhận đạt LĐTT theo biên bản 12/BB",
        ["holds_lao_dong_tien_tien"],
    )
    # With nothing to override, a reason is refused rather than recorded for nothing.
    fine = office.proposed(person_id=office.worker("Lê Thị Hoa"), title_code=CSTDCS, year=2016)
    problem(office.decide(fine["id"], override_reason="không cần"), 422, "validation_error")


def test_the_cstdcs_cap_is_enforced_when_deciding(office: Office, session_factory: Any) -> None:
    # 7 LĐTT in the unit in 2016: 15% is 1.05, so 1 CSTĐCS (TT 07/2014/TT-BNV Art 5).
    workers = [office.worker(f"Cán bộ {i}") for i in range(7)]
    first, second = (office.proposed(person_id=w, title_code=CSTDCS, year=2016) for w in workers[:2])
    assert office.decide(first["id"]).status_code == 200
    body = problem(office.decide(second["id"]), 409, "cap_exceeded", limit=1, used=1, base_count=7)
    assert body["per"] == "unit"
    # An override lifts a failed criterion, never the cap.
    problem(office.decide(second["id"], override_reason="x"), 422)


def test_the_verdict_of_a_persons_award_is_not_shown_to_everyone(office: Office) -> None:
    pid = office.worker()
    award = office.proposed(person_id=pid, title_code=CSTDCS, year=2016)
    assert office.decide(award["id"]).status_code == 200
    url = f"/api/v1/awards/{award['id']}"
    y = office.y
    assert y.client.get(url, headers=y.officer(office.unit)).json()["verdict"] is not None
    for headers in (y.observer, y.officer(y.unit_ids[0])):
        body = y.client.get(url, headers=headers).json()
        assert (body["verdict"], body["person_name"], body["status"]) == (None, "Nguyễn Văn An", "decided")


def test_only_the_secretariat_proposes(office: Office) -> None:
    y = office.y
    for headers in (y.observer, y.officer(office.unit), y.leader):
        problem(
            office.propose(headers=headers, unit_id=office.unit, title_code="co_thi_dua_bo", year=2016), 403
        )
    problem(office.propose(unit_id=office.unit, person_id=office.worker(), title_code=CSTDCS, year=2016), 422)
    problem(office.propose(person_id="nobody", title_code=CSTDCS, year=2016), 422)
