"""The demo's criteria and scores for 2016: a score sheet a ministry bloc would use (five groups worth 100
standard points, one bonus and one penalty item), each unit's self score and the review score of the
leader (the secretariat reviews the leader's own unit), submitted before the scoring deadline.

The article gives no scores; they are invented so that the ranking agrees with the conference's vote: the
three units it elected for the ministry flag rank first, second and third, the unit it then elected for the
Government flag (DTG) first. Each unit's points are given per item by ``entries``: what a unit lost is
spread over the items in a fixed order, so every load gives the same sheets.
"""

from __future__ import annotations

from datetime import date

# (code, parent code, title, max points or None for a group, kind or None for a group, required)
CriterionRow = tuple[str, str | None, str, int | None, str | None, bool]
CRITERIA: list[CriterionRow] = [
    ("1", None, "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", None, None, True),
    ("1.1", "1", "Hoàn thành các nhiệm vụ theo Kế hoạch công tác năm 2016 của Bộ giao", 20, "standard", True),
    (
        "1.2",
        "1",
        "Chất lượng, tiến độ tham mưu xây dựng văn bản quy phạm pháp luật, đề án",
        12,
        "standard",
        True,
    ),
    ("1.3", "1", "Thực hiện các nhiệm vụ đột xuất do Lãnh đạo Bộ giao", 8, "standard", True),
    ("2", None, "Tổ chức phong trào thi đua và công tác khen thưởng", None, None, True),
    (
        "2.1",
        "2",
        "Ký kết và thực hiện các nội dung của Giao ước thi đua năm 2016 của Khối",
        6,
        "standard",
        True,
    ),
    (
        "2.2",
        "2",
        "Phát động, tổ chức các phong trào thi đua; phát hiện, nhân rộng điển hình tiên tiến",
        6,
        "standard",
        True,
    ),
    (
        "2.3",
        "2",
        "Khen thưởng kịp thời, đúng người, đúng việc, đúng thành tích, đúng quy trình",
        4,
        "standard",
        True,
    ),
    ("2.4", "2", "Gửi báo cáo sơ kết, tổng kết công tác thi đua đúng hạn", 4, "standard", True),
    (
        "3",
        None,
        "Phối hợp trong Khối thi đua (chủ đề “Nâng cao trách nhiệm – Phối hợp hiệu quả”)",
        None,
        None,
        True,
    ),
    (
        "3.1",
        "3",
        "Tham gia xây dựng, góp ý hoàn thiện văn bản theo yêu cầu về chất lượng và tiến độ",
        8,
        "standard",
        True,
    ),
    ("3.2", "3", "Tham gia các hoạt động chung do Khối tổ chức", 7, "standard", True),
    ("4", None, "Cải cách hành chính và xây dựng cơ quan vững mạnh", None, None, True),
    (
        "4.1",
        "4",
        "Cải cách hành chính; học tập, thí điểm vận hành Phần mềm Quản lý và xử lý văn bản",
        8,
        "standard",
        True,
    ),
    ("4.2", "4", "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng", 7, "standard", True),
    ("5", None, "Xây dựng tổ chức Đảng, đoàn thể; đời sống và học tập của cán bộ", None, None, True),
    (
        "5.1",
        "5",
        "Học tập, quán triệt Nghị quyết Đại hội XII của Đảng và Đại hội XXII Đảng bộ Bộ",
        4,
        "standard",
        True,
    ),
    ("5.2", "5", "Tổ chức Đảng, đoàn thể vững mạnh; nội bộ đoàn kết, thống nhất", 3, "standard", True),
    ("5.3", "5", "Tạo điều kiện cho cán bộ học tập, nâng cao trình độ", 3, "standard", True),
    ("6", None, "Điểm thưởng, điểm trừ", None, None, True),
    ("6.1", "6", "Điểm thưởng: thành tích xuất sắc, đột xuất được Lãnh đạo Bộ ghi nhận", 5, "bonus", False),
    ("6.2", "6", "Điểm trừ: chậm tiến độ, sai sót phải khắc phục trong năm", 5, "penalty", False),
]
BONUS, PENALTY = "6.1", "6.2"

# The order in which a unit's lost points fall on the standard items, half a point at a time (the larger
# items first and more often). A unit starts at a position of its own in it (``UNIT_SCORES``' order).
_LOSS_ORDER = [
    "1.1",
    "1.2",
    "3.1",
    "2.2",
    "4.1",
    "1.3",
    "4.2",
    "3.2",
    "2.1",
    "1.1",
    "5.2",
    "2.3",
    "1.2",
    "5.3",
]
_STEP_CENTI = 50

# Per unit, in centi-points: the review's (standard, bonus, penalty), and how many more standard points the
# unit gave itself. Totals (review): DTG 98.5, KHXHTN 97, KHCNKTKT 96, PTDP 95, CNC 94, VP 93, TCCB 92.5,
# HTQT 92, KHTH 91.5, TC 91, TTRA 90.5, PC 90, TDKT 89.5, VPHDCS 89, CCTPN 88, VPDDT 87.
UNIT_SCORES: dict[str, tuple[int, int, int, int]] = {
    "DTG": (9550, 300, 0, 50),
    "KHXHTN": (9500, 200, 0, 100),
    "KHCNKTKT": (9450, 150, 0, 100),
    "PTDP": (9400, 100, 0, 50),
    "CNC": (9350, 50, 0, 100),
    "VP": (9300, 0, 0, 150),
    "TCCB": (9250, 0, 0, 100),
    "HTQT": (9200, 0, 0, 150),
    "KHTH": (9150, 0, 0, 100),
    "TC": (9100, 0, 0, 100),
    "TTRA": (9050, 0, 0, 150),
    "PC": (9000, 0, 0, 100),
    "TDKT": (8950, 0, 0, 150),
    "VPHDCS": (8900, 0, 0, 200),
    "CCTPN": (8900, 0, 100, 150),
    "VPDDT": (8700, 0, 0, 200),
}
EXPECTED_ORDER = list(UNIT_SCORES)  # best first

# A note on the review's bonus and penalty, where there is one.
NOTES: dict[tuple[str, str], str] = {
    ("DTG", BONUS): "Hoàn thành vượt tiến độ công tác thẩm định công nghệ các dự án đầu tư trọng điểm.",
    ("KHXHTN", BONUS): "Chủ trì tổ chức thành công Hội thảo quốc gia về khoa học xã hội và nhân văn.",
    ("KHCNKTKT", BONUS): "Được Lãnh đạo Bộ biểu dương về tham mưu chương trình KH&CN trọng điểm.",
    ("PTDP", BONUS): "Hoàn thành tốt vai trò Khối trưởng Khối thi đua cơ quan Bộ năm 2016.",
    ("CNC", BONUS): "Tham mưu kịp thời chính sách phát triển doanh nghiệp công nghệ cao.",
    ("CCTPN", PENALTY): "Chậm gửi ý kiến góp ý dự thảo văn bản theo đề nghị của đơn vị chủ trì (01 lần).",
}

SELF_SUBMITTED_ON = date(2016, 12, 12)  # the units' self scores, before the scoring deadline (20/12)
REVIEW_SUBMITTED_ON = date(2016, 12, 19)  # the leader's (and the secretariat's) review


def standard_entries(standard_centi: int, offset: int) -> dict[str, int]:
    """Every standard item at its maximum, less what the unit lost (100 points − ``standard_centi``),
    half a point at a time in ``_LOSS_ORDER`` from ``offset``. Pure."""
    points = {
        code: (maximum or 0) * 100 for code, _p, _t, maximum, kind, _r in CRITERIA if kind == "standard"
    }
    lost = sum(points.values()) - standard_centi
    if lost < 0 or lost % _STEP_CENTI:
        raise ValueError(f"a standard total of {standard_centi} centi-points cannot be spread in half points")
    for step in range(lost // _STEP_CENTI):
        code = _LOSS_ORDER[(offset + step) % len(_LOSS_ORDER)]
        if points[code] < _STEP_CENTI:
            raise ValueError(f"item {code} has no points left to lose")
        points[code] -= _STEP_CENTI
    return points


def entries(code: str, stage: str) -> dict[str, int]:
    """The unit's points by criterion code for ``stage`` (``self`` or ``review``), in centi-points."""
    offset = EXPECTED_ORDER.index(code)
    standard, bonus, penalty, generous = UNIT_SCORES[code]
    if stage == "self":
        standard = min(10_000, standard + generous)
    scored = standard_entries(standard, offset)
    scored[BONUS] = bonus
    scored[PENALTY] = penalty
    return scored
