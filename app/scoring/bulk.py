"""Bulk scoring: many units' sheets of one stage written (and optionally submitted) at once, all or nothing.

For systems and the secretariat loading a whole bloc's scores. The number of SQL statements does not
depend on the number of sheets: the existing sheets and their entries are read with one ``IN`` query
each, the new sheets and all entries are written with one Core ``executemany`` each, the changed sheets
are updated with one ``UPDATE … WHERE id IN (…)`` and their replaced entries deleted with one statement.
Everything is checked before anything is written, so a refused request stores nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import audit, names
from app.core.errors import Conflict, Invalid
from app.core.principal import Principal
from app.models import ScoreEntry, ScoreSheet, SheetStatus
from app.models.base import new_id, table_of, utcnow
from app.scoring import criteria, sheet_rules, subtotals
from app.scoring import sheets as sheets_service
from app.scoring.sheet_rules import Entry, Rights, Scored
from app.scoring.tree import CriteriaTree, Totals

_SHEETS = table_of(ScoreSheet)
_ENTRIES = table_of(ScoreEntry)
NO_POINTS = Totals(0, 0, 0)


@dataclass(frozen=True)
class BulkSheet:
    unit_id: str
    entries: Sequence[Entry]


@dataclass(frozen=True)
class Outcome:
    unit_id: str
    status: SheetStatus
    total_centi: int
    changed: bool
    unit: names.UnitName


@dataclass(frozen=True)
class Existing:
    """A stored sheet as the bulk write needs it (read with Core, not as an ORM object)."""

    id: str
    status: SheetStatus
    scored: Scored


@dataclass(frozen=True)
class Plan:
    """What to do with one sheet of the request."""

    index: int
    unit_id: str
    sheet_id: str
    is_new: bool
    old_status: SheetStatus | None
    status: SheetStatus
    old: Scored
    new: Scored
    totals: Totals = NO_POINTS  # of ``new`` under the campaign's tree (set by ``write_many``)

    @property
    def entries_changed(self) -> bool:
        return self.is_new or self.old != self.new

    @property
    def changed(self) -> bool:
        return self.entries_changed or self.status != self.old_status

    @property
    def locked(self) -> bool:
        """A submitted sheet re-sent with other entries: refused (re-sent unchanged, it is a no-op)."""
        return self.old_status == SheetStatus.SUBMITTED and self.old != self.new


# ---- pure rules ---------------------------------------------------------------------------------------


def rights_errors(rights: Rights, stage: str, sheets: Sequence[BulkSheet]) -> list[dict[str, Any]]:
    errors = []
    for i, sheet in enumerate(sheets):
        refusal = sheet_rules.write_refusal(rights, sheet.unit_id, stage)
        if refusal:
            msg = "your own unit's review" if refusal == "conflict_of_interest" else "not allowed"
            errors.append({"loc": ["body", "sheets", i, "unit_id"], "msg": msg, "type": refusal})
    return errors


def request_errors(
    tree: CriteriaTree, members: set[str], sheets: Sequence[BulkSheet], *, submit: bool
) -> list[dict[str, Any]]:
    """Every problem of the request, each naming its sheet (and entry) by index."""
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, sheet in enumerate(sheets):
        loc: list[Any] = ["body", "sheets", i]
        if sheet.unit_id in seen:
            errors.append(
                {"loc": [*loc, "unit_id"], "msg": "this unit's sheet is sent twice", "type": "duplicate"}
            )
        elif sheet.unit_id not in members:
            errors.append(
                {
                    "loc": [*loc, "unit_id"],
                    "msg": "not a member of the bloc that year",
                    "type": "not_a_member",
                }
            )
        seen.add(sheet.unit_id)
        entry_errors = tree.entry_errors(
            [(e.criterion, e.points_centi) for e in sheet.entries], loc_prefix=(*loc, "entries")
        )
        errors.extend(entry_errors)
        if submit and not entry_errors:
            missing = tree.missing_required(e.criterion for e in sheet.entries)
            errors.extend(sheet_rules.missing_errors(missing, (*loc, "entries")))
    return errors


def plan(sheets: Sequence[BulkSheet], existing: dict[str, Existing], *, submit: bool) -> list[Plan]:
    plans = []
    for i, sheet in enumerate(sheets):
        new = {e.criterion: (e.points_centi, e.note) for e in sheet.entries}
        found = existing.get(sheet.unit_id)
        if found is None:
            status = SheetStatus.SUBMITTED if submit else SheetStatus.DRAFT
            plans.append(Plan(i, sheet.unit_id, new_id(), True, None, status, {}, new))
            continue
        status = SheetStatus.SUBMITTED if submit or found.status == SheetStatus.SUBMITTED else found.status
        plans.append(Plan(i, sheet.unit_id, found.id, False, found.status, status, found.scored, new))
    return plans


def _invalid(errors: list[dict[str, Any]]) -> Invalid:
    types = {e["type"] for e in errors}
    if types == {"required_unscored"}:
        return sheet_rules.required_unscored(errors)
    code = "not_a_member" if types == {"not_a_member"} else "validation_error"
    return Invalid(
        "Some sheets are not valid; nothing was stored.",
        code=code,
        detail_vi="Một số bảng điểm không hợp lệ; không có gì được lưu.",
        errors=errors,
    )


# ---- queries ------------------------------------------------------------------------------------------


def _load_existing(
    session: Session, campaign_id: str, stage: str, unit_ids: list[str]
) -> dict[str, Existing]:
    """The request's stored sheets with their entries: two statements however many sheets. The sheets
    are locked (in id order, so two bulk writes never deadlock) until the transaction ends."""
    rows = session.execute(
        select(_SHEETS.c.id, _SHEETS.c.unit_id, _SHEETS.c.status)
        .where(
            _SHEETS.c.campaign_id == campaign_id, _SHEETS.c.stage == stage, _SHEETS.c.unit_id.in_(unit_ids)
        )
        .order_by(_SHEETS.c.id)
        .with_for_update()
    ).all()
    if not rows:
        return {}
    scored: dict[str, Scored] = {row.id: {} for row in rows}
    entries = session.execute(
        select(
            _ENTRIES.c.sheet_id, _ENTRIES.c.criterion_code, _ENTRIES.c.points_centi, _ENTRIES.c.note
        ).where(_ENTRIES.c.sheet_id.in_(list(scored)))
    )
    for sheet_id, code, centi, note in entries:
        scored[sheet_id][code] = (centi, note)
    return {row.unit_id: Existing(row.id, row.status, scored[row.id]) for row in rows}


def _store(
    session: Session, *, campaign_id: str, stage: str, actor_id: str, plans: Sequence[Plan], submit: bool
) -> None:
    """At most four statements whatever the number of sheets (each skipped when it has nothing to do).
    Each sheet's points per kind are written with it (``app.scoring.subtotals``)."""
    now = utcnow()
    stamp = (
        {"submitted_at": now, "submitted_by": actor_id, "return_reason": None}
        if submit
        else {"submitted_at": None, "submitted_by": None, "return_reason": None}
    )
    new_sheets = [
        {
            "id": p.sheet_id,
            "campaign_id": campaign_id,
            "unit_id": p.unit_id,
            "stage": stage,
            "status": p.status,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            **stamp,
            **subtotals.values_of(p.totals),
        }
        for p in sorted(plans, key=lambda p: p.unit_id)  # one order for every request: no deadlock
        if p.is_new
    ]
    if new_sheets:
        try:
            session.execute(insert(_SHEETS), new_sheets)
        except IntegrityError as exc:  # a concurrent request created one of these sheets first
            raise Conflict(
                "Some of these sheets were created by another request meanwhile; retry.",
                code="concurrent_update",
                detail_vi="Một số bảng điểm vừa được tạo bởi một yêu cầu khác; hãy thử lại.",
            ) from exc
    # Every changed stored sheet is a draft or returned one (a submitted sheet is unchanged or refused),
    # and this request submits all of them or none: one UPDATE, executed once per sheet for its own
    # points per kind (one executemany). The rows are locked, so the version bumped is the version read.
    updated = [
        {"sheet_id": p.sheet_id, **{f"new_{k}": v for k, v in subtotals.values_of(p.totals).items()}}
        for p in plans
        if p.changed and not p.is_new
    ]
    if updated:
        values: dict[str, Any] = {
            "version": _SHEETS.c.version + 1,
            "updated_at": now,
            **{column: bindparam(f"new_{column}") for column in subtotals.COLUMNS},
        }
        if submit:
            values.update(status=SheetStatus.SUBMITTED, **stamp)
        statement = update(_SHEETS).where(_SHEETS.c.id == bindparam("sheet_id")).values(**values)
        session.execute(statement, updated)
    rewritten = [p.sheet_id for p in plans if p.entries_changed and not p.is_new]
    if rewritten:
        session.execute(delete(_ENTRIES).where(_ENTRIES.c.sheet_id.in_(rewritten)))
    entries = [
        {"sheet_id": p.sheet_id, "criterion_code": code, "points_centi": centi, "note": note}
        for p in plans
        if p.entries_changed
        for code, (centi, note) in p.new.items()
    ]
    if entries:
        session.execute(insert(_ENTRIES), entries)


# ---- the use case -------------------------------------------------------------------------------------


def write_many(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    stage: str,
    sheets: Sequence[BulkSheet],
    submit: bool = False,
) -> list[Outcome]:
    """Write (and with ``submit``, submit) every sheet, or none: any problem refuses the whole request."""
    campaign = access.get_campaign(session, campaign_id)
    rights = sheets_service.rights_of(session, principal, campaign)
    refused = rights_errors(rights, stage, sheets)
    if refused:
        all_conflicts = all(e["type"] == "conflict_of_interest" for e in refused)
        raise sheet_rules.refusal_error("conflict_of_interest" if all_conflicts else "forbidden", refused)
    # Before reading the tree and locking the sheets: serialise with a criteria change, which takes the
    # campaign and then its sheets in that order; then check its status, as it is once held.
    access.hold_shared(session, campaign)
    access.require_active(campaign)
    members = set(leadership.member_unit_ids(session, bloc_id=campaign.bloc_id, year=campaign.year))
    tree = criteria.load_tree(session, campaign.id)
    if submit and not tree.items:
        raise sheet_rules.criteria_not_set()
    errors = request_errors(tree, members, sheets, submit=submit)
    if errors:
        raise _invalid(errors)
    existing = _load_existing(session, campaign.id, stage, [s.unit_id for s in sheets])
    plans = [
        replace(p, totals=tree.totals({c: v[0] for c, v in p.new.items()}))
        for p in plan(sheets, existing, submit=submit)
    ]
    locked = [
        {
            "loc": ["body", "sheets", p.index],
            "msg": f"the sheet of unit {p.unit_id} is submitted",
            "type": "sheet_locked",
        }
        for p in plans
        if p.locked
    ]
    if locked:
        raise sheet_rules.sheet_locked(locked)
    _store(session, campaign_id=campaign.id, stage=stage, actor_id=principal.id, plans=plans, submit=submit)
    for p in plans:
        if p.changed:
            _record(session, principal, campaign.id, stage, p)
    units = names.units(session, (p.unit_id for p in plans))
    return [Outcome(p.unit_id, p.status, p.totals.total, p.changed, units[p.unit_id]) for p in plans]


def _record(session: Session, principal: Principal, campaign_id: str, stage: str, p: Plan) -> None:
    details: dict[str, Any] = {"campaign_id": campaign_id, "unit_id": p.unit_id, "stage": stage, "bulk": True}
    details.update(sheet_rules.changes_between(p.old, p.new))
    if p.status != p.old_status:
        details["status"] = [p.old_status, p.status]
    audit.record(
        session,
        actor=principal.actor,
        action="score_sheet.create" if p.is_new else "score_sheet.update",
        object_type="score_sheet",
        object_id=p.sheet_id,
        details=details,
    )
