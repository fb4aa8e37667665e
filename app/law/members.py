"""Checks over a collective's members in the award year (TT LĐTT, TT LĐXS)."""

from __future__ import annotations

from fractions import Fraction

from app.law.checks import ev_setting
from app.law.context import Context, Result
from app.law.facts import MembersFact
from app.law.spec import MembersAtLeast, MembersField, MembersNoWarning, MembersShare
from app.law.verdict import Evidence

LABEL_EN: dict[MembersField, str] = {
    "lao_dong_tien_tien": "Lao động tiên tiến",
    "completed": "rated 'completed tasks' or better",
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
}
LABEL_VI: dict[MembersField, str] = {
    "lao_dong_tien_tien": "đạt Lao động tiên tiến",
    "completed": "hoàn thành nhiệm vụ trở lên",
    "chien_si_thi_dua_co_so": "đạt Chiến sĩ thi đua cơ sở",
}


def pct(x: Fraction) -> str:
    return f"{round(float(x) * 100, 1):g}%"


def _evidence(year: int, m: MembersFact) -> Evidence:
    return Evidence(
        "members",
        None,
        f"{year}: {m.total} members, {m.completed} completed tasks, {m.lao_dong_tien_tien} LĐTT, "
        f"{m.chien_si_thi_dua_co_so} CSTĐCS, {m.disciplined_warning_or_above} disciplined at warning or "
        "above",
        f"Năm {year}: {m.total} người, {m.completed} hoàn thành nhiệm vụ, {m.lao_dong_tien_tien} LĐTT, "
        f"{m.chien_si_thi_dua_co_so} CSTĐCS, {m.disciplined_warning_or_above} bị kỷ luật từ cảnh cáo trở lên",
    )


def _missing(ctx: Context) -> Result:
    return (
        "not_met",
        f"No members' figures recorded for {ctx.year}.",
        f"Chưa có số liệu về cá nhân trong tập thể năm {ctx.year}.",
        (),
    )


def members_share(spec: MembersShare, ctx: Context) -> Result:
    m = ctx.subject.members.get(ctx.year)
    if m is None or m.total <= 0:
        return _missing(ctx)
    ev = [_evidence(ctx.year, m)]
    share = spec.share
    if spec.setting is not None:
        share = ctx.overlay.share(spec.setting) or spec.share
        ev.append(ev_setting(spec.setting, share, not ctx.overlay.is_set(spec.setting)))
    n: int = getattr(m, spec.of)
    ratio = Fraction(n, m.total)
    ok = ratio > share if spec.strict else ratio >= share
    need_en, need_vi = ("more than", "trên") if spec.strict else ("at least", "từ")
    return (
        "met" if ok else "not_met",
        f"{n} of {m.total} members ({pct(ratio)}) {LABEL_EN[spec.of]}; needs {need_en} {pct(share)}.",
        f"{n}/{m.total} cá nhân ({pct(ratio)}) {LABEL_VI[spec.of]}; cần {need_vi} {pct(share)}.",
        tuple(ev),
    )


def members_at_least(spec: MembersAtLeast, ctx: Context) -> Result:
    m = ctx.subject.members.get(ctx.year)
    if m is None:
        return _missing(ctx)
    n: int = getattr(m, spec.of)
    return (
        "met" if n >= spec.count else "not_met",
        f"{n} member(s) {LABEL_EN[spec.of]} (needs {spec.count}).",
        f"{n} cá nhân {LABEL_VI[spec.of]} (cần {spec.count}).",
        (_evidence(ctx.year, m),),
    )


def members_no_warning(spec: MembersNoWarning, ctx: Context) -> Result:
    m = ctx.subject.members.get(ctx.year)
    if m is None:
        return _missing(ctx)
    n = m.disciplined_warning_or_above
    return (
        "met" if n == 0 else "not_met",
        f"{n} member(s) disciplined at warning or above in {ctx.year} (must be none).",
        f"{n} cá nhân bị kỷ luật từ cảnh cáo trở lên năm {ctx.year} (không được có).",
        (_evidence(ctx.year, m),),
    )
