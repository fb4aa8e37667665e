"""The year-end conference of 29/12/2016 as the article tells it, and the bloc's year report the leader
presented there (``app.demo.conference_loader`` and ``app.demo.year_report_loader`` write them).

From the article: the date, the title, the 16 member units, the chair (the leader unit's deputy director,
"Khối trưởng"), the agenda (report, discussion, ballots, the council vice-chair's guidance), the guest, the
report's evaluation and 2017 direction, the members' discussion of additions, the elected units.
Invented (the article does not say): the place, the names of the delegates (each unit's deputy head from
``app.demo.people``, and its emulation officer), the counting committee, the timetable, which additions
were proposed and how they were answered, next year's leaders.
"""

from __future__ import annotations

from datetime import date

from app.demo import data

HELD_ON = date(2016, 12, 29)
TITLE = "Hội nghị Tổng kết công tác Thi đua năm 2016 và phương hướng, nhiệm vụ năm 2017"
PLACE = "Trụ sở Bộ KH&CN, 113 Trần Duy Hưng, Hà Nội"
QUORUM_SHARE = 0.5  # the default of the bloc's regulation: half of the member units present
LEADER_DEPUTY_CODE = f"CB-{data.LEADER_CODE}-002"  # the roster's deputy director of the leader unit
CHAIR_ROLE = "Phó Vụ trưởng Vụ Phát triển KH&CN địa phương – Khối trưởng Khối thi đua cơ quan Bộ"
OFFICER_POSITION = "Chuyên viên phụ trách công tác thi đua, khen thưởng"

GUEST_NAME = "Trần Đắc Hiến"
GUEST_POSITION = "Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ KH&CN"
GUEST_ORGANISATION = "Bộ Khoa học và Công nghệ"

# (hour, minute) in Hanoi: the conference opened at 8:00 and closed at 11:45; the ballots keep the times
# ``app.demo.loader`` gives them (9:00–10:00, 10:15–11:00).
OPENS, CLOSES = (8, 0), (11, 45)
CHECK_IN_FROM = (7, 30)  # delegate i checks in i minutes after
REPORT_ADOPTED = (8, 50)

# (kind, title, speaker or None — "chair"/"guest" stand for those, outcome or None); a ballot's outcome is
# written from its result.
AGENDA: list[tuple[str, str, str | None, str | None]] = [
    (
        "report",
        "Báo cáo công tác Thi đua năm 2016 và phương hướng, nhiệm vụ năm 2017",
        "chair",
        "Khối trưởng trình bày Báo cáo (phiên bản 3, đã tiếp thu ý kiến bổ sung của Văn phòng Bộ và Vụ Tổ "
        "chức cán bộ).",
    ),
    (
        "discussion",
        "Thảo luận, góp ý bổ sung Báo cáo; bàn các vấn đề về công tác thi đua của Khối trong giai đoạn tới",
        None,
        "Các đơn vị trao đổi, thảo luận; Hội nghị thống nhất thông qua Báo cáo (phiên bản 3).",
    ),
    (
        "pledge",
        "Đánh giá việc thực hiện Giao ước thi đua năm 2016",
        "chair",
        "16/16 đơn vị đã ký kết và thực hiện các cam kết trong bản Giao ước thi đua năm 2016.",
    ),
    ("ballot", "Bỏ phiếu bình xét “Cờ thi đua của Bộ năm 2016” (phiếu giấy)", None, None),
    ("ballot", "Bỏ phiếu bình xét “Cờ thi đua của Chính phủ năm 2016”", None, None),
    (
        "guidance",
        "Phát biểu chỉ đạo của Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ KH&CN",
        "guest",
        "Đánh giá cao hoạt động thi đua của 16 đơn vị trong Khối cơ quan Bộ; Khối trưởng đã thể hiện được "
        "vai trò tập hợp, đôn đốc, đoàn kết, dẫn dắt các đơn vị triển khai, thực hiện các kế hoạch thi đua "
        "của Bộ năm 2016. Cơ bản Khối cơ quan Bộ đã hoàn thành các kế hoạch đề ra trong năm 2016.",
    ),
    ("leadership", "Bầu Khối trưởng, Khối phó Khối thi đua cơ quan Bộ năm 2017", "chair", None),
]

# Next year's leadership (invented): elected by the conference.
LEADERSHIP_YEAR = data.YEAR + 1
LEADERSHIP_METHOD = "election"
NEXT_LEADER_CODE, NEXT_DEPUTY_CODE = "DTG", "KHXHTN"
LEADERSHIP_NOTE = "Hội nghị biểu quyết nhất trí (16/16 đơn vị) bầu Khối trưởng, Khối phó năm 2017."

# The counting committee of the ministry-flag ballot (ban kiểm phiếu), elected by the conference:
# (full name, title, role) — invented names.
COUNTING_COMMITTEE: list[tuple[str, str, str]] = [
    ("Lê Thị Thu Hà", "Chuyên viên chính, Vụ Tổ chức cán bộ", "head"),
    ("Đỗ Minh Tuấn", "Thanh tra viên, Thanh tra Bộ KH&CN", "member"),
    ("Nguyễn Hồng Nhung", "Chuyên viên, Vụ Pháp chế", "member"),
]
COUNT_ENTERED = [(9, 40), (9, 45)]  # the head's entry, then the second member's (they agree)

DIRECTION = (
    "Khối thi đua cơ quan Bộ tiếp tục quán triệt, tuyên truyền đường lối, chủ trương của Đảng; học tập và "
    "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về thi đua, khen thưởng. Bám sát các nhiệm vụ chính "
    "trị, chuyên môn gắn liền với công tác thi đua, tổ chức triển khai thắng lợi các mục tiêu kế hoạch công "
    "tác năm 2017 và 5 năm 2016-2020 của Bộ cũng như của từng đơn vị thuộc Khối. Bám sát chỉ thị, hướng dẫn "
    "của cấp trên, thực hiện sáng tạo Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi "
    "mới công tác thi đua, khen thưởng.\n\n"
    f"Tiếp tục chủ đề thi đua xuyên suốt từ năm 2016-2018 của Khối: “{data.THEME}”, tạo sự chuyển biến "
    "mạnh mẽ tới toàn thể cán bộ, công chức, người lao động khối cơ quan Bộ. Đẩy mạnh việc hỗ trợ, tạo điều "
    "kiện triển khai các nhiệm vụ KH&CN, góp phần đẩy mạnh KH&CN ở các địa phương gắn với nội dung “Cả nước "
    "chung sức xây dựng nông thôn mới”, hướng đến chủ đề “đưa KH&CN về nông thôn”.\n\n"
    "Đẩy mạnh tuyên truyền, phát hiện, biểu dương những cá nhân, tập thể thi đua xuất sắc qua các phong trào "
    "thi đua, bảo đảm khen thưởng kịp thời, đúng người, đúng việc, đúng thành tích, đúng quy trình. Gắn các "
    "nội dung thi đua trên với việc “học tập và làm theo tấm gương đạo đức Hồ Chí Minh”, “phòng, chống tham "
    "nhũng, thực hành tiết kiệm, chống lãng phí”."
)

CONCLUSIONS = (
    "Hội nghị thống nhất đánh giá: năm 2016, các đơn vị trong Khối thi đua cơ quan Bộ đã nỗ lực thực hiện "
    "các nhiệm vụ được giao, thực hiện các cam kết trong bản Giao ước thi đua đã ký kết; công tác phối hợp "
    "giữa các đơn vị đã được quan tâm hơn; công tác thi đua đã được chú trọng hơn, gắn với việc triển khai "
    "các hoạt động của đơn vị. Cơ bản Khối cơ quan Bộ đã hoàn thành các kế hoạch đề ra trong năm 2016.\n\n"
    "Hội nghị thông qua Báo cáo công tác Thi đua năm 2016 và phương hướng, nhiệm vụ năm 2017 "
    "(phiên bản 3).\n\n"
    "Hội nghị đã bỏ phiếu bầu 03 đơn vị đạt danh hiệu “Cờ thi đua của Bộ năm 2016”: Vụ Khoa học Xã hội và Tự "
    "nhiên, Vụ KH&CN các ngành Kinh tế – Kỹ thuật, Vụ Đánh giá, Thẩm định và Giám định công nghệ; 01 đơn vị "
    "đạt danh hiệu “Cờ thi đua của Chính phủ năm 2016”: Vụ Đánh giá, Thẩm định và Giám định công nghệ.\n\n"
    "Phương hướng, nhiệm vụ năm 2017: " + DIRECTION.replace("\n\n", " ")
)

# ---- the bloc's year report -----------------------------------------------------------------------------

REPORT_TITLE = "Báo cáo công tác Thi đua năm 2016 và phương hướng, nhiệm vụ năm 2017"
REPORT_DRAFTED_ON = date(2016, 12, 16)
HEADINGS = {
    "results": "Kết quả thực hiện công tác thi đua năm 2016",
    "evaluation": "Đánh giá chung",
    "direction": "Phương hướng, nhiệm vụ năm 2017",
}
RESULTS = (
    "Năm 2016, các đơn vị trong Khối thi đua cơ quan Bộ đã nỗ lực thực hiện các nhiệm vụ được giao, thực "
    "hiện các cam kết trong bản Giao ước thi đua các đơn vị trong Khối đã ký kết. Toàn thể cán bộ, công chức "
    "trong Khối đã được tham gia học tập và triển khai thực hiện Nghị quyết Đại hội Đảng toàn quốc lần thứ "
    "XII, Nghị quyết Đại hội Đảng bộ Bộ KH&CN lần thứ XXII nhiệm kỳ 2016-2020. Các Quy chế làm việc, các Quy "
    "định của Bộ theo chức năng đã được chấp hành nghiêm túc. Hệ thống chính trị, xây dựng chính quyền, đoàn "
    "thể quần chúng đều đã được quan tâm xây dựng; hoạt động của các đơn vị luôn được gắn với chủ đề “Đoàn "
    "kết – Kỷ cương – Trí tuệ – Hiệu quả”.\n\n"
    "Công tác xây dựng cơ quan vững mạnh đã được quan tâm, các đơn vị đã triển khai đẩy mạnh cải cách hành "
    "chính."
)
EVALUATION = (
    "Công tác phối hợp giữa các đơn vị trong Khối đã được quan tâm hơn, nhất là sự phối hợp giữa các chuyên "
    "viên trong việc xử lý các nội dung liên quan. Cơ bản thực hiện tốt việc tham gia xây dựng và góp ý kiến "
    "để hoàn thiện các văn bản theo yêu cầu cả về chất lượng và tiến độ thời gian; cấp Lãnh đạo các Vụ, đơn "
    "vị đã chủ động phối hợp trao đổi biện pháp giải quyết các vấn đề nhằm bảo đảm nội dung tham mưu cho "
    "Lãnh đạo Bộ được thống nhất.\n\n"
    "Công tác thi đua đã được chú trọng hơn, gắn với việc triển khai các hoạt động của đơn vị; các đơn vị đã "
    "triển khai tổng kết, bình xét thi đua của đơn vị năm 2016 bảo đảm đúng thời gian theo quy định."
)
DRAFT_NOTE = "Dự thảo của Khối trưởng gửi các đơn vị trong Khối góp ý."

# The members' contributions: (unit code, section, text, day proposed, status, reply or None, day answered).
# The two accepted additions bring the draft to the article's text (versions 2 and 3, in this order).
CONTRIBUTIONS: list[tuple[str, str, str, date, str, str | None, date]] = [
    (
        "VP",
        "results",
        "Các đơn vị đã tổ chức học tập và thí điểm vận hành Phần mềm Quản lý và xử lý văn bản theo hướng dẫn "
        "của Bộ, bảo đảm đủ điều kiện triển khai khi Phần mềm chính thức đi vào vận hành.",
        date(2016, 12, 19),
        "accepted",
        "Tiếp thu, bổ sung vào mục Kết quả.",
        date(2016, 12, 22),
    ),
    (
        "TCCB",
        "evaluation",
        "Các đơn vị trong Khối tạo điều kiện cho cán bộ tham gia học tập nâng cao trình độ; nội bộ cơ quan, "
        "đơn vị đoàn kết, thống nhất.",
        date(2016, 12, 20),
        "accepted",
        "Tiếp thu, bổ sung vào mục Đánh giá chung.",
        date(2016, 12, 23),
    ),
    (
        "CCTPN",
        "direction",
        "Đề nghị Khối tổ chức Hội nghị tổng kết năm 2017 tại Thành phố Hồ Chí Minh, kết hợp khảo sát các mô "
        "hình đưa KH&CN về nông thôn ở các tỉnh phía Nam.",
        date(2016, 12, 21),
        "declined",
        "Cảm ơn Cục Công tác phía Nam. Địa điểm và hình thức Hội nghị tổng kết năm 2017 do Khối trưởng năm "
        "2017 đề xuất trong Kế hoạch thi đua của Khối, không thuộc nội dung Báo cáo năm 2016; đề nghị Cục "
        "gửi đề xuất tới Khối trưởng năm 2017.",
        date(2016, 12, 23),
    ),
]
