"""The council's minutes as a DOCX download, read back with python-docx: attendance, the quorum, the counts
and required numbers per item, the outcomes, written votes; and never how a member voted."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from app.core import media_types
from tests.support.builders import Builders
from tests.support.council import CO_BO, CSTD_BO, CouncilWorld, session_url
from tests.support.documents import Read
from tests.support.problems import problem


@pytest.fixture
def w(build: Builders) -> CouncilWorld:
    return CouncilWorld(build)


def test_the_minutes_show_counts_and_required_numbers_and_no_voter(w: CouncilWorld) -> None:
    cstd, flag = w.proposal([(w.person("Nguyễn Thị Lan"), CSTD_BO), (f"unit:{w.unit}", CO_BO)])
    sid = w.session([cstd, flag])
    w.attend(sid, range(14), m13="Trần Văn Thay")  # member 14 absent; member 13 sends a substitute
    w.ok(w.act(sid, "open"))
    problem(w.client.get(session_url(sid, "/minutes.docx"), headers=w.chair), 409, "results_not_available")
    receipts = [
        w.vote(sid, i, {cstd: "yes", flag: "yes" if i < 11 else "no"}).json()["receipt"] for i in range(13)
    ]
    receipts.append(w.vote(sid, 13, {cstd: "no", flag: "abstain"}).json()["receipt"])
    w.ok(w.written(sid, 14, {cstd: "yes", flag: "yes"}), 201)
    w.ok(w.act(sid, "close"))

    r = w.client.get(session_url(sid, "/minutes.docx"), headers=w.observer)
    assert r.status_code == 200 and r.headers["content-type"] == media_types.DOCX
    assert r.headers["cache-control"] == "no-store" and "attachment" in r.headers["content-disposition"]
    minutes = Read(r.content)
    text = minutes.text
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Tổng số thành viên Hội đồng: 15; có mặt: 14; vắng mặt: 01" in text
    assert "Trần Văn Thay (dự thay Thành Viên 13)" in text
    assert "Thành Viên 14 – Ủy viên (có ý kiến bằng văn bản)" in text
    assert "yêu cầu tối thiểu 10/15" in text
    # per item: yes, no, abstain, required, outcome (written vote included)
    assert [row[1:] for row in minutes.rows] == [
        ["Nguyễn Thị Lan", "Chiến sĩ thi đua cấp Bộ", "14", "1", "0", "≥ 90% = 14/15", "Đạt"],
        ["Văn phòng Bộ", "Cờ thi đua của Bộ", "12", "2", "1", "≥ 80% = 12/15", "Đạt"],
    ]
    # No vote beside a member: the members' names appear in the attendance and the signatures only, never
    # with the votes and the conclusion; and no receipt is anywhere.
    votes_part = text[text.index("II. NỘI DUNG") : text.index("THƯ KÝ HỘI ĐỒNG")]
    assert "đồng ý 14, không đồng ý 1, không biểu quyết 0" in votes_part
    for i in range(15):
        assert f"Thành Viên {i:02d}" not in votes_part
    for receipt in receipts:
        assert receipt not in text
    raw = docx.Document(BytesIO(r.content))
    assert raw.core_properties.author == "Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ"


def test_the_minutes_are_for_the_sessions_readers(w: CouncilWorld) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.opened([item])
    w.ok(w.act(sid, "close"))
    assert w.client.get(session_url(sid, "/minutes.docx"), headers=w.member(7)).status_code == 200
    problem(w.client.get(session_url(sid, "/minutes.docx"), headers=w.outsider), 404, "not_found")
    problem(w.client.get(session_url(sid, "/minutes.docx")), 401)
