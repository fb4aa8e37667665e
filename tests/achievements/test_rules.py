"""The records' pure rules, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from app.achievements.rules import exclusion_problems, rating_problems
from app.models import DisciplineMeasure, ExclusionKind, SubjectKind

MARCH = date(2016, 3, 1)


@pytest.mark.parametrize(
    ("kind", "measure", "ends_on", "fields"),
    [
        (ExclusionKind.DISCIPLINE, DisciplineMeasure.WARNING, None, []),
        (ExclusionKind.DISCIPLINE, DisciplineMeasure.DISMISSAL, MARCH, []),
        (ExclusionKind.INVESTIGATION, None, date(2016, 3, 2), []),
        (ExclusionKind.COMPLAINT, None, None, []),
        (ExclusionKind.DISCIPLINE, None, None, ["measure"]),
        (ExclusionKind.INVESTIGATION, DisciplineMeasure.REPRIMAND, None, ["measure"]),
        (ExclusionKind.COMPLAINT, None, date(2016, 2, 29), ["ends_on"]),
        (ExclusionKind.DISCIPLINE, None, date(2015, 1, 1), ["measure", "ends_on"]),
    ],
)
def test_exclusion_problems(
    kind: ExclusionKind, measure: DisciplineMeasure | None, ends_on: date | None, fields: list[str]
) -> None:
    found = exclusion_problems(kind=kind, measure=measure, starts_on=MARCH, ends_on=ends_on)
    assert [e["loc"] for e in found] == [["body", f] for f in fields]


def test_absent_days_are_a_persons() -> None:
    assert rating_problems(subject=SubjectKind.PERSON, absent_days=3) == []
    assert rating_problems(subject=SubjectKind.UNIT, absent_days=None) == []
    assert [e["loc"] for e in rating_problems(subject=SubjectKind.UNIT, absent_days=0)] == [
        ["body", "absent_days"]
    ]
