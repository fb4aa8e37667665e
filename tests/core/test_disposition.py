"""The Content-Disposition of downloads (RFC 6266 with RFC 8187's filename*): the Vietnamese name comes
back exactly, and the fallback is plain ASCII that needs no escaping, for any name people can type."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.core.disposition import ascii_name, content_disposition, safe_name
from tests.support.disposition import assert_download_named, read


def test_a_vietnamese_name_round_trips() -> None:
    name = "Báo cáo tổng kết thi đua 2016 - Khối thi đua cơ quan Bộ.docx"
    header = content_disposition(name)
    assert header == (
        'attachment; filename="Bao cao tong ket thi dua 2016 - Khoi thi dua co quan Bo.docx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt%20thi%20%C4%91ua%202016%20-%20"
        "Kh%E1%BB%91i%20thi%20%C4%91ua%20c%C6%A1%20quan%20B%E1%BB%99.docx"
    )
    assert_download_named(header, name)


def test_d_with_stroke_and_capitals_fold() -> None:
    assert ascii_name("Đánh giá ĐỊNH KỲ – Vụ Đổi mới.xlsx") == "Danh gia DINH KY - Vu Doi moi.xlsx"


def test_what_a_file_system_or_a_quoted_string_trips_on_is_replaced() -> None:
    name = 'Vụ "A/B"\\C: 100%?\t<x>|*.csv'
    assert safe_name(name) == "Vụ A B C 100 x.csv"
    d = assert_download_named(content_disposition(name), "Vụ A B C 100 x.csv")
    assert d.fallback == "Vu A B C 100 x.csv"


def test_decomposed_input_is_named_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Xếp hạng thi đua 2016.csv")
    assert read(content_disposition(decomposed)).filename == "Xếp hạng thi đua 2016.csv"


def test_a_name_of_nothing_usable_still_names_a_file() -> None:
    assert_download_named(content_disposition("///.docx"), "tep.docx")
    d = assert_download_named(content_disposition("广州.docx"), "广州.docx")
    assert d.fallback == "__.docx"


# Names as bloc and unit names come: any printable text, Vietnamese most of all.
_names = st.text(
    alphabet=st.one_of(
        st.sampled_from("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ –-&.,()\"'/\\%:;"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=80,
)


@given(_names, st.sampled_from(["docx", "xlsx", "csv"]))
def test_any_name_round_trips_to_its_safe_form(stem: str, extension: str) -> None:
    name = f"{stem}.{extension}"
    header = content_disposition(name)
    assert header.isascii()
    assert_download_named(header, safe_name(name))
    assert safe_name(safe_name(name)) == safe_name(name)
