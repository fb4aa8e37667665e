"""Individual titles (law.md section 2.1): LĐTT, CSTĐCS, CSTĐ cấp Bộ, CSTĐ toàn quốc, per regime."""

from __future__ import annotations

from fractions import Fraction

from app.law.spec import (
    AbsentBelow,
    Cap,
    CapSetting,
    Citation,
    CriterionSpec,
    Entry,
    HasAchievement,
    HoldsTitle,
    Judgement,
    NoDiscipline,
    OneOf,
    Option,
    RatedAtLeast,
    WorkedMonths,
)
from app.law.tables.build import make_entry
from app.law.tables.common import (
    CURRENT_LAW,
    D42,
    D65,
    D91,
    LAW_2003,
    LAW_2022,
    MINISTER,
    NOT_READ_91,
    PRIME_MINISTER,
    TT07,
    UNIT_HEAD,
    cite,
)
from app.models.enums import AchievementKind, DisciplineMeasure, FormSubject, Rating, RecognitionScope

LDTT_EXCLUSIONS = "lao_dong_tien_tien_exclusions_current_regime"
CSTDCS_CAP = CapSetting(key="cstdcs_cap_share", of_code="lao_dong_tien_tien", per="unit")


def _ldtt_exclusions(regime: str) -> tuple[CriterionSpec, ...]:
    """65/2014 Art 5: not LĐTT if recruited < 10 months, absent ≥ 40 WD, disciplined at reprimand or
    above. Later regimes keep them by default [unconfirmed], behind a setting."""
    if regime == "R2016":
        c, setting = cite(f"{D65}, Điều 5"), None
    else:
        note = "the R2016 exclusions, kept by default in later regimes [unconfirmed]"
        c, setting = cite(f"{D65}, Điều 5", confirmed=False, note=note), LDTT_EXCLUSIONS
    specs: list[CriterionSpec] = [
        WorkedMonths(
            code="worked_months",
            citation=c,
            enabled_by=setting,
            min_months=10,
            rule_en="Worked at least 10 months in the year (not recruited less than 10 months before)",
            rule_vi="Làm việc đủ 10 tháng trở lên trong năm (không thuộc trường hợp mới tuyển dụng dưới "
            "10 tháng)",
        ),
        AbsentBelow(
            code="absent_days",
            citation=c,
            enabled_by=setting,
            limit=40,
            rule_en="Absent fewer than 40 working days (maternity leave counts as work, 65/2014 Art 5(4))",
            rule_vi="Nghỉ dưới 40 ngày làm việc (thời gian nghỉ thai sản được tính là thời gian công tác)",
        ),
    ]
    if regime in ("R2016", "R2017"):  # the current Law's regimes defer on any discipline already
        specs.append(
            NoDiscipline(
                code="no_discipline",
                citation=c,
                enabled_by=setting,
                min_measure=DisciplineMeasure.REPRIMAND,
                rule_en="Not disciplined at reprimand (khiển trách) or above in the year",
                rule_vi="Không bị kỷ luật từ hình thức khiển trách trở lên trong năm",
            )
        )
    return tuple(specs)


def lao_dong_tien_tien(regime: str) -> Entry:
    if regime in CURRENT_LAW:
        rating_cite = cite(f"{LAW_2022}, khoản 1 Điều 24", note="each ministry details (Art 24(4))")
    else:
        rating_cite = cite(f"{LAW_2003}, Điều 24", note="as amended by Law 39/2013, clause 6")
    rating = RatedAtLeast(
        code="rating",
        citation=rating_cite,
        min_rating=Rating.GOOD,
        rule_en="Rated at least 'completed tasks well' (hoàn thành tốt nhiệm vụ) in the year",
        rule_vi="Được xếp loại hoàn thành tốt nhiệm vụ trở lên trong năm",
    )
    return make_entry(
        "lao_dong_tien_tien",
        regime,
        kind="title",
        subject=FormSubject.INDIVIDUAL,
        level="unit",
        authority_vi=UNIT_HEAD,
        criteria=(rating, *_ldtt_exclusions(regime)),
    )


def _holds_ldtt(c: Citation) -> HoldsTitle:
    return HoldsTitle(
        code="holds_lao_dong_tien_tien",
        citation=c,
        title="lao_dong_tien_tien",
        rule_en="Holds Lao động tiên tiến the same year (proposed or decided)",
        rule_vi="Đạt danh hiệu Lao động tiên tiến trong năm (đã đề nghị hoặc đã quyết định)",
    )


def chien_si_thi_dua_co_so(regime: str) -> Entry:
    if regime in CURRENT_LAW:
        c = cite(f"{LAW_2022}, Điều 23", note="an initiative is no longer mandatory")
        excellent = RatedAtLeast(
            code="rated_excellent",
            citation=c,
            min_rating=Rating.EXCELLENT,
            rule_en="Rated 'completed tasks excellently' (HTXSNV) in the year",
            rule_vi="Hoàn thành xuất sắc nhiệm vụ trong năm",
        )
        initiative = HasAchievement(
            code="initiative_scope",
            citation=c,
            min_scope=RecognitionScope.UNIT,
            kinds=(AchievementKind.INITIATIVE,),
            rule_en="An initiative recognised at base level (cấp cơ sở) or wider, that year",
            rule_vi="Có sáng kiến được công nhận cấp cơ sở trở lên trong năm",
        )
        research = HasAchievement(
            code="research_scope",
            citation=c,
            min_scope=RecognitionScope.UNIT,
            kinds=(AchievementKind.RESEARCH,),
            rule_en="A research or science project accepted and applied, that year",
            rule_vi="Có đề tài, nhiệm vụ khoa học được nghiệm thu và áp dụng trong năm",
        )
        achievement: CriterionSpec = OneOf(
            code="initiative_or_excellent",
            citation=c,
            rule_en="HTXSNV, or an initiative recognised at base level, or an accepted research project",
            rule_vi="Hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến cấp cơ sở, hoặc có đề tài được "
            "nghiệm thu",
            options=(
                Option("rated excellent", "hoàn thành xuất sắc nhiệm vụ", (excellent,)),
                Option("initiative", "sáng kiến", (initiative,)),
                Option("research", "đề tài khoa học", (research,)),
            ),
        )
        cap = None
    else:
        c = cite(f"{D65}, Điều 4" if regime == "R2016" else f"{LAW_2003}, Điều 23")
        achievement = HasAchievement(
            code="initiative_scope",
            citation=c,
            min_scope=RecognitionScope.UNIT,
            rule_en="An initiative recognised at base level or wider, or an accepted and applied research "
            "work, that year (HTXSNV is not an alternative for civil servants [S30])",
            rule_vi="Có sáng kiến được công nhận cấp cơ sở trở lên, hoặc đề tài được nghiệm thu và áp dụng, "
            "trong năm",
        )
        cap_cite = cite(f"{TT07}, Điều 5") if regime == "R2016" else cite(f"{D91}, khoản 3 Điều 9")
        cap = Cap(share=Fraction(15, 100), of_code="lao_dong_tien_tien", per="unit", citation=cap_cite)
    return make_entry(
        "chien_si_thi_dua_co_so",
        regime,
        kind="title",
        subject=FormSubject.INDIVIDUAL,
        level="unit",
        authority_vi=UNIT_HEAD,
        criteria=(_holds_ldtt(c), achievement),
        cap=cap,
        cap_setting=CSTDCS_CAP,
    )


def chien_si_thi_dua_cap_bo(regime: str) -> Entry:
    if regime == "R2016":
        c = cite(f"{D42}, Điều 14", note="not repealed by 65/2014; considered in the year of the 3rd CSTĐCS")
        judge_cite = cite(f"{LAW_2003}, Điều 22")
    elif regime == "R2017":
        c = judge_cite = cite(f"{LAW_2003}, Điều 22", note=f"timing: {NOT_READ_91}")
    else:
        c = judge_cite = cite(f"{LAW_2022}, Điều 22", note="timing as R2016 [unconfirmed]")
    criteria = (
        HoldsTitle(
            code="consecutive_cstdcs",
            citation=c,
            title="chien_si_thi_dua_co_so",
            years=3,
            rule_en="Chiến sĩ thi đua cơ sở in each of the 3 consecutive years ending with the award year",
            rule_vi="Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở, đến năm xét",
        ),
        HasAchievement(
            code="initiative_scope",
            citation=c,
            min_scope=RecognitionScope.MINISTRY,
            years=3,
            rule_en="An initiative or research work applied with effect across the ministry (recognised at "
            "ministry scope or wider) in those 3 years",
            rule_vi="Có sáng kiến hoặc đề tài được áp dụng hiệu quả, có phạm vi ảnh hưởng cấp Bộ trở lên "
            "trong 3 năm đó",
        ),
        Judgement(
            code="outstanding",
            citation=judge_cite,
            rule_en="Outstanding among the persons with 3 consecutive CSTĐCS titles",
            rule_vi="Tiêu biểu xuất sắc trong số những cá nhân có 3 lần liên tục đạt danh hiệu CSTĐCS",
        ),
    )
    return make_entry(
        "chien_si_thi_dua_cap_bo",
        regime,
        kind="title",
        subject=FormSubject.INDIVIDUAL,
        level="ministry",
        authority_vi=MINISTER,
        criteria=criteria,
    )


def chien_si_thi_dua_toan_quoc(regime: str) -> Entry:
    if regime == "R2016":
        c = cite(f"{D65}, Điều 3", note="conferred after the year of the 2nd CSTĐ cấp Bộ (Art 3(4))")
    elif regime == "R2017":
        c = cite(f"{D91}", confirmed=False, note=NOT_READ_91 + " (65/2014 Art 3)")
    else:
        c = cite(f"{LAW_2022}, Điều 21", note="timing (after the year of the 2nd) as R2016 [unconfirmed]")
    criteria = (
        HoldsTitle(
            code="consecutive_cstd_bo",
            citation=c,
            title="chien_si_thi_dua_cap_bo",
            years=2,
            end_offsets=(0, 1),
            decided_after_end=True,
            rule_en="Chiến sĩ thi đua cấp Bộ in 2 consecutive years, the later one the award year or the "
            "year before; conferred after the year of the 2nd",
            rule_vi="Có 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp Bộ (lần sau là năm xét hoặc năm "
            "trước đó); xét tặng sau năm đạt danh hiệu lần thứ hai",
        ),
        HasAchievement(
            code="initiative_scope",
            citation=c,
            min_scope=RecognitionScope.NATIONAL,
            years=3,
            rule_en="An initiative or research work applied with nationwide effect (national scope), in the "
            "3 years ending with the award year",
            rule_vi="Có sáng kiến hoặc đề tài được áp dụng, có hiệu quả và phạm vi ảnh hưởng toàn quốc, "
            "trong 3 năm đến năm xét",
        ),
        Judgement(
            code="outstanding",
            citation=c,
            rule_en="Outstanding among the persons with 2 consecutive CSTĐ cấp Bộ titles",
            rule_vi="Tiêu biểu xuất sắc nhất trong số những cá nhân có 2 lần liên tục đạt CSTĐ cấp Bộ",
        ),
    )
    return make_entry(
        "chien_si_thi_dua_toan_quoc",
        regime,
        kind="title",
        subject=FormSubject.INDIVIDUAL,
        level="government",
        authority_vi=PRIME_MINISTER,
        criteria=criteria,
    )


BUILDERS = (lao_dong_tien_tien, chien_si_thi_dua_co_so, chien_si_thi_dua_cap_bo, chien_si_thi_dua_toan_quoc)
