"""The level of each title and form in the statistics (cấp Nhà nước, cấp Bộ, cấp cơ sở), as data with its
citation (pure).

The level follows who decides (law.md sections 2–3, "Decides"): the President, on the Prime Minister's
proposal, or the Prime Minister → state level, the forms of sheet 0602.N/BNV-TĐKT of Circular
02/2023/TT-BNV; the Minister → ministry level (sheet 0603.N/BNV-TĐKT); the head of a unit with legal
personality (Law 06/2022 Art 80(1)) → base level. Where it comes from, first match wins:

1. the law catalogue (``app.law.catalogue``): its entries carry ``level`` (unit | ministry | government |
   state) and the article that defines them;
2. ``STATISTICS_TABLE`` below, for the state titles law.md names that the catalogue does not hold (Anh
   hùng);
3. the ``level`` the titles/forms catalogue row records (a title the secretariat added), without a citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.law.catalogue import latest_entry


class Level(StrEnum):
    STATE = "state"  # cấp Nhà nước
    MINISTRY = "ministry"  # cấp Bộ
    BASE = "base"  # cấp cơ sở


class LevelSource(StrEnum):
    LAW_CATALOGUE = "law_catalogue"
    STATISTICS_TABLE = "statistics_table"
    CATALOGUE_ROW = "catalogue_row"


LEVEL_NAMES = {Level.STATE: "Cấp Nhà nước", Level.MINISTRY: "Cấp Bộ", Level.BASE: "Cấp cơ sở"}

CIRCULAR = "Thông tư 02/2023/TT-BNV (23/3/2023)"
SHEET_OF_LEVEL = {
    Level.STATE: f"{CIRCULAR}, biểu 0602.N/BNV-TĐKT",
    Level.MINISTRY: f"{CIRCULAR}, biểu 0603.N/BNV-TĐKT",
    Level.BASE: "Luật TĐKT 06/2022/QH15, khoản 1 Điều 80 (thủ trưởng đơn vị quyết định)",
}

# The catalogue's words (app.law.spec.Entry.level, titles.level, commendation_forms.level) → the level.
_OF_CATALOGUE = {
    "state": Level.STATE,
    "government": Level.STATE,
    "ministry": Level.MINISTRY,
    "unit": Level.BASE,
}


@dataclass(frozen=True)
class LevelOf:
    level: Level
    source: LevelSource
    authority: str | None
    citation: str | None
    confirmed: bool = True


STATISTICS_TABLE: dict[str, LevelOf] = {
    code: LevelOf(
        level=Level.STATE,
        source=LevelSource.STATISTICS_TABLE,
        authority="Chủ tịch nước, theo đề nghị của Thủ tướng Chính phủ",
        citation="Luật TĐKT 06/2022/QH15 (danh hiệu vinh dự Nhà nước); Nghị định 152/2025/NĐ-CP, Điều 52; "
        f"{SHEET_OF_LEVEL[Level.STATE]}",
        confirmed=False,
    )
    for code in ("anh_hung_lao_dong", "anh_hung_luc_luong_vu_trang_nhan_dan")
}
"""State honorary titles law.md section 3 names (Anh hùng Lao động, Anh hùng LLVTND) but the law catalogue
does not hold: a code the secretariat adds under one of these names is counted at state level. The Law's
article is not in law.md, hence ``confirmed=False``."""


def level_of(code: str, catalogue_level: str | None = None) -> LevelOf | None:
    """The level of ``code``; ``catalogue_level`` is what its titles/forms row says (the last resort).
    None: nothing says (an unknown word in the row)."""
    entry = latest_entry(code)
    if entry is not None and entry.level in _OF_CATALOGUE:
        basis = entry.basis
        return LevelOf(
            level=_OF_CATALOGUE[entry.level],
            source=LevelSource.LAW_CATALOGUE,
            authority=entry.authority_vi,
            citation=basis.text if basis is not None else None,
            confirmed=basis.confirmed if basis is not None else True,
        )
    if code in STATISTICS_TABLE:
        return STATISTICS_TABLE[code]
    if catalogue_level in _OF_CATALOGUE:
        return LevelOf(
            level=_OF_CATALOGUE[catalogue_level],
            source=LevelSource.CATALOGUE_ROW,
            authority=None,
            citation=None,
            confirmed=False,
        )
    return None
