"""Small builders for the criteria several forms share ("had X, then N years HTXSNV with …"), so each
entry's table reads as the law's sentence."""

from __future__ import annotations

from app.law.spec import (
    Citation,
    CountAwards,
    HasAchievement,
    HeldBefore,
    Judgement,
    OncePerYear,
    Option,
    RatedAtLeast,
)
from app.law.tables.common import CURRENT_LAW, LAW_2003, LAW_2022, cite, name_vi
from app.models.enums import AchievementKind, Rating, RecognitionScope


def judgement(code: str, c: Citation, en: str, vi: str) -> Judgement:
    return Judgement(code=code, citation=c, rule_en=en, rule_vi=vi)


def judged(en: str, vi: str, c: Citation) -> Option:
    return Option(en, vi, (judgement("judgement", c, en, vi),))


def rated(c: Citation, rating: Rating, years: int) -> RatedAtLeast:
    vi = "hoàn thành xuất sắc nhiệm vụ" if rating is Rating.EXCELLENT else "hoàn thành tốt nhiệm vụ trở lên"
    return RatedAtLeast(
        code="consecutive_rating",
        citation=c,
        min_rating=rating,
        years=years,
        rule_en=f"{years} consecutive years rated at least {rating.value}",
        rule_vi=f"{years} năm liên tục {vi}",
    )


def achieved(
    c: Citation, kind: AchievementKind, scope: RecognitionScope, count: int, years: int
) -> HasAchievement:
    what = (
        ("initiatives", "sáng kiến") if kind is AchievementKind.INITIATIVE else ("research works", "đề tài")
    )
    return HasAchievement(
        code="achievements",
        citation=c,
        min_scope=scope,
        kinds=(kind,),
        count=count,
        years=years,
        rule_en=f"{count} {what[0]} recognised at {scope.value} scope or wider, applied, in {years} years",
        rule_vi=f"{count} {what[1]} được công nhận, áp dụng trong {years} năm",
    )


def had_before(c: Citation, code: str, years: int) -> HeldBefore:
    return HeldBefore(
        code="had_before",
        citation=c,
        award_code=code,
        years_before=years,
        rule_en=f"Had {name_vi(code)} before the {years} years counted",
        rule_vi=f"Đã được tặng {name_vi(code)} trước {years} năm được tính",
    )


def count_awards(c: Citation, code: str, count: int, years: int) -> CountAwards:
    return CountAwards(
        code="awards_in_period",
        citation=c,
        award_code=code,
        count=count,
        years=years,
        rule_en=f"{count} × {name_vi(code)} within those {years} years",
        rule_vi=f"{count} lần {name_vi(code)} trong {years} năm đó",
    )


def once_per_year(regime: str) -> OncePerYear:
    law = LAW_2022 if regime in CURRENT_LAW else LAW_2003
    c = cite(f"{law} (nguyên tắc khen thưởng)", confirmed=False, note="no per-year limit found; a setting")
    return OncePerYear(
        code="once_per_year",
        citation=c,
        setting="forms_per_year",
        rule_en="At most one Bằng khen of this level per subject per year for regular achievements",
        rule_vi="Mỗi năm không quá một Bằng khen cùng cấp cho một đối tượng đối với khen thưởng thường xuyên",
    )
