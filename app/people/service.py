"""People: the use cases. No FastAPI here; services flush, the request's route commits.

A person has a stable, immutable ``code`` and an employment history across units; ``Person.unit_id`` is
the unit of the open employment. Birth dates are personal data: they never reach the audit trail, and only
the callers ``rules.sees_birth_dates`` names see them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Invalid, NotFound, PreconditionFailed, already_exists, refuse_code_change
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.core.text import fold
from app.models import Employment, Person, Unit
from app.models.base import new_id, utcnow
from app.models.enums import Gender
from app.people import repository, rules
from app.people.dates import vn_today
from app.people.repository import PeopleFilter as PeopleFilter
from app.people.repository import PersonSort as PersonSort
from app.people.repository import UnitLabel

_MAX_ID_LENGTH = 64
_WHAT, _WHAT_VI = "person", "cán bộ"
# Fields whose values are personal data: an audit event says that they changed, never what to.
_REDACTED = frozenset({"birth_date"})


@dataclass(frozen=True)
class PersonView:
    """A person as one caller may see them: the unit's code and name beside its id, and the birth date
    only where ``rules.sees_birth_dates`` allows."""

    person: Person
    unit: UnitLabel | None
    shows_birth_date: bool

    @property
    def birth_date(self) -> date | None:
        return self.person.birth_date if self.shows_birth_date else None


def person_not_found() -> NotFound:
    return NotFound("No person has this id.", detail_vi="Không có cán bộ nào với mã định danh này.")


def unit_not_found() -> NotFound:
    return NotFound("No unit has this id.", detail_vi="Không có đơn vị nào với mã định danh này.")


def search_text_of(*, full_name: str, code: str) -> str:
    return fold(f"{full_name} {code}")


# ---- for other features ------------------------------------------------------------------------------


def unit_on(session: Session, *, person_id: str, on: date) -> str | None:
    """The unit the person worked in on ``on`` (None: none, or no such person)."""
    return repository.unit_on(session, person_id=person_id, on=on)


def employments_of(session: Session, *, person_id: str) -> list[Employment]:
    """The person's employments, oldest first (empty for no such person)."""
    return repository.employments_of(session, person_id=person_id)


def get_person(session: Session, person_id: str, *, for_update: bool = False) -> Person:
    person = (
        session.get(Person, person_id, with_for_update=for_update)
        if len(person_id) <= _MAX_ID_LENGTH
        else None
    )
    if person is None:
        raise person_not_found()
    return person


# ---- views -------------------------------------------------------------------------------------------


def view_of(session: Session, principal: Principal, person: Person) -> PersonView:
    labels = repository.unit_labels(session, unit_ids=[person.unit_id])
    return view_with(principal, person, labels)


def view_with(principal: Principal, person: Person, labels: Mapping[str, UnitLabel]) -> PersonView:
    """The person as ``principal`` sees them, their unit's label taken from ``labels``."""
    return PersonView(
        person=person,
        unit=labels.get(person.unit_id) if person.unit_id is not None else None,
        shows_birth_date=rules.sees_birth_dates(principal, person.unit_id),
    )


def views_of(session: Session, principal: Principal, people: Sequence[Person]) -> list[PersonView]:
    labels = repository.unit_labels(session, unit_ids=[p.unit_id for p in people])
    return [view_with(principal, p, labels) for p in people]


# ---- reads ---------------------------------------------------------------------------------------------


def list_people(
    *, session: Session, principal: Principal, flt: PeopleFilter, page: PageParams
) -> tuple[list[PersonView], str | None]:
    """A page of the people the caller may read: an officer's list is narrowed to his own unit."""
    if not rules.reads_every_person(principal):
        own = frozenset({principal.unit_id}) if principal.unit_id is not None else frozenset()
        flt = replace(flt, within_units=own)
    people, next_cursor = repository.people_page(session, flt=flt, page=page)
    return views_of(session, principal, people), next_cursor


def get(*, session: Session, principal: Principal, person_id: str) -> PersonView:
    return view_of(session, principal, get_person(session, person_id))


# ---- writes --------------------------------------------------------------------------------------------


def unit_for_body(session: Session, unit_id: str, *, field: str = "unit_id") -> Unit:
    """The unit a body names; 422 naming the field when there is none."""
    unit = session.get(Unit, unit_id) if len(unit_id) <= _MAX_ID_LENGTH else None
    if unit is None:
        raise Invalid(
            "No unit has this id.",
            detail_vi="Không có đơn vị nào với mã định danh này.",
            errors=[{"loc": ["body", field], "msg": "no unit has this id", "type": "not_found"}],
        )
    return unit


def check_started_on(started_on: date, today: date) -> None:
    if started_on > today:
        raise Invalid(
            "started_on must not be later than today.",
            detail_vi="Ngày bắt đầu công tác không được sau ngày hôm nay.",
            errors=[
                {
                    "loc": ["body", "started_on"],
                    "msg": f"must not be later than today ({today.isoformat()})",
                    "type": "date_future",
                }
            ],
        )


def created_details(person: Person, *, started_on: date, source: str) -> dict[str, Any]:
    """What a ``person.create`` event records: everything but the birth date."""
    return {
        "code": person.code,
        "full_name": person.full_name,
        "gender": person.gender,
        "position": person.position,
        "unit_id": person.unit_id,
        "started_on": started_on.isoformat(),
        "active": person.active,
        "source": source,
    }


def new_person(
    *,
    code: str,
    full_name: str,
    gender: Gender,
    birth_date: date | None,
    position: str | None,
    unit_id: str,
    active: bool,
    started_on: date,
) -> tuple[Person, Employment]:
    """A person and their first employment, not yet added to any session."""
    now = utcnow()
    person = Person(
        id=new_id(),
        code=code,
        full_name=full_name,
        gender=gender,
        birth_date=birth_date,
        position=position or None,
        unit_id=unit_id,
        active=active,
        search_text=search_text_of(full_name=full_name, code=code),
        created_at=now,
        updated_at=now,
    )
    employment = Employment(
        id=new_id(),
        person_id=person.id,
        unit_id=unit_id,
        position=person.position,
        started_on=started_on,
        created_at=now,
        updated_at=now,
    )
    return person, employment


def _insert(session: Session, actor: audit.Actor, person: Person, employment: Employment) -> bool:
    """Add and record the person; False when the code is taken (also by a transaction committed meanwhile)."""
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
            session.add(employment)
    except IntegrityError:
        return False
    audit.record(
        session,
        actor=actor,
        action="person.create",
        object_type="person",
        object_id=person.id,
        details=created_details(person, started_on=employment.started_on, source="api"),
    )
    return True


def create(
    *,
    session: Session,
    principal: Principal,
    code: str,
    full_name: str,
    gender: Gender,
    unit_id: str,
    birth_date: date | None = None,
    position: str | None = None,
    started_on: date | None = None,
    active: bool = True,
) -> PersonView:
    """A new person and their first employment, in ``unit_id`` from ``started_on`` (today by default)."""
    today = vn_today()
    unit = unit_for_body(session, unit_id)
    started = started_on or today
    check_started_on(started, today)
    person, employment = new_person(
        code=code,
        full_name=full_name,
        gender=gender,
        birth_date=birth_date,
        position=position,
        unit_id=unit.id,
        active=active,
        started_on=started,
    )
    if repository.person_by_code(session, code=code) is not None or not _insert(
        session, principal.actor, person, employment
    ):
        raise already_exists(_WHAT, _WHAT_VI, code)
    return view_of(session, principal, person)


def apply_changes(
    session: Session,
    person: Person,
    changes: Mapping[str, Any],
    *,
    open_employments: Mapping[str, Employment] | None = None,
) -> updates.Diff:
    """Apply what differs in ``changes`` (field → value), unflushed; the diff (empty: nothing changed).
    The open employment's position follows the person's (``open_employments`` by person id, when the
    caller read them already)."""
    changes = dict(changes)
    if "position" in changes:
        changes["position"] = changes["position"] or None
    diff = updates.diff_of(person, changes)
    if not diff:
        return diff
    updates.apply(person, diff)
    person.search_text = search_text_of(full_name=person.full_name, code=person.code)
    if "position" in diff:
        current = (
            open_employments.get(person.id)
            if open_employments is not None
            else repository.open_employment(session, person_id=person.id)
        )
        if current is not None:
            current.position = person.position
    return diff


def record_changes(
    session: Session, actor: audit.Actor, person: Person, diff: updates.Diff, *, source: str
) -> None:
    """Record ``person.update``: a birth date's change is named, its values are not."""
    details: dict[str, Any] = {
        "code": person.code,
        "changes": {k: v for k, v in diff.items() if k not in _REDACTED},
        "source": source,
    }
    if redacted := sorted(_REDACTED & diff.keys()):
        details["redacted"] = redacted
    audit.record(
        session,
        actor=actor,
        action="person.update",
        object_type="person",
        object_id=person.id,
        details=details,
    )


def update(*, session: Session, actor: audit.Actor, person: Person, changes: Mapping[str, Any]) -> None:
    """Apply ``changes``. Changing nothing writes nothing: no new version, no audit event."""
    diff = apply_changes(session, person, changes)
    if diff:
        updates.flush(session, what=_WHAT, what_vi=_WHAT_VI)
        record_changes(session, actor, person, diff, source="api")


def patch(
    *,
    session: Session,
    principal: Principal,
    person_id: str,
    changes: Mapping[str, Any],
    code: str | None = None,
    if_match: str | None = None,
) -> PersonView:
    """Change the fields in ``changes``; ``code``, when sent, must be the person's own (it is immutable)."""
    person = get_person(session, person_id)
    check_if_match(if_match, person)
    refuse_code_change(person.code, code, what=_WHAT, what_vi=_WHAT_VI)
    update(session=session, actor=principal.actor, person=person, changes=changes)
    return view_of(session, principal, person)


def _refuse_other_unit(person: Person, unit_id: str) -> None:
    if person.unit_id != unit_id:
        raise Invalid(
            "The person works in another unit; move them with POST /api/v1/people/{id}/transfers.",
            detail_vi="Cán bộ đang công tác ở đơn vị khác; hãy dùng chức năng điều chuyển.",
            errors=[
                {
                    "loc": ["body", "unit_id"],
                    "msg": "the person works in another unit; a move is a transfer",
                    "type": "person_in_other_unit",
                }
            ],
        )


def put_by_code(
    *,
    session: Session,
    principal: Principal,
    code: str,
    code_in_body: str | None = None,
    if_match: str | None = None,
    full_name: str,
    gender: Gender,
    unit_id: str,
    birth_date: date | None = None,
    position: str | None = None,
    active: bool = True,
    started_on: date | None = None,
) -> tuple[PersonView, bool]:
    """Create the person ``code`` in ``unit_id``, or give the person of that unit exactly these fields;
    returns (person, created). A person of another unit is refused: moves are transfers."""
    if code_in_body is not None and code_in_body != code:
        raise Invalid(
            "The code in the body differs from the code in the path.",
            detail_vi="Mã trong nội dung khác với mã trên đường dẫn.",
            errors=[
                {"loc": ["body", "code"], "msg": "must equal the code in the path", "type": "value_error"}
            ],
        )
    fields = {
        "full_name": full_name,
        "gender": gender,
        "birth_date": birth_date,
        "position": position,
        "active": active,
    }
    person = repository.person_by_code(session, code=code, for_update=True)
    if person is None and if_match is None:
        today = vn_today()
        unit = unit_for_body(session, unit_id)
        started = started_on or today
        check_started_on(started, today)
        person, employment = new_person(
            code=code,
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            position=position,
            unit_id=unit.id,
            active=active,
            started_on=started,
        )
        if _insert(session, principal.actor, person, employment):
            return view_of(session, principal, person), True
        # Another request created it after we looked: this request updates that person instead.
        person = repository.person_by_code(session, code=code, for_update=True)
    if person is None:
        # If-Match refers to a current representation, and there is none (RFC 9110 §13.1.1).
        raise PreconditionFailed(
            "If-Match was sent but no person has this code.",
            detail_vi="Đã gửi If-Match nhưng không có cán bộ nào với mã này.",
        )
    check_if_match(if_match, person)
    _refuse_other_unit(person, unit_id)
    update(session=session, actor=principal.actor, person=person, changes=fields)
    return view_of(session, principal, person), False
