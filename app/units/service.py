"""Units: the use cases. No FastAPI here; services flush, the request's route commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Invalid, NotFound, PreconditionFailed, already_exists, refuse_code_change
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.text import fold
from app.events import outbox, payloads
from app.models import Unit
from app.models.base import utcnow
from app.units import repository
from app.units.repository import UnitFilter as UnitFilter
from app.units.repository import UnitSort as UnitSort

_MAX_ID_LENGTH = 64


def search_text_of(*, name: str, short_name: str | None, code: str) -> str:
    return fold(f"{name} {short_name or ''} {code}")


def list_units(*, session: Session, flt: UnitFilter, page: PageParams) -> tuple[Sequence[Unit], str | None]:
    return repository.units_page(session, flt=flt, page=page)


def get(*, session: Session, unit_id: str) -> Unit:
    unit = session.get(Unit, unit_id) if len(unit_id) <= _MAX_ID_LENGTH else None
    if unit is None:
        raise NotFound("No unit has this id.", detail_vi="Không có đơn vị nào với mã định danh này.")
    return unit


def get_by_code(*, session: Session, code: str) -> Unit | None:
    return session.scalars(select(Unit).where(Unit.code == code)).one_or_none()


def _emit(session: Session, kind: type[payloads.UnitData], unit: Unit) -> None:
    """The unit's event, after the change is flushed (so ``version`` is the new one)."""
    data = kind(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        active=unit.active,
    )
    outbox.emit(session, data, object_id=unit.id, object_version=unit.version, unit_id=unit.id)


def _insert(session: Session, actor: audit.Actor, unit: Unit) -> bool:
    """Add and record ``unit``; False when its code is taken (also by a transaction committed meanwhile)."""
    unit.short_name = unit.short_name or None
    unit.created_at = unit.updated_at = utcnow()
    unit.search_text = search_text_of(name=unit.name, short_name=unit.short_name, code=unit.code)
    try:
        with session.begin_nested():
            session.add(unit)
    except IntegrityError:
        return False
    _emit(session, payloads.UnitCreated, unit)
    audit.record(
        session,
        actor=actor,
        action="unit.create",
        object_type="unit",
        object_id=unit.id,
        details={
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "active": unit.active,
        },
    )
    return True


def create(
    *,
    session: Session,
    actor: audit.Actor,
    code: str,
    name: str,
    short_name: str | None = None,
    kind: str = "other",
    active: bool = True,
) -> Unit:
    unit = Unit(code=code, name=name, short_name=short_name, kind=kind, active=active)
    if get_by_code(session=session, code=code) is not None or not _insert(session, actor, unit):
        raise already_exists("unit", "đơn vị", code)
    return unit


def update(*, session: Session, actor: audit.Actor, unit: Unit, changes: Mapping[str, Any]) -> Unit:
    """Apply ``changes`` (field → value). Changing nothing writes nothing: no new version, no audit event."""
    changes = dict(changes)
    if "short_name" in changes:
        changes["short_name"] = changes["short_name"] or None
    diff = updates.diff_of(unit, changes)
    if not diff:
        return unit
    updates.apply(unit, diff)
    unit.search_text = search_text_of(name=unit.name, short_name=unit.short_name, code=unit.code)
    updates.record(
        session, actor, diff, object_type="unit", object_id=unit.id, code=unit.code, what_vi="đơn vị"
    )
    _emit(session, payloads.UnitUpdated, unit)
    return unit


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    unit_id: str,
    changes: Mapping[str, Any],
    code: str | None = None,
    if_match: str | None = None,
) -> Unit:
    """Change the fields in ``changes``; ``code``, when sent, must be the unit's own (it is immutable)."""
    unit = get(session=session, unit_id=unit_id)
    check_if_match(if_match, unit)
    refuse_code_change(unit.code, code, what="unit", what_vi="đơn vị")
    return update(session=session, actor=actor, unit=unit, changes=changes)


def put_by_code(
    *,
    session: Session,
    actor: audit.Actor,
    code: str,
    code_in_body: str | None = None,
    if_match: str | None = None,
    name: str,
    short_name: str | None = None,
    kind: str = "other",
    active: bool = True,
) -> tuple[Unit, bool]:
    """Create the unit ``code``, or give it exactly these fields; returns (unit, created)."""
    if code_in_body is not None and code_in_body != code:
        raise Invalid(
            "The code in the body differs from the code in the path.",
            detail_vi="Mã trong nội dung khác với mã trên đường dẫn.",
            errors=[
                {"loc": ["body", "code"], "msg": "must equal the code in the path", "type": "value_error"}
            ],
        )
    fields = {"name": name, "short_name": short_name, "kind": kind, "active": active}
    unit = get_by_code(session=session, code=code)
    if unit is None and if_match is None:
        unit = Unit(code=code, **fields)
        if _insert(session, actor, unit):
            return unit, True
        # Another request created it after we looked: this request updates that unit instead.
        unit = get_by_code(session=session, code=code)
    if unit is None:
        # If-Match refers to a current representation, and there is none (RFC 9110 §13.1.1).
        raise PreconditionFailed(
            "If-Match was sent but no unit has this code.",
            detail_vi="Đã gửi If-Match nhưng không có đơn vị nào với mã này.",
        )
    check_if_match(if_match, unit)
    return update(session=session, actor=actor, unit=unit, changes=fields), False
