"""The council's minutes: when, where, who chaired, attendance and quorum, per item the counts, the number
required and the outcome; never who voted how."""

from __future__ import annotations

import dataclasses
import zipfile
from dataclasses import replace
from datetime import date
from io import BytesIO

from app.proposals.documents import council_minutes_docx as cm
from tests.support import document_examples as examples
from tests.support.documents import assert_nd30
from tests.support.docx_reading import Doc


def test_the_minutes_follow_nd30():
    assert_nd30(
        cm.render(examples.council_minutes()),
        issuer="Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ",
        kind="BIÊN BẢN",
        heading="BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        subject="Về việc xét đề nghị khen thưởng năm 2024",
        title="Biên bản họp Hội đồng - Về việc xét đề nghị khen thưởng năm 2024",
        on=date(2024, 12, 20),
    )


def test_time_place_chair_secretary_and_attendance():
    doc = Doc(cm.render(examples.council_minutes()))
    assert "BỘ KHOA HỌC VÀ CÔNG NGHỆ" in doc.paragraphs  # the ministry above the council
    assert "Số:        /BB-HĐTĐKT" in doc.paragraphs
    assert doc.one("Vào lúc") == (
        "Vào lúc 14 giờ 30 phút ngày 20/12/2024, tại Phòng họp số 1, trụ sở Bộ, Hội đồng Thi đua - Khen "
        "thưởng Bộ Khoa học và Công nghệ họp xét đề nghị khen thưởng năm 2024."
    )
    assert doc.one("Chủ trì:") == "Chủ trì: Nguyễn Chủ Tịch"
    assert doc.one("Thư ký:") == "Thư ký: Phạm Thư Ký"
    assert doc.one("Tổng số thành viên") == (
        "Tổng số thành viên Hội đồng: 15; có mặt: 13; vắng mặt: 02 (trong đó 01 thành viên có ý kiến bằng "
        "văn bản)."
    )
    absent = doc.after("Thành viên vắng mặt:")[:2]
    assert absent == [
        "1. Đỗ Vắng Một – Ủy viên (có ý kiến bằng văn bản)",
        "2. Hồ Vắng Hai – Ủy viên (không có ý kiến bằng văn bản)",
    ]
    assert doc.one("Đại biểu mời") == "Đại biểu mời (không biểu quyết): Đại diện Công đoàn Bộ."
    assert doc.one("Số thành viên có mặt") == (
        "Số thành viên có mặt: 13/15; yêu cầu tối thiểu 10/15 (ít nhất 2/3 tổng số thành viên). Phiên họp "
        "đủ điều kiện tiến hành."
    )


def test_each_item_shows_counts_required_number_and_outcome():
    doc = Doc(cm.render(examples.council_minutes()))
    (table,) = doc.tables
    assert table == [
        [
            "STT",
            "Tập thể, cá nhân",
            "Danh hiệu, hình thức khen thưởng",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Yêu cầu",
            "Kết quả",
        ],
        [
            "1",
            "Ông Nguyễn Văn An, Vụ Tổ chức cán bộ",
            "Chiến sĩ thi đua cấp Bộ năm 2024",
            "14",
            "0",
            "0",
            "≥ 90% = 14/15",
            "Đạt",
        ],
        [
            "2",
            "Bà Trần Thị Bình, Văn phòng Bộ",
            "Chiến sĩ thi đua cấp Bộ năm 2024",
            "13",
            "1",
            "0",
            "≥ 90% = 14/15",
            "Không đạt",
        ],
        ["3", "Văn phòng Bộ", "Cờ thi đua của Bộ năm 2024", "12", "1", "1", "≥ 80% = 12/15", "Đạt"],
    ]
    assert doc.one("1. Ông Nguyễn Văn An, Vụ Tổ chức cán bộ – Chiến sĩ thi đua cấp Bộ năm 2024:") == (
        "1. Ông Nguyễn Văn An, Vụ Tổ chức cán bộ – Chiến sĩ thi đua cấp Bộ năm 2024: đồng ý 14, không đồng ý "
        "0, không biểu quyết 0; yêu cầu ≥ 90% tổng số thành viên = 14/15; kết quả: Đạt."
    )
    assert "bỏ phiếu kín" in doc.one("Hội đồng đã xem xét")
    assert doc.one("Hội đồng đã xem xét").endswith("ý kiến bằng văn bản của thành viên vắng mặt (3 phiếu).")
    assert doc.after("Hội đồng thống nhất đề nghị khen thưởng (02 trường hợp):")[:2] == [
        "1. Ông Nguyễn Văn An, Vụ Tổ chức cán bộ – Chiến sĩ thi đua cấp Bộ năm 2024",
        "2. Văn phòng Bộ – Cờ thi đua của Bộ năm 2024",
    ]
    assert doc.one("Cuộc họp kết thúc") == (
        "Cuộc họp kết thúc lúc 17 giờ 05 phút cùng ngày. Biên bản đã được đọc lại và thông qua trước các "
        "thành viên dự họp."
    )


def test_signed_by_the_secretary_and_the_chair():
    doc = Doc(cm.render(examples.council_minutes()))
    assert doc.after("THƯ KÝ HỘI ĐỒNG") == [
        "Phạm Thư Ký",
        "Nơi nhận:",
        "- Bộ trưởng (để báo cáo);",
        "- Các thành viên Hội đồng;",
        "- Lưu: VT, HĐTĐKT.",
        "CHỦ TỊCH HỘI ĐỒNG",
        "Nguyễn Chủ Tịch",
    ]
    assert doc.paragraphs[-2:] == ["CHỦ TỊCH HỘI ĐỒNG", "Nguyễn Chủ Tịch"]


def test_never_who_voted_how():
    m = examples.council_minutes()
    # The data hold counts only: nothing that could name a voter's choice.
    fields = {f.name for f in dataclasses.fields(cm.AgendaItem)}
    assert fields == {
        "subject",
        "award",
        "yes",
        "no",
        "abstain",
        "written",
        "threshold_percent",
        "required",
        "passed",
    }
    content = cm.render(m)
    doc = Doc(content)
    voters = [p.name for p in m.present] + [a.name for a in m.absent]
    (table,) = doc.tables
    assert not any(name in cell for row in table for cell in row for name in voters)
    # A member's name appears only where attendance and signatures list it, never beside a count.
    for paragraph in doc.paragraphs:
        if any(name in paragraph for name in voters):
            assert "đồng ý" not in paragraph and "phiếu" not in paragraph, paragraph
    with zipfile.ZipFile(BytesIO(content)) as z:
        xml = z.read("word/document.xml").decode()
    assert "ballot" not in xml.lower()


def test_a_meeting_without_quorum_says_so_and_proposes_nothing():
    m = examples.council_minutes()
    m = replace(m, present=m.present[:9], absent=m.absent)
    doc = Doc(cm.render(m))
    assert doc.one("Số thành viên có mặt").endswith(
        "Phiên họp không đủ điều kiện tiến hành; các nội dung biểu quyết không có giá trị."
    )
    assert (
        "Phiên họp không đủ số thành viên theo quy định; Hội đồng không đề nghị nội dung nào."
        in doc.paragraphs
    )


def test_file_name():
    assert (
        cm.filename(examples.council_minutes())
        == "Biên bản họp Hội đồng Thi đua - Khen thưởng 20-12-2024.docx"
    )
