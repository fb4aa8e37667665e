"""Next year's leadership (election, rotation, the bloc's rule), the membership draft and its adoption, and
the conference's minutes read back from the DOCX."""

from __future__ import annotations

import pytest

from app.core import media_types
from tests.support.builders import Builders
from tests.support.conferences import URL, VICE_CHAIR, ConferenceWorld
from tests.support.docx_reading import Doc
from tests.support.problems import problem


@pytest.fixture
def w(build: Builders) -> ConferenceWorld:
    return ConferenceWorld(build)


def _by_code(w: ConferenceWorld) -> list[str]:
    return sorted(w.units, key=lambda u: w.unit(u)[0])


def _lead(
    w: ConferenceWorld, cid: str, body: dict[str, object], headers: dict[str, str] | None = None
) -> object:
    return w.client.post(f"{URL}/{cid}/leadership", json=body, headers=headers or w.leader)


def test_leadership_by_rotation_then_election_and_the_draft(w: ConferenceWorld) -> None:
    cid = w.create()["id"]
    problem(_lead(w, cid, {"method": "rotation"}), 409, "conference_not_open")
    w.ok(w.act(cid, "open"))
    ordered = _by_code(w)
    # rotation: the deputy (b) leads next year; the member after it in code order deputises
    after_b = ordered[(ordered.index(w.b) + 1) % len(ordered)]
    rotated = w.ok(_lead(w, cid, {"method": "rotation"}), 201)
    assert (rotated["year"], rotated["leader_unit_id"], rotated["deputy_unit_id"]) == (2017, w.b, after_b)
    assert rotated["leader_unit_name"] == w.unit(w.b)[1]
    wrong = next(u for u in w.units if u != w.b)
    problem(_lead(w, cid, {"method": "rotation", "leader_unit_id": wrong}), 422, "rotation_mismatch")
    problem(_lead(w, cid, {"method": "election"}), 422)
    problem(_lead(w, cid, {"method": "election", "leader_unit_id": w.outside_unit}), 422, "not_a_member")
    problem(_lead(w, cid, {"method": "election", "leader_unit_id": w.c, "deputy_unit_id": w.c}), 422)
    problem(_lead(w, cid, {"method": "election", "leader_unit_id": w.c}, w.member), 403)
    # while open, a second record replaces the first
    elected = w.ok(_lead(w, cid, {"method": "election", "leader_unit_id": w.c, "deputy_unit_id": w.d}), 201)
    assert (elected["method"], elected["leader_unit_id"], elected["deputy_unit_id"]) == ("election", w.c, w.d)
    assert w.ok(w.client.get(f"{URL}/{cid}/leadership", headers=w.member))["leader_unit_id"] == w.c
    w.ok(w.act(cid, "close"))
    problem(_lead(w, cid, {"method": "rotation"}), 409, "leadership_recorded")

    bloc = w.bloc["id"]
    draft_url = f"/api/v1/blocs/{bloc}/years/2017/members/draft"
    problem(
        w.client.get(f"/api/v1/blocs/{bloc}/years/2018/members/draft", headers=w.secretariat),
        409,
        "leadership_not_recorded",
    )
    problem(w.client.get(draft_url, headers=w.member), 403)
    draft = w.ok(w.client.get(draft_url, headers=w.leader))
    assert draft["from_year"] == 2016 and draft["source"]["conference_id"] == cid
    roles = {m["unit_id"]: m["role"] for m in draft["members"]}
    assert roles == {w.a: "member", w.b: "member", w.c: "leader", w.d: "deputy", w.units[4]: "member"}
    assert [m["unit_id"] for m in draft["members"]] == ordered
    problem(w.client.post(f"{draft_url}/adopt", headers=w.leader), 403)
    adopted = w.ok(w.client.post(f"{draft_url}/adopt", headers=w.secretariat))
    assert adopted["members"] == draft["members"]
    members = w.ok(w.client.get(f"/api/v1/blocs/{bloc}/years/2017/members", headers=w.member))["members"]
    assert {m["unit_id"]: m["role"] for m in members} == roles
    problem(w.client.post(f"{draft_url}/adopt", headers=w.secretariat), 409, "bloc_year_has_members")
    assert [e.action for e in w.events(bloc) if e.action.startswith(("conference", "bloc.members"))] == [
        "bloc.members.set",
        "conference.membership_adopt",
    ]


def test_the_blocs_rule_decides_without_a_method(w: ConferenceWorld) -> None:
    w.bloc_regulation({"leadership_rule": "rotation"})
    cid = w.create()["id"]
    w.ok(w.act(cid, "open"))
    assert w.ok(_lead(w, cid, {}), 201)["method"] == "rotation"


def test_the_minutes_read_back(w: ConferenceWorld, build: Builders) -> None:
    w.bloc_regulation({"conference_quorum_share": "2/3"})
    cid = w.create()["id"]
    problem(w.client.get(f"{URL}/{cid}/minutes", headers=w.member), 409, "conference_not_open")
    sid = w.counted_session({w.a: 5, w.c: 4})
    items = [
        {"kind": "report", "title": "Báo cáo tổng kết công tác thi đua năm 2016", "outcome": "Thông qua."},
        {"kind": "ballot", "title": "Bình xét Cờ thi đua của Bộ", "voting_session_id": sid},
        {"kind": "guidance", "title": "Phát biểu chỉ đạo", "speaker": "Trần Đắc Hiến"},
    ]
    w.ok(w.client.put(f"{URL}/{cid}/agenda", json={"items": items}, headers=w.leader))
    guest = {"full_name": "Trần Đắc Hiến", "position": VICE_CHAIR, "organisation": "Bộ Khoa học và Công nghệ"}
    w.ok(w.client.post(f"{URL}/{cid}/guests", json=guest, headers=w.leader), 201)
    delegates = [w.delegate(cid, i) for i in range(4)]
    w.ok(w.act(cid, "open"))
    for d in delegates[:3]:
        w.ok(w.check_in(cid, d["id"]))
    w.ok(_lead(w, cid, {"method": "election", "leader_unit_id": w.c}), 201)
    w.ok(
        w.client.patch(
            f"{URL}/{cid}", json={"conclusions": "Hội nghị thống nhất các nội dung."}, headers=w.leader
        )
    )
    w.adopted_year_report(3)
    w.ok(w.act(cid, "close"))
    w.close_campaign()  # minutes stay readable

    r = w.client.get(f"{URL}/{cid}/minutes", headers=w.member)
    assert r.status_code == 200 and r.headers["content-type"] == media_types.DOCX
    assert "attachment" in r.headers["content-disposition"]
    doc = Doc(r.content)
    text = doc.text
    name = {u: w.unit(u)[1] for u in w.units}
    assert "BIÊN BẢN" in text and "Hội nghị tổng kết công tác thi đua năm 2016" in text
    assert "ngày 20/12/2016, tại Hội trường tầng 2, 113 Trần Duy Hưng, Hà Nội" in text
    assert doc.one("Chủ trì").endswith("Nguyễn Văn Trưởng")
    assert f"1. Trần Đắc Hiến – {VICE_CHAIR}, Bộ Khoa học và Công nghệ" in doc.paragraphs
    assert doc.one("Số đơn vị thành viên có mặt").startswith(
        "Số đơn vị thành viên có mặt: 03/05; yêu cầu tối thiểu 4/5 (2/3 tổng số đơn vị thành viên). "
        "Hội nghị không đủ số đơn vị"
    )
    assert any(p.endswith(f". {name[w.d]} (vắng mặt)") for p in doc.paragraphs)
    assert any(p.endswith(f". {name[w.a]} (có mặt): Đại Biểu 0 (Vụ trưởng)") for p in doc.paragraphs)
    assert "Kết quả: Thông qua." in doc.paragraphs
    assert f"- {name[w.a]}: 5 phiếu" in doc.paragraphs and f"- {name[w.c]}: 4 phiếu" in doc.paragraphs
    assert "(phiên bản 3)" in text
    assert doc.one("Năm 2017: Khối trưởng") == f"Năm 2017: Khối trưởng: {name[w.c]} (bầu tại hội nghị)."
    assert "Hội nghị thống nhất các nội dung." in doc.paragraphs
    assert "CHỦ TRÌ HỘI NGHỊ" in text and "THƯ KÝ HỘI NGHỊ" in text
    problem(w.client.get(f"{URL}/{cid}/minutes", headers=w.outsider), 404)
