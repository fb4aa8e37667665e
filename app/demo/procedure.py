"""The reference scenario's procedure after the conference (issue 13), as history written the way the
features write it (``app.demo.procedure_loader`` loads it).

The article ends with the election; what followed is illustrative: the numbers, dates, the council's
members and counts are invented (and said so in the documents), chosen so that the law of the time (R2016)
gives what the article reports: the three ministry flags decided by the minister, the Government flag
forwarded and decided by the Prime Minister.
"""

from __future__ import annotations

from datetime import date

# ---- the ministry's council (Hội đồng Thi đua – Khen thưởng Bộ) for 2016–2020 ----------------------------

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng Bộ Khoa học và Công nghệ"
COUNCIL_AUTHORITY = "Bộ Khoa học và Công nghệ"
COUNCIL_TERM = (date(2016, 1, 1), date(2020, 12, 31))
# (full name, position, role, is secretary) — invented names.
COUNCIL_MEMBERS: list[tuple[str, str, str, bool]] = [
    ("Nguyễn Văn An", "Bộ trưởng", "chair", False),
    ("Trần Quốc Bảo", "Thứ trưởng", "vice_chair", False),
    ("Lê Thị Cúc", "Thứ trưởng", "vice_chair", False),
    ("Phạm Minh Đức", "Chủ tịch Công đoàn Bộ", "vice_chair", False),
    ("Vũ Thị Hạnh", "Vụ trưởng Vụ Thi đua – Khen thưởng", "standing", True),
    ("Đỗ Văn Khánh", "Vụ trưởng Vụ Tổ chức cán bộ", "member", False),
    ("Hoàng Văn Long", "Chánh Văn phòng Bộ", "member", False),
    ("Ngô Thị Mai", "Vụ trưởng Vụ Kế hoạch – Tổng hợp", "member", False),
    ("Bùi Văn Nam", "Vụ trưởng Vụ Tài chính", "member", False),
    ("Đặng Thị Oanh", "Vụ trưởng Vụ Pháp chế", "member", False),
    ("Trịnh Văn Phúc", "Chánh Thanh tra Bộ", "member", False),
    ("Lý Thị Quỳnh", "Bí thư Đoàn Thanh niên Bộ", "member", False),
    ("Mai Văn Sơn", "Vụ trưởng Vụ Hợp tác quốc tế", "member", False),
    ("Phan Thị Thảo", "Chủ tịch Hội Cựu chiến binh cơ quan Bộ", "member", False),
    ("Tạ Văn Vinh", "Vụ trưởng Vụ Phát triển KH&CN địa phương", "member", False),
]
ABSENT_MEMBER = "Mai Văn Sơn"  # away on mission: sent a written vote
COUNCIL_SESSION_ON = date(2017, 1, 20)
COUNCIL_PLACE = "Phòng họp tầng 7, 113 Trần Duy Hưng, Hà Nội"
# Per agenda item (unit code, title code): the yes / no / abstain of the 15 ballots (14 present + 1 written).
COUNCIL_COUNTS: dict[tuple[str, str], tuple[int, int, int]] = {
    ("DTG", "co_thi_dua_bo"): (15, 0, 0),
    ("KHXHTN", "co_thi_dua_bo"): (14, 0, 1),
    ("KHCNKTKT", "co_thi_dua_bo"): (13, 1, 1),
    ("DTG", "co_thi_dua_chinh_phu"): (14, 0, 1),
}

# ---- the two proposals of the bloc (by the leading unit, from the published sessions) -----------------

MINISTRY_FLAG_PROPOSAL = "Đề nghị tặng Cờ thi đua của Bộ Khoa học và Công nghệ năm 2016"
GOVERNMENT_FLAG_PROPOSAL = "Đề nghị tặng Cờ thi đua của Chính phủ năm 2016"
# (action, day) in order; "decide" is the decision (ministry) or the recorded outcome (Prime Minister).
MINISTRY_FLAG_STEPS: list[tuple[str, date]] = [
    ("submit", date(2017, 1, 4)),
    ("take_up", date(2017, 1, 5)),
    ("check", date(2017, 1, 12)),
    ("to_council", date(2017, 1, 13)),
    ("to_signing", date(2017, 1, 23)),
    ("decide", date(2017, 2, 10)),
]
GOVERNMENT_FLAG_STEPS: list[tuple[str, date]] = [
    ("submit", date(2017, 1, 4)),
    ("take_up", date(2017, 1, 5)),
    ("check", date(2017, 1, 12)),
    ("to_council", date(2017, 1, 13)),
    ("forward", date(2017, 2, 15)),
    ("decide", date(2017, 7, 28)),
]
FORWARDED_TO = "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)"
FORWARDED_REF = "312/TTr-BKHCN"

# ---- the decisions ---------------------------------------------------------------------------------------

REGISTER = ("BKHCN", "Bộ Khoa học và Công nghệ", 2017, "QĐ-BKHCN")
MINISTRY_DECISION_NUMBER = 245  # data.AWARD_DECISIONS: "245/QĐ-BKHCN" of 10/02/2017
MINISTRY_DECISION_SUBJECT = "Về việc tặng Cờ thi đua của Bộ Khoa học và Công nghệ năm 2016"
MINISTRY_SIGNER = ("Nguyễn Văn An", "Bộ trưởng")
MINISTRY_GROUNDS = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều "
    "của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
    "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 và Nghị định số 65/2014/NĐ-CP ngày 01 "
    "tháng 7 năm 2014 của Chính phủ quy định chi tiết thi hành Luật Thi đua, khen thưởng",
    "Căn cứ Nghị định số 20/2013/NĐ-CP ngày 26 tháng 02 năm 2013 của Chính phủ quy định chức năng, nhiệm vụ, "
    "quyền hạn và cơ cấu tổ chức của Bộ Khoa học và Công nghệ",
    "Xét đề nghị của Khối thi đua cơ quan Bộ và của Hội đồng Thi đua – Khen thưởng Bộ",
]
GOVERNMENT_DECISION = ("1054/QĐ-TTg", date(2017, 7, 20), "Thủ tướng Chính phủ")
GOVERNMENT_DECISION_SUBJECT = "Về việc tặng Cờ thi đua của Chính phủ năm 2016"

# ---- two units' proposals for their people, at other states -------------------------------------------

# (unit code, person code, title code, achievements, [(action, day)], return reason or None)
INDIVIDUAL_PROPOSALS: list[tuple[str, str, str, str, list[tuple[str, date]], str | None]] = [
    (
        "KHXHTN",
        "CB-KHXHTN-003",
        "chien_si_thi_dua_cap_bo",
        "Ba năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở (2014–2016); chủ trì xây dựng Thông tư hướng dẫn "
        "quản lý nhiệm vụ KH&CN xã hội và nhân văn.",
        [("submit", date(2017, 1, 9)), ("take_up", date(2017, 1, 10)), ("return", date(2017, 1, 16))],
        "Thiếu văn bản công nhận sáng kiến có phạm vi ảnh hưởng cấp Bộ; đề nghị bổ sung và gửi lại.",
    ),
    (
        "KHCNKTKT",
        "CB-KHCNKTKT-004",
        "chien_si_thi_dua_cap_bo",
        "Ba năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở (2014–2016); sáng kiến về quy trình thẩm định "
        "nhiệm vụ KH&CN các ngành kinh tế – kỹ thuật được áp dụng toàn Bộ.",
        [
            ("submit", date(2017, 1, 9)),
            ("take_up", date(2017, 1, 10)),
            ("check", date(2017, 1, 18)),
            ("to_council", date(2017, 1, 19)),
        ],
        None,
    ),
]
