"""The ministry's and blocs' own regulation (quy chế) on top of the law: a set of named settings.

Where law.md marks a value [unconfirmed], it is a setting with law.md's default, and the regulation may
correct it either way. Where the law fixes a value (a confirmed citation), a regulation may only tighten it
(``tighten_only``): a lower cap, a higher council threshold, an added requirement. ``validate_values``
names every problem; ``merge`` lays a bloc's values over the ministry's over the defaults.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from app.law.catalogue import entries, entry, latest_entry
from app.law.tables.common import REGIME_CODES

SettingType = Literal["bool", "share", "optional_share", "int", "choice", "requirements", "thresholds"]
Stricter = Literal["higher", "lower"]


@dataclass(frozen=True)
class Setting:
    key: str
    type: SettingType
    default: Any
    description_en: str
    description_vi: str
    unconfirmed: bool  # the law's value is not confirmed in law.md: the default is a suggestion
    tighten_only: bool  # may only tighten where the law fixes the value
    stricter: Stricter | None = None  # for numbers: which way is stricter
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "keep_old_procedure_for_lodged_files", "bool", True,
        "A file lodged before a regime switch is judged under the regime it was lodged under "
        "(precedent citing Decree 152/2025 Art 60(3)).",
        "Hồ sơ nộp trước thời điểm chuyển đổi chế độ pháp lý được xét theo chế độ khi nộp.",
        unconfirmed=True, tighten_only=False,
    ),
    Setting(
        "cstdcs_cap_share", "optional_share", None,
        "Cap on Chiến sĩ thi đua cơ sở as a share of the unit's Lao động tiên tiến where the regime has "
        "none (R2024, R2025); under R2016/R2017 it may only lower the law's 15%.",
        "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở trên số Lao động tiên tiến của đơn vị.",
        unconfirmed=True, tighten_only=True, stricter="lower",
    ),
    Setting(
        "tt_ldtt_min_ldtt_share", "share", Fraction(7, 10),
        "Tập thể lao động tiên tiến (R2024, R2025): least share of members who are Lao động tiên tiến.",
        "Tập thể lao động tiên tiến: tỷ lệ tối thiểu cá nhân đạt Lao động tiên tiến.",
        unconfirmed=True, tighten_only=False, stricter="higher",
    ),
    Setting(
        "government_flag_cap_share", "share", Fraction(1, 5),
        "Cap on Government flags as a share of the ministry-flag population (law under R2017; a default "
        "under R2024, R2025).",
        "Tỷ lệ tối đa Cờ thi đua của Chính phủ trên số tập thể dẫn đầu khối, cụm thi đua.",
        unconfirmed=True, tighten_only=True, stricter="lower",
    ),
    Setting(
        "council_threshold_rounding", "choice", "ceil",
        "How a council threshold becomes a number of votes (90% of 15 = 13.5 → 14 with ceil).",
        "Cách làm tròn số phiếu cần đạt của Hội đồng.",
        unconfirmed=True, tighten_only=False, choices=("ceil", "floor"),
    ),
    Setting(
        "cap_rounding", "choice", "floor",
        "How a cap becomes a number of awards (20% of 12 = 2.4 → 2 with floor).",
        "Cách làm tròn số lượng tối đa theo tỷ lệ.",
        unconfirmed=True, tighten_only=False, choices=("floor", "ceil"),
    ),
    Setting(
        "cap_minimum", "int", 1,
        "A cap allows at least this many when its population is not empty (law.md: minimum 1 unconfirmed).",
        "Số lượng tối thiểu được xét khi có đối tượng đủ điều kiện.",
        unconfirmed=True, tighten_only=False, stricter="lower",
    ),
    Setting(
        "lao_dong_tien_tien_exclusions_current_regime", "bool", True,
        "Keep the R2016 exclusions for Lao động tiên tiến (recruited < 10 months, absent ≥ 40 working "
        "days, and under R2017 discipline at reprimand or above) in the later regimes.",
        "Áp dụng các trường hợp không xét Lao động tiên tiến của Nghị định 65/2014 cho các chế độ sau.",
        unconfirmed=True, tighten_only=False,
    ),
    Setting(
        "forms_per_year", "int", 1,
        "At most this many Bằng khen of a level per subject per year for regular achievements.",
        "Số Bằng khen cùng cấp tối đa cho một đối tượng trong một năm (khen thường xuyên).",
        unconfirmed=True, tighten_only=False, stricter="lower",
    ),
    Setting(
        "extra_requirements", "requirements", {},
        'Added requirements: {code: [{"title": code2, "consecutive_years": n}]}: the subject must also '
        "hold code2 in the n years ending with the award year.",
        "Yêu cầu bổ sung của quy chế: phải đạt danh hiệu khác trong n năm liên tục.",
        unconfirmed=False, tighten_only=True,
    ),
    Setting(
        "conference_quorum_share", "share", Fraction(1, 2),
        "The bloc's conference: least share of its member units that must be present (a unit is present "
        "when one of its delegates checked in); the bloc's regulation sets it.",
        "Hội nghị của khối: tỷ lệ tối thiểu đơn vị thành viên có mặt (đơn vị có mặt khi có đại biểu đã "
        "điểm danh); do quy chế của khối quy định.",
        unconfirmed=True, tighten_only=False, stricter="higher",
    ),
    Setting(
        "leadership_rule", "choice", "election",
        "How the bloc's conference chooses next year's leader and deputy: elected by the conference "
        "(election) or by rotation in the order of the members' unit codes (rotation).",
        "Cách hội nghị của khối chọn Khối trưởng, Khối phó năm sau: bầu tại hội nghị (election) hoặc luân "
        "phiên theo thứ tự mã đơn vị thành viên (rotation).",
        unconfirmed=True, tighten_only=False, choices=("election", "rotation"),
    ),
    Setting(
        "council_thresholds", "thresholds", {},
        "Council thresholds per code (share of all members); may only raise the law's.",
        "Tỷ lệ phiếu cần đạt của Hội đồng theo từng danh hiệu, hình thức; chỉ được nâng lên.",
        unconfirmed=False, tighten_only=True, stricter="higher",
    ),
)  # fmt: skip

_BY_KEY = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    return _BY_KEY[key]


def to_share(value: Any) -> Fraction:
    """A share from JSON: a number or a string ("0.7", "7/10"); floats by their decimal text."""
    if isinstance(value, bool):
        raise ValueError("a share is a number, not a boolean")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | float):
        return Fraction(str(value))
    if isinstance(value, str):
        return Fraction(value.strip())
    raise ValueError(f"not a number: {value!r}")


@dataclass(frozen=True)
class ExtraRequirement:
    title: str
    consecutive_years: int


@dataclass(frozen=True)
class Overlay:
    """The merged regulation values (``merge``) and the versions they came from, e.g. {"ministry": 3}."""

    values: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, int] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        return self.values[key] if key in self.values else _BY_KEY[key].default

    def is_set(self, key: str) -> bool:
        return key in self.values

    def flag(self, key: str) -> bool:
        return bool(self.value(key))

    def share(self, key: str) -> Fraction | None:
        v = self.value(key)
        return None if v is None else to_share(v)

    def integer(self, key: str) -> int:
        return int(self.value(key))

    def choice(self, key: str) -> str:
        return str(self.value(key))

    def council_threshold(self, code: str) -> Fraction | None:
        v = (self.value("council_thresholds") or {}).get(code)
        return None if v is None else to_share(v)

    def extra_requirements(self, code: str) -> tuple[ExtraRequirement, ...]:
        items = (self.value("extra_requirements") or {}).get(code) or []
        return tuple(ExtraRequirement(str(i["title"]), int(i["consecutive_years"])) for i in items)


# ---- validation ----------------------------------------------------------------------------------------


def validate_values(values: Mapping[str, Any], *, regime_code: str | None = None) -> list[str]:
    """Every problem in a regulation's values: unknown key, wrong type, or loosening a value the law fixes
    (in ``regime_code``, or in any regime when none is named). Empty when valid."""
    if regime_code is not None and regime_code not in REGIME_CODES:
        return [f"unknown legal regime {regime_code!r}"]
    regimes = (regime_code,) if regime_code else REGIME_CODES
    problems: list[str] = []
    for key, value in values.items():
        s = _BY_KEY.get(key)
        if s is None:
            problems.append(f"unknown setting {key!r}")
            continue
        problems += _check(s, value, regimes)
    return problems


def _check(s: Setting, value: Any, regimes: tuple[str, ...]) -> list[str]:
    k = s.key
    if s.type == "bool":
        return [] if isinstance(value, bool) else [f"{k}: expected true or false"]
    if s.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return [] if ok else [f"{k}: expected a whole number ≥ 0"]
    if s.type == "choice":
        return [] if value in s.choices else [f"{k}: expected one of {', '.join(s.choices)}"]
    if s.type in ("share", "optional_share"):
        if value is None and s.type == "optional_share":
            return []
        share = _share_or_none(value)
        if share is None:
            return [f"{k}: expected a share between 0 and 1"]
        return _cap_loosening(k, share, regimes)
    if s.type == "thresholds":
        return _check_thresholds(value, regimes)
    return _check_requirements(value)


def _share_or_none(value: Any) -> Fraction | None:
    try:
        share = to_share(value)
    except (ValueError, ZeroDivisionError):
        return None
    return share if 0 < share <= 1 else None


def _cap_loosening(key: str, share: Fraction, regimes: tuple[str, ...]) -> list[str]:
    problems = []
    for r in regimes:
        for e in entries(r):
            cap = e.cap
            if (
                e.cap_setting
                and e.cap_setting.key == key
                and cap
                and cap.citation.confirmed
                and share > cap.share
            ):
                problems.append(
                    f"{key}: {share} would loosen the law's cap of {cap.share} on {e.code} in {r} "
                    f"({cap.citation.text})"
                )
    return problems


def _check_thresholds(value: Any, regimes: tuple[str, ...]) -> list[str]:
    if not isinstance(value, Mapping):
        return ["council_thresholds: expected an object {code: share}"]
    problems = []
    for code, raw in value.items():
        share = _share_or_none(raw)
        if share is None:
            problems.append(f"council_thresholds.{code}: expected a share between 0 and 1")
            continue
        found = [e for r in regimes if (e := entry(r, code)) is not None]
        if not found:
            problems.append(f"council_thresholds.{code}: unknown title or form")
        for r in regimes:
            e = entry(r, code)
            law, c = (e.council_threshold, e.threshold_citation) if e else (None, None)
            if law is not None and c is not None and c.confirmed and share < law:
                problems.append(
                    f"council_thresholds.{code}: {share} would lower the law's threshold of {law} in {r} "
                    f"({c.text})"
                )
    return problems


def _check_requirements(value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        return ["extra_requirements: expected an object {code: [requirement, ...]}"]
    problems = []
    for code, items in value.items():
        target = latest_entry(code)
        if target is None:
            problems.append(f"extra_requirements.{code}: unknown title or form")
            continue
        if not isinstance(items, list):
            problems.append(f"extra_requirements.{code}: expected a list")
            continue
        for i, item in enumerate(items):
            where = f"extra_requirements.{code}[{i}]"
            if not isinstance(item, Mapping) or set(item) != {"title", "consecutive_years"}:
                problems.append(f"{where}: expected {{'title': code, 'consecutive_years': n}}")
                continue
            title = latest_entry(item["title"]) if isinstance(item["title"], str) else None
            years = item["consecutive_years"]
            if title is None or title.kind != "title":
                problems.append(f"{where}: {item['title']!r} is not a title")
            elif target.subject != "both" and title.subject != target.subject:
                problems.append(
                    f"{where}: {title.code} ({title.subject}) does not fit {code} ({target.subject})"
                )
            if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
                problems.append(f"{where}: consecutive_years must be a whole number from 1 to 10")
    return problems


# ---- merging -------------------------------------------------------------------------------------------


def merge(ministry: Mapping[str, Any], bloc: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults, then the ministry's values, then the bloc's; where both set a tighten-only value, the
    stricter wins (a lower cap, a higher threshold, the union of added requirements)."""
    out: dict[str, Any] = {s.key: copy.deepcopy(s.default) for s in SETTINGS}
    out.update(copy.deepcopy(dict(ministry)))
    for key, value in bloc.items():
        s = _BY_KEY.get(key)
        if s is not None and s.tighten_only and key in ministry:
            out[key] = _stricter(s, ministry[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _stricter(s: Setting, a: Any, b: Any) -> Any:
    if s.type == "requirements":
        merged = {code: list(items) for code, items in a.items()}
        for code, items in b.items():
            merged.setdefault(code, [])
            merged[code] += [i for i in items if i not in merged[code]]
        return merged
    if s.type == "thresholds":
        return {code: _pick("higher", a.get(code), b.get(code)) for code in {**a, **b}}
    assert s.stricter is not None
    return _pick(s.stricter, a, b)


def _pick(way: Stricter, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return b if a is None else a
    if way == "higher":
        return a if to_share(a) >= to_share(b) else b
    return a if to_share(a) <= to_share(b) else b
