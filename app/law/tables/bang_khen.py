"""Bằng khen of the Minister and of the Prime Minister (law.md section 3), per regime. "One of" options
become one criterion whose evidence shows each option."""

from __future__ import annotations

from app.law.spec import CriterionSpec, Entry, HoldsTitle, Judgement, OneOf, Option
from app.law.tables.build import make_entry
from app.law.tables.common import CURRENT_LAW, D65, D91, LAW_2022, MINISTER, PRIME_MINISTER, TT25, cite
from app.law.tables.parts import achieved, count_awards, had_before, judged, once_per_year, rated
from app.models.enums import AchievementKind, FormSubject, Rating, RecognitionScope

IND = FormSubject.INDIVIDUAL
COLL = FormSubject.COLLECTIVE


def _bk_bo_individual(regime: str) -> OneOf:
    if regime == "R2025":
        c = cite(f"{TT25}, Điều 7")
        options: tuple[Option, ...] = (
            judged(
                "excellent in a movement launched by the Minister",
                "xuất sắc trong phong trào thi đua do Bộ trưởng phát động",
                c,
            ),
            judged(
                "an achievement with ministry-wide effect", "có thành tích có phạm vi ảnh hưởng trong Bộ", c
            ),
            judged(
                "a socio-economic or charitable contribution",
                "có đóng góp cho phát triển kinh tế - xã hội, từ thiện",
                c,
            ),
            Option(
                "2 consecutive CSTĐCS",
                "2 lần liên tục đạt CSTĐCS",
                (
                    HoldsTitle(
                        code="consecutive_cstdcs",
                        citation=c,
                        title="chien_si_thi_dua_co_so",
                        years=2,
                        rule_en="CSTĐCS in 2 consecutive years",
                        rule_vi="2 năm liên tục đạt CSTĐCS",
                    ),
                ),
            ),
            Option(
                "2 years HTXSNV with 2 base-level initiatives",
                "2 năm liên tục HTXSNV, có 2 sáng kiến cấp cơ sở",
                (
                    rated(c, Rating.EXCELLENT, 2),
                    achieved(c, AchievementKind.INITIATIVE, RecognitionScope.UNIT, 2, 2),
                ),
            ),
            Option(
                "2 years HTXSNV with 2 accepted and applied S&T tasks",
                "2 năm liên tục HTXSNV, có 2 nhiệm vụ KH&CN được nghiệm thu, áp dụng",
                (
                    rated(c, Rating.EXCELLENT, 2),
                    achieved(c, AchievementKind.RESEARCH, RecognitionScope.UNIT, 2, 2),
                ),
            ),
            judged(
                "long service (10 years men / 8 women, 5 years ≥ good) at a round anniversary",
                "có quá trình công tác lâu năm, vào dịp kỷ niệm chẵn",
                c,
            ),
        )
    else:
        if regime == "R2016":
            c = cite(f"{D65}, Điều 24")
        elif regime == "R2017":
            c = cite(D91, confirmed=False, note="article not read; default: the 65/2014 Art 24 options")
        else:
            note = "article number inferred; options as restated by Bắc Ninh QĐ 86/2025 Art 3(3)"
            c = cite(f"{LAW_2022}, Điều 74", confirmed=False, note=note)
        options = (
            judged(
                "excellent in a movement of the ministry",
                "tiêu biểu xuất sắc trong phong trào thi đua của Bộ",
                c,
            ),
            judged(
                "several achievements with ministry-wide effect",
                "có nhiều thành tích có phạm vi ảnh hưởng trong Bộ",
                c,
            ),
            Option(
                "2 years HTXSNV with 2 base-level initiatives",
                "2 năm liên tục HTXSNV, có 2 sáng kiến cấp cơ sở",
                (
                    rated(c, Rating.EXCELLENT, 2),
                    achieved(c, AchievementKind.INITIATIVE, RecognitionScope.UNIT, 2, 2),
                ),
            ),
        )
    return OneOf(
        code="bk_options",
        citation=c,
        for_subject=IND,
        options=options,
        rule_en="One of the options for an individual",
        rule_vi="Đạt một trong các tiêu chuẩn đối với cá nhân",
    )


def _bk_bo_collective(regime: str) -> CriterionSpec:
    if regime in CURRENT_LAW:
        if regime == "R2025":
            c = cite(f"{TT25}, Điều 7", note="plus democracy and thrift, not checked")
        else:
            c = cite(
                f"{LAW_2022}, Điều 74",
                confirmed=False,
                note="article inferred; default: MOST TT 25/2025 Art 7",
            )
        return OneOf(
            code="bk_options",
            citation=c,
            for_subject=COLL,
            rule_en="One of the options for a collective",
            rule_vi="Đạt một trong các tiêu chuẩn đối với tập thể",
            options=(
                Option(
                    "2 consecutive years HTXSNV", "2 năm liên tục HTXSNV", (rated(c, Rating.EXCELLENT, 2),)
                ),
                Option(
                    "2 consecutive years TT LĐXS",
                    "2 năm liên tục đạt Tập thể lao động xuất sắc",
                    (
                        HoldsTitle(
                            code="consecutive_tt_ldxs",
                            citation=c,
                            title="tap_the_lao_dong_xuat_sac",
                            years=2,
                            rule_en="TT LĐXS in 2 consecutive years",
                            rule_vi="2 năm liên tục đạt TT LĐXS",
                        ),
                    ),
                ),
                judged(
                    "≥ 10 years since founding, 5 years ≥ good, at a round anniversary",
                    "thành lập từ 10 năm, 5 năm liên tục hoàn thành tốt nhiệm vụ, vào dịp kỷ niệm chẵn",
                    c,
                ),
            ),
        )
    c = cite(
        "Luật 39/2013/QH13, khoản 39", confirmed=False, note="collective criteria not detailed in law.md"
    )
    return Judgement(
        code="bk_collective",
        citation=c,
        for_subject=COLL,
        rule_en="The collective's achievements, per the Law's criteria for a Minister's Bằng khen",
        rule_vi="Thành tích của tập thể theo tiêu chuẩn Bằng khen cấp Bộ",
    )


def _bk_ttg(regime: str) -> tuple[CriterionSpec, ...]:
    if regime == "R2016":
        c = coll_c = cite(f"{D65}, Điều 23")
    elif regime == "R2017":
        c = coll_c = cite(D91, confirmed=False, note="article not read; default: the 65/2014 Art 23 options")
    else:
        c = cite(f"{LAW_2022}, Điều 73", note="further options not read")
        coll_c = cite(
            f"{LAW_2022}, Điều 73",
            confirmed=False,
            note="collective criteria: default the 65/2014 Art 23 shape",
        )
    bk_bo = "bang_khen_bo_truong"
    if regime in CURRENT_LAW:
        ind = (
            judged("outstanding in an emulation movement", "tiêu biểu xuất sắc trong phong trào thi đua", c),
            Option(
                "had a BK Bộ, then ≥ 5 years ≥ good with 3 CSTĐCS",
                "đã có Bằng khen cấp Bộ, 5 năm liên tục hoàn thành tốt nhiệm vụ, có 3 lần CSTĐCS",
                (
                    had_before(c, bk_bo, 5),
                    rated(c, Rating.GOOD, 5),
                    count_awards(c, "chien_si_thi_dua_co_so", 3, 5),
                ),
            ),
            judged(
                "many or sudden achievements with ministry-wide influence",
                "lập được nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong Bộ",
                c,
            ),
        )
    else:
        ind = (
            judged(
                "outstanding in the review of a ≥ 3-year movement",
                "tiêu biểu trong sơ kết, tổng kết phong trào từ 3 năm",
                c,
            ),
            judged(
                "several or sudden achievements with ministry-wide effect",
                "nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong Bộ",
                c,
            ),
            Option(
                "had a BK Bộ, then 5 years HTXSNV with 5 base-level initiatives",
                "đã có Bằng khen cấp Bộ, 5 năm liên tục HTXSNV, có 5 sáng kiến cấp cơ sở",
                (
                    had_before(c, bk_bo, 5),
                    rated(c, Rating.EXCELLENT, 5),
                    achieved(c, AchievementKind.INITIATIVE, RecognitionScope.UNIT, 5, 5),
                ),
            ),
        )
    coll = (
        judged(
            "outstanding in the review of a ≥ 3-year movement",
            "tiêu biểu trong sơ kết, tổng kết phong trào từ 3 năm",
            coll_c,
        ),
        judged("a sudden achievement", "có thành tích đột xuất", coll_c),
        Option(
            "had a BK Bộ, then 5 years HTXSNV with 1 ministry flag",
            "đã có Bằng khen cấp Bộ, 5 năm liên tục HTXSNV, có 1 Cờ thi đua cấp Bộ",
            (
                had_before(coll_c, bk_bo, 5),
                rated(coll_c, Rating.EXCELLENT, 5),
                count_awards(coll_c, "co_thi_dua_bo", 1, 5),
            ),
        ),
    )
    return (
        OneOf(
            code="bk_options",
            citation=c,
            for_subject=IND,
            options=ind,
            rule_en="One of the options for an individual",
            rule_vi="Đạt một trong các tiêu chuẩn đối với cá nhân",
        ),
        OneOf(
            code="bk_options",
            citation=coll_c,
            for_subject=COLL,
            options=coll,
            rule_en="One of the options for a collective",
            rule_vi="Đạt một trong các tiêu chuẩn đối với tập thể",
        ),
    )


def bang_khen_bo_truong(regime: str) -> Entry:
    criteria = (_bk_bo_individual(regime), _bk_bo_collective(regime), once_per_year(regime))
    return make_entry(
        "bang_khen_bo_truong",
        regime,
        kind="form",
        subject=FormSubject.BOTH,
        level="ministry",
        authority_vi=MINISTER,
        criteria=criteria,
    )


def bang_khen_thu_tuong(regime: str) -> Entry:
    return make_entry(
        "bang_khen_thu_tuong",
        regime,
        kind="form",
        subject=FormSubject.BOTH,
        level="government",
        authority_vi=PRIME_MINISTER,
        criteria=(*_bk_ttg(regime), once_per_year(regime)),
    )


BUILDERS = (bang_khen_bo_truong, bang_khen_thu_tuong)
