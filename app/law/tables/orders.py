"""Orders (huân chương), law.md section 3: by name, level and cash; criteria are the council's judgement,
except Huân chương Lao động hạng Ba under ``R2016``, whose shape 65/2014 Art 17 gives."""

from __future__ import annotations

from app.law.spec import Citation, CriterionSpec, Entry, OneOf, Option
from app.law.tables.build import make_entry
from app.law.tables.cash import ORDERS_COLLECTIVE
from app.law.tables.common import CURRENT_LAW, D65, LAW_2003, LAW_2022, PRESIDENT, cite, name_vi
from app.law.tables.parts import achieved, count_awards, had_before, judged, judgement, rated
from app.models.enums import AchievementKind, FormSubject, Rating, RecognitionScope

BK_TTG = "bang_khen_thu_tuong"
FLAG = "co_thi_dua_bo"


def _citation(regime: str) -> Citation:
    if regime in CURRENT_LAW:
        note = "the order's article is not in law.md; Art 33 lists the orders"
        return cite(LAW_2022, confirmed=False, note=note)
    return cite(LAW_2003, confirmed=False, note="criteria not in law.md")


def _labour_third_2016() -> tuple[CriterionSpec, ...]:
    """65/2014 Art 17: had a PM's Bằng khen, then 5 consecutive years HTXSNV with …"""
    c = cite(f"{D65}, Điều 17")
    five = (had_before(c, BK_TTG, 5), rated(c, Rating.EXCELLENT, 5))
    founded = judgement("founded_10_years", c, "Founded at least 10 years ago", "Thành lập từ 10 năm trở lên")
    individual = OneOf(
        code="order_options",
        citation=c,
        for_subject=FormSubject.INDIVIDUAL,
        rule_en="One of the options for an individual",
        rule_vi="Đạt một trong các tiêu chuẩn đối với cá nhân",
        options=(
            Option(
                "had a PM's BK, then 5 years HTXSNV with 2 ministry-level initiatives",
                "đã có Bằng khen Thủ tướng, 5 năm liên tục HTXSNV, có 2 sáng kiến cấp Bộ",
                (*five, achieved(c, AchievementKind.INITIATIVE, RecognitionScope.MINISTRY, 2, 5)),
            ),
            judged("an outstanding sudden achievement", "lập được thành tích đột xuất xuất sắc", c),
        ),
    )
    collective = OneOf(
        code="order_options",
        citation=c,
        for_subject=FormSubject.COLLECTIVE,
        rule_en="One of the options for a collective (founded ≥ 10 years, had a PM's BK)",
        rule_vi="Đạt một trong các tiêu chuẩn đối với tập thể",
        options=(
            Option(
                "then 5 years HTXSNV with 2 ministry flags",
                "5 năm liên tục HTXSNV, có 2 Cờ thi đua cấp Bộ",
                (founded, *five, count_awards(c, FLAG, 2, 5)),
            ),
            Option(
                "then 5 years HTXSNV with 1 ministry flag and 2 Minister's BK",
                "5 năm liên tục HTXSNV, có 1 Cờ thi đua cấp Bộ và 2 Bằng khen cấp Bộ",
                (founded, *five, count_awards(c, FLAG, 1, 5), count_awards(c, "bang_khen_bo_truong", 2, 5)),
            ),
        ),
    )
    return (individual, collective)


def order(code: str, regime: str) -> Entry:
    if code == "huan_chuong_lao_dong_hang_ba" and regime == "R2016":
        criteria = _labour_third_2016()
    else:
        criteria = (
            judgement(
                "council_judgement",
                _citation(regime),
                f"The criteria of the {name_vi(code)} need the council's judgement",
                f"Tiêu chuẩn {name_vi(code)} cần Hội đồng xem xét, đánh giá",
            ),
        )
    return make_entry(
        code,
        regime,
        kind="form",
        subject=FormSubject.BOTH,
        level="state",
        authority_vi=PRESIDENT,
        criteria=criteria,
    )


ORDER_CODES = tuple(ORDERS_COLLECTIVE)
