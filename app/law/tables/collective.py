"""Collective titles (law.md sections 2.2 and 2.3): TT LĐTT, TT LĐXS, Cờ thi đua của Bộ, Cờ thi đua của
Chính phủ, per regime."""

from __future__ import annotations

from fractions import Fraction

from app.law.spec import (
    Cap,
    CapSetting,
    Citation,
    CriterionSpec,
    Entry,
    HoldsTitle,
    Judgement,
    MembersAtLeast,
    MembersNoWarning,
    MembersShare,
    RatedAtLeast,
)
from app.law.tables.build import make_entry
from app.law.tables.common import (
    CURRENT_LAW,
    D65,
    D91,
    LAW_2003,
    LAW_2022,
    MINISTER,
    PRIME_MINISTER,
    UNIT_HEAD,
    cite,
)
from app.models.enums import FormSubject, Rating

GOVERNMENT_FLAG_CAP = "government_flag_cap_share"


def _no_warning(c: Citation) -> MembersNoWarning:
    return MembersNoWarning(
        code="members_no_warning",
        citation=c,
        rule_en="Nobody in the collective disciplined at warning (cảnh cáo) or above in the year",
        rule_vi="Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
    )


def tap_the_lao_dong_tien_tien(regime: str) -> Entry:
    if regime in CURRENT_LAW:
        c = cite(f"{LAW_2022}, Điều 28", note="detailed by each ministry")
        share_cite = cite(
            f"{LAW_2022}, Điều 28",
            confirmed=False,
            note="≥ 70% as restated by Bắc Ninh QĐ 86/2025 Art 4(2)(b); the Law's text not read",
        )
        ldtt: CriterionSpec = MembersShare(
            code="members_ldtt_share",
            citation=share_cite,
            of="lao_dong_tien_tien",
            share=Fraction(7, 10),
            setting="tt_ldtt_min_ldtt_share",
            rule_en="At least 70% of the members are Lao động tiên tiến (setting tt_ldtt_min_ldtt_share)",
            rule_vi="Có từ 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến trở lên",
        )
        no_warning = _no_warning(share_cite)
    else:
        c = cite(f"{LAW_2003}, Điều 28", note="unit head decides: 65/2014 Art 26(2)(b)")
        ldtt = MembersShare(
            code="members_ldtt_share",
            citation=c,
            of="lao_dong_tien_tien",
            share=Fraction(1, 2),
            strict=True,
            rule_en="More than 50% of the members are Lao động tiên tiến",
            rule_vi="Có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        )
        no_warning = _no_warning(c)
    well = RatedAtLeast(
        code="tasks_completed_well",
        citation=c,
        min_rating=Rating.GOOD,
        missing="judgement",
        rule_en="Tasks completed well, regular emulation, solidarity: met when the unit is rated at least "
        "'completed tasks well', else the council judges",
        rule_vi="Hoàn thành tốt nhiệm vụ, tham gia phong trào thi đua thường xuyên, nội bộ đoàn kết",
    )
    return make_entry(
        "tap_the_lao_dong_tien_tien",
        regime,
        kind="title",
        subject=FormSubject.COLLECTIVE,
        level="unit",
        authority_vi=UNIT_HEAD,
        criteria=(well, ldtt, no_warning),
    )


def tap_the_lao_dong_xuat_sac(regime: str) -> Entry:
    current = regime in CURRENT_LAW
    if current:
        c = cite(
            f"{LAW_2022}, Điều 27", note="no discipline clause in the Law's text; ministry details (27(3))"
        )
    else:
        c = cite(f"{LAW_2003}, Điều 27", note="as amended in 2013")
    criteria: list[CriterionSpec] = [
        RatedAtLeast(
            code="rated_excellent",
            citation=c,
            min_rating=Rating.EXCELLENT,
            rule_en="The collective completed its tasks excellently (HTXSNV)",
            rule_vi="Hoàn thành xuất sắc nhiệm vụ",
        ),
        MembersShare(
            code="members_all_completed",
            citation=c,
            of="completed",
            share=Fraction(1),
            rule_en="100% of the members completed their tasks",
            rule_vi="100% cá nhân trong tập thể hoàn thành nhiệm vụ",
        ),
        MembersShare(
            code="members_ldtt_share",
            citation=c,
            of="lao_dong_tien_tien",
            share=Fraction(7, 10),
            rule_en="At least 70% of the members are Lao động tiên tiến",
            rule_vi="Có từ 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        ),
        MembersAtLeast(
            code="members_cstdcs",
            citation=c,
            of="chien_si_thi_dua_co_so",
            count=1,
            rule_en="At least one member is Chiến sĩ thi đua cơ sở",
            rule_vi="Có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
        ),
    ]
    if not current:
        criteria.append(_no_warning(c))
    criteria.append(
        Judgement(
            code="solidarity",
            citation=c,
            rule_en="Creative, active in emulation, internal solidarity",
            rule_vi="Sáng tạo, vượt khó, tham gia phong trào thi đua thường xuyên, nội bộ đoàn kết",
        )
    )
    return make_entry(
        "tap_the_lao_dong_xuat_sac",
        regime,
        kind="title",
        subject=FormSubject.COLLECTIVE,
        level="ministry",
        authority_vi=MINISTER,
        criteria=tuple(criteria),
    )


def co_thi_dua_bo(regime: str) -> Entry:
    per_bloc = "number of flags per bloc: the ministry's annual guidance (e.g. TT 07/2019/TT-BVHTTDL Art 12)"
    if regime == "R2016":
        c = cite("Hướng dẫn của Ban Thi đua - Khen thưởng Trung ương", confirmed=False, note=per_bloc)
        text_en = "Leading collective of its emulation bloc, chosen by comparison within the bloc"
        text_vi = "Tập thể dẫn đầu khối, cụm thi đua, được bình xét qua so sánh trong khối"
    elif regime == "R2017":
        c = cite(f"{D91}, Điều 12", note="bloc comparison mandatory; " + per_bloc)
        text_en = "Leading collective of its emulation bloc, chosen by the bloc's mandatory comparison"
        text_vi = "Tập thể dẫn đầu khối, cụm thi đua do Bộ tổ chức, qua so sánh bắt buộc trong khối"
    else:
        c = cite(f"{LAW_2022}, Điều 26", note="ministry details (Art 26(3)); " + per_bloc)
        text_en = (
            "Leading collective of a bloc organised by the ministry: targets exceeded, an outstanding "
            "collective of the ministry; solidarity, excellent party and mass organisations, thrift and "
            "anti-corruption (or leader of a ≥ 3-year thematic movement of the ministry)"
        )
        text_vi = (
            "Tập thể dẫn đầu khối, cụm thi đua do Bộ tổ chức: hoàn thành vượt mức chỉ tiêu, tiêu biểu xuất "
            "sắc của Bộ; nội bộ đoàn kết, tổ chức đảng, đoàn thể vững mạnh, thực hành tiết kiệm, chống tham "
            "nhũng (hoặc dẫn đầu phong trào thi đua chuyên đề từ 3 năm trở lên)"
        )
    leader = Judgement(code="bloc_leader", citation=c, rule_en=text_en, rule_vi=text_vi)
    return make_entry(
        "co_thi_dua_bo",
        regime,
        kind="title",
        subject=FormSubject.COLLECTIVE,
        level="ministry",
        authority_vi=MINISTER,
        criteria=(leader,),
    )


def co_thi_dua_chinh_phu(regime: str) -> Entry:
    """law.md 2.3: whether the Government flag needs the same year's ministry flag is the regime's to say."""
    cap: Cap | None = None
    cap_setting: CapSetting | None = None
    if regime == "R2016":
        c = cite(
            f"{D65}, khoản 1 Điều 6", note="meets the ministry-flag standard; the decision need not exist"
        )
        flag = HoldsTitle(
            code="same_year_ministry_flag",
            citation=c,
            title="co_thi_dua_bo",
            missing="judgement",
            rule_en="Meets the standard of the ministry flag the same year (met when it holds the flag; "
            "without it the council judges, the text not requiring the decision)",
            rule_vi="Đạt tiêu chuẩn Cờ thi đua của Bộ trong năm (không bắt buộc đã có quyết định tặng Cờ)",
        )
        outstanding = (
            "The most outstanding among the collectives meeting the ministry-flag standard",
            "Tiêu biểu xuất sắc nhất trong số các tập thể đạt tiêu chuẩn Cờ thi đua của Bộ",
        )
    else:
        if regime == "R2017":
            c = cite(
                f"{D91}, khoản 1 Điều 11", note="CV 5007/BNV-TĐKT: the council minutes name the bloc led"
            )
            cap = Cap(share=Fraction(1, 5), of_code="co_thi_dua_bo", per="ministry", citation=c)
            cap_setting = CapSetting(key=GOVERNMENT_FLAG_CAP, of_code="co_thi_dua_bo", per="ministry")
        else:
            c = cite(f"{LAW_2022}, khoản 1 Điều 25", note="the Government details (Art 25(4))")
            cap_cite = cite(
                "Công văn 5007/BNV-TĐKT (2023)",
                confirmed=False,
                note="a decree-level 20% cap not confirmed; default 20% of the bloc-leading collectives",
            )
            cap = Cap(share=Fraction(1, 5), of_code="co_thi_dua_bo", per="bloc_leaders", citation=cap_cite)
            cap_setting = CapSetting(key=GOVERNMENT_FLAG_CAP, of_code="co_thi_dua_bo", per="bloc_leaders")
        flag = HoldsTitle(
            code="same_year_ministry_flag",
            citation=c,
            title="co_thi_dua_bo",
            rule_en="Among the same year's bloc leaders meeting the ministry-flag standard: holds the "
            "ministry flag that year (proposed or decided)",
            rule_vi="Thuộc các tập thể dẫn đầu khối, cụm thi đua cùng năm, đạt Cờ thi đua của Bộ năm đó",
        )
        outstanding = (
            "The most outstanding among the bloc-leading collectives (targets exceeded, solidarity, "
            "anti-corruption)",
            "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu khối, cụm thi đua (vượt chỉ tiêu, nội "
            "bộ đoàn kết, phòng chống tham nhũng)",
        )
    judged = Judgement(code="most_outstanding", citation=c, rule_en=outstanding[0], rule_vi=outstanding[1])
    return make_entry(
        "co_thi_dua_chinh_phu",
        regime,
        kind="title",
        subject=FormSubject.COLLECTIVE,
        level="government",
        authority_vi=PRIME_MINISTER,
        criteria=(flag, judged),
        cap=cap,
        cap_setting=cap_setting,
    )


BUILDERS = (tap_the_lao_dong_tien_tien, tap_the_lao_dong_xuat_sac, co_thi_dua_bo, co_thi_dua_chinh_phu)
