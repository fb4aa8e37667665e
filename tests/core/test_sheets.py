"""The shared workbook layout's pure rules (app.core.documents.sheets); the exports themselves are checked
by tests/support/documents.assert_sheet_layout in each feature's tests."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.core.documents.sheets import Column, Kind, Sheet, Typed, sheet_title, widths, workbook
from tests.support.documents import assert_sheet_layout


def test_sheet_titles_are_names_excel_takes() -> None:
    assert sheet_title("Khen thưởng") == "Khen thưởng"
    assert sheet_title("Xếp hạng [2016]: Khối A/B?") == "Xếp hạng 2016 Khối A B"
    assert sheet_title("Báo cáo tổng kết công tác thi đua năm 2016") == "Báo cáo tổng kết công tác thi đ"
    assert len(sheet_title("ư" * 40)) == 31
    assert sheet_title("[]:*?/\\") == "Trang 1"


def test_cells_take_their_column_format_and_widths_fit() -> None:
    sheet = Sheet(
        "Khen thưởng",
        [
            Column("Đơn vị"),
            Column("Điểm", Kind.POINTS),
            Column("Số phiếu", Kind.INTEGER),
            Column("Tiền thưởng", Kind.MONEY),
            Column("Ngày quyết định", Kind.DATE),
            Column("Lúc", Kind.DATETIME),
            Column("Tỷ lệ", Kind.PERCENT),
            Column("Ghi chú"),
        ],
        [
            (
                "=Vụ Pháp chế",
                Decimal("29.75"),
                1234,
                18_760_000,
                date(2017, 2, 10),
                datetime(2016, 12, 29, 17, 30, tzinfo=UTC),
                0.75,
                Typed(2016, Kind.TEXT),
            )
        ],
    )
    content = workbook([sheet])
    assert_sheet_layout(
        content,
        {
            "Khen thưởng": {
                "Đơn vị": "@",
                "Điểm": "0.00",
                "Số phiếu": "#,##0",
                "Tiền thưởng": '#,##0 "₫"',
                "Ngày quyết định": "dd/mm/yyyy",
                "Lúc": "dd/mm/yyyy hh:mm",
                "Tỷ lệ": "0.00%",
                "Ghi chú": "General",
            }
        },
    )
    ws = load_workbook(io.BytesIO(content))["Khen thưởng"]
    row = [c.value for c in ws[2]]
    assert row == [
        "=Vụ Pháp chế",
        29.75,
        1234,
        18760000,
        datetime(2017, 2, 10),
        datetime(2016, 12, 30, 0, 30),
        0.75,
        2016,
    ]
    assert ws["A2"].data_type == "s"  # text, never a formula
    assert widths(sheet)[0] == len("=Vụ Pháp chế") + 2 and widths(sheet)[4] == len("Ngày quyết định") + 2
