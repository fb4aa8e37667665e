"""Award decisions: drafted from a proposal in `signing`, numbered from the register when issued (gap-free,
idempotent), the awards decided through the awards service at the decision date's law, the proposal and
its items decided; registers; who may; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import Award, Event, Proposal, ProposalItem
from app.models.decision import DecisionRegister
from app.models.proposal import ProposalStatus
from tests.support import decisions as data
from tests.support import history
from tests.support.builders import BlocYear
from tests.support.problems import problem

URL = "/api/v1/decisions"
DATE = "2017-01-15"  # R2016; base salary 1,210,000 VND (1/5/2016 – 30/6/2017)


class Office:
    def __init__(self, y: BlocYear) -> None:
        self.y = y
        self.client = y.client
        self.sf = y.session_factory

    def proposal(self, n: int = 2, **kw: Any) -> data.Built:
        return data.proposal(self.sf, unit_ids=self.y.units[:n], **kw)

    def draft(self, headers: dict[str, str] | None = None, **body: Any) -> Any:
        payload = {"kind": "award", "decision_date": DATE, "signer_name": "Chu Ngọc Anh", **body}
        payload["signer_position"] = payload.get("signer_position", "Bộ trưởng")
        return self.client.post(URL, json=payload, headers=headers or self.y.secretariat)

    def drafted(self, **body: Any) -> dict[str, Any]:
        r = self.draft(**body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def issue(self, decision_id: str, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(f"{URL}/{decision_id}/issue", headers=headers or self.y.secretariat)

    def issued(self, decision_id: str) -> dict[str, Any]:
        r = self.issue(decision_id)
        assert r.status_code == 200, r.text
        return dict(r.json())


@pytest.fixture
def office(bloc_year: BlocYear) -> Office:
    return Office(bloc_year)


def test_an_award_decision_is_numbered_and_decides_the_awards_at_the_decision_dates_law(
    office: Office,
) -> None:
    data.register(office.sf)
    built = office.proposal()
    draft = office.drafted(proposal_id=built.id)
    assert (draft["status"], draft["number_text"], draft["subject"]) == (
        "draft",
        None,
        "Về việc tặng Cờ thi đua của Bộ năm 2016",
    )
    assert draft["legal_grounds"][0].startswith("Căn cứ Luật Thi đua, khen thưởng")
    # Cờ thi đua của Bộ under R2016: 15.5 × 1,210,000 = 18,755,000, rounded up to 18,760,000.
    assert [(r["name"], r["unit_code"], r["cash_vnd"]) for r in draft["recipients"]] == [
        (office.y.unit(u)[1], office.y.unit(u)[0], 18_760_000) for u in office.y.units[:2]
    ]
    issued = office.issued(draft["id"])
    assert (issued["status"], issued["number"], issued["number_text"]) == ("issued", 1, "1/QĐ-BKHCN")
    assert [r["certificate_number"] for r in issued["recipients"]] == ["1", "2"]
    with office.sf() as s:
        awards = s.scalars(
            select(Award).where(Award.id.in_([r["award_id"] for r in issued["recipients"]]))
        ).all()
        assert (
            sorted((a.status, a.decision_number, str(a.decision_date), a.cash_vnd) for a in awards)
            == [("decided", "1/QĐ-BKHCN", DATE, 18_760_000)] * 2
        )
        proposal = s.get(Proposal, built.id)
        assert proposal is not None and proposal.status == "decided"
        items = s.scalars(select(ProposalItem).where(ProposalItem.proposal_id == built.id)).all()
        assert {i.status for i in items} == {"decided"}
        assert {i.award_id for i in items} == {a.id for a in awards}
        types = s.scalars(select(Event.type).where(Event.object_id == draft["id"])).all()
        assert types == ["decision.issued"]
        payload = s.scalars(select(Event.payload).where(Event.object_id == draft["id"])).one()
        assert payload["number_text"] == "1/QĐ-BKHCN" and "verdict" not in str(payload)
    # Issuing again: the same decision, the same number.
    again = office.issued(draft["id"])
    assert (again["number_text"], again["recipients"]) == ("1/QĐ-BKHCN", issued["recipients"])
    # The next decision of the register takes 2.
    second = office.drafted(proposal_id=office.proposal(1, title="Đề nghị tặng Cờ thi đua", year=2015).id)
    assert office.issued(second["id"])["number_text"] == "2/QĐ-BKHCN"


def test_a_failed_issue_gives_its_number_back(office: Office) -> None:
    data.register(office.sf)
    broken = office.drafted(proposal_id=office.proposal(1).id)
    # The unit already holds the ministry flag for 2016: deciding its award is refused, the whole issue too.
    with office.sf() as s:
        item = s.scalars(select(ProposalItem).where(ProposalItem.proposal_id == broken["proposal_id"])).one()
        unit_id = item.unit_id
    history.award(office.sf, code=data.MINISTRY_FLAG, year=2016, unit_id=unit_id)
    r = office.issue(broken["id"])
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "award_exists"
    with office.sf() as s:
        assert s.scalar(select(DecisionRegister.last_number)) == 0
    good = office.drafted(proposal_id=data.proposal(office.sf, unit_ids=[office.y.units[2]]).id)
    assert office.issued(good["id"])["number_text"] == "1/QĐ-BKHCN"
    assert (
        office.client.get(f"{URL}/{broken['id']}", headers=office.y.secretariat).json()["status"] == "draft"
    )


def test_issuing_without_a_register_for_the_year_is_409(office: Office) -> None:
    data.register(office.sf, year=2016)
    draft = office.drafted(proposal_id=office.proposal(1).id)
    problem(office.issue(draft["id"]), 409, "register_missing")
    vi = office.client.post(
        f"{URL}/{draft['id']}/issue", headers={**office.y.secretariat, "Accept-Language": "vi"}
    )
    body = problem(vi, 409, "register_missing")
    assert body["title"] == "Chưa có sổ đăng ký quyết định" and "Chưa có sổ đăng ký" in body["detail"]


def test_a_draft_changes_until_issued_and_its_cash_follows_the_date(office: Office) -> None:
    data.register(office.sf, year=2025)
    draft = office.drafted(proposal_id=office.proposal(1).id)
    url = f"{URL}/{draft['id']}"
    etag = office.client.get(url, headers=office.y.secretariat).headers["ETag"]
    r = office.client.patch(
        url, json={"decision_date": "2025-08-01"}, headers={**office.y.secretariat, "If-Match": etag}
    )
    assert r.status_code == 200, r.text
    # R2025: the ministry flag pays 8 × 2,340,000 = 18,720,000.
    assert r.json()["recipients"][0]["cash_vnd"] == 18_720_000
    stale = office.client.patch(
        url, json={"subject": "X"}, headers={**office.y.secretariat, "If-Match": etag}
    )
    assert stale.status_code == 412
    office.issued(draft["id"])
    problem(
        office.client.patch(url, json={"subject": "Khác"}, headers=office.y.secretariat),
        409,
        "decision_not_draft",
    )


def test_only_a_proposal_in_signing_is_drafted(office: Office) -> None:
    council = office.proposal(1, status=ProposalStatus.COUNCIL)
    problem(office.draft(proposal_id=council.id), 409, "proposal_not_signing")
    problem(office.draft(proposal_id="nope"), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "award"},  # no proposal
        {"kind": "award", "proposal_id": "x", "decision_date": "2017-13-01"},
        {"kind": "revocation", "target_decision_id": "x"},  # no ground, no recipients
        {"kind": "amendment", "target_decision_id": "x", "amendments": []},
        {"kind": "award", "proposal_id": "x", "unknown": 1},
    ],
)
def test_bad_input_is_422(office: Office, body: dict[str, Any]) -> None:
    r = office.client.post(URL, json={"decision_date": DATE, **body}, headers=office.y.secretariat)
    problem(r, 422, "validation_error")


def test_registers_are_unique_per_authority_and_year(office: Office) -> None:
    url = "/api/v1/decision-registers"
    body = {
        "authority_code": "BKHCN",
        "authority_name": "Bộ Khoa học và Công nghệ",
        "year": 2017,
        "symbol": "QĐ-BKHCN",
    }
    r = office.client.post(url, json=body, headers=office.y.admin)
    assert r.status_code == 201, r.text
    assert (r.json()["last_number"], r.json()["symbol"]) == (0, "QĐ-BKHCN")
    problem(office.client.post(url, json=body, headers=office.y.secretariat), 409, "register_exists")
    listed = office.client.get(url, params={"year": 2017}, headers=office.y.secretariat).json()
    assert [g["authority_code"] for g in listed["items"]] == ["BKHCN"]
    problem(office.client.post(url, json={**body, "year": 2018}, headers=office.y.member), 403)
    problem(office.client.get(url, headers=office.y.observer), 403)


def test_who_may_draft_issue_and_read(office: Office) -> None:
    data.register(office.sf)
    problem(office.draft(headers=office.y.member, proposal_id=office.proposal(1).id), 403)
    draft = office.drafted(proposal_id=office.proposal(1).id)
    url = f"{URL}/{draft['id']}"
    # A draft is the staff's: 404 to everyone else, and not listed to them.
    assert office.client.get(url, headers=office.y.observer).status_code == 200
    problem(office.client.get(url, headers=office.y.member), 404)
    problem(office.client.get(url, headers=office.y.client_token("results:read")), 404)
    assert office.client.get(URL, headers=office.y.member).json()["items"] == []
    problem(office.client.patch(url, json={"subject": "Khác"}, headers=office.y.observer), 403)
    problem(office.client.get(URL, headers=office.y.client_token("units:read")), 403)
    problem(office.issue(draft["id"], headers=office.y.observer), 403)
    problem(office.issue(draft["id"], headers=office.y.member), 403)
    office.issued(draft["id"])
    for headers in (office.y.member, office.y.client_token("results:read")):
        assert office.client.get(url, headers=headers).json()["number_text"] == "1/QĐ-BKHCN"
        listed = office.client.get(URL, params={"year": 2017, "kind": "award"}, headers=headers).json()
        assert [d["id"] for d in listed["items"]] == [draft["id"]]
    problem(office.client.get(url, headers=office.y.client_token("units:read")), 403)
    problem(office.client.get(url), 401)
    assert office.client.get(URL, params={"year": 2016}, headers=office.y.member).json()["items"] == []


def test_decided_awards_count_one_issue_per_register(office: Office) -> None:
    data.register(office.sf)
    a = office.drafted(proposal_id=office.proposal(1).id)
    office.issued(a["id"])
    with office.sf() as s:
        assert s.scalar(select(func.count()).select_from(Award).where(Award.status == "decided")) == 1


def test_a_proposal_is_decided_once_and_a_stale_issue_is_412(office: Office) -> None:
    data.register(office.sf)
    built = office.proposal(1)
    first, second = office.drafted(proposal_id=built.id), office.drafted(proposal_id=built.id)
    etag = office.client.get(f"{URL}/{first['id']}", headers=office.y.secretariat).headers["ETag"]
    office.client.patch(
        f"{URL}/{first['id']}", json={"subject": "Về việc tặng Cờ"}, headers=office.y.secretariat
    )
    stale = office.client.post(
        f"{URL}/{first['id']}/issue", headers={**office.y.secretariat, "If-Match": etag}
    )
    assert stale.status_code == 412
    office.issued(first["id"])
    # The proposal is decided: the other draft cannot decide it again, and its number is given back.
    body = problem(office.issue(second["id"]), 409, "invalid_transition")
    assert body["current_status"] == "decided"
    problem(office.draft(proposal_id=built.id), 409, "proposal_not_signing")
    again = office.drafted(proposal_id=office.proposal(1, title="Đề nghị khác", year=2015).id)
    assert office.issued(again["id"])["number_text"] == "2/QĐ-BKHCN"
