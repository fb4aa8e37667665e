"""The counting minutes of paper and mixed sessions: the paper count (issued, returned, valid, invalid with
its reasons, blank), a mixed session's two parts and their sum per candidate, and the counting committee's
names, roles and signatures; rendered from plain data and downloaded through HTTP, read back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.voting import minutes
from app.voting.minutes import CandidateLine, CommitteeLine, Minutes, PaperLines
from tests.support.builders import Builders
from tests.support.counting import PaperWorld
from tests.support.documents import Read, assert_nd30
from tests.support.docx_reading import Doc
from tests.support.voting import URL

COMMITTEE = [
    CommitteeLine("Nguyễn Thị Hoa", "Chánh Văn phòng Khối", head=True),
    CommitteeLine("Trần Văn Bình", "Chuyên viên", head=False),
    CommitteeLine("Lê Văn Cường", "", head=False),
]


def paper_minutes(**changes: Any) -> Minutes:
    base: dict[str, Any] = {
        "bloc_name": "Khối thi đua cơ quan Bộ",
        "title_name": "Cờ thi đua của Bộ",
        "year": 2016,
        "held_on": date(2016, 12, 29),
        "seats": 1,
        "electorate": 16,
        "ballots_cast": 15,
        "blank": 1,
        "quorum_met": True,
        "candidates": [
            CandidateLine("Vụ Khoa học Xã hội và Tự nhiên", 12, 0.75, True),
            CandidateLine("Vụ Công nghệ cao", 2, 0.125, False),
        ],
        "elected": ["Vụ Khoa học Xã hội và Tự nhiên"],
        "tied": [],
        "unfilled_seats": 0,
        "leader_unit_name": "Vụ Phát triển KH&CN địa phương",
        "paper": PaperLines(
            issued=16,
            returned=15,
            valid=14,
            invalid=1,
            blank=1,
            invalid_reasons=[("Gạch tên quá số đơn vị được bầu", 1)],
        ),
        "committee": COMMITTEE,
    }
    base.update(changes)
    return Minutes(**base)


def test_paper_minutes_show_the_count_the_reasons_and_the_committee() -> None:
    content = minutes.render(paper_minutes())
    subject = "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016"
    assert_nd30(
        content,
        issuer="Khối thi đua cơ quan Bộ",
        kind="BIÊN BẢN",
        heading="BIÊN BẢN KIỂM PHIẾU",
        subject=subject,
        title=f"Biên bản kiểm phiếu - {subject}",
        on=date(2016, 12, 29),
    )
    doc = Read(content)
    assert [doc.number(label) for label in minutes_labels()] == [16, 16, 15, 14, 1, 1, 1]
    assert "– Gạch tên quá số đơn vị được bầu: 1" in doc.paragraphs
    assert "Bỏ phiếu bằng phiếu giấy." in doc.paragraphs
    assert doc.listed_after("Ban kiểm phiếu gồm") == [
        "Nguyễn Thị Hoa, Chánh Văn phòng Khối – Trưởng ban",
        "Trần Văn Bình, Chuyên viên – Ủy viên",
        "Lê Văn Cường – Ủy viên",
    ]
    assert doc.table() == {
        "Vụ Khoa học Xã hội và Tự nhiên": (12, "75,00%", "Trúng cử"),
        "Vụ Công nghệ cao": (2, "12,50%", "Không trúng cử"),
    }
    signatures = [p for p in Doc(content).after("BAN KIỂM PHIẾU") if p]
    assert signatures[: signatures.index("ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG")] == [
        "TRƯỞNG BAN",
        "(Ký, ghi rõ họ tên)",
        "Nguyễn Thị Hoa",
        "ỦY VIÊN",
        "(Ký, ghi rõ họ tên)",
        "Trần Văn Bình",
        "ỦY VIÊN",
        "(Ký, ghi rõ họ tên)",
        "Lê Văn Cường",
        "Nơi nhận:",
        "- Thường trực Hội đồng Thi đua - Khen thưởng;",
        "- Các đơn vị thành viên Khối;",
        "- Lưu: Khối.",
    ]
    assert "THƯ KÝ" not in doc.paragraphs


def minutes_labels() -> list[str]:
    return [
        "Số đại biểu được triệu tập",
        "Số phiếu phát ra",
        "Số phiếu thu về",
        "Số phiếu hợp lệ",
        "Số phiếu không hợp lệ",
        "Số phiếu trắng",
        "Số đơn vị được bầu",
    ]


def test_mixed_minutes_show_both_counts_and_their_sum_per_candidate() -> None:
    paper = PaperLines(
        issued=6,
        returned=6,
        valid=6,
        invalid=0,
        blank=0,
        invalid_reasons=[],
        electronic_ballots=9,
        electronic_blank=1,
    )
    m = paper_minutes(
        paper=paper,
        candidates=[
            CandidateLine(
                "Vụ Khoa học Xã hội và Tự nhiên", 12, 0.75, True, paper_votes=5, electronic_votes=7
            ),
            CandidateLine("Vụ Công nghệ cao", 2, 0.125, False, paper_votes=1, electronic_votes=1),
        ],
    )
    doc = Read(minutes.render(m))
    assert doc.header == ["STT", "Đơn vị", "Phiếu giấy", "Phiếu điện tử", "Tổng số phiếu", "Tỷ lệ", "Kết quả"]
    assert [r[1:] for r in doc.rows] == [
        ["Vụ Khoa học Xã hội và Tự nhiên", "5", "7", "12", "75,00%", "Trúng cử"],
        ["Vụ Công nghệ cao", "1", "1", "2", "12,50%", "Không trúng cử"],
    ]
    assert doc.number("Số phiếu phát ra") == 6
    assert doc.number("Số phiếu bầu điện tử") == 9
    assert doc.number("Số phiếu bầu điện tử để trống") == 1
    assert doc.number("Tổng số phiếu bầu (giấy và điện tử)") == 15
    assert doc.number("Tổng số phiếu hợp lệ (giấy và điện tử)") == 15
    assert doc.number("Tổng số phiếu trắng (giấy và điện tử)") == 1


# ---- through HTTP ---------------------------------------------------------------------------------------


@pytest.fixture
def w(build: Builders) -> PaperWorld:
    return PaperWorld(build)


def test_a_mixed_sessions_minutes_read_back_once_the_counts_agree(w: PaperWorld) -> None:
    sid = w.paper_session("mixed", votes=[[w.a], [w.b], []])
    paper = {
        "issued": 1,
        "returned": 1,
        "valid": 0,
        "invalid": 1,
        "blank": 0,
        "invalid_reasons": [{"reason": "Phiếu không đóng dấu", "count": 1}],
        "votes": {w.a: 0, w.b: 0, w.c: 0},
    }
    w.entered(sid, 0, paper)
    w.entered(sid, 1, paper)
    r = w.client.get(f"{URL}/{sid}/minutes", headers=w.leader)
    assert r.status_code == 200, r.text
    doc = Read(r.content)
    assert doc.number("Số phiếu phát ra") == 1
    assert doc.number("Số phiếu không hợp lệ") == 1
    assert "– Phiếu không đóng dấu: 1" in doc.paragraphs
    assert doc.number("Số phiếu bầu điện tử") == 3
    assert doc.number("Tổng số phiếu bầu (giấy và điện tử)") == 4
    assert doc.number("Tổng số phiếu trắng (giấy và điện tử)") == 1
    assert [r[1:5] for r in doc.rows] == [
        [w.unit(w.a)[1], "0", "1", "1"],
        [w.unit(w.b)[1], "0", "1", "1"],
        [w.unit(w.c)[1], "0", "0", "0"],
    ]
    assert doc.listed_after("Ban kiểm phiếu gồm") == [
        "Nguyễn Thị Hoa, Chánh Văn phòng Khối – Trưởng ban",
        "Trần Văn Bình, Chuyên viên – Ủy viên",
        "Lê Văn Cường, Chuyên viên – Ủy viên",
    ]
    assert {"BAN KIỂM PHIẾU", "TRƯỞNG BAN", "ỦY VIÊN"} <= set(doc.paragraphs)


def test_a_paper_sessions_minutes_read_back(w: PaperWorld) -> None:
    sid = w.paper_session()
    w.entered(sid, 0, w.count())
    w.entered(sid, 1, w.count())
    doc = Read(w.client.get(f"{URL}/{sid}/minutes", headers=w.secretariat).content)
    assert [doc.number(label) for label in minutes_labels()] == [4, 4, 4, 3, 1, 0, 1]
    assert doc.table()[w.unit(w.a)[1]] == (3, "75,00%", "Trúng cử")
    assert doc.listed_after("Các đơn vị trúng cử") == [w.unit(w.a)[1]]
