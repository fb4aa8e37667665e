"""The Vietnamese wording and number formats the workbook and the Word report share (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from app.core.time import VN_TZ

ROLES = {"leader": "Khối trưởng", "deputy": "Khối phó", "member": "Thành viên"}
REPORT_KINDS = {"mid_year": "Báo cáo sơ kết 6 tháng", "annual": "Báo cáo tổng kết năm"}
CAMPAIGN_STATUSES = {"active": "Đang thực hiện", "closed": "Đã kết thúc"}
PLEDGE_STATUSES = {"draft": "Dự thảo", "open": "Đang mở ký", "closed": "Đã đóng ký"}
NO_PLEDGE = "Chưa có giao ước"
SESSION_STATUSES = {
    "draft": "Dự thảo",
    "open": "Đang bỏ phiếu",
    "closed": "Đã kiểm phiếu",
    "published": "Đã công bố kết quả",
    "cancelled": "Đã hủy",
}
AWARD_STATUSES = {"proposed": "Đề nghị", "decided": "Đã có quyết định", "revoked": "Đã thu hồi"}
SIGNED, UNSIGNED = "Đã ký", "Chưa ký"
ON_TIME, LATE, NOT_RECEIVED = "Đúng hạn", "Nộp muộn", "Chưa nộp"
ELECTED, TIED, NOT_ELECTED = "Trúng cử", "Bằng phiếu", "Không trúng cử"
RESULT_HIDDEN = "Chưa có kết quả"


def label(table: Mapping[str, str], key: str | None) -> str:
    """The Vietnamese word for ``key``; a value a later version added is shown as it is."""
    if key is None:
        return ""
    return table.get(key, key)


def local(at: datetime) -> datetime:
    """``at`` in Vietnam time (what the bloc's people read, not UTC), without its offset (spreadsheets
    have no time zones)."""
    return at.astimezone(VN_TZ).replace(tzinfo=None)


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d is not None else ""


def vn_datetime(at: datetime | None) -> str:
    return local(at).strftime("%H:%M %d/%m/%Y") if at is not None else ""


def points(centi: int | None) -> Decimal | None:
    return None if centi is None else Decimal(centi).scaleb(-2)


def vn_points(centi: int | None) -> str:
    """2975 → "29,75", 3000 → "30", None → "": Vietnamese writes a decimal comma."""
    value = points(centi)
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


def outcome(*, elected: bool, tied: bool) -> str:
    if elected:
        return ELECTED
    return TIED if tied else NOT_ELECTED


def file_name(what: str, year: int, bloc_name: str, extension: str) -> str:
    """The name a person would give the file, e.g. "Báo cáo tổng kết thi đua 2016 - Khối thi đua cơ quan
    Bộ.docx" (``app.core.disposition`` makes it safe, and gives old clients an ASCII copy)."""
    return f"{what} {year} - {bloc_name}.{extension}"


def vnd(amount: int) -> str:
    """An amount of đồng the Vietnamese way: 18.760.000 đồng."""
    return f"{amount:,}".replace(",", ".") + " đồng"
