"""The award decision and the revocation decision, read back from their DOCX."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.law import procedure
from app.proposals.documents import decision_docx as dd
from app.proposals.documents.wording import in_words, vnd
from tests.support import document_examples as examples
from tests.support.documents import assert_nd30
from tests.support.docx_reading import Doc


def test_the_award_decision_follows_nd30():
    d = examples.award_decision()
    subject = "Về việc tặng Cờ thi đua của Bộ năm 2016"
    assert_nd30(
        dd.render_award(d),
        issuer="Bộ Khoa học và Công nghệ",
        kind="QUYẾT ĐỊNH",
        subject=subject,
        title=f"Quyết định số 123/QĐ-BKHCN - {subject}",
        on=date(2017, 1, 5),
    )


def test_the_award_decision_says_number_date_grounds_and_articles():
    doc = Doc(dd.render_award(examples.award_decision()))
    assert "Số: 123/QĐ-BKHCN" in doc.paragraphs
    assert "Hà Nội, ngày 05 tháng 01 năm 2017" in doc.paragraphs
    assert doc.after("QUYẾT ĐỊNH")[0] == "Về việc tặng Cờ thi đua của Bộ năm 2016"
    competence = doc.after("BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ")
    assert competence[:3] == [
        f"{examples.GROUNDS[0]};",
        f"{examples.GROUNDS[1]};",
        "Theo đề nghị của Chủ tịch Hội đồng Thi đua - Khen thưởng Bộ.",
    ]
    assert competence[3] == "QUYẾT ĐỊNH:"
    assert doc.one("Điều 1. ").startswith("Điều 1. Tặng Cờ thi đua của Bộ Khoa học và Công nghệ năm 2016")
    assert doc.one("Điều 2. ") == (
        "Điều 2. Tiền thưởng kèm theo khen thưởng tại Điều 1 là 56.280.000 đồng (bằng chữ: Năm mươi sáu "
        "triệu hai trăm tám mươi nghìn đồng), chi từ Quỹ thi đua, khen thưởng của Bộ Khoa học và Công nghệ "
        "theo quy định hiện hành."
    )
    assert doc.one("Điều 3. ") == (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức cán bộ, "
        "Thủ trưởng các đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    # Articles in order; Điều 1's table between Điều 1 and Điều 2 in the body.
    texts = doc.paragraphs
    assert (
        texts.index(doc.one("Điều 1. ")) < texts.index(doc.one("Điều 2. ")) < texts.index(doc.one("Điều 3. "))
    )


def test_the_recipients_table_lists_awards_amounts_and_certificates():
    (table,) = Doc(dd.render_award(examples.award_decision())).tables
    assert table == [
        ["STT", "Tên tập thể, cá nhân", "Danh hiệu, hình thức khen thưởng", "Tiền thưởng", "Số hiệu"],
        ["1", "Văn phòng Bộ", "Cờ thi đua của Bộ năm 2016", "18.760.000 đồng", "C-1"],
        ["2", "Vụ Tổ chức cán bộ", "Cờ thi đua của Bộ năm 2016", "18.760.000 đồng", "C-2"],
        ["3", "Cục Sở hữu trí tuệ", "Cờ thi đua của Bộ năm 2016", "18.760.000 đồng", "C-3"],
        ["", "Tổng cộng", "", "56.280.000 đồng", ""],
    ]


def test_a_person_is_named_with_position_and_unit():
    d = examples.award_decision()
    person = dd.Recipient(
        name="Ông Nguyễn Văn An",
        award="Bằng khen của Bộ trưởng",
        amount_vnd=1_210_000,
        details="Chuyên viên, Vụ Pháp chế",
    )
    (table,) = Doc(dd.render_award(replace(d, recipients=(person,)))).tables
    assert table[1] == [
        "1",
        "Ông Nguyễn Văn An, Chuyên viên, Vụ Pháp chế",
        "Bằng khen của Bộ trưởng",
        "1.210.000 đồng",
        "",
    ]


def test_an_award_without_cash_says_so():
    d = examples.award_decision()
    no_cash = tuple(replace(r, amount_vnd=0) for r in d.recipients)
    doc = Doc(dd.render_award(replace(d, recipients=no_cash)))
    assert doc.one("Điều 2. ") == "Điều 2. Khen thưởng tại Điều 1 không kèm theo tiền thưởng."


def test_the_signature_is_the_deputy_for_the_minister_with_the_name_and_the_copies():
    doc = Doc(dd.render_award(examples.award_decision()))
    assert doc.after("Nơi nhận:") == [
        "- Như Điều 3;",
        "- Bộ trưởng (để báo cáo);",
        "- Lưu: VT, TCCB.",
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
        "Trần Văn Ký",
    ]


@pytest.mark.parametrize(
    ("amount", "written"), [(0, "0 đồng"), (18_760_000, "18.760.000 đồng"), (999, "999 đồng")]
)
def test_amounts_are_written_the_vietnamese_way(amount, written):
    assert vnd(amount) == written


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (18_760_000, "Mười tám triệu bảy trăm sáu mươi nghìn đồng"),
        (24_500_000, "Hai mươi bốn triệu năm trăm nghìn đồng"),
        (31_000_000, "Ba mươi mốt triệu đồng"),
        (2_340_000_000, "Hai tỷ ba trăm bốn mươi triệu đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert in_words(amount) == words


def test_amounts_in_words_are_bounded():
    with pytest.raises(ValueError):
        in_words(-1)
    with pytest.raises(ValueError):
        in_words(10**15)


def test_the_revocation_follows_nd30():
    d = examples.revocation()
    subject = dd.revocation_subject(d)
    assert subject == (
        "Về việc hủy bỏ Quyết định số 45/QĐ-BKHCN ngày 20 tháng 02 năm 2017 về việc tặng Bằng khen của Bộ "
        "trưởng năm 2016 và thu hồi hiện vật, tiền thưởng"
    )
    assert_nd30(
        dd.render_revocation(d),
        issuer="Bộ Khoa học và Công nghệ",
        kind="QUYẾT ĐỊNH",
        subject=subject,
        title=f"Quyết định số 7/QĐ-BKHCN - {subject}",
        on=date(2018, 3, 12),
    )


def test_the_revocation_names_its_legal_ground_and_what_is_recovered():
    doc = Doc(dd.render_revocation(examples.revocation()))
    assert "Số: 7/QĐ-BKHCN" in doc.paragraphs
    assert "Căn cứ điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15;" in doc.paragraphs
    article_1 = doc.one("Điều 1. ")
    assert "Hủy bỏ Quyết định số 45/QĐ-BKHCN ngày 20 tháng 02 năm 2017" in article_1
    assert (
        "vì gian dối trong việc kê khai công trạng, thành tích (điểm a khoản 2 Điều 93 Luật Thi đua, khen "
        "thưởng số 06/2022/QH15)"
    ) in article_1
    assert "Kết luận thanh tra số 12/KL-TTr" in article_1
    assert doc.one("Điều 2. ") == (
        "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 nộp lại hiện vật khen thưởng (Bằng khen) và tiền "
        "thưởng đã nhận, tổng cộng 1.210.000 đồng (bằng chữ: Một triệu hai trăm mười nghìn đồng), nộp về Quỹ "
        "thi đua, khen thưởng của Bộ Khoa học và Công nghệ trước ngày 12 tháng 4 năm 2018."
    )
    (table,) = doc.tables
    assert table == [
        ["STT", "Tên tập thể, cá nhân", "Khen thưởng bị hủy bỏ", "Hiện vật thu hồi", "Tiền thu hồi"],
        [
            "1",
            "Ông Lê Văn Cường, Chuyên viên, Cục Sở hữu trí tuệ",
            "Bằng khen của Bộ trưởng (số hiệu BK-2017-045)",
            "Bằng khen",
            "1.210.000 đồng",
        ],
        ["", "Tổng cộng", "", "", "1.210.000 đồng"],
    ]
    assert "BỘ TRƯỞNG" in doc.paragraphs and "Nguyễn Quân" in doc.paragraphs


def test_a_revocation_names_its_ground():
    bad = replace(examples.revocation(), ground=dd.RevocationGround(text="", citation=""))
    with pytest.raises(ValueError, match="legal ground"):
        dd.render_revocation(bad)


def test_the_grounds_come_from_the_law_tables():
    current = {g.code: dd.ground_of(g) for g in procedure.revocation_grounds("R2024")}
    assert set(current) == {"khai_gian_doi", "ho_so_gia", "sai_quy_trinh", "vi_pham_trong_ky"}
    assert (
        current["khai_gian_doi"].citation
        == "điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15"
    )
    assert current["vi_pham_trong_ky"].citation.startswith("điểm d khoản 2 Điều 93 ")
    (old,) = procedure.revocation_grounds("R2016")
    assert dd.ground_of(old).citation.endswith("Luật Thi đua, khen thưởng số 15/2003/QH11 (sửa đổi 2013)")
    doc = Doc(dd.render_revocation(replace(examples.revocation(), ground=current["ho_so_gia"])))
    assert "Căn cứ điểm b khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15;" in doc.paragraphs


def test_file_name():
    assert (
        dd.filename("123/QĐ-BKHCN", "Về việc tặng Cờ thi đua")
        == "Quyết định 123-QĐ-BKHCN - Về việc tặng Cờ thi đua.docx"
    )
