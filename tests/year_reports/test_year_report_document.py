"""The year report as a DOCX download, read back: laid out per Nghị định 30/2020/NĐ-CP (letterhead, title,
sections I–III, recipients and the leading unit's signature), the adopted version by default."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from app.core import media_types
from app.core.documents.nd30 import MOTTO, NATIONAL_NAME
from tests.support.builders import Builders
from tests.support.docx_reading import Doc
from tests.support.year_reports import ReportWorld, ok, sections


@pytest.fixture
def w(build: Builders) -> ReportWorld:
    return ReportWorld(build)


def _document(w: ReportWorld, **params: int) -> Doc:
    r = w.get(headers=w.member, rest="/document", **params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media_types.DOCX and "attachment" in r.headers["content-disposition"]
    assert r.headers["cache-control"] == "no-store"
    return Doc(r.content)


def test_the_document_is_laid_out_as_an_administrative_report(w: ReportWorld, build: Builders) -> None:
    build.user("unit_head", unit_id=w.a, full_name="Nguyễn Văn Trưởng")  # the leading unit's head signs
    w.draft()
    add = ok(w.contribute(w.c, "Vụ C: tổ chức Hội thi tìm hiểu pháp luật."), 201)
    ok(w.answer(add["id"], "accept", reply="Tiếp thu."))
    doc = _document(w)
    text = doc.text
    assert doc.paragraphs[:2] == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "KHỐI THI ĐUA THỬ"]  # the ministry, the bloc
    assert NATIONAL_NAME in text and MOTTO in text
    assert doc.one("Số:").startswith("Số:") and "/BC-" in doc.one("Số:")
    assert doc.one("Hà Nội, ngày")
    assert "BÁO CÁO" in doc.paragraphs
    assert "Tổng kết công tác thi đua năm 2016 và phương hướng, nhiệm vụ năm 2017" in doc.paragraphs
    assert "(Dự thảo lần 2)" in doc.paragraphs  # not adopted: a draft
    headings = [p for p in doc.paragraphs if p.startswith(("I. ", "II. ", "III. "))]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC THI ĐUA NĂM 2016",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2017",
    ]
    results = doc.after("I. ")
    assert results[:3] == [
        "Năm 2016, các đơn vị trong Khối hoàn thành xuất sắc nhiệm vụ được giao.",
        "Tổ chức tốt phong trào thi đua.",
        "Vụ C: tổ chức Hội thi tìm hiểu pháp luật.",
    ]
    assert "Nơi nhận:" in doc.paragraphs
    assert "- Lưu: Khối." in doc.paragraphs
    assert "TM. KHỐI THI ĐUA\nKHỐI TRƯỞNG" in doc.paragraphs
    assert w.unit(w.a)[1] in doc.paragraphs and "Nguyễn Văn Trưởng" in doc.paragraphs
    raw = docx.Document(BytesIO(w.get(rest="/document").content))
    section = raw.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210


def test_the_default_is_the_adopted_version_and_any_version_may_be_asked(w: ReportWorld) -> None:
    w.draft()
    ok(w.put(sections=sections(results="Bản thứ hai.")))
    ok(w.adopt(1))
    ok_doc = _document(w)
    assert "(Dự thảo lần 1)" not in ok_doc.paragraphs and "Bản thứ hai." not in ok_doc.paragraphs
    second = _document(w, version=2)
    assert "Bản thứ hai." in second.paragraphs and "(Dự thảo lần 2)" in second.paragraphs
    r = w.get(rest="/document", version=3)
    assert r.status_code == 404
