"""Vietnam's time, in which deadlines fall and documents are dated."""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _vietnam() -> tzinfo:
    # Vietnam has kept UTC+07:00 without daylight saving since 1975; the fixed offset is the fallback
    # for hosts without a time zone database.
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=7), "ICT")


VN_TZ = _vietnam()
