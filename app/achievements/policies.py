"""Who may read and write a subject's records, as policies the routes declare (see ``app.core.policy``).

A person's achievements, ratings and exclusions follow the person (``app.people.policies``): the admin and
the secretariat write them, and so do the officers of the person's unit; another unit's person does not
exist for an officer (404). A unit's own records are written by the admin and the secretariat only (a
unit does not rate itself); its officers read them. Observers read everything. ``units:read`` service
clients read achievements and ratings, never exclusions: disciplinary measures and investigations are
personnel records, for those who manage people and for the inspectors.

The checks read plain columns (the record's subject, the person's current unit), never load a record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from sqlalchemy.orm import Session

from app.achievements import repository
from app.achievements.achievements import achievement_not_found
from app.achievements.exclusions import exclusion_not_found
from app.achievements.repository import RecordFacts
from app.core.errors import DomainError, Forbidden
from app.core.policy import Allow, Params, Policy, Rule, Test, Visibility, Who, remembered
from app.core.principal import Principal
from app.models import Achievement, Exclusion
from app.people.policies import (
    CLIENT_READERS,
    EDITORS,
    OFFICER_OF_PERSON,
    OFFICER_OF_UNIT,
    PERSON_VISIBLE,
    READERS,
    UNIT_EXISTS,
    officer_of,
    subject_visible,
)


def _facts(
    model: type[Achievement] | type[Exclusion], param: str
) -> Callable[[Session, Params], RecordFacts | None]:
    def facts(session: Session, params: Params) -> RecordFacts | None:
        record_id = params[param]
        return remembered(
            session, (model.__name__, record_id), lambda: repository.record_facts(session, model, record_id)
        )

    return facts


_ACHIEVEMENT = _facts(Achievement, "achievement_id")
_EXCLUSION = _facts(Exclusion, "exclusion_id")


def _visible(facts: Callable[[Session, Params], RecordFacts | None]) -> Test:
    def test(session: Session, principal: Principal, params: Params) -> bool:
        found = facts(session, params)
        return found is not None and subject_visible(principal, found.subject_unit_id)

    return test


def _officer_of_subject(
    facts: Callable[[Session, Params], RecordFacts | None], *, persons_only: bool
) -> Test:
    def test(session: Session, principal: Principal, params: Params) -> bool:
        found = facts(session, params) if principal.has_role("officer") else None
        if found is None or (persons_only and not found.is_persons):
            return False
        return officer_of(principal, found.subject_unit_id)

    return test


def _record_visibility(
    facts: Callable[[Session, Params], RecordFacts | None], hidden: Callable[[], DomainError], what: str
) -> Visibility:
    return Visibility(
        who=f"naming an existing {what} (for an officer, one of a person of his unit, or of his unit)",
        test=_visible(facts),
        hidden=hidden,
    )


ACHIEVEMENT_VISIBLE = _record_visibility(_ACHIEVEMENT, achievement_not_found, "achievement")
EXCLUSION_VISIBLE = _record_visibility(_EXCLUSION, exclusion_not_found, "exclusion")

_OFFICER_READS = "officer of the unit the record concerns (the person's unit, or the unit's own)"
_OFFICER_WRITES = (
    "officer of the person's unit, for a person's record (a unit's records are the secretariat's)"
)
OFFICER_READS_ACHIEVEMENT = Rule(
    who=_OFFICER_READS,
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_subject(_ACHIEVEMENT, persons_only=False),
)
OFFICER_WRITES_ACHIEVEMENT = Rule(
    who=_OFFICER_WRITES,
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_subject(_ACHIEVEMENT, persons_only=True),
)
OFFICER_READS_EXCLUSION = Rule(
    who=_OFFICER_READS,
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_subject(_EXCLUSION, persons_only=False),
)
OFFICER_WRITES_EXCLUSION = Rule(
    who=_OFFICER_WRITES,
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_subject(_EXCLUSION, persons_only=True),
)


def not_person_manager() -> Forbidden:
    return Forbidden(
        "Only the admin, the secretariat and the officers of the person's unit may change the person's "
        "records.",
        detail_vi="Chỉ quản trị viên, Thường trực Hội đồng và cán bộ của đơn vị được thay đổi hồ sơ "
        "của cán bộ.",
    )


def not_unit_records_writer() -> Forbidden:
    return Forbidden(
        "A unit's achievements, ratings and exclusions are recorded by the secretariat.",
        detail_vi="Thành tích, xếp loại và kỷ luật của đơn vị do Thường trực Hội đồng cập nhật.",
    )


def not_records_reader() -> Forbidden:
    return Forbidden(
        "Only the admin, the secretariat, observers and the unit's officers may read these records.",
        detail_vi="Chỉ quản trị viên, Thường trực Hội đồng, quan sát viên và cán bộ của đơn vị được xem.",
    )


_NO_CLIENTS = "Service clients never read exclusions."

# ---- a person's records --------------------------------------------------------------------------------

READ_PERSON_RECORDS = Policy(
    "achievements.read_person",
    rules=(READERS, OFFICER_OF_PERSON, CLIENT_READERS),
    visible=PERSON_VISIBLE,
    then="Achievements and ratings.",
)
READ_PERSON_EXCLUSIONS = Policy(
    "achievements.read_person_exclusions",
    rules=(READERS, OFFICER_OF_PERSON),
    visible=PERSON_VISIBLE,
    denied=not_records_reader,
    then=_NO_CLIENTS,
)
WRITE_PERSON_RECORDS = Policy(
    "achievements.write_person",
    rules=(EDITORS, OFFICER_OF_PERSON),
    visible=PERSON_VISIBLE,
    denied=not_person_manager,
    then="Achievements, exclusions and ratings.",
)

# ---- a unit's own records ------------------------------------------------------------------------------

READ_UNIT_RECORDS = Policy(
    "achievements.read_unit",
    rules=(READERS, OFFICER_OF_UNIT, CLIENT_READERS),
    visible=UNIT_EXISTS,
    denied=not_records_reader,
    then="Achievements and ratings.",
)
READ_UNIT_EXCLUSIONS = Policy(
    "achievements.read_unit_exclusions",
    rules=(READERS, OFFICER_OF_UNIT),
    visible=UNIT_EXISTS,
    denied=not_records_reader,
    then=_NO_CLIENTS,
)
WRITE_UNIT_RECORDS = Policy(
    "achievements.write_unit",
    rules=(EDITORS,),
    visible=UNIT_EXISTS,
    denied=not_unit_records_writer,
    then="Achievements, exclusions and ratings: a unit does not rate itself.",
)

# ---- one record by id ----------------------------------------------------------------------------------

READ_ACHIEVEMENT = Policy(
    "achievements.read_achievement",
    rules=(READERS, OFFICER_READS_ACHIEVEMENT, CLIENT_READERS),
    visible=ACHIEVEMENT_VISIBLE,
    denied=not_records_reader,
)
EDIT_ACHIEVEMENT = Policy(
    "achievements.edit_achievement",
    rules=(EDITORS, OFFICER_WRITES_ACHIEVEMENT),
    visible=ACHIEVEMENT_VISIBLE,
    denied=not_person_manager,
)
READ_EXCLUSION = Policy(
    "achievements.read_exclusion",
    rules=(READERS, OFFICER_READS_EXCLUSION),
    visible=EXCLUSION_VISIBLE,
    denied=not_records_reader,
    then=_NO_CLIENTS,
)
EDIT_EXCLUSION = Policy(
    "achievements.edit_exclusion",
    rules=(EDITORS, OFFICER_WRITES_EXCLUSION),
    visible=EXCLUSION_VISIBLE,
    denied=not_person_manager,
)

PersonRecordsReader = Annotated[Principal, Allow(READ_PERSON_RECORDS)]
PersonExclusionsReader = Annotated[Principal, Allow(READ_PERSON_EXCLUSIONS)]
PersonRecordsWriter = Annotated[Principal, Allow(WRITE_PERSON_RECORDS)]
UnitRecordsReader = Annotated[Principal, Allow(READ_UNIT_RECORDS)]
UnitExclusionsReader = Annotated[Principal, Allow(READ_UNIT_EXCLUSIONS)]
UnitRecordsWriter = Annotated[Principal, Allow(WRITE_UNIT_RECORDS)]
AchievementReader = Annotated[Principal, Allow(READ_ACHIEVEMENT)]
AchievementEditor = Annotated[Principal, Allow(EDIT_ACHIEVEMENT)]
ExclusionReader = Annotated[Principal, Allow(READ_EXCLUSION)]
ExclusionEditor = Annotated[Principal, Allow(EDIT_EXCLUSION)]
