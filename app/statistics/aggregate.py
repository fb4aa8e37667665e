"""The year's commendation statistics from plain facts (pure: no database, no FastAPI).

The service turns each award decided in the year into a ``Fact`` (revoked ones too, flagged); everything
here counts them. The counting rule (docs/statistics.md): an award counts in the year of its decision date
when it is decided; a revoked award is not counted, and the revoked awards of that year's decisions are a
count of their own (``revoked``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from app.models.enums import AwardMethod, Gender
from app.people.rules import Period
from app.statistics.levels import LEVEL_NAMES, LevelOf

K = TypeVar("K", bound=Hashable)


class Subject(StrEnum):
    COLLECTIVE = "collective"  # tập thể: an award to a unit
    INDIVIDUAL = "individual"  # cá nhân: an award to a person


class Kind(StrEnum):
    TITLE = "title"  # danh hiệu thi đua
    FORM = "form"  # hình thức khen thưởng


SUBJECT_NAMES: dict[str, str] = {Subject.COLLECTIVE: "Tập thể", Subject.INDIVIDUAL: "Cá nhân"}
KIND_NAMES: dict[str, str] = {Kind.TITLE: "Danh hiệu thi đua", Kind.FORM: "Hình thức khen thưởng"}
GENDER_NAMES: dict[str, str] = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
METHOD_NAMES: dict[str, str] = {
    AwardMethod.REGULAR: "Thường xuyên (công trạng)",
    AwardMethod.THEMATIC: "Chuyên đề",
    AwardMethod.SUDDEN: "Đột xuất",
}
UNKNOWN = "unknown"
UNKNOWN_GENDER = "Không rõ"
NO_LEVEL = UNKNOWN
NO_LEVEL_NAME = "Không xác định cấp"
NO_UNIT_NAME = "Không xác định đơn vị (không có quá trình công tác vào ngày quyết định)"


@dataclass(frozen=True)
class CodeInfo:
    """A title or form of the catalogue: its Vietnamese name, kind and statistics level."""

    code: str
    name: str
    kind: Kind
    level: LevelOf | None
    retired: bool = False


@dataclass(frozen=True)
class UnitRef:
    unit_id: str
    code: str
    name: str


@dataclass(frozen=True)
class Fact:
    """One award decided in the year. ``unit``: the collective, or the person's unit on the decision date
    (None: the person worked in no unit that day). ``gender``: the person's, None for a collective."""

    code: str
    kind: Kind
    subject: Subject
    method: str
    revoked: bool
    cash_vnd: int | None
    unit: UnitRef | None
    gender: str | None = None


@dataclass(frozen=True)
class Count:
    code: str
    name: str
    count: int
    cash_vnd: int


@dataclass(frozen=True)
class CodeCount(Count):
    """A title or form: its count, split by subject, with its level and where the level comes from."""

    kind: Kind
    level: str
    collective: int
    individual: int
    level_of: LevelOf | None


@dataclass(frozen=True)
class Group(Count):
    items: tuple[CodeCount, ...]


@dataclass(frozen=True)
class UnitCount:
    unit_id: str | None
    code: str | None
    name: str
    count: int
    collective: int
    individual: int
    cash_vnd: int


@dataclass(frozen=True)
class Totals:
    awards: int
    collective: int
    individual: int
    titles: int
    forms: int
    cash_vnd: int
    awards_without_cash: int
    revoked: int


@dataclass(frozen=True)
class Breakdowns:
    totals: Totals
    by_level: tuple[Group, ...]
    by_kind: tuple[Group, ...]
    by_subject_type: tuple[Count, ...]
    by_gender: tuple[Count, ...]
    by_unit: tuple[UnitCount, ...]
    by_method: tuple[Count, ...]
    revoked: tuple[CodeCount, ...]


def _cash(facts: Iterable[Fact]) -> int:
    return sum(f.cash_vnd or 0 for f in facts)


def _count(code: str, name: str, facts: Sequence[Fact]) -> Count:
    return Count(code=code, name=name, count=len(facts), cash_vnd=_cash(facts))


def _by(facts: Iterable[Fact], key: Callable[[Fact], K]) -> dict[K, list[Fact]]:
    out: dict[K, list[Fact]] = defaultdict(list)
    for f in facts:
        out[key(f)].append(f)
    return out


def level_code(info: CodeInfo | None) -> str:
    return str(info.level.level) if info is not None and info.level is not None else NO_LEVEL


def code_counts(facts: Sequence[Fact], catalogue: Mapping[str, CodeInfo], *, every: bool) -> list[CodeCount]:
    """One line per code, in catalogue order; ``every``: also the catalogue's codes nobody received (a
    true zero: no decided award of that code), except retired ones."""
    grouped = _by(facts, lambda f: f.code)
    codes = [c for c, info in catalogue.items() if c in grouped or (every and not info.retired)]
    codes += sorted(c for c in grouped if c not in catalogue)
    out = []
    for code in codes:
        these = grouped.get(code, [])
        info = catalogue.get(code)
        subjects = Counter(f.subject for f in these)
        kind = info.kind if info is not None else these[0].kind
        out.append(
            CodeCount(
                code=code,
                name=info.name if info is not None else code,
                count=len(these),
                cash_vnd=_cash(these),
                kind=kind,
                level=level_code(info),
                collective=subjects[Subject.COLLECTIVE],
                individual=subjects[Subject.INDIVIDUAL],
                level_of=info.level if info is not None else None,
            )
        )
    return out


def _groups(lines: list[CodeCount], key: Callable[[CodeCount], str], names: Mapping[str, str]) -> list[Group]:
    """``names``' groups always (in that order), then any other group some line falls in."""
    keys = list(names) + sorted({key(x) for x in lines} - set(names))
    groups = []
    for k in keys:
        items = tuple(x for x in lines if key(x) == k)
        groups.append(
            Group(
                code=k,
                name=names.get(k, NO_LEVEL_NAME),
                count=sum(x.count for x in items),
                cash_vnd=sum(x.cash_vnd for x in items),
                items=items,
            )
        )
    return groups


def _units(facts: Sequence[Fact]) -> list[UnitCount]:
    """Units by code; the awards of people who worked in no unit on the decision date last."""
    grouped = _by(facts, lambda f: f.unit)
    known = sorted((u for u in grouped if u is not None), key=lambda u: (u.code, u.unit_id))
    out = []
    for unit in [*known, *([None] if None in grouped else [])]:
        these = grouped[unit]
        subjects = Counter(f.subject for f in these)
        out.append(
            UnitCount(
                unit_id=unit.unit_id if unit else None,
                code=unit.code if unit else None,
                name=unit.name if unit else NO_UNIT_NAME,
                count=len(these),
                collective=subjects[Subject.COLLECTIVE],
                individual=subjects[Subject.INDIVIDUAL],
                cash_vnd=_cash(these),
            )
        )
    return out


def _fixed(facts: Sequence[Fact], key: Callable[[Fact], str | None], names: Mapping[str, str]) -> list[Count]:
    """A line for each of ``names`` (zero when nobody), then any value the data hold beyond them (a value a
    later version adds; ``unknown`` for none)."""
    grouped = _by(facts, lambda f: key(f) or UNKNOWN)
    extra = sorted(k for k in grouped if k not in names)
    shown = {UNKNOWN: UNKNOWN_GENDER, **names}
    return [_count(str(k), shown.get(k, k), grouped.get(k, [])) for k in [*names, *extra]]


def breakdowns(facts: Sequence[Fact], catalogue: Mapping[str, CodeInfo]) -> Breakdowns:
    counted = [f for f in facts if not f.revoked]
    revoked = [f for f in facts if f.revoked]
    lines = code_counts(counted, catalogue, every=True)
    subjects = Counter(f.subject for f in counted)
    kinds = Counter(f.kind for f in counted)
    individuals = [f for f in counted if f.subject is Subject.INDIVIDUAL]
    level_names: dict[str, str] = {str(k): v for k, v in LEVEL_NAMES.items()}
    return Breakdowns(
        totals=Totals(
            awards=len(counted),
            collective=subjects[Subject.COLLECTIVE],
            individual=subjects[Subject.INDIVIDUAL],
            titles=kinds[Kind.TITLE],
            forms=kinds[Kind.FORM],
            cash_vnd=_cash(counted),
            awards_without_cash=sum(1 for f in counted if f.cash_vnd is None),
            revoked=len(revoked),
        ),
        by_level=tuple(_groups(lines, lambda x: x.level, level_names)),
        by_kind=tuple(_groups(lines, lambda x: str(x.kind), {str(k): v for k, v in KIND_NAMES.items()})),
        by_subject_type=tuple(_fixed(counted, lambda f: f.subject, SUBJECT_NAMES)),
        by_gender=tuple(_fixed(individuals, lambda f: f.gender, GENDER_NAMES)),
        by_unit=tuple(_units(counted)),
        by_method=tuple(_fixed(counted, lambda f: f.method, METHOD_NAMES)),
        revoked=tuple(code_counts(revoked, catalogue, every=False)),
    )


def unit_on(periods: Iterable[Period], on: date) -> str | None:
    """The unit of the employment that covers ``on`` (the latest started, should periods overlap); None
    when none does."""
    covering = [p for p in periods if p.started_on <= on and (p.ended_on is None or p.ended_on >= on)]
    return max(covering, key=lambda p: p.started_on).unit_id if covering else None
