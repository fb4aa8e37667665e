"""The units' emulation reports of 2016 in the demo: each of the 16 units' mid-year report (sơ kết, by
30/06/2016) and annual report (tổng kết, by 15/12/2016), all on time, with short sections and a few
figures; the leader's annual report says what the article says of the bloc's year. One unit sent its
annual report twice (a corrected figure): the latest version counts, the first stays readable.

Everything but the leader's report text is invented and illustrative; ``app.demo.reports_loader`` writes it.
"""

from __future__ import annotations

from datetime import date

from app.demo import data

# Per unit: its main work (for the sections), the tasks the ministry's 2016 plan gave it, those done by
# mid-year and by the year's end, and the drafts of other units it commented on in the year.
WORK: dict[str, tuple[str, int, int, int, int]] = {
    "VP": (
        "tham mưu tổng hợp, điều phối Chương trình công tác của Bộ và vận hành hệ thống văn bản",
        42,
        20,
        42,
        58,
    ),
    "KHXHTN": (
        "quản lý các nhiệm vụ KH&CN thuộc lĩnh vực khoa học xã hội, nhân văn và tự nhiên",
        31,
        15,
        31,
        36,
    ),
    "KHCNKTKT": ("quản lý các chương trình, nhiệm vụ KH&CN các ngành kinh tế – kỹ thuật", 35, 17, 35, 40),
    "CNC": ("tham mưu phát triển công nghệ cao, khu và doanh nghiệp công nghệ cao", 28, 13, 28, 31),
    "DTG": (
        "đánh giá, thẩm định và giám định công nghệ các dự án đầu tư, chương trình KH&CN",
        38,
        19,
        38,
        44,
    ),
    "PTDP": (
        "hướng dẫn, hỗ trợ phát triển KH&CN ở địa phương và điều hành Khối thi đua cơ quan Bộ",
        33,
        16,
        33,
        39,
    ),
    "HTQT": ("hợp tác quốc tế về KH&CN, tổ chức các đoàn ra, đoàn vào của Bộ", 26, 12, 25, 27),
    "TCCB": ("tổ chức bộ máy, quản lý, đào tạo và bồi dưỡng cán bộ, công chức của Bộ", 30, 14, 30, 35),
    "KHTH": ("xây dựng kế hoạch, tổng hợp tình hình thực hiện nhiệm vụ KH&CN của Bộ", 29, 14, 28, 33),
    "TC": ("quản lý tài chính, ngân sách nhà nước cho KH&CN", 27, 13, 26, 30),
    "PC": ("xây dựng, thẩm định văn bản quy phạm pháp luật về KH&CN", 34, 15, 33, 52),
    "TDKT": ("tham mưu công tác thi đua, khen thưởng của Bộ", 22, 10, 21, 24),
    "TTRA": ("thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo trong lĩnh vực KH&CN", 25, 12, 24, 22),
    "CCTPN": ("thực hiện nhiệm vụ của Bộ tại các tỉnh, thành phố phía Nam", 24, 11, 23, 18),
    "VPHDCS": ("phục vụ hoạt động của Hội đồng Chính sách KH&CN Quốc gia", 18, 8, 17, 16),
    "VPDDT": ("phục vụ hoạt động của Đảng ủy, Công đoàn và Đoàn Thanh niên cơ quan Bộ", 20, 9, 19, 15),
}

MID_YEAR_FROM = date(2016, 6, 20)  # unit i sends its mid-year report on day i % 10 after this
ANNUAL_FROM = date(2016, 12, 5)  # and its annual report on day i % 10 after this (deadline 15/12)
RESENT_UNIT = "TC"  # sent its annual report three days early, then again correcting a figure


def mid_year_title(name: str) -> str:
    return f"Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {data.YEAR} – {name}"


def annual_title(name: str) -> str:
    return f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {data.YEAR} – {name}"


def mid_year_sections(short_name: str, code: str) -> list[dict[str, str]]:
    work, assigned, done, _year_done, _comments = WORK[code]
    return [
        {
            "heading": "I. Kết quả thực hiện nhiệm vụ 6 tháng đầu năm",
            "body": f"{short_name} triển khai nhiệm vụ {work}; đã hoàn thành {done}/{assigned} nhiệm vụ của "
            f"Kế hoạch công tác năm {data.YEAR}, các nhiệm vụ còn lại đúng tiến độ.",
        },
        {
            "heading": "II. Công tác thi đua, khen thưởng",
            "body": "Đơn vị đã ký kết Giao ước thi đua năm 2016 của Khối, phát động phong trào thi đua gắn "
            f"với chủ đề “{data.THEME}” và quán triệt Nghị quyết Đại hội XII của Đảng tới toàn thể cán bộ.",
        },
        {
            "heading": "III. Nhiệm vụ 6 tháng cuối năm",
            "body": "Tập trung hoàn thành các nhiệm vụ còn lại của Kế hoạch năm; phối hợp với các đơn vị "
            "trong Khối góp ý văn bản đúng tiến độ; chuẩn bị tổng kết, bình xét thi đua cuối năm.",
        },
    ]


def annual_sections(short_name: str, code: str) -> list[dict[str, str]]:
    if code == data.LEADER_CODE:
        return LEADER_ANNUAL_SECTIONS
    work, assigned, _done, year_done, comments = WORK[code]
    return [
        {
            "heading": "I. Kết quả thực hiện nhiệm vụ năm 2016",
            "body": f"{short_name} đã hoàn thành {year_done}/{assigned} nhiệm vụ được giao về {work}; tham "
            f"gia góp ý {comments} dự thảo văn bản của các đơn vị trong Khối, bảo đảm chất lượng và tiến độ.",
        },
        {
            "heading": "II. Công tác thi đua, khen thưởng",
            "body": "Thực hiện đầy đủ các cam kết trong bản Giao ước thi đua của Khối; chấp hành nghiêm các "
            "Quy chế làm việc của Bộ; học tập và thí điểm vận hành Phần mềm Quản lý và xử lý văn bản; tổ "
            "chức tổng kết, bình xét thi đua năm 2016 đúng thời gian quy định.",
        },
        {
            "heading": "III. Phương hướng, nhiệm vụ năm 2017",
            "body": f"Tiếp tục thực hiện chủ đề thi đua “{data.THEME}”; hoàn thành Kế hoạch công tác năm "
            "2017 của Bộ; đẩy mạnh cải cách hành chính và việc học tập, làm theo tư tưởng, đạo đức, phong "
            "cách Hồ Chí Minh.",
        },
    ]


def metrics(code: str, kind: str, *, first_of_two: bool = False) -> dict[str, int | float]:
    _work, assigned, done, year_done, comments = WORK[code]
    if kind == "mid_year":
        return {"nhiem_vu_duoc_giao": assigned, "nhiem_vu_hoan_thanh": done, "van_ban_gop_y": comments // 2}
    completed = year_done - 1 if first_of_two else year_done  # the first version undercounted by one
    return {
        "nhiem_vu_duoc_giao": assigned,
        "nhiem_vu_hoan_thanh": completed,
        "ty_le_hoan_thanh": round(100 * completed / assigned, 1),
        "van_ban_gop_y": comments,
    }


# The leader's annual report: what the article says of the bloc's year and of the year ahead.
LEADER_ANNUAL_SECTIONS: list[dict[str, str]] = [
    {
        "heading": "I. Kết quả thực hiện nhiệm vụ năm 2016",
        "body": "Vụ Phát triển KH&CN địa phương đã hoàn thành 33/33 nhiệm vụ được giao, đồng thời thực hiện "
        "vai trò Khối trưởng Khối thi đua cơ quan Bộ: tổ chức ký kết Giao ước thi đua, đôn đốc các đơn vị "
        "sơ kết, tổng kết, chấm điểm và chuẩn bị Hội nghị tổng kết của Khối.",
    },
    {
        "heading": "II. Hoạt động thi đua của Khối",
        "body": "Các đơn vị trong Khối thi đua cơ quan Bộ đã nỗ lực thực hiện các nhiệm vụ được giao, thực "
        "hiện các cam kết trong bản Giao ước thi đua đã ký kết. Toàn thể cán bộ, công chức trong Khối đã "
        "được tham gia học tập và triển khai thực hiện Nghị quyết Đại hội Đảng toàn quốc lần thứ XII, Nghị "
        "quyết Đại hội Đảng bộ Bộ KH&CN lần thứ XXII nhiệm kỳ 2016-2020. Hoạt động của các đơn vị luôn được "
        "gắn với chủ đề “Đoàn kết – Kỷ cương – Trí tuệ – Hiệu quả”; công tác phối hợp giữa các đơn vị, nhất "
        "là giữa các chuyên viên, đã được quan tâm hơn.",
    },
    {
        "heading": "III. Phương hướng, nhiệm vụ năm 2017",
        "body": "Tiếp tục chủ đề thi đua xuyên suốt 2016–2018 “Nâng cao trách nhiệm – Phối hợp hiệu quả”; "
        "đẩy mạnh hỗ trợ triển khai các nhiệm vụ KH&CN ở địa phương gắn với nội dung “Cả nước chung sức "
        "xây dựng nông thôn mới”, hướng đến chủ đề “đưa KH&CN về nông thôn”.",
    },
]
