"""Plain data for the generated documents: what the services will map their rows to."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.proposals.documents import council_minutes_docx as cm
from app.proposals.documents import decision_docx as dd
from app.proposals.documents import submission_docx as sd

MINISTRY = dd.Authority(
    name="Bộ Khoa học và Công nghệ",
    symbol="BKHCN",
    competence="Bộ trưởng Bộ Khoa học và Công nghệ",
)
DEPUTY = dd.Signature(position="Thứ trưởng", name="Trần Văn Ký", on_behalf_of="Bộ trưởng")
GROUNDS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
    "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ",
)
FLAG_2016 = 18_760_000  # 15.5 × 1,210,000 = 18,755,000, rounded up to 10,000 (law.md §6)


def award_decision() -> dd.AwardDecision:
    units = ("Văn phòng Bộ", "Vụ Tổ chức cán bộ", "Cục Sở hữu trí tuệ")
    return dd.AwardDecision(
        authority=MINISTRY,
        number=123,
        signed_on=date(2017, 1, 5),
        subject="tặng Cờ thi đua của Bộ năm 2016",
        grounds=GROUNDS,
        proposed_by="Chủ tịch Hội đồng Thi đua - Khen thưởng Bộ",
        award_text="Tặng Cờ thi đua của Bộ Khoa học và Công nghệ năm 2016 cho 03 tập thể có thành tích "
        "xuất sắc, dẫn đầu phong trào thi đua năm 2016",
        recipients=tuple(
            dd.Recipient(
                name=u, award="Cờ thi đua của Bộ năm 2016", amount_vnd=FLAG_2016, certificate_number=f"C-{i}"
            )
            for i, u in enumerate(units, start=1)
        ),
        fund="Quỹ thi đua, khen thưởng của Bộ Khoa học và Công nghệ",
        executors=(
            "Chánh Văn phòng Bộ",
            "Vụ trưởng Vụ Tổ chức cán bộ",
            "Thủ trưởng các đơn vị có tên tại Điều 1",
        ),
        copies=("Như Điều 3", "Bộ trưởng (để báo cáo)"),
        archive="VT, TCCB",
        signature=DEPUTY,
    )


def revocation() -> dd.RevocationDecision:
    return dd.RevocationDecision(
        authority=MINISTRY,
        number=7,
        signed_on=date(2018, 3, 12),
        ground=dd.RevocationGround(
            text="Gian dối trong việc kê khai công trạng, thành tích",
            citation="điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15",
        ),
        revoked_number="45/QĐ-BKHCN",
        revoked_on=date(2017, 2, 20),
        revoked_subject="tặng Bằng khen của Bộ trưởng năm 2016",
        findings="Kết luận thanh tra số 12/KL-TTr ngày 01/3/2018 xác định thành tích đã kê khai không "
        "đúng sự thật.",
        grounds=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
        proposed_by="Vụ trưởng Vụ Tổ chức cán bộ",
        items=(
            dd.RevokedAward(
                name="Ông Lê Văn Cường, Chuyên viên, Cục Sở hữu trí tuệ",
                award="Bằng khen của Bộ trưởng",
                object_recovered="Bằng khen",
                amount_vnd=1_210_000,
                certificate_number="BK-2017-045",
            ),
        ),
        repay_to="Quỹ thi đua, khen thưởng của Bộ Khoa học và Công nghệ",
        repay_by=date(2018, 4, 12),
        executors=("Chánh Văn phòng Bộ", "Cục trưởng Cục Sở hữu trí tuệ", "Ông Lê Văn Cường"),
        copies=("Như Điều 3",),
        archive="VT, TCCB",
        signature=dd.Signature(position="Bộ trưởng", name="Nguyễn Quân"),
    )


MEMBERS = tuple(cm.Member(name=f"Thành viên Số {i:02d}", role="Ủy viên") for i in range(1, 16))


def council_minutes() -> cm.CouncilMinutes:
    present = (
        cm.Member("Nguyễn Chủ Tịch", "Chủ tịch Hội đồng"),
        *MEMBERS[1:12],
        cm.Member("Phạm Thư Ký", "Ủy viên, Thư ký Hội đồng"),
    )
    absent = (
        cm.AbsentMember("Đỗ Vắng Một", "Ủy viên", written_opinion=True),
        cm.AbsentMember("Hồ Vắng Hai", "Ủy viên", written_opinion=False),
    )
    return cm.CouncilMinutes(
        council="Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ",
        ministry="Bộ Khoa học và Công nghệ",
        symbol="HĐTĐKT",
        meeting="xét đề nghị khen thưởng năm 2024",
        started_at=datetime(2024, 12, 20, 7, 30, tzinfo=UTC),  # 14:30 in Hà Nội
        ended_at=datetime(2024, 12, 20, 10, 5, tzinfo=UTC),
        venue="Phòng họp số 1, trụ sở Bộ",
        chair="Nguyễn Chủ Tịch",
        secretary="Phạm Thư Ký",
        total_members=15,
        present=present,
        absent=absent,
        quorum_required=10,
        quorum_rule="ít nhất 2/3 tổng số thành viên",
        secret_ballot=True,
        items=(
            cm.AgendaItem(
                subject="Ông Nguyễn Văn An, Vụ Tổ chức cán bộ",
                award="Chiến sĩ thi đua cấp Bộ năm 2024",
                yes=14,
                no=0,
                abstain=0,
                written=1,
                threshold_percent=90,
                required=14,
                passed=True,
            ),
            cm.AgendaItem(
                subject="Bà Trần Thị Bình, Văn phòng Bộ",
                award="Chiến sĩ thi đua cấp Bộ năm 2024",
                yes=13,
                no=1,
                abstain=0,
                written=1,
                threshold_percent=90,
                required=14,
                passed=False,
            ),
            cm.AgendaItem(
                subject="Văn phòng Bộ",
                award="Cờ thi đua của Bộ năm 2024",
                yes=12,
                no=1,
                abstain=1,
                written=1,
                threshold_percent=80,
                required=12,
                passed=True,
            ),
        ),
        invitees=("Đại diện Công đoàn Bộ",),
    )


def submission() -> sd.Submission:
    return sd.Submission(
        unit="Vụ Tổ chức cán bộ",
        unit_symbol="TCCB",
        parent="Bộ Khoa học và Công nghệ",
        submitted_on=date(2024, 12, 10),
        number=58,
        addressee="Bộ trưởng Bộ Khoa học và Công nghệ",
        subject="đề nghị khen thưởng năm 2024",
        grounds=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
        items=(
            sd.SubmissionItem(
                subject="Ông Nguyễn Văn An, Chuyên viên chính",
                award="Chiến sĩ thi đua cấp Bộ năm 2024",
                achievements="Chủ trì 02 sáng kiến được công nhận, áp dụng toàn Bộ.",
            ),
            sd.SubmissionItem(
                subject="Phòng Tổng hợp",
                award="Bằng khen của Bộ trưởng",
                achievements="Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục.",
            ),
        ),
        enclosures=(
            "Biên bản họp Hội đồng Thi đua - Khen thưởng đơn vị",
            "Báo cáo thành tích của từng trường hợp",
        ),
        request="Kính đề nghị Bộ trưởng xem xét, quyết định.",
        copies=("Như trên",),
        archive="VT, TCCB",
        signatory=sd.Signatory(position="Vụ trưởng", name="Lê Thị Hoa"),
    )


def report(kind: str = "individual") -> sd.ReportSkeleton:
    return sd.ReportSkeleton(
        kind=kind,  # type: ignore[arg-type]
        award="Chiến sĩ thi đua cấp Bộ năm 2024",
        name="Ông Nguyễn Văn An" if kind == "individual" else "Phòng Tổng hợp",
        unit="Vụ Tổ chức cán bộ",
        parent="Bộ Khoa học và Công nghệ",
        period="năm 2024",
        on=date(2024, 11, 25),
        prior_titles=(
            sd.PriorAward(
                2022, "Chiến sĩ thi đua cơ sở", "Quyết định số 45/QĐ-BKHCN ngày 20/12/2022 của Bộ trưởng"
            ),
        ),
    )
