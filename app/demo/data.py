"""The reference scenario: the 2016 year of "Khối thi đua cơ quan Bộ", the emulation bloc of the
Ministry of Science and Technology's own agencies (source: the bloc leader's report of the 29/12/2016
year-end conference, ../shared/seed/). The unit codes are this product's, not the ministry's."""

from __future__ import annotations

YEAR = 2016

# (code, name, short name, kind, head's position — used for the pledge signatures)
UNITS: list[tuple[str, str, str, str, str]] = [
    ("VP", "Văn phòng Bộ KH&CN", "Văn phòng Bộ", "office", "Chánh Văn phòng"),
    ("KHXHTN", "Vụ Khoa học Xã hội và Tự nhiên", "Vụ KHXH&TN", "department", "Vụ trưởng"),
    ("KHCNKTKT", "Vụ KH&CN các ngành Kinh tế – Kỹ thuật", "Vụ KH&CN KT-KT", "department", "Vụ trưởng"),
    ("CNC", "Vụ Công nghệ cao", "Vụ CNC", "department", "Vụ trưởng"),
    ("DTG", "Vụ Đánh giá, Thẩm định và Giám định công nghệ", "Vụ ĐTG", "department", "Vụ trưởng"),
    ("PTDP", "Vụ Phát triển KH&CN địa phương", "Vụ PTĐP", "department", "Vụ trưởng"),
    ("HTQT", "Vụ Hợp tác quốc tế", "Vụ HTQT", "department", "Vụ trưởng"),
    ("TCCB", "Vụ Tổ chức cán bộ", "Vụ TCCB", "department", "Vụ trưởng"),
    ("KHTH", "Vụ Kế hoạch – Tổng hợp", "Vụ KH-TH", "department", "Vụ trưởng"),
    ("TC", "Vụ Tài chính", "Vụ TC", "department", "Vụ trưởng"),
    ("PC", "Vụ Pháp chế", "Vụ PC", "department", "Vụ trưởng"),
    ("TDKT", "Vụ Thi đua – Khen thưởng", "Vụ TĐ-KT", "department", "Vụ trưởng"),
    ("TTRA", "Thanh tra Bộ KH&CN", "Thanh tra Bộ", "inspectorate", "Chánh Thanh tra"),
    ("CCTPN", "Cục Công tác phía Nam", "Cục CTPN", "agency", "Cục trưởng"),
    ("VPHDCS", "Văn phòng Hội đồng Chính sách KH&CN Quốc gia", "VP HĐCS", "office", "Chánh Văn phòng"),
    ("VPDDT", "Văn phòng Đảng – Đoàn thể", "VP Đảng – Đoàn thể", "office", "Chánh Văn phòng"),
]

LEADER_CODE = "PTDP"  # Vụ Phát triển KH&CN địa phương, "Khối trưởng" in 2016

BLOC_CODE = "KTD-CQB"
BLOC_NAME = "Khối thi đua cơ quan Bộ"
BLOC_DESCRIPTION = "Khối thi đua các cơ quan, đơn vị thuộc Bộ Khoa học và Công nghệ."

CAMPAIGN_TITLE = "Phong trào thi đua năm 2016 của Khối thi đua cơ quan Bộ"
THEME = "Nâng cao trách nhiệm – Phối hợp hiệu quả"  # the bloc's theme for 2016–2018
DEADLINES = {"mid_year_report": "2016-06-30", "annual_report": "2016-12-15", "scoring": "2016-12-20"}

PLEDGE_TITLE = "Giao ước thi đua năm 2016 – Khối thi đua cơ quan Bộ"
PLEDGE_PREAMBLE = (
    "Thực hiện chủ đề thi đua “Nâng cao trách nhiệm – Phối hợp hiệu quả” giai đoạn 2016–2018, các đơn vị "
    "trong Khối thi đua cơ quan Bộ cùng ký kết Giao ước thi đua năm 2016 với các nội dung sau."
)
PLEDGE_COMMITMENTS = [
    "Học tập, quán triệt và triển khai Nghị quyết Đại hội Đảng toàn quốc lần thứ XII và Nghị quyết Đại hội "
    "Đảng bộ Bộ KH&CN lần thứ XXII.",
    "Chấp hành nghiêm túc các Quy chế làm việc và các Quy định của Bộ theo chức năng, nhiệm vụ được giao.",
    "Phối hợp chặt chẽ giữa các đơn vị trong Khối trong xây dựng, góp ý hoàn thiện văn bản, bảo đảm chất "
    "lượng và tiến độ.",
    "Đẩy mạnh cải cách hành chính; triển khai Phần mềm Quản lý và xử lý văn bản theo hướng dẫn của Bộ.",
    "Tạo điều kiện cho cán bộ học tập nâng cao trình độ; xây dựng nội bộ đoàn kết, thống nhất.",
    "Tổ chức tổng kết, bình xét thi đua của đơn vị đúng thời gian và quy trình quy định.",
]

SECRETARIAT_USERNAME = "thuongtruc.tdkt"
SECRETARIAT_FULL_NAME = "Thường trực Hội đồng Thi đua – Khen thưởng"


def officer_username(code: str) -> str:
    return f"canbo.{code.lower()}"


# ---- the year-end conference of 29/12/2016: two secret ballots, then the decisions --------------------
#
# The article names the winners, not the counts; the ballots below are invented so that the count gives
# the article's result under the default rules (more than half of the 16 delegates, quorum one half).
# In the history the ministry flag's were paper ballots, counted by the counting committee
# (app.demo.conference); the Government flag's electronic. The end-to-end test casts both electronically.
# Delegate i is the officer of UNITS[i]; a ballot lists unit codes (at most `seats` of them; [] is blank).

MINISTRY_FLAG = "co_thi_dua_bo"  # Cờ thi đua của Bộ
GOVERNMENT_FLAG = "co_thi_dua_chinh_phu"  # Cờ thi đua của Chính phủ

MINISTRY_FLAG_SESSION_NAME = "Bình xét Cờ thi đua của Bộ năm 2016"
MINISTRY_FLAG_SEATS = 3
_ARTICLE_THREE = ["KHXHTN", "KHCNKTKT", "DTG"]
MINISTRY_FLAG_BALLOTS: list[list[str]] = [
    *([_ARTICLE_THREE] * 10),
    ["KHXHTN", "DTG", "VP"],
    ["KHXHTN", "DTG", "CNC"],
    ["KHCNKTKT", "DTG", "TTRA"],
    ["DTG", "CNC", "HTQT"],
    ["VP", "CNC", "KHXHTN"],
    [],
]
# What those ballots give: DTG 14, KHXHTN 13, KHCNKTKT 11 (of 16) are elected; CNC 3, VP 2, TTRA 1, HTQT 1.
MINISTRY_FLAG_ELECTED = ["DTG", "KHXHTN", "KHCNKTKT"]

GOVERNMENT_FLAG_SESSION_NAME = "Bình xét Cờ thi đua của Chính phủ năm 2016"
GOVERNMENT_FLAG_SEATS = 1
GOVERNMENT_FLAG_BALLOTS: list[list[str]] = [*([["DTG"]] * 12), ["KHXHTN"], ["KHXHTN"], ["KHCNKTKT"], []]
GOVERNMENT_FLAG_ELECTED = ["DTG"]  # 12 of 16

# The decisions that followed (illustrative numbers and dates, not the real ones).
AWARD_DECISIONS: dict[str, tuple[str, str]] = {
    MINISTRY_FLAG: ("245/QĐ-BKHCN", "2017-02-10"),
    GOVERNMENT_FLAG: ("1054/QĐ-TTg", "2017-07-20"),
}
