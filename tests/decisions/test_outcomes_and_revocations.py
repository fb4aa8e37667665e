"""A higher authority's decision on a forwarded proposal (granted and refused items), revocations with their
legal ground (awards revoked, recoveries opened and tracked), amendments, and the decision as a Word
document; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from app.models import Award, Proposal, ProposalItem, ProposalTransition
from app.models.proposal import ProposalStatus
from tests.support import decisions as data
from tests.support import history
from tests.support.builders import BlocYear
from tests.support.problems import problem

URL = "/api/v1/decisions"
DATE = "2017-01-15"


class Office:
    def __init__(self, y: BlocYear) -> None:
        self.y = y
        self.client = y.client
        self.sf = y.session_factory
        self.h = y.secretariat

    def issued_award_decision(self, n: int = 2) -> dict[str, Any]:
        data.register(self.sf)
        built = data.proposal(self.sf, unit_ids=self.y.units[:n])
        r = self.client.post(
            URL,
            json={
                "kind": "award",
                "proposal_id": built.id,
                "decision_date": DATE,
                "signer_name": "Chu Ngọc Anh",
                "signer_position": "Bộ trưởng",
            },
            headers=self.h,
        )
        assert r.status_code == 201, r.text
        r = self.client.post(f"{URL}/{r.json()['id']}/issue", headers=self.h)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def post(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.post(URL, json={"decision_date": "2024-03-01", **body}, headers=headers or self.h)

    def outcome(self, proposal_id: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
        payload = {
            "decision_number": "245/QĐ-TTg",
            "decision_date": "2017-03-01",
            "authority_name": "Thủ tướng Chính phủ",
            "signer_name": "Nguyễn Xuân Phúc",
            **body,
        }
        return self.client.post(
            f"/api/v1/proposals/{proposal_id}/outcome", json=payload, headers=headers or self.h
        )


@pytest.fixture
def office(bloc_year: BlocYear) -> Office:
    return Office(bloc_year)


def _items(sf: Any, proposal_id: str) -> dict[str, str]:
    with sf() as s:
        rows = s.scalars(select(ProposalItem).where(ProposalItem.proposal_id == proposal_id)).all()
        return {r.id: r.status for r in rows}


def test_a_forwarded_proposals_outcome_decides_the_granted_and_rejects_the_refused(office: Office) -> None:
    y = office.y
    for unit in y.units[:2]:  # the Government flag stands on the ministry's
        history.award(office.sf, code=data.MINISTRY_FLAG, year=2016, unit_id=unit, decision_date=None)
    built = data.proposal(
        office.sf,
        unit_ids=y.units[:2],
        title_code=data.GOVERNMENT_FLAG,
        status=ProposalStatus.FORWARDED,
        title="Đề nghị tặng Cờ thi đua của Chính phủ năm 2016",
    )
    granted, refused = built.item_ids
    problem(office.outcome(built.id, granted=[granted]), 422, "outcome_items")
    problem(office.outcome(built.id, headers=y.member, granted=[granted], refused=[refused]), 403)
    r = office.outcome(built.id, granted=[granted], refused=[refused])
    assert r.status_code == 201, r.text
    decision = r.json()
    assert (decision["status"], decision["external"], decision["number_text"], decision["register_id"]) == (
        "issued",
        True,
        "245/QĐ-TTg",
        None,
    )
    assert decision["authority_name"] == "Thủ tướng Chính phủ"
    assert [x["proposal_item_id"] for x in decision["recipients"]] == [granted]
    assert _items(office.sf, built.id) == {granted: "decided", refused: "rejected"}
    with office.sf() as s:
        award = s.get(Award, decision["recipients"][0]["award_id"])
        assert award is not None
        assert (award.status, award.decision_number, award.title_code) == (
            "decided",
            "245/QĐ-TTg",
            data.GOVERNMENT_FLAG,
        )
        proposal = s.get(Proposal, built.id)
        assert proposal is not None and proposal.status == "decided"
        last = s.scalars(
            select(ProposalTransition)
            .where(ProposalTransition.proposal_id == built.id)
            .order_by(ProposalTransition.at.desc())
        ).first()
        assert last is not None and last.details == {granted: "granted", refused: "refused"}
    # The same outcome sent again: the decision recorded the first time.
    again = office.outcome(built.id, granted=[granted], refused=[refused])
    assert (again.status_code, again.json()["id"]) == (200, decision["id"])


def test_an_outcome_refusing_everything_rejects_the_proposal(office: Office) -> None:
    built = data.proposal(
        office.sf,
        unit_ids=office.y.units[:1],
        title_code=data.GOVERNMENT_FLAG,
        status=ProposalStatus.FORWARDED,
    )
    r = office.outcome(built.id, refused=built.item_ids)
    assert r.status_code == 201, r.text
    assert r.json()["recipients"] == []
    with office.sf() as s:
        proposal = s.get(Proposal, built.id)
        assert proposal is not None and proposal.status == "rejected"


def test_an_outcome_for_a_proposal_not_forwarded_is_409(office: Office) -> None:
    built = data.proposal(office.sf, unit_ids=office.y.units[:1])
    body = problem(office.outcome(built.id, granted=built.item_ids), 409, "invalid_transition")
    assert body["current_status"] == "signing"


def test_a_revocation_revokes_the_awards_and_opens_recoveries(office: Office) -> None:
    target = office.issued_award_decision()
    first = target["recipients"][0]
    data.register(office.sf, year=2024)
    bad = office.post(
        {
            "kind": "revocation",
            "target_decision_id": target["id"],
            "revocation_ground": "khong_co",
            "revoked_recipient_ids": [first["id"]],
        }
    )
    problem(bad, 422, "unknown_ground")
    r = office.post(
        {
            "kind": "revocation",
            "target_decision_id": target["id"],
            "revocation_ground": "ho_so_gia",
            "revoked_recipient_ids": [first["id"]],
            "reason": "Hồ sơ có giấy xác nhận giả.",
        }
    )
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["subject"] == "Về việc hủy bỏ Quyết định số 1/QĐ-BKHCN"
    citation = "điểm b khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15"
    assert draft["revocation_ground_citation"] == citation
    assert f"Căn cứ {citation};" in draft["legal_grounds"]
    assert draft["recipients"][0]["replaces_recipient_id"] == first["id"]
    r = office.client.post(f"{URL}/{draft['id']}/issue", headers=office.h)
    assert r.status_code == 200, r.text
    assert r.json()["number_text"] == "1/QĐ-BKHCN"  # the 2024 register
    with office.sf() as s:
        award = s.get(Award, first["award_id"])
        assert award is not None and award.status == "revoked"
        assert award.revoked_reason == (
            "Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ đề nghị khen thưởng "
            "(Quyết định số 1/QĐ-BKHCN)"
        )
        other = s.get(Award, target["recipients"][1]["award_id"])
        assert other is not None and other.status == "decided"
    recoveries = office.client.get(f"{URL}/{draft['id']}/recoveries", headers=office.y.observer).json()[
        "items"
    ]
    assert [(x["award_id"], x["money_due_vnd"], x["money_recovered_vnd"]) for x in recoveries] == [
        (first["award_id"], 18_760_000, 0)
    ]
    problem(office.client.get(f"{URL}/{draft['id']}/recoveries", headers=office.y.member), 403)
    url = f"/api/v1/recoveries/{recoveries[0]['id']}"
    problem(
        office.client.patch(url, json={"money_recovered_vnd": 18_760_001}, headers=office.h),
        422,
        "more_than_due",
    )
    problem(office.client.patch(url, json={"money_recovered_vnd": 1}, headers=office.y.observer), 403)
    problem(office.client.patch(url, json={"money_recovered_vnd": -1}, headers=office.h), 422)
    vi = office.client.patch(
        url, json={"money_recovered_vnd": 20_000_000}, headers={**office.h, "Accept-Language": "vi"}
    )
    assert "18.760.000 đồng" in problem(vi, 422, "more_than_due")["detail"]
    r = office.client.patch(
        url,
        json={"money_recovered_vnd": 18_760_000, "object_recovered": True, "completed_on": "2024-04-01"},
        headers={**office.h, "If-Match": '"stale.0"'},
    )
    assert r.status_code == 412
    r = office.client.patch(
        url,
        json={"money_recovered_vnd": 18_760_000, "object_recovered": True, "completed_on": "2024-04-01"},
        headers=office.h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["money_recovered_vnd"], r.json()["object_recovered"], r.json()["completed_on"]) == (
        18_760_000,
        True,
        "2024-04-01",
    )
    # The award is revoked: a second revocation of it is refused, and its number given back.
    again = office.post(
        {
            "kind": "revocation",
            "target_decision_id": target["id"],
            "revocation_ground": "sai_quy_trinh",
            "revoked_recipient_ids": [first["id"]],
        }
    )
    problem(
        office.client.post(f"{URL}/{again.json()['id']}/issue", headers=office.h), 409, "invalid_transition"
    )


def test_before_2024_only_fraud_is_a_ground(office: Office) -> None:
    target = office.issued_award_decision(1)
    body = {
        "kind": "revocation",
        "target_decision_id": target["id"],
        "revoked_recipient_ids": [target["recipients"][0]["id"]],
        "decision_date": "2017-06-01",
    }
    problem(office.post({**body, "revocation_ground": "ho_so_gia"}), 422, "unknown_ground")
    assert office.post({**body, "revocation_ground": "khai_gian_doi"}).status_code == 201


def test_an_amendment_corrects_a_recipient_and_a_later_revocation_recovers_the_corrected_cash(
    office: Office,
) -> None:
    target = office.issued_award_decision()
    first = target["recipients"][0]
    problem(
        office.post(
            {
                "kind": "amendment",
                "target_decision_id": target["id"],
                "amendments": [{"replaces_recipient_id": "nope", "name": "X"}],
            }
        ),
        422,
    )
    data.register(office.sf, year=2024)
    r = office.post(
        {
            "kind": "amendment",
            "target_decision_id": target["id"],
            "amendments": [
                {"replaces_recipient_id": first["id"], "name": "Văn phòng Bộ", "cash_vnd": 18_000_000}
            ],
        }
    )
    assert r.status_code == 201, r.text
    amendment = r.json()
    assert [
        (x["name"], x["cash_vnd"], x["certificate_number"], x["replaces_recipient_id"])
        for x in amendment["recipients"]
    ] == [("Văn phòng Bộ", 18_000_000, "1", first["id"])]
    assert office.client.post(f"{URL}/{amendment['id']}/issue", headers=office.h).json()["number_text"] == (
        "1/QĐ-BKHCN"
    )
    r = office.post(
        {
            "kind": "revocation",
            "target_decision_id": target["id"],
            "revocation_ground": "khai_gian_doi",
            "revoked_recipient_ids": [first["id"]],
        }
    )
    revocation = office.client.post(f"{URL}/{r.json()['id']}/issue", headers=office.h).json()
    assert revocation["number_text"] == "2/QĐ-BKHCN"
    recoveries = office.client.get(f"{URL}/{revocation['id']}/recoveries", headers=office.h).json()["items"]
    assert [x["money_due_vnd"] for x in recoveries] == [18_000_000]
    # Only an issued award decision of ours is amended or revoked.
    problem(
        office.post(
            {
                "kind": "amendment",
                "target_decision_id": amendment["id"],
                "amendments": [{"replaces_recipient_id": first["id"], "name": "X"}],
            }
        ),
        409,
        "target_not_amendable",
    )


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _document(office: Office, decision_id: str, headers: dict[str, str] | None = None) -> tuple[Any, str]:
    r = office.client.get(f"{URL}/{decision_id}/document", headers=headers or office.y.member)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    return r, _text(r.content)


def test_the_decision_as_a_word_document(office: Office) -> None:
    target = office.issued_award_decision()
    r, text = _document(office, target["id"])
    assert (
        "Quyet dinh 1-QD-BKHCN - Ve viec tang Co thi dua cua Bo nam 2016.docx"
        in r.headers["content-disposition"]
    )
    assert "Số: 1/QĐ-BKHCN" in text
    assert "Hà Nội, ngày 15 tháng 01 năm 2017" in text
    assert "QUYẾT ĐỊNH" in text and "Về việc tặng Cờ thi đua của Bộ năm 2016" in text
    assert "BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Căn cứ Luật Thi đua, khen thưởng" in text
    assert "Theo đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng." in text
    for x in target["recipients"]:
        assert f"{x['name']} | Cờ thi đua của Bộ | 18.760.000 đồng | {x['certificate_number']}" in text
    assert "37.520.000 đồng" in text
    assert "Chu Ngọc Anh" in text
    problem(office.client.get(f"{URL}/{target['id']}/document"), 401)
    problem(
        office.client.get(f"{URL}/{target['id']}/document", headers=office.y.client_token("units:read")), 403
    )


def test_a_revocation_and_a_draft_as_word_documents(office: Office) -> None:
    target = office.issued_award_decision(1)
    first = target["recipients"][0]
    data.register(office.sf, year=2024)
    body = {
        "kind": "revocation",
        "target_decision_id": target["id"],
        "revocation_ground": "khai_gian_doi",
        "revoked_recipient_ids": [first["id"]],
        "reason": "Kết luận thanh tra số 12/KL-TTr ngày 10/02/2024.",
        "signer_name": "Huỳnh Thành Đạt",
        "signer_position": "KT. Bộ trưởng - Thứ trưởng",
    }
    draft = office.post(body).json()
    _, text = _document(office, draft["id"], office.h)
    assert "DỰ THẢO" in text
    problem(office.client.get(f"{URL}/{draft['id']}/document", headers=office.y.member), 404)
    office.client.post(f"{URL}/{draft['id']}/issue", headers=office.h)
    _, text = _document(office, draft["id"])
    assert "Số: 1/QĐ-BKHCN" in text and "Hà Nội, ngày 01 tháng 3 năm 2024" in text
    assert "Về việc hủy bỏ Quyết định số 1/QĐ-BKHCN ngày 15 tháng 01 năm 2017" in text
    assert "Căn cứ điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15" in text
    assert text.count("điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15;") == 1
    assert "Kết luận thanh tra số 12/KL-TTr" in text
    assert f"{first['name']} | Cờ thi đua của Bộ (số hiệu 1) | Cờ thi đua của Bộ | 18.760.000 đồng" in text
    assert "KT. BỘ TRƯỞNG" in text and "THỨ TRƯỞNG" in text and "Huỳnh Thành Đạt" in text
