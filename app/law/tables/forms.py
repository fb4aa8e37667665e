"""Giấy khen and Kỷ niệm chương (law.md section 3), per regime: the council's judgement, cited."""

from __future__ import annotations

from app.law.spec import Entry
from app.law.tables.build import make_entry
from app.law.tables.common import CURRENT_LAW, LAW_2003, LAW_2022, MINISTER, UNIT_HEAD, cite
from app.law.tables.parts import judgement
from app.models.enums import FormSubject


def giay_khen(regime: str) -> Entry:
    if regime in CURRENT_LAW:
        c = cite(f"{LAW_2022}, Điều 75", note="the unit's regulation details (Art 75(2))")
    else:
        c = cite(LAW_2003, confirmed=False, note="criteria not in law.md")
    merit = judgement(
        "merit", c, "Achievements as the unit's regulation details", "Thành tích theo quy định của đơn vị"
    )
    return make_entry(
        "giay_khen",
        regime,
        kind="form",
        subject=FormSubject.BOTH,
        level="unit",
        authority_vi=UNIT_HEAD,
        criteria=(merit,),
    )


def ky_niem_chuong(regime: str) -> Entry:
    if regime in CURRENT_LAW:
        c = cite(
            f"{LAW_2022}, Điều 71", confirmed=False, note="article number inferred from ministry circulars"
        )
    else:
        c = cite("Quy chế của Bộ về Kỷ niệm chương", confirmed=False, note="not in law.md")
    merit = judgement(
        "contribution",
        c,
        "Contribution to the ministry's development, as the ministry's regulation details",
        "Có đóng góp cho sự phát triển của Bộ, theo quy định của Bộ",
    )
    return make_entry(
        "ky_niem_chuong",
        regime,
        kind="form",
        subject=FormSubject.INDIVIDUAL,
        level="ministry",
        authority_vi=MINISTER,
        criteria=(merit,),
    )


BUILDERS = (giay_khen, ky_niem_chuong)
