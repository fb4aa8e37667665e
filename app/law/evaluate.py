"""Dispatch a criterion spec to its check, and combine "one of" options."""

from __future__ import annotations

from app.law import checks, members
from app.law.context import Context, Result
from app.law.spec import (
    AbsentBelow,
    CountAwards,
    CriterionSpec,
    HasAchievement,
    HeldBefore,
    HoldsTitle,
    Judgement,
    MembersAtLeast,
    MembersNoWarning,
    MembersShare,
    NoDiscipline,
    NothingPending,
    OncePerYear,
    OneOf,
    Outcome,
    RatedAtLeast,
    WorkedMonths,
)
from app.law.verdict import CriterionResult, Evidence

OUTCOME_EN: dict[Outcome, str] = {"met": "met", "not_met": "not met", "judgement": "needs the council"}
OUTCOME_VI: dict[Outcome, str] = {"met": "đạt", "not_met": "không đạt", "judgement": "cần Hội đồng đánh giá"}


def run(spec: CriterionSpec, ctx: Context) -> Result:
    match spec:
        case Judgement():
            return checks.judgement(spec)
        case NoDiscipline():
            return checks.no_discipline(spec, ctx)
        case NothingPending():
            return checks.nothing_pending(spec, ctx)
        case RatedAtLeast():
            return checks.rated_at_least(spec, ctx)
        case WorkedMonths():
            return checks.worked_months(spec, ctx)
        case AbsentBelow():
            return checks.absent_below(spec, ctx)
        case HoldsTitle():
            return checks.holds_title(spec, ctx)
        case CountAwards():
            return checks.count_awards(spec, ctx)
        case HeldBefore():
            return checks.held_before(spec, ctx)
        case OncePerYear():
            return checks.once_per_year(spec, ctx)
        case HasAchievement():
            return checks.has_achievement(spec, ctx)
        case MembersShare():
            return members.members_share(spec, ctx)
        case MembersAtLeast():
            return members.members_at_least(spec, ctx)
        case MembersNoWarning():
            return members.members_no_warning(spec, ctx)
        case OneOf():
            return one_of(spec, ctx)
    raise TypeError(f"no check for {type(spec).__name__}")


def combine(outcomes: list[Outcome]) -> Outcome:
    """All parts: not met if one is not met, else judgement if one needs it, else met."""
    if "not_met" in outcomes:
        return "not_met"
    return "judgement" if "judgement" in outcomes else "met"


def one_of(spec: OneOf, ctx: Context) -> Result:
    evidence: list[Evidence] = []
    met_label: tuple[str, str] | None = None
    met_parts: list[Evidence] = []
    judged: list[tuple[str, str]] = []
    for option in spec.options:
        parts = [run(p, ctx) for p in option.parts]
        outcome = combine([p[0] for p in parts])
        evidence.append(
            Evidence(
                "option",
                None,
                f"Option “{option.label_en}”: {OUTCOME_EN[outcome]}. " + " ".join(p[1] for p in parts),
                f"Phương án “{option.label_vi}”: {OUTCOME_VI[outcome]}. " + " ".join(p[2] for p in parts),
            )
        )
        if outcome == "met" and met_label is None:
            met_label = (option.label_en, option.label_vi)
            met_parts = [e for p in parts for e in p[3]]
        elif outcome == "judgement":
            judged.append((option.label_en, option.label_vi))
    if met_label is not None:
        return (
            "met",
            f"Met by the option “{met_label[0]}”.",
            f"Đạt theo phương án “{met_label[1]}”.",
            (*evidence, *met_parts),
        )
    if judged:
        return (
            "judgement",
            "No option is shown by the records; the council judges: " + "; ".join(j[0] for j in judged) + ".",
            "Dữ liệu chưa thể hiện phương án nào; Hội đồng xem xét: " + "; ".join(j[1] for j in judged) + ".",
            tuple(evidence),
        )
    return ("not_met", "None of the options is met.", "Không đạt phương án nào.", tuple(evidence))


def evaluate(spec: CriterionSpec, ctx: Context) -> CriterionResult:
    """A spec's result; a spec whose enabling setting is off is reported met, saying why."""
    setting_ev: tuple[Evidence, ...] = ()
    if spec.enabled_by is not None:
        on = ctx.overlay.flag(spec.enabled_by)
        setting_ev = (checks.ev_setting(spec.enabled_by, on, not ctx.overlay.is_set(spec.enabled_by)),)
        if not on:
            return CriterionResult(
                code=spec.code,
                outcome="met",
                hard=spec.hard,
                summary_en=f"Not applied: the regulation turns it off ({spec.enabled_by}).",
                summary_vi=f"Không áp dụng theo quy chế ({spec.enabled_by}).",
                citation=spec.citation,
                evidence=setting_ev,
            )
    outcome, en, vi, ev = run(spec, ctx)
    return CriterionResult(
        code=spec.code,
        outcome=outcome,
        hard=spec.hard,
        summary_en=en,
        summary_vi=vi,
        citation=spec.citation,
        evidence=(*ev, *setting_ev),
    )
