"""What the eligibility engine reads, loaded from the database as plain facts (``app.law.facts``).

The engine is pure; this module is the only place that turns rows into facts, so every verdict (one
subject, a batch, a decision) sees the same facts the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.law.facts import AchievementFact, ExclusionFact, HeldAward, MembersFact, RatingFact, Subject
from app.models import (
    Achievement,
    Assessment,
    Award,
    AwardStatus,
    DisciplineMeasure,
    Employment,
    Exclusion,
    ExclusionKind,
    Person,
    Rating,
    SubjectKind,
    Unit,
)

LAO_DONG_TIEN_TIEN = "lao_dong_tien_tien"
CHIEN_SI_THI_DUA_CO_SO = "chien_si_thi_dua_co_so"
# Measures at "warning" (cảnh cáo) or above: what bars a collective's titles.
WARNING_OR_ABOVE = frozenset(DisciplineMeasure) - {DisciplineMeasure.REPRIMAND}
COMPLETED_OR_BETTER = frozenset({Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED})

T = TypeVar("T")


def _held(rows: Iterable[Award]) -> tuple[HeldAward, ...]:
    return tuple(
        HeldAward(
            code=a.title_code or a.form_code or "",
            kind="title" if a.title_code else "form",
            year=a.year,
            status=a.status,
            method=a.method,
            decision_date=a.decision_date,
            award_id=a.id,
        )
        for a in rows
    )


def _achievements(rows: Iterable[Achievement]) -> tuple[AchievementFact, ...]:
    return tuple(
        AchievementFact(kind=a.kind, year=a.year, scope=a.scope, applied=a.applied, title=a.title, id=a.id)
        for a in rows
    )


def _exclusions(rows: Iterable[Exclusion]) -> tuple[ExclusionFact, ...]:
    return tuple(
        ExclusionFact(kind=e.kind, starts_on=e.starts_on, ends_on=e.ends_on, measure=e.measure, id=e.id)
        for e in rows
    )


def _ratings(rows: Iterable[Assessment]) -> tuple[RatingFact, ...]:
    return tuple(RatingFact(year=r.year, rating=r.rating, absent_days=r.absent_days) for r in rows)


def person_subjects(session: Session, person_ids: Collection[str]) -> dict[str, Subject]:
    """The facts about each person: employments, awards, achievements, exclusions and ratings."""
    ids = list(person_ids)
    if not ids:
        return {}
    people = session.scalars(select(Person).where(Person.id.in_(ids))).all()
    employments: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for e in session.scalars(
        select(Employment).where(Employment.person_id.in_(ids)).order_by(Employment.started_on)
    ):
        employments[e.person_id].append((e.started_on, e.ended_on))
    awards = _grouped(
        session.scalars(select(Award).where(Award.person_id.in_(ids)).order_by(Award.year, Award.created_at)),
        lambda a: a.person_id,
    )
    achievements = _grouped(
        session.scalars(
            select(Achievement)
            .where(Achievement.person_id.in_(ids))
            .order_by(Achievement.year, Achievement.id)
        ),
        lambda a: a.person_id,
    )
    exclusions = _grouped(
        session.scalars(
            select(Exclusion).where(Exclusion.person_id.in_(ids)).order_by(Exclusion.starts_on, Exclusion.id)
        ),
        lambda e: e.person_id,
    )
    ratings = _grouped(
        session.scalars(select(Assessment).where(Assessment.person_id.in_(ids)).order_by(Assessment.year)),
        lambda r: r.person_id,
    )
    return {
        p.id: Subject(
            kind=SubjectKind.PERSON,
            id=p.id,
            name=p.full_name,
            gender=p.gender,
            employments=tuple(employments.get(p.id, ())),
            awards=_held(awards.get(p.id, ())),
            achievements=_achievements(achievements.get(p.id, ())),
            exclusions=_exclusions(exclusions.get(p.id, ())),
            ratings=_ratings(ratings.get(p.id, ())),
        )
        for p in people
    }


def unit_subjects(
    session: Session, unit_ids: Collection[str], *, years: Collection[int]
) -> dict[str, Subject]:
    """The facts about each unit, with its people's counts (``MembersFact``) for each of ``years``."""
    ids = list(unit_ids)
    if not ids:
        return {}
    units = session.scalars(select(Unit).where(Unit.id.in_(ids))).all()
    awards = _grouped(
        session.scalars(select(Award).where(Award.unit_id.in_(ids)).order_by(Award.year, Award.created_at)),
        lambda a: a.unit_id,
    )
    achievements = _grouped(
        session.scalars(
            select(Achievement).where(Achievement.unit_id.in_(ids)).order_by(Achievement.year, Achievement.id)
        ),
        lambda a: a.unit_id,
    )
    exclusions = _grouped(
        session.scalars(
            select(Exclusion).where(Exclusion.unit_id.in_(ids)).order_by(Exclusion.starts_on, Exclusion.id)
        ),
        lambda e: e.unit_id,
    )
    ratings = _grouped(
        session.scalars(select(Assessment).where(Assessment.unit_id.in_(ids)).order_by(Assessment.year)),
        lambda r: r.unit_id,
    )
    members = {year: members_of(session, ids, year) for year in sorted(set(years))}
    return {
        u.id: Subject(
            kind=SubjectKind.UNIT,
            id=u.id,
            name=u.name,
            awards=_held(awards.get(u.id, ())),
            achievements=_achievements(achievements.get(u.id, ())),
            exclusions=_exclusions(exclusions.get(u.id, ())),
            ratings=_ratings(ratings.get(u.id, ())),
            members={year: counts[u.id] for year, counts in members.items() if u.id in counts},
        )
        for u in units
    }


def people_in_year(session: Session, unit_ids: Collection[str], year: int) -> dict[str, list[str]]:
    """Each unit's people in ``year``: a person counts in the unit of the last employment that overlaps the
    year (someone who moved mid-year counts once, in the unit they moved to)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = session.execute(
        select(Employment.person_id, Employment.unit_id, Employment.started_on)
        .where(
            Employment.started_on <= end,
            or_(Employment.ended_on.is_(None), Employment.ended_on >= start),
        )
        .order_by(Employment.person_id, Employment.started_on)
    ).all()
    last: dict[str, str] = {}
    for person_id, unit_id, _started in rows:
        last[person_id] = unit_id  # ordered by start: the last one wins
    wanted = set(unit_ids)
    out: dict[str, list[str]] = defaultdict(list)
    for person_id, unit_id in last.items():
        if unit_id in wanted:
            out[unit_id].append(person_id)
    return dict(out)


def members_of(session: Session, unit_ids: Collection[str], year: int) -> dict[str, MembersFact]:
    """Each unit's people in ``year`` counted as the collective titles read them."""
    by_unit = people_in_year(session, unit_ids, year)
    everyone = [p for people in by_unit.values() for p in people]
    if not everyone:
        return {u: MembersFact(0, 0, 0, 0, 0) for u in unit_ids}
    completed = set(
        session.scalars(
            select(Assessment.person_id).where(
                Assessment.person_id.in_(everyone),
                Assessment.year == year,
                Assessment.rating.in_([str(r) for r in COMPLETED_OR_BETTER]),
            )
        )
    )
    held: dict[str, set[str]] = defaultdict(set)
    for person_id, code in session.execute(
        select(Award.person_id, Award.title_code).where(
            Award.person_id.in_(everyone),
            Award.year == year,
            Award.status != AwardStatus.REVOKED,
            Award.title_code.in_([LAO_DONG_TIEN_TIEN, CHIEN_SI_THI_DUA_CO_SO]),
        )
    ):
        held[code].add(person_id)
    start, end = date(year, 1, 1), date(year, 12, 31)
    disciplined = set(
        session.scalars(
            select(Exclusion.person_id).where(
                Exclusion.person_id.in_(everyone),
                Exclusion.kind == ExclusionKind.DISCIPLINE,
                Exclusion.measure.in_([str(m) for m in WARNING_OR_ABOVE]),
                Exclusion.starts_on <= end,
                or_(Exclusion.ends_on.is_(None), Exclusion.ends_on >= start),
            )
        )
    )
    out: dict[str, MembersFact] = {}
    for unit_id in unit_ids:
        people = set(by_unit.get(unit_id, ()))
        out[unit_id] = MembersFact(
            total=len(people),
            completed=len(people & completed),
            lao_dong_tien_tien=len(people & held[LAO_DONG_TIEN_TIEN]),
            chien_si_thi_dua_co_so=len(people & held[CHIEN_SI_THI_DUA_CO_SO]),
            disciplined_warning_or_above=len(people & disciplined),
        )
    return out


def _grouped(rows: Iterable[T], key: Callable[[T], str | None]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        k = key(row)
        if k is not None:
            out[k].append(row)
    return out


def unit_of_person(session: Session, *, person_id: str | None, year: int) -> str | None:
    """The unit the person worked in at the end of ``year`` (the last employment overlapping it)."""
    if person_id is None:
        return None
    start, end = date(year, 1, 1), date(year, 12, 31)
    return session.scalar(
        select(Employment.unit_id)
        .where(
            Employment.person_id == person_id,
            Employment.started_on <= end,
            or_(Employment.ended_on.is_(None), Employment.ended_on >= start),
        )
        .order_by(Employment.started_on.desc())
        .limit(1)
    )
