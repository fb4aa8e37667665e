"""The submission (tờ trình) and the achievement-report skeleton, read back from their DOCX."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.proposals.documents import submission_docx as sd
from tests.support import document_examples as examples
from tests.support.documents import assert_nd30
from tests.support.docx_reading import Doc


def test_the_submission_follows_nd30():
    assert_nd30(
        sd.render_submission(examples.submission()),
        issuer="Vụ Tổ chức cán bộ",
        kind="TỜ TRÌNH",
        subject="Về việc đề nghị khen thưởng năm 2024",
        title="Tờ trình - Về việc đề nghị khen thưởng năm 2024",
        on=date(2024, 12, 10),
    )


def test_the_submission_lists_its_items_and_dossier():
    doc = Doc(sd.render_submission(examples.submission()))
    assert doc.paragraphs[0] == "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    assert "Số: 58/TTr-TCCB" in doc.paragraphs
    assert "Hà Nội, ngày 10 tháng 12 năm 2024" in doc.paragraphs
    assert doc.one("Kính gửi:") == "Kính gửi: Bộ trưởng Bộ Khoa học và Công nghệ."
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in doc.paragraphs
    assert doc.one("Vụ Tổ chức cán bộ kính trình") == (
        "Vụ Tổ chức cán bộ kính trình Bộ trưởng Bộ Khoa học và Công nghệ xem xét, khen thưởng cho 2 tập thể, "
        "cá nhân có thành tích như sau:"
    )
    (table,) = doc.tables
    assert table == [
        ["STT", "Tập thể, cá nhân", "Danh hiệu, hình thức đề nghị", "Tóm tắt thành tích"],
        [
            "1",
            "Ông Nguyễn Văn An, Chuyên viên chính",
            "Chiến sĩ thi đua cấp Bộ năm 2024",
            "Chủ trì 02 sáng kiến được công nhận, áp dụng toàn Bộ.",
        ],
        ["2", "Phòng Tổng hợp", "Bằng khen của Bộ trưởng", "Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục."],
    ]
    assert doc.after("Hồ sơ kèm theo:")[:3] == [
        "- Biên bản họp Hội đồng Thi đua - Khen thưởng đơn vị;",
        "- Báo cáo thành tích của từng trường hợp;",
        "Kính đề nghị Bộ trưởng xem xét, quyết định.",
    ]
    assert doc.paragraphs[-2:] == ["VỤ TRƯỞNG", "Lê Thị Hoa"]


def test_an_unnumbered_submission_leaves_the_number_to_the_office():
    doc = Doc(sd.render_submission(replace(examples.submission(), number=None)))
    assert "Số:        /TTr-TCCB" in doc.paragraphs


def test_the_individual_report_skeleton_has_the_forms_headings_and_blanks():
    content = sd.render_report_skeleton(examples.report())
    doc = Doc(content)
    assert "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CẤP BỘ NĂM 2024" in doc.paragraphs
    assert doc.after("BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG")[0] == "Của Ông Nguyễn Văn An, Vụ Tổ chức cán bộ"
    headings = [p for p in doc.paragraphs if p.startswith(("I. ", "II. ", "III. "))]
    assert headings == [
        "I. SƠ LƯỢC LÝ LỊCH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    ]
    assert doc.after("Họ và tên")[0] == sd.FILL_IN
    assert doc.after("2. Thành tích đạt được của cá nhân:")[0] == sd.FILL_IN
    # The titles the system knows are filled in; the forms, none known, are left to fill.
    (titles,) = doc.tables
    assert titles == [
        ["Năm", "Danh hiệu, hình thức", "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"],
        ["2022", "Chiến sĩ thi đua cơ sở", "Quyết định số 45/QĐ-BKHCN ngày 20/12/2022 của Bộ trưởng"],
    ]
    assert doc.after("2. Hình thức khen thưởng:")[0] == sd.FILL_IN
    assert doc.after("NGƯỜI BÁO CÁO THÀNH TÍCH") == ["(Ký, ghi rõ họ tên)", "Ông Nguyễn Văn An"]
    assert (
        "Số:        /BC-TCCB"
        in Doc(sd.render_report_skeleton(replace(examples.report(), unit_symbol="TCCB"))).paragraphs
    )
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in doc.paragraphs


def test_the_collective_report_skeleton_has_its_own_sections():
    doc = Doc(sd.render_report_skeleton(examples.report("collective")))
    headings = [p for p in doc.paragraphs if p.startswith(("I. ", "II. ", "III. "))]
    assert headings == [
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    ]
    assert doc.after("BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG")[0] == "Của Phòng Tổng hợp"
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" not in doc.paragraphs
    assert "THỦ TRƯỞNG ĐƠN VỊ" in doc.paragraphs


@pytest.mark.parametrize("kind", ["individual", "collective"])
def test_the_report_skeleton_follows_nd30(kind):
    r = examples.report(kind)
    assert_nd30(
        sd.render_report_skeleton(r),
        issuer="Vụ Tổ chức cán bộ",
        kind="BÁO CÁO",
        heading="BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CẤP BỘ NĂM 2024",
        subject=sd.report_subject(r),
        title=f"Báo cáo thành tích - {r.name}",
        on=date(2024, 11, 25),
    )
