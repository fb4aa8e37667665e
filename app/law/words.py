"""The words verdicts use, in English and Vietnamese."""

from __future__ import annotations

from datetime import date

from app.law.facts import AchievementFact, ExclusionFact, HeldAward
from app.law.regimes import vi_date
from app.law.tables.common import name_vi
from app.models.enums import (
    AchievementKind,
    AwardMethod,
    AwardStatus,
    DisciplineMeasure,
    ExclusionKind,
    Rating,
    RecognitionScope,
)

RATING_EN = {
    Rating.EXCELLENT: "completed tasks excellently",
    Rating.GOOD: "completed tasks well",
    Rating.COMPLETED: "completed tasks",
    Rating.NOT_COMPLETED: "did not complete tasks",
}
RATING_VI = {
    Rating.EXCELLENT: "hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "không hoàn thành nhiệm vụ",
}
SCOPE_VI = {
    RecognitionScope.UNIT: "cấp cơ sở",
    RecognitionScope.MINISTRY: "cấp Bộ",
    RecognitionScope.NATIONAL: "toàn quốc",
}
KIND_VI = {AchievementKind.INITIATIVE: "sáng kiến", AchievementKind.RESEARCH: "đề tài"}
STATUS_VI = {
    AwardStatus.PROPOSED: "đã đề nghị",
    AwardStatus.DECIDED: "đã quyết định",
    AwardStatus.REVOKED: "đã hủy bỏ",
}
METHOD_VI = {
    AwardMethod.REGULAR: "thường xuyên",
    AwardMethod.SUDDEN: "đột xuất",
    AwardMethod.THEMATIC: "chuyên đề",
}
MEASURE_VI = {
    DisciplineMeasure.REPRIMAND: "khiển trách",
    DisciplineMeasure.WARNING: "cảnh cáo",
    DisciplineMeasure.SALARY_REDUCTION: "hạ bậc lương",
    DisciplineMeasure.DEMOTION: "giáng chức",
    DisciplineMeasure.DISMISSAL_FROM_POST: "cách chức",
    DisciplineMeasure.DISMISSAL: "buộc thôi việc",
}
EXCLUSION_VI = {
    ExclusionKind.DISCIPLINE: "kỷ luật",
    ExclusionKind.INVESTIGATION: "đang bị điều tra, thanh tra, kiểm tra",
    ExclusionKind.COMPLAINT: "có đơn thư khiếu nại, tố cáo đang xác minh",
}


def span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def award_en(a: HeldAward) -> str:
    method = "" if a.method is AwardMethod.REGULAR else f", {a.method.value}"
    return f"{name_vi(a.code)} {a.year} ({a.status.value}{method})"


def award_vi(a: HeldAward) -> str:
    method = "" if a.method is AwardMethod.REGULAR else f", {METHOD_VI[a.method]}"
    return f"{name_vi(a.code)} năm {a.year} ({STATUS_VI[a.status]}{method})"


def achievement_en(a: AchievementFact) -> str:
    applied = "" if a.applied else ", not applied"
    title = f" “{a.title}”" if a.title else ""
    return f"{a.kind.value}{title} ({a.year}, {a.scope.value} scope{applied})"


def achievement_vi(a: AchievementFact) -> str:
    applied = "" if a.applied else ", chưa áp dụng"
    title = f" “{a.title}”" if a.title else ""
    return f"{KIND_VI[a.kind]}{title} (năm {a.year}, {SCOPE_VI[a.scope]}{applied})"


def _until_en(d: date | None) -> str:
    return "not ended" if d is None else d.isoformat()


def exclusion_en(x: ExclusionFact) -> str:
    what = x.kind.value if x.measure is None else f"{x.kind.value} ({x.measure.value})"
    return f"{what} from {x.starts_on.isoformat()} to {_until_en(x.ends_on)}"


def exclusion_vi(x: ExclusionFact) -> str:
    what = EXCLUSION_VI[x.kind] if x.measure is None else f"kỷ luật {MEASURE_VI[x.measure]}"
    until = "chưa kết thúc" if x.ends_on is None else vi_date(x.ends_on)
    return f"{what} từ {vi_date(x.starts_on)} đến {until}"
