"""The commendation procedure as data (law.md sections 2.4, 4 and 5): time limits, public consultation, who
decides, the dossier, the council's secret ballot and quorum, and the grounds for revocation.

Every value carries its citation; ``confirmed=False`` marks what law.md could not confirm, and where such a
value is a number the office may need to change it is a setting (``app.core.config``, "issue 13" block):
the table gives the law.md default and the setting's name. Read through ``app.law.procedure``.
"""

from __future__ import annotations

from app.law.spec import Citation
from app.law.tables.common import CURRENT_LAW, D65, D91, D98, D152, LAW_2003, LAW_2022, TT25, cite
from app.law.tables.orders import ORDER_CODES

# ---- the codes the procedure tells apart ----------------------------------------------------------------

LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"
CSTD_BO = "chien_si_thi_dua_cap_bo"
CSTD_TQ = "chien_si_thi_dua_toan_quoc"
TT_LDTT = "tap_the_lao_dong_tien_tien"
TT_LDXS = "tap_the_lao_dong_xuat_sac"
CO_BO = "co_thi_dua_bo"
CO_CP = "co_thi_dua_chinh_phu"
GIAY_KHEN = "giay_khen"
BK_BO = "bang_khen_bo_truong"
BK_TTG = "bang_khen_thu_tuong"
KNC = "ky_niem_chuong"
# State honorary titles (danh hiệu vinh dự Nhà nước). The catalogue holds no entry for them yet; the
# procedure knows them so that a proposal for one is routed (consultation, ballot, the President) rightly.
ANH_HUNG = ("anh_hung_lao_dong", "anh_hung_luc_luong_vu_trang_nhan_dan")
ORDERS = ORDER_CODES

# ---- who decides (law.md 2.1–2.2 "Decides", section 3, section 4 steps 3, 7, 8) -------------------------

UNIT_HEAD_CODES = (LDTT, CSTDCS, TT_LDTT, GIAY_KHEN)
MINISTER_CODES = (CO_BO, CSTD_BO, TT_LDXS, BK_BO, KNC)
PRIME_MINISTER_CODES = (CO_CP, CSTD_TQ, BK_TTG)
PRESIDENT_CODES = (*ORDERS, *ANH_HUNG)

UNIT_HEAD_CITE = {
    "R2016": cite(f"{D65}, điểm b khoản 2 Điều 26"),
    "R2017": cite(
        LAW_2003,
        confirmed=False,
        note="same split as 65/2014 Art 26(2)(b) and Law 06/2022 Art 80(1) (law.md)",
    ),
    "R2024": cite(f"{LAW_2022}, khoản 1 Điều 80"),
    "R2025": cite(f"{LAW_2022}, khoản 1 Điều 80"),
}
MINISTER_CITE = cite(
    "Thông tư hướng dẫn của Bộ (ví dụ TT 38/2018/TT-BYT Điều 31, TT 06/2015/TT-BXD Điều 7)",
    confirmed=False,
    note="the Law article for the Minister's authority is unconfirmed (Law 06/2022 Art 78 or 79)",
)
PRIME_MINISTER_CITE = {
    "R2016": cite(LAW_2003, confirmed=False, note="article number not in law.md"),
    "R2017": cite(LAW_2003, confirmed=False, note="article number not in law.md"),
    "R2024": cite(f"{LAW_2022}, Điều 77", confirmed=False, note="article number unconfirmed (law.md §4)"),
    "R2025": cite(f"{LAW_2022}, Điều 77", confirmed=False, note="article number unconfirmed (law.md §4)"),
}
PRESIDENT_CITE = cite(
    "Chủ tịch nước quyết định theo đề nghị của Thủ tướng Chính phủ",
    confirmed=False,
    note="article number not in law.md; the orders and honorary titles are the President's (law.md §3)",
)

# ---- time limits (law.md section 4) --------------------------------------------------------------------

QD_638 = "Quyết định 638/QĐ-BNV năm 2025"
QD_311 = "Quyết định 311/QĐ-BNV năm 2025"

APPRAISAL_SETTING = "procedure_appraisal_days"
CONSULTATION_SETTING = "procedure_consultation_days"
RETURN_FIX_SETTING = "procedure_return_fix_days"
QUORUM_SETTING = "council_quorum_share"
ROUNDING_SETTING = "council_vote_rounding"


def appraisal_citation(regime: str) -> Citation:
    """20 WD from a complete dossier: published for the commune-level procedure, the same at ministry level
    [unconfirmed]; before R2025 nothing was found."""
    note = (
        "20 WD from a complete dossier is published for the internal commune-level procedure; the same "
        f"limit at ministry level is unconfirmed: setting {APPRAISAL_SETTING}, default 20"
    )
    if regime != "R2025":
        note = f"no limit found for {regime}; " + note
    return cite(f"{QD_638}; {TT25}, Điều 22", confirmed=False, note=note)


def consultation_citation(regime: str, *, anh_hung: bool) -> Citation:
    """The period of public consultation: 10 WD is the period used in 2025 postings for Anh hùng
    candidates; every other case is unconfirmed. One setting for all (default 10)."""
    days = f"setting {CONSULTATION_SETTING}, default 10 WD"
    if regime in CURRENT_LAW and anh_hung:
        text = f"{D152}, khoản 2 Điều 44" if regime == "R2025" else f"{D98}, khoản 1 Điều 46"
        return cite(text, note=f"10 WD is the period used in the 2025 postings citing it; {days}")
    if regime in CURRENT_LAW:
        return cite(
            f"{LAW_2022}, khoản 7 Điều 84",
            confirmed=False,
            note="the Government details public disclosure; that CSTĐ toàn quốc and orders are still "
            f"disclosed, and for how long, is unconfirmed (law.md §4); {days}",
        )
    if regime == "R2017":
        return cite(
            f"{D91}, khoản 10 Điều 45; Thông tư 12/2019/TT-BNV",
            note=f"public disclosure on the agency's media; the period is unconfirmed: {days}",
        )
    return cite(
        D65,
        confirmed=False,
        note=f"no rule found for R2016; default as R2017 (91/2017 Art 45(10)); {days}",
    )


COUNCIL_STEP = cite(
    f"{D98}, khoản 7 Điều 30; CV 5007/BNV-TĐKT",
    note="the council's quorum and thresholds (law.md §2.4); the law sets no time limit for the session",
)
SIGNING_STEP = cite(
    "Thông tư hướng dẫn của Bộ",
    confirmed=False,
    note="the law sets no time limit between the council and the decision (law.md §4 step 7)",
)
RETURN_FIX_CITE = cite(
    "Không quy định (thiết lập của Bộ)",
    confirmed=False,
    note=f"not in law.md: the time a unit has to resubmit a returned proposal is the ministry's; setting "
    f"{RETURN_FIX_SETTING}, default 10 WD",
)

# The upward steps once the Minister forwards (Cờ Chính phủ, CSTĐ toàn quốc, BK TTg, orders, Anh hùng).
# (code, working days, Vietnamese, English)
UPWARD_STAGES: tuple[tuple[str, int, str, str], ...] = (
    (
        "home_affairs_return",
        5,
        "Bộ Nội vụ trả lại hồ sơ không đủ điều kiện, thủ tục (5 ngày làm việc kể từ ngày nhận)",
        "Home Affairs returns a file not meeting the criteria or dossier rules (5 WD from receipt)",
    ),
    (
        "home_affairs_appraisal",
        20,
        "Bộ Nội vụ thẩm định, trình Thủ tướng Chính phủ (20 ngày làm việc kể từ ngày nhận đủ hồ sơ)",
        "Home Affairs appraises and submits to the Prime Minister (20 WD from a complete dossier)",
    ),
    (
        "decision_forwarding",
        10,
        "Chuyển quyết định khen thưởng (10 ngày làm việc mỗi bước)",
        "The decision is forwarded to the ministry, then to the awardees (10 WD each step)",
    ),
)
UPWARD_CITE = cite(QD_311, note="the procedures Home Affairs published in 2025")
UPWARD_CITE_OLD = cite(
    QD_311,
    confirmed=False,
    note="published in 2025; applied to this regime as a default (no earlier rule read)",
)

# ---- dossier documents (law.md section 4, Law 06/2022 Art 84(1)–(2)) ----------------------------------

INITIATIVE_TITLES = (CSTDCS, CSTD_BO, CSTD_TQ)

DOSSIER_CITE = {
    "title": cite(f"{LAW_2022}, khoản 1 Điều 84"),
    "form": cite(f"{LAW_2022}, khoản 2 Điều 84"),
}
DOSSIER_CITE_OLD = cite(
    LAW_2003,
    confirmed=False,
    note="the dossier article of the 2003 Law and its decrees was not read; default: Law 06/2022 "
    "Art 84(1)–(2)",
)
MINISTRY_SETS = (
    f"{D152}, điểm c khoản 2 Điều 6 lets each ministry set the dossier for CSTĐCS, LĐTT, TT LĐTT and "
    "Giấy khen; the Law's list is the default"
)
MINISTRY_SET_CODES = (CSTDCS, LDTT, TT_LDTT, GIAY_KHEN)

# ---- the council's secret ballot and quorum (law.md section 2.4) ---------------------------------------

BALLOT_R2017 = (CSTD_BO, CSTD_TQ, *ANH_HUNG)
BALLOT_R2024 = (*ANH_HUNG, CSTD_TQ, CSTD_BO, CSTDCS, CO_BO, CO_CP)
# MOST (TT 25/2025 Art 23): state-level awards (orders, honorary titles, Government flag, PM's BK, CSTĐ toàn
# quốc — the statistics' "khen thưởng cấp Nhà nước"), Cờ Bộ, CSTĐ Bộ, CSTĐCS; on top of R2024's list.
BALLOT_R2025 = (*BALLOT_R2024, BK_TTG, *ORDERS)

BALLOT_CITE = {
    "R2016": cite(
        D65,
        confirmed=False,
        note="items voted by ballot in R2016 are unconfirmed; default as R2017 (91/2017 Art 45(8))",
    ),
    "R2017": cite(f"{D91}, khoản 8 Điều 45", note="one source [S45]"),
    "R2024": cite(f"{D98}, khoản 7 Điều 30", note="one source [S46]"),
}
BALLOT_R2025_LAW = cite(
    f"{D152}; {TT25}, Điều 23",
    confirmed=False,
    note="not in Decree 152/2025 as read: default as R2024 (98/2023 Art 30(7))",
)
BALLOT_R2025_MOST = cite(
    f"{TT25}, Điều 23", note="MOST: a secret ballot for state-level awards, Cờ Bộ, CSTĐ Bộ, CSTĐCS"
)


def quorum_citation(regime: str, *, default: bool) -> Citation:
    setting = f"setting {QUORUM_SETTING}, default 2/3"
    if not default:
        return cite(
            "Thiết lập của Bộ", confirmed=False, note=f"{setting}; the office changed it from the default"
        )
    if regime == "R2025":
        return cite(f"{TT25}, Điều 23", note=f"quorum: 2/3 of the council's members; {setting}")
    return cite(
        f"{TT25}, Điều 23",
        confirmed=False,
        note=f"no quorum found for {regime}; default MOST's 2/3 of R2025; {setting}",
    )


ROUNDING_CITE = cite(
    "law.md §2.4",
    confirmed=False,
    note=f"required = ceil(share × members); the rounding is unconfirmed: setting {ROUNDING_SETTING}",
)

# ---- revocation (law.md section 5) ---------------------------------------------------------------------

# (code, Vietnamese, English, point of Law 06/2022 Art 93(2))
GROUNDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "khai_gian_doi",
        "Gian dối trong việc kê khai công trạng, thành tích",
        "Fraud in declaring merits or achievements",
        "a",
    ),
    (
        "ho_so_gia",
        "Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ đề nghị khen thưởng",
        "False information or forged dossier papers",
        "b",
    ),
    (
        "sai_quy_trinh",
        "Thẩm định, xét duyệt, đề nghị khen thưởng trái pháp luật",
        "Appraisal, review or proposal made contrary to law",
        "c",
    ),
    (
        "vi_pham_trong_ky",
        "Có kết luận, quyết định, bản án của cơ quan có thẩm quyền về vi phạm của cá nhân, tập thể được khen "
        "thưởng dẫn đến không đủ tiêu chuẩn trong thời gian được xét khen thưởng",
        "A competent conclusion, decision or judgment that the awardee's violation means the criteria were "
        "not met in the period counted",
        "d",
    ),
)
OLD_LAW_GROUNDS = ("khai_gian_doi",)
OLD_LAW_REVOCATION = cite(
    f"{LAW_2003}, Điều 96–97 (văn bản hợp nhất)",
    note="fraud in declaring achievements: the decision is annulled, the object and money recovered [S84]",
)


def ground_citation(point: str) -> Citation:
    return cite(f"{LAW_2022}, điểm {point} khoản 2 Điều 93")
