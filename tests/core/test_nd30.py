"""The pure wording and sizing rules of the shared Word layout (app.core.documents.nd30); the rendered
documents are checked whole by tests/support/documents.assert_nd30 in the minutes' and summary's tests."""

from __future__ import annotations

from datetime import date

from app.core.documents.nd30 import (
    CAPITAL_MM,
    CELL_PADDING_MM,
    CHAR_MM,
    TEXT_WIDTH_MM,
    date_line,
    fitted_widths,
    number_line,
    symbol_of,
)


def test_the_date_line_pads_days_below_10_and_months_1_and_2() -> None:
    assert date_line("Hà Nội", date(2017, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2017"
    assert date_line("Hà Nội", date(2017, 2, 28)) == "Hà Nội, ngày 28 tháng 02 năm 2017"
    assert date_line("Hà Nội", date(2016, 3, 9)) == "Hà Nội, ngày 09 tháng 3 năm 2016"
    assert date_line("Hà Nội", date(2016, 12, 29)) == "Hà Nội, ngày 29 tháng 12 năm 2016"


def test_number_and_symbol() -> None:
    assert symbol_of("Khối thi đua cơ quan Bộ") == "KTĐCQB"
    assert symbol_of("Khối 3 - Vụ, Viện") == "KVV"
    assert number_line("BÁO CÁO", "Khối thi đua cơ quan Bộ") == "Số:        /BC-KTĐCQB"
    assert number_line("BIÊN BẢN", "Khối thi đua thử") == "Số:        /BB-KTĐT"


def test_widths_follow_the_content_and_fill_the_line() -> None:
    header = ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"]
    rows = [["1", "Vụ Đánh giá, Thẩm định và Giám định công nghệ", "14", "87,50%", "Không trúng cử"]]
    widths = fitted_widths(header, rows, TEXT_WIDTH_MM)
    assert abs(sum(widths) - TEXT_WIDTH_MM) < 0.5
    assert widths[1] == max(widths) and widths[0] == min(widths)
    assert widths[4] > widths[3]  # "Không trúng cử" wants more than "87,50%"


def test_no_word_is_broken_when_the_line_has_room_for_every_word() -> None:
    # The awards table of the year report: a decision number and a date are words that must not wrap.
    header = ["STT", "Đơn vị", "Danh hiệu", "Trạng thái", "Số quyết định", "Ngày quyết định"]
    rows = [
        [
            "1",
            "Vụ Đánh giá, Thẩm định và Giám định công nghệ",
            "Cờ thi đua của Bộ",
            "Đã có quyết định",
            "245/QĐ-BKHCN",
            "10/02/2017",
        ]
    ]
    widths = fitted_widths(header, rows, TEXT_WIDTH_MM)
    assert abs(sum(widths) - TEXT_WIDTH_MM) < 0.5
    for width, word in zip(
        widths, ["STT", "Thẩm", "hiệu", "quyết", "245/QĐ-BKHCN", "10/02/2017"], strict=True
    ):
        room = sum(CAPITAL_MM if c.isupper() else CHAR_MM for c in word) + CELL_PADDING_MM
        assert width >= room - 0.05, (word, width)
    assert widths[1] > widths[2] > widths[0]  # the long name gets more than what it needs


def test_a_narrow_table_fills_the_line_and_an_impossible_one_shrinks_in_proportion() -> None:
    widths = fitted_widths(["STT", "Đơn vị"], [], TEXT_WIDTH_MM)
    assert abs(sum(widths) - TEXT_WIDTH_MM) < 0.5 and widths[1] > widths[0]
    many = fitted_widths([f"Cột{i}" for i in range(12)], [["x" * 12] * 12], TEXT_WIDTH_MM)
    assert abs(sum(many) - TEXT_WIDTH_MM) <= 0.051 * len(many) and len(set(many)) == 1  # rounded to 0.1 mm
