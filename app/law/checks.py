"""One pure function per criterion shape: read the subject's facts against the spec, say the outcome in
English and Vietnamese, and name the facts it read (evidence). Members' checks are in ``members``."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

from app.law import words
from app.law.context import Context, Result, at_least, scope_at_least
from app.law.facts import HeldAward, RatingFact
from app.law.spec import (
    AbsentBelow,
    CountAwards,
    HasAchievement,
    HeldBefore,
    HoldsTitle,
    Judgement,
    NoDiscipline,
    NothingPending,
    OncePerYear,
    RatedAtLeast,
    WorkedMonths,
)
from app.law.tables.common import name_vi
from app.law.verdict import Evidence
from app.models.enums import AchievementKind, DisciplineMeasure, ExclusionKind

GAP_EN = {
    "missing": "missing",
    "revoked": "revoked",
    "not_regular": "sudden or thematic only (does not count)",
}
GAP_VI = {"missing": "không có", "revoked": "đã bị hủy bỏ", "not_regular": "chỉ có khen đột xuất, chuyên đề"}


def ev_award(a: HeldAward) -> Evidence:
    return Evidence("award", a.award_id, words.award_en(a), words.award_vi(a))


def ev_rating(r: RatingFact) -> Evidence:
    return Evidence(
        "rating", None, f"{r.year}: {words.RATING_EN[r.rating]}", f"Năm {r.year}: {words.RATING_VI[r.rating]}"
    )


def ev_setting(key: str, value: object, default: bool) -> Evidence:
    tail_en, tail_vi = (" (default)", " (mặc định)") if default else ("", "")
    return Evidence("setting", key, f"{key} = {value}{tail_en}", f"{key} = {value}{tail_vi}")


def judgement(spec: Judgement) -> Result:
    return (
        "judgement",
        f"Needs the council's judgement: {spec.rule_en}.",
        f"Cần Hội đồng xem xét, đánh giá: {spec.rule_vi}.",
        (),
    )


# ---- exclusions ----------------------------------------------------------------------------------------


def no_discipline(spec: NoDiscipline, ctx: Context) -> Result:
    order = list(DisciplineMeasure)
    hits = [
        x
        for x in ctx.subject.exclusions
        if x.kind is ExclusionKind.DISCIPLINE
        and x.measure is not None
        and order.index(x.measure) >= order.index(spec.min_measure)
        and x.starts_on <= ctx.year_end
        and (x.ends_on is None or x.ends_on >= ctx.year_start)
    ]
    measure_en, measure_vi = spec.min_measure.value, words.MEASURE_VI[spec.min_measure]
    if not hits:
        return (
            "met",
            f"No discipline at {measure_en} or above overlapping {ctx.year}.",
            f"Không bị kỷ luật từ hình thức {measure_vi} trở lên trong năm {ctx.year}.",
            (),
        )
    ev = tuple(Evidence("exclusion", x.id, words.exclusion_en(x), words.exclusion_vi(x)) for x in hits)
    return (
        "not_met",
        f"Disciplined during {ctx.year}: " + "; ".join(e.text_en for e in ev) + ".",
        f"Đang thi hành kỷ luật trong năm {ctx.year}: " + "; ".join(e.text_vi for e in ev) + ".",
        ev,
    )


def nothing_pending(spec: NothingPending, ctx: Context) -> Result:
    """Pending: begun by the judging date (or the year's end) and not ended by the year's end."""
    begun_by = max(ctx.year_end, ctx.choice.on)
    hits = [
        x
        for x in ctx.subject.exclusions
        if x.kind in (ExclusionKind.INVESTIGATION, ExclusionKind.COMPLAINT)
        and x.starts_on <= begun_by
        and (x.ends_on is None or x.ends_on > ctx.year_end)
    ]
    if not hits:
        return (
            "met",
            "No investigation or complaint pending.",
            "Không có việc điều tra, thanh tra, khiếu nại, tố cáo đang xem xét.",
            (),
        )
    ev = tuple(Evidence("exclusion", x.id, words.exclusion_en(x), words.exclusion_vi(x)) for x in hits)
    return (
        "not_met",
        "Deferred while pending: " + "; ".join(e.text_en for e in ev) + ".",
        "Hoãn xét do đang xem xét: " + "; ".join(e.text_vi for e in ev) + ".",
        ev,
    )


# ---- ratings and work ----------------------------------------------------------------------------------


def rated_at_least(spec: RatedAtLeast, ctx: Context) -> Result:
    first = ctx.year - spec.years + 1
    when_en, when_vi = words.span(first, ctx.year), words.span(first, ctx.year)
    need_en = f"at least '{words.RATING_EN[spec.min_rating]}' in {when_en}"
    need_vi = f"{words.RATING_VI[spec.min_rating]} trở lên năm {when_vi}"
    below: list[int] = []
    missing: list[int] = []
    ev: list[Evidence] = []
    for y in range(first, ctx.year + 1):
        r = ctx.rating(y)
        if r is None:
            missing.append(y)
            continue
        ev.append(ev_rating(r))
        if not at_least(r.rating, spec.min_rating):
            below.append(y)
    if below:
        ys = ", ".join(map(str, below))
        return (
            "not_met",
            f"Needs {need_en}; below in {ys}.",
            f"Cần {need_vi}; không đạt năm {ys}.",
            tuple(ev),
        )
    if missing:
        ys = ", ".join(map(str, missing))
        tail_en, tail_vi = (
            ("; the council judges", "; Hội đồng đánh giá") if spec.missing == "judgement" else ("", "")
        )
        return (
            spec.missing,
            f"Needs {need_en}; no rating recorded for {ys}{tail_en}.",
            f"Cần {need_vi}; chưa có kết quả xếp loại năm {ys}{tail_vi}.",
            tuple(ev),
        )
    return ("met", f"Rated {need_en}.", f"Xếp loại {need_vi}.", tuple(ev))


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _months_days(start: date, last: date) -> tuple[int, int]:
    """Whole calendar months and the days left, from ``start`` to ``last`` inclusive."""
    end = last + timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    return months, (end - _add_months(start, months)).days


def worked_months(spec: WorkedMonths, ctx: Context) -> Result:
    ys, ye = ctx.year_start, ctx.year_end
    periods = sorted(
        (max(s, ys), min(e or ye, ye))
        for s, e in ctx.subject.employments
        if s <= ye and (e is None or e >= ys)
    )
    if not ctx.subject.employments:
        return (
            "met",
            f"No employment periods recorded: nothing shows fewer than {spec.min_months} months "
            f"in {ctx.year}.",
            f"Chưa có dữ liệu quá trình công tác: không có căn cứ làm việc dưới {spec.min_months} tháng.",
            (),
        )
    merged: list[tuple[date, date]] = []
    for s, e in periods:
        if merged and s <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    months = days = 0
    for s, e in merged:
        m, d = _months_days(s, e)
        months, days = months + m, days + d
    months, days = months + days // 30, days % 30
    ev = tuple(
        Evidence("employment", None, f"{s.isoformat()} – {e.isoformat()}", f"{s:%d/%m/%Y} – {e:%d/%m/%Y}")
        for s, e in merged
    )
    ok = Fraction(months) + Fraction(days, 30) >= spec.min_months
    return (
        "met" if ok else "not_met",
        f"Worked {months} months {days} days in {ctx.year} (needs {spec.min_months} months).",
        f"Làm việc {months} tháng {days} ngày trong năm {ctx.year} (cần đủ {spec.min_months} tháng).",
        ev,
    )


def absent_below(spec: AbsentBelow, ctx: Context) -> Result:
    r = ctx.rating(ctx.year)
    if r is None or r.absent_days is None:
        return (
            "met",
            f"No absence recorded for {ctx.year}.",
            f"Không có dữ liệu nghỉ việc năm {ctx.year}.",
            (),
        )
    ev = (
        Evidence(
            "rating",
            None,
            f"{ctx.year}: absent {r.absent_days} working days",
            f"Năm {ctx.year}: nghỉ {r.absent_days} ngày làm việc",
        ),
    )
    ok = r.absent_days < spec.limit
    return (
        "met" if ok else "not_met",
        f"Absent {r.absent_days} working days in {ctx.year} (must be fewer than {spec.limit}).",
        f"Nghỉ {r.absent_days} ngày làm việc trong năm {ctx.year} (phải dưới {spec.limit} ngày).",
        ev,
    )


# ---- awards held ---------------------------------------------------------------------------------------


def _chain(spec: HoldsTitle, ctx: Context, last: int) -> tuple[list[HeldAward], list[str], list[str]]:
    held: list[HeldAward] = []
    gaps_en: list[str] = []
    gaps_vi: list[str] = []
    for y in range(last - spec.years + 1, last + 1):
        state, a = ctx.year_state(spec.title, y)
        if state == "held" and a is not None:
            held.append(a)
        else:
            gaps_en.append(f"{y} {GAP_EN[state]}")
            gaps_vi.append(f"năm {y} {GAP_VI[state]}")
    decided = ctx.choice.on
    if spec.decided_after_end and ctx.choice.basis == "decision_date" and decided.year <= last:
        gaps_en.append(f"decided {decided.isoformat()}, not after {last}")
        gaps_vi.append(f"quyết định ngày {decided:%d/%m/%Y}, không sau năm {last}")
    return held, gaps_en, gaps_vi


def holds_title(spec: HoldsTitle, ctx: Context) -> Result:
    en = vi = name_vi(spec.title)
    tried_en: list[str] = []
    tried_vi: list[str] = []
    first_ev: tuple[Evidence, ...] = ()
    for i, offset in enumerate(spec.end_offsets):
        last = ctx.year - offset
        first = last - spec.years + 1
        held, gaps_en, gaps_vi = _chain(spec, ctx, last)
        if not gaps_en:
            ev = tuple(ev_award(a) for a in held)
            return (
                "met",
                f"Holds {en} in {words.span(first, last)}.",
                f"Đạt {vi} năm {words.span(first, last)}.",
                ev,
            )
        if i == 0:
            window = [a for a in ctx.awards() if a.code == spec.title and first <= a.year <= last]
            first_ev = tuple(ev_award(a) for a in sorted(window, key=lambda a: a.year))
        tried_en.append(f"{words.span(first, last)}: " + ", ".join(gaps_en))
        tried_vi.append(f"{words.span(first, last)}: " + ", ".join(gaps_vi))
    tail_en, tail_vi = (
        ("; the council judges", "; Hội đồng xem xét") if spec.missing == "judgement" else ("", "")
    )
    return (
        spec.missing,
        f"Needs {en} in each year of " + " or ".join(tried_en) + f"{tail_en}.",
        f"Cần đạt {vi} liên tục các năm " + " hoặc ".join(tried_vi) + f"{tail_vi}.",
        first_ev,
    )


def count_awards(spec: CountAwards, ctx: Context) -> Result:
    first = ctx.year - spec.years + 1
    held = [a for y in range(first, ctx.year + 1) for a in ctx.counting(spec.award_code, y)[:1]]
    when = words.span(first, ctx.year)
    ok = len(held) >= spec.count
    return (
        "met" if ok else "not_met",
        f"{len(held)} × {name_vi(spec.award_code)} in {when} (needs {spec.count}).",
        f"{len(held)} lần {name_vi(spec.award_code)} trong các năm {when} (cần {spec.count}).",
        tuple(ev_award(a) for a in held),
    )


def held_before(spec: HeldBefore, ctx: Context) -> Result:
    latest = ctx.year - spec.years_before
    found = sorted(
        (a for a in ctx.awards() if a.code == spec.award_code and a.counts and a.year <= latest),
        key=lambda a: a.year,
    )
    en = vi = name_vi(spec.award_code)
    if found:
        a = found[-1]
        return (
            "met",
            f"Had {en} in {a.year} (by {latest}).",
            f"Đã có {vi} năm {a.year} (trước năm {latest + 1}).",
            (ev_award(a),),
        )
    others = tuple(ev_award(a) for a in ctx.awards() if a.code == spec.award_code)
    return (
        "not_met",
        f"No {en} (regular, not revoked) by {latest}.",
        f"Chưa có {vi} đến năm {latest}.",
        others,
    )


def once_per_year(spec: OncePerYear, ctx: Context) -> Result:
    limit = ctx.overlay.integer(spec.setting)
    others = ctx.counting(ctx.code, ctx.year)
    ev = (
        *(ev_award(a) for a in others),
        ev_setting(spec.setting, limit, not ctx.overlay.is_set(spec.setting)),
    )
    en = vi = name_vi(ctx.code)
    ok = len(others) < limit
    return (
        "met" if ok else "not_met",
        f"{len(others)} other regular {en} in {ctx.year}; at most {limit} a year.",
        f"Đã có {len(others)} {vi} khen thường xuyên năm {ctx.year}; tối đa {limit} mỗi năm.",
        ev,
    )


# ---- achievements --------------------------------------------------------------------------------------


def has_achievement(spec: HasAchievement, ctx: Context) -> Result:
    first = ctx.year - spec.years + 1
    window = [a for a in ctx.subject.achievements if first <= a.year <= ctx.year and a.kind in spec.kinds]
    ok = [a for a in window if a.applied and scope_at_least(a.scope, spec.min_scope)]
    if set(spec.kinds) == {AchievementKind.INITIATIVE, AchievementKind.RESEARCH}:
        what_en, what_vi = "initiative(s) or research work(s)", "sáng kiến, đề tài"
    else:
        what_en = "initiative(s)" if spec.kinds == (AchievementKind.INITIATIVE,) else "research work(s)"
        what_vi = words.KIND_VI[spec.kinds[0]]
    when = words.span(first, ctx.year)
    scope_vi = words.SCOPE_VI[spec.min_scope]
    ev = tuple(
        Evidence("achievement", a.id, words.achievement_en(a), words.achievement_vi(a)) for a in window
    )
    return (
        "met" if len(ok) >= spec.count else "not_met",
        f"{len(ok)} applied {what_en} of {spec.min_scope.value} scope or wider in {when} "
        f"(needs {spec.count}).",
        f"{len(ok)} {what_vi} được công nhận {scope_vi} trở lên và áp dụng trong năm {when} "
        f"(cần {spec.count}).",
        ev,
    )
