"""The demo's people (``app.demo.people``) into the database: each person with their employments, yearly
ratings, recognised works, exclusions and titles 2014–2016, decided by the unit they worked in on
31 December of the year; and the units' ratings of 2016.

Idempotent as the rest of the demo: a person whose code exists is left as it is, with whatever it holds
(nothing is added to it); a unit that has a rating for 2016 keeps it. The awards are written as history,
decided (or revoked), without regime, verdict or cash: those are the law package's to fill in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.text import fold
from app.core.time import VN_TZ
from app.demo import data, people
from app.models import (
    Achievement,
    AchievementKind,
    Assessment,
    Award,
    AwardMethod,
    AwardStatus,
    Employment,
    Exclusion,
    Person,
    Rating,
    RecognitionScope,
    Unit,
)
from app.models.base import new_id

_INDEX = {code: i for i, (code, *_rest) in enumerate(data.UNITS)}
_SHORT_NAME = {code: short_name for code, _name, short_name, *_rest in data.UNITS}

# A unit's council and where its numbers start in the unit's register.
_UNIT_COUNCILS = {
    AchievementKind.INITIATIVE: ("Hội đồng sáng kiến", 40),
    AchievementKind.RESEARCH: ("Hội đồng KH&CN cơ sở", 60),
}


@dataclass(frozen=True)
class Job:
    unit: str
    position: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class Year:
    rating: Rating
    titles: tuple[str, ...]


def first_unit(code: str) -> str:
    """The unit a person was first registered in: the middle of ``CB-<UNIT>-nnn``."""
    return code.split("-")[1]


def jobs_of(code: str, position: str, since: str) -> list[Job]:
    started_on = date.fromisoformat(since)
    move = people.MOVES.get(code)
    if move is None:
        return [Job(first_unit(code), position, started_on, None)]
    moved_on = date.fromisoformat(move.on)
    return [
        Job(first_unit(code), position, started_on, moved_on - timedelta(days=1)),
        Job(move.to, move.position, moved_on, None),
    ]


def unit_on(jobs: list[Job], day: date) -> str:
    """The unit of the job held on ``day``: the one whose head rates the person and decides the titles."""
    return next(j.unit for j in jobs if j.started_on <= day and (j.ended_on is None or day <= j.ended_on))


def years_of(history: str) -> dict[int, Year]:
    """The roster's history ("XC TL --") read: each year employed, its rating and titles."""
    return {
        year: Year(people.RATINGS[pair[0]], people.TITLES[pair[1]])
        for year, pair in zip(people.YEARS, history.split(), strict=True)
        if pair != "--"
    }


# ---- the demo's numbering of decisions: one register per unit, deterministic -----------------------------


def title_decision(unit: str, title_code: str, year: int) -> tuple[str, date]:
    """The unit head's decision on a year's titles, in January (LĐTT) or February (CSTĐCS) of the next."""
    i = _INDEX[unit]
    if title_code == people.LDTT:
        return f"{2 * i + 3}/QĐ-{unit}", date(year + 1, 1, 5 + i)
    return f"{2 * i + 4}/QĐ-{unit}", date(year + 1, 2, 10 + i)


def recognition(work: people.Work, unit: str) -> tuple[str, str, date]:
    """(recognised by, decision number, date): the unit's council in November for unit scope, the
    ministry's yearly decision above it."""
    if work.scope is RecognitionScope.UNIT:
        i = _INDEX[unit]
        council, first_number = _UNIT_COUNCILS[work.kind]
        return f"{council} {_SHORT_NAME[unit]}", f"{first_number + i}/QĐ-{unit}", date(work.year, 11, 10 + i)
    by, number, day = people.MINISTRY_RECOGNITION[(work.kind, work.year)]
    return by, number, date.fromisoformat(day)


def _at(day: date) -> datetime:
    """9:00 in Hanoi on ``day``, in UTC: when a decision of that day is recorded."""
    return datetime.combine(day, time(9), tzinfo=VN_TZ).astimezone(UTC)


# ---- loading -----------------------------------------------------------------------------------------------


def load(session: Session, units: dict[str, Unit]) -> Counter[str]:
    """Add the people not yet there and the units' 2016 ratings not yet there; return what was created."""
    created: Counter[str] = Counter()
    codes = [row[0] for row in people.ROSTER]
    existing = set(session.scalars(select(Person.code).where(Person.code.in_(codes))))
    new = [row for row in people.ROSTER if row[0] not in existing]
    # The people first: without relationships between the models the flush does not order the inserts.
    added = [_person(row, units) for row in new]
    session.add_all(added)
    session.flush()
    for row, person in zip(new, added, strict=True):
        _history(session, row, person, units, created)
    _unit_ratings(session, units, created)
    session.flush()
    return +created  # without the zeros: nothing created is no entry


def _person(row: people.Row, units: dict[str, Unit]) -> Person:
    code, full_name, gender, birth, position, since, _history = row
    current = jobs_of(code, position, since)[-1]
    return Person(
        id=new_id(),
        code=code,
        full_name=full_name,
        gender=gender,
        birth_date=date.fromisoformat(birth),
        position=current.position,
        unit_id=units[current.unit].id,
        search_text=fold(f"{full_name} {code}"),
    )


def _history(
    session: Session, row: people.Row, person: Person, units: dict[str, Unit], created: Counter[str]
) -> None:
    """The person's employments, recognised works, exclusions, yearly ratings and titles."""
    code, _name, _gender, _birth, position, since, history = row
    jobs = jobs_of(code, position, since)
    for job in jobs:
        session.add(
            Employment(
                id=new_id(),
                person_id=person.id,
                unit_id=units[job.unit].id,
                position=job.position,
                started_on=job.started_on,
                ended_on=job.ended_on,
            )
        )
    works = people.WORKS.get(code, [])
    for work in works:
        by, number, day = recognition(work, unit_on(jobs, date(work.year, 12, 31)))
        session.add(
            Achievement(
                id=new_id(),
                person_id=person.id,
                kind=work.kind,
                title=work.title,
                year=work.year,
                scope=work.scope,
                applied=work.applied,
                recognised_by=by,
                decision_number=number,
                recognised_on=day,
            )
        )
    bars = people.EXCLUSIONS.get(code, [])
    for bar in bars:
        session.add(
            Exclusion(
                id=new_id(),
                person_id=person.id,
                kind=bar.kind,
                measure=bar.measure,
                starts_on=date.fromisoformat(bar.starts_on),
                ends_on=date.fromisoformat(bar.ends_on) if bar.ends_on else None,
                decision_number=bar.decision_number,
                note=bar.note,
            )
        )
    years = years_of(history)
    for year, record in years.items():
        absent_days, note = people.ASSESSMENT_NOTES.get((code, year), (None, None))
        session.add(
            Assessment(
                id=new_id(),
                person_id=person.id,
                year=year,
                rating=record.rating,
                absent_days=absent_days,
                note=note,
            )
        )
        unit = unit_on(jobs, date(year, 12, 31))
        for title_code in record.titles:
            session.add(_award(person, title_code, year, unit, works))
            created["awards"] += 1
    created["people"] += 1
    created["employments"] += len(jobs)
    created["assessments"] += len(years)
    created["achievements"] += len(works)
    created["exclusions"] += len(bars)


def _award(person: Person, title_code: str, year: int, unit: str, works: list[people.Work]) -> Award:
    number, day = title_decision(unit, title_code, year)
    award = Award(
        id=new_id(),
        person_id=person.id,
        title_code=title_code,
        year=year,
        method=AwardMethod.REGULAR,
        status=AwardStatus.DECIDED,
        achievement=_basis(title_code, year, works),
        decision_number=number,
        decision_date=day,
        created_at=_at(day),
        updated_at=_at(day),
    )
    for revocation in people.REVOCATIONS.get(person.code, []):
        if (revocation.title_code, revocation.year) == (title_code, year):
            award.status = AwardStatus.REVOKED
            award.revoked_reason = revocation.reason
            award.updated_at = _at(date.fromisoformat(revocation.on))
    return award


def _basis(title_code: str, year: int, works: list[people.Work]) -> str | None:
    """For a CSTĐCS, the year's work it rests on."""
    if title_code != people.CSTDCS:
        return None
    for work in works:
        if work.year == year and work.applied:
            kind = "Sáng kiến" if work.kind is AchievementKind.INITIATIVE else "Đề tài"
            return f"{kind}: {work.title}"
    return None


def _unit_ratings(session: Session, units: dict[str, Unit], created: Counter[str]) -> None:
    rated = set(
        session.scalars(
            select(Assessment.unit_id).where(Assessment.year == data.YEAR, Assessment.unit_id.is_not(None))
        )
    )
    for code, rating in people.UNIT_RATINGS_2016.items():
        if units[code].id not in rated:
            session.add(Assessment(id=new_id(), unit_id=units[code].id, year=data.YEAR, rating=rating))
            created["assessments"] += 1
