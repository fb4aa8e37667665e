"""Verdicts: thin routes over ``app.eligibility.service``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import Path, Query
from sqlalchemy import select

from app.blocs import leadership
from app.core import names
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.responses import AUTH, Responses, not_found
from app.core.routing import feature_router
from app.eligibility import service
from app.eligibility.policies import BlocVerdictReader, CapReader, PersonVerdictReader, UnitVerdictReader
from app.eligibility.schemas import CapRead, VerdictCounts, VerdictList, VerdictRead
from app.eligibility.service import Question
from app.law.verdict import VerdictResult
from app.models import Person, Unit, Verdict

router = feature_router(prefix="", tags=["eligibility"])

CodeQuery = Annotated[
    str, Query(max_length=64, description="The title's or form's code, e.g. `chien_si_thi_dua_cap_bo`.")
]
YearQuery = Annotated[int, Query(ge=1945, le=2200, description="The year of the achievement.")]
DecisionDateQuery = Annotated[
    date | None,
    Query(
        description="The date the decision would be signed: it chooses the legal regime and the regulation "
        "versions. Without it the subject is judged as of today."
    ),
]
LodgedOnQuery = Annotated[
    date | None,
    Query(
        description="When the file was lodged: a file lodged before a decree switch may keep "
        "the old procedure."
    ),
]
_422: Responses = {
    422: {"description": "Unknown code, a code the regime has no rules for, or a date no regime covers."}
}
_DESC = (
    "The law's verdict: `eligible`, `not_eligible` (a hard criterion is not met) or `needs_judgement` (the "
    "council must judge what data cannot show), with each criterion's outcome, evidence and article, the "
    "legal regime chosen and why, and the regulation versions read."
)


def _question(code: str, year: int, decision_date: date | None, lodged_on: date | None) -> Question:
    return Question(code=code, year=year, decision_date=decision_date, lodged_on=lodged_on)


def _names(session: SessionDep, verdicts: Sequence[VerdictResult]) -> dict[str, str]:
    people = [v.subject_id for v in verdicts if v.subject_kind == "person"]
    units = [v.subject_id for v in verdicts if v.subject_kind == "unit"]
    names: dict[str, str] = {}
    if people:
        names.update(
            session.execute(select(Person.id, Person.full_name).where(Person.id.in_(people))).tuples().all()
        )
    if units:
        names.update(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(units))).tuples().all())
    return names


def _one(session: SessionDep, verdict: VerdictResult) -> VerdictRead:
    titles = names.titles(session, [verdict.code])
    return VerdictRead.of(
        verdict,
        name=_names(session, [verdict]).get(verdict.subject_id, ""),
        code_name=titles.get(verdict.code, verdict.code),
    )


def _list(
    session: SessionDep, verdicts: Sequence[VerdictResult], cap: service.CapUse | None = None
) -> VerdictList:
    subjects = _names(session, verdicts)
    codes = [v.code for v in verdicts] + ([cap.code, cap.of_code] if cap is not None else [])
    titles = names.titles(session, codes)
    units = names.units(session, [cap.unit_id] if cap is not None else [])
    outcomes = [v.outcome for v in verdicts]
    return VerdictList(
        items=[
            VerdictRead.of(v, name=subjects.get(v.subject_id, ""), code_name=titles.get(v.code, v.code))
            for v in verdicts
        ],
        counts=VerdictCounts(
            eligible=outcomes.count(Verdict.ELIGIBLE),
            not_eligible=outcomes.count(Verdict.NOT_ELIGIBLE),
            needs_judgement=outcomes.count(Verdict.NEEDS_JUDGEMENT),
        ),
        cap=CapRead.of(cap, titles=titles, units=units) if cap is not None else None,
    )


@router.get(
    "/people/{person_id}/eligibility",
    response_model=VerdictRead,
    summary="Judge a person for a title or form",
    description=_DESC,
    responses={**AUTH, **not_found("person"), **_422},
)
def get_person_eligibility(
    person_id: Annotated[str, Path(description="The person's id.")],
    session: SessionDep,
    _principal: PersonVerdictReader,
    code: CodeQuery,
    year: YearQuery,
    decision_date: DecisionDateQuery = None,
    lodged_on: LodgedOnQuery = None,
) -> VerdictRead:
    q = _question(code, year, decision_date, lodged_on)
    return _one(session, service.judge_person(session, person_id=person_id, q=q))


@router.get(
    "/units/{unit_id}/eligibility",
    response_model=VerdictRead,
    summary="Judge a unit for a collective title or a form",
    description=_DESC,
    responses={**AUTH, **not_found("unit"), **_422},
)
def get_unit_eligibility(
    unit_id: Annotated[str, Path(description="The unit's id.")],
    session: SessionDep,
    _principal: UnitVerdictReader,
    code: CodeQuery,
    year: YearQuery,
    decision_date: DecisionDateQuery = None,
    lodged_on: LodgedOnQuery = None,
) -> VerdictRead:
    q = _question(code, year, decision_date, lodged_on)
    return _one(session, service.judge_unit(session, unit_id=unit_id, q=q))


@router.get(
    "/units/{unit_id}/people-eligibility",
    response_model=VerdictList,
    summary="Judge every person of a unit for a title or form",
    description="The people who worked in the unit that year (each in the unit they ended the year in), by "
    "name, with the title's cap for the unit where the regime sets one. " + _DESC,
    responses={**AUTH, **not_found("unit"), **_422},
)
def list_unit_people_eligibility(
    unit_id: Annotated[str, Path(description="The unit's id.")],
    session: SessionDep,
    _principal: UnitVerdictReader,
    code: CodeQuery,
    year: YearQuery,
    decision_date: DecisionDateQuery = None,
    lodged_on: LodgedOnQuery = None,
) -> VerdictList:
    q = _question(code, year, decision_date, lodged_on)
    verdicts = service.judge_people_of_unit(session, unit_id=unit_id, q=q)
    cap = service.cap_of(session, q=q, unit_id=unit_id)
    return _list(session, verdicts, cap)


@router.get(
    "/blocs/{bloc_id}/years/{year}/eligibility",
    response_model=VerdictList,
    summary="Judge every member unit of a bloc for a title or form",
    description="The bloc's members that year, by code. " + _DESC,
    responses={**AUTH, **not_found("bloc"), **_422},
)
def list_bloc_eligibility(
    bloc_id: Annotated[str, Path(description="The bloc's id.")],
    year: Annotated[int, Path(ge=1945, le=2200, description="The year of the achievement.")],
    session: SessionDep,
    _principal: BlocVerdictReader,
    code: CodeQuery,
    decision_date: DecisionDateQuery = None,
    lodged_on: LodgedOnQuery = None,
) -> VerdictList:
    q = _question(code, year, decision_date, lodged_on)
    members = leadership.member_unit_ids(session, bloc_id=bloc_id, year=year)
    verdicts = service.judge_units(session, unit_ids=members, q=q, bloc_id=bloc_id)
    return _list(session, verdicts, service.cap_of(session, q=q, unit_id=None))


@router.get(
    "/caps/{code}",
    response_model=CapRead | None,
    summary="Read a title's cap for a year",
    description="Where the legal regime (or the regulation) caps a title as a share of another's holders: "
    "the limit, how many are decided, and how many remain; `null` when there is no cap. A cap per unit "
    "needs `unit_id`.",
    responses={**AUTH, **not_found("title"), **_422},
)
def get_cap(
    code: Annotated[str, Path(description="The title's code.")],
    session: SessionDep,
    _principal: CapReader,
    year: YearQuery,
    unit_id: Annotated[str | None, Query(max_length=64, description="The unit, for a cap per unit.")] = None,
    decision_date: DecisionDateQuery = None,
) -> CapRead | None:
    if not service.in_catalogue(session, code):
        raise NotFound(
            "No title or form of commendation has this code.",
            detail_vi="Không có danh hiệu hoặc hình thức khen thưởng nào với mã này.",
        )
    q = _question(code, year, decision_date, None)
    cap = service.cap_of(session, q=q, unit_id=unit_id)
    if cap is None:
        return None
    titles = names.titles(session, [cap.code, cap.of_code])
    return CapRead.of(cap, titles=titles, units=names.units(session, [cap.unit_id]))
