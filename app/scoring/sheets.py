"""Score sheets (bảng chấm điểm): the use cases of one sheet. No FastAPI here; services flush, the route
commits.

A member unit has one sheet per stage: ``self`` (the unit scores itself) and ``review`` (the leader or
the secretariat scores it; nobody reviews their own unit). A sheet is a ``draft`` until submitted; a
submitted sheet is locked until the leader or the secretariat returns it with a reason (``returned``,
editable and submittable again). Entries hold integer hundredths of a point.

Who may call each use case is its route's policy (``app.scoring.policies``), the coarse gate; what the
principal may do with a given sheet is worked out once per request (``rights_of``, at most one query)
and decided by the pure rules of ``app.scoring.sheet_rules``, which the bulk endpoint
(``app.scoring.bulk``) shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import audit, names, updates
from app.core.errors import Conflict, Invalid, NotFound, PreconditionFailed
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.models import Campaign, ScoreSheet, SheetStatus, Unit
from app.models.base import utcnow
from app.scoring import criteria, repository, subtotals
from app.scoring.sheet_rules import (
    SCORES_WRITE,
    Entry,
    Rights,
    Scored,
    changes_between,
    criteria_not_set,
    in_tree_order,
    invalid_transition,
    list_scope,
    may_read,
    missing_errors,
    not_found,
    refusal_error,
    required_unscored,
    return_refusal,
    sheet_locked,
    stored_entry_errors,
    write_refusal,
)
from app.scoring.tree import CriteriaTree, Totals, from_centi


@dataclass(frozen=True)
class SheetView:
    sheet: ScoreSheet
    entries: list[Entry]  # in the order of the criteria
    totals: Totals
    unit: names.UnitName  # the sheet's unit's code and name


# ---- queries ------------------------------------------------------------------------------------------


def rights_of(session: Session, principal: Principal, campaign: Campaign) -> Rights:
    """At most one query: the role of the principal's unit in the bloc that year."""
    if principal.is_client:
        bound = principal.unit_id if principal.has_scope(SCORES_WRITE) else None
        role = leadership.unit_role(session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=bound)
        return Rights(member=role is not None, acts_for=bound, home_unit=principal.unit_id)
    role = leadership.principal_unit_role(session, principal, campaign)  # no query unless an officer
    return Rights(
        secretariat=principal.has_role("secretariat"),
        observer=principal.has_role("observer"),
        leader=leadership.leads(role),
        member=role is not None,
        acts_for=principal.unit_id if principal.has_role("officer") else None,
        home_unit=principal.unit_id,
    )


def require_member(session: Session, campaign: Campaign, unit_id: str) -> None:
    """The unit is a member of the campaign's bloc that year: 404 for an unknown unit, else 422."""
    if leadership.unit_role(session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=unit_id):
        return
    if len(unit_id) > 64 or session.get(Unit, unit_id) is None:
        raise NotFound("No unit has this id.", detail_vi="Không có đơn vị nào với mã định danh này.")
    raise Invalid(
        "The unit is not a member of the bloc in the campaign's year.",
        code="not_a_member",
        detail_vi="Đơn vị không phải thành viên của khối trong năm của phong trào thi đua.",
        errors=[
            {"loc": ["path", "unit_id"], "msg": "not a member of the bloc that year", "type": "not_a_member"}
        ],
    )


def find(
    session: Session, campaign_id: str, unit_id: str, stage: str, *, lock: bool = False
) -> ScoreSheet | None:
    return repository.sheet_of(session, campaign_id=campaign_id, unit_id=unit_id, stage=stage, lock=lock)


def scored_of(session: Session, sheet_id: str) -> Scored:
    return repository.entries_of(session, sheet_id=sheet_id)


def _view(session: Session, tree: CriteriaTree, sheet: ScoreSheet, scored: Scored) -> SheetView:
    return SheetView(
        sheet=sheet,
        entries=in_tree_order(tree, scored),
        totals=tree.totals({code: centi for code, (centi, _note) in scored.items()}),
        unit=names.units(session, [sheet.unit_id])[sheet.unit_id],
    )


def _flush(session: Session) -> None:
    updates.flush(session, what="sheet", what_vi="bảng điểm")


def _audit(session: Session, principal: Principal, action: str, sheet: ScoreSheet, **details: Any) -> None:
    audit.record(
        session,
        actor=principal.actor,
        action=action,
        object_type="score_sheet",
        object_id=sheet.id,
        details={"campaign_id": sheet.campaign_id, "unit_id": sheet.unit_id, "stage": sheet.stage, **details},
    )


# ---- use cases ----------------------------------------------------------------------------------------


def get_sheet(
    *, session: Session, principal: Principal, campaign_id: str, unit_id: str, stage: str
) -> SheetView:
    campaign = access.get_campaign(session, campaign_id)
    sheet = find(session, campaign.id, unit_id, stage)
    if sheet is None or not may_read(rights_of(session, principal, campaign), unit_id, sheet.status):
        raise not_found()
    return _view(session, criteria.load_tree(session, campaign.id), sheet, scored_of(session, sheet.id))


def list_sheets(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    page: PageParams,
    stage: str | None = None,
    status: str | None = None,
) -> tuple[list[tuple[ScoreSheet, Totals, names.UnitName]], str | None]:
    campaign = access.get_campaign(session, campaign_id)
    allowed, only_unit = list_scope(rights_of(session, principal, campaign))
    if not allowed:  # the route's policy admits no such principal; should one come, it sees nothing
        return [], None
    sheets, next_cursor = repository.sheets_page(
        session, page=page, campaign_id=campaign.id, unit_id=only_unit, stage=stage, status=status
    )
    units = names.units(session, (s.unit_id for s in sheets))  # one query for the page
    return [(s, subtotals.totals_of(s), units[s.unit_id]) for s in sheets], next_cursor


def _writable(
    session: Session, principal: Principal, campaign_id: str, unit_id: str, stage: str
) -> tuple[Campaign, ScoreSheet | None]:
    """The campaign and the locked sheet (None before the first write), once the principal may write it."""
    campaign = access.get_campaign(session, campaign_id)
    refusal = write_refusal(rights_of(session, principal, campaign), unit_id, stage)
    if refusal:
        raise refusal_error(refusal)
    # The campaign in shared mode, then the sheet: the order a criteria change takes them in (campaign,
    # then its sheets), so the two never deadlock, and entries are always checked and totalled against
    # the tree that is current when they are stored. Its status is checked once held.
    access.hold_shared(session, campaign)
    access.require_active(campaign)
    require_member(session, campaign, unit_id)
    return campaign, find(session, campaign.id, unit_id, stage, lock=True)


def put_sheet(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    stage: str,
    entries: Sequence[Entry],
    if_match: str | None = None,
) -> SheetView:
    """Create the draft sheet, or replace its entries. Sending what is stored changes nothing (no new
    version, no audit event), even on a submitted sheet; any change to a submitted sheet is 409."""
    campaign, sheet = _writable(session, principal, campaign_id, unit_id, stage)
    if sheet is None and if_match is not None:
        # If-Match refers to a current representation, and there is none (RFC 9110 §13.1.1).
        raise PreconditionFailed(
            "If-Match was sent but this sheet does not exist yet.",
            detail_vi="Đã gửi If-Match nhưng bảng điểm này chưa tồn tại.",
        )
    if sheet is not None:
        check_if_match(if_match, sheet)
    tree = criteria.load_tree(session, campaign.id)
    new: Scored = {e.criterion: (e.points_centi, e.note) for e in entries}
    old = scored_of(session, sheet.id) if sheet is not None else {}
    if sheet is not None:
        if len(new) == len(entries) and new == old:
            return _view(session, tree, sheet, old)
        if sheet.status == SheetStatus.SUBMITTED:
            raise sheet_locked()
    errors = tree.entry_errors([(e.criterion, e.points_centi) for e in entries])
    if errors:
        raise Invalid(
            "Some entries are not valid for the campaign's criteria.",
            detail_vi="Một số mục chấm điểm không hợp lệ với bộ tiêu chí của phong trào.",
            errors=errors,
        )
    view_totals = tree.totals({code: centi for code, (centi, _note) in new.items()})
    created = sheet is None
    if sheet is None:
        sheet, created = _create(session, campaign, unit_id, stage, view_totals)
        if not created:  # a concurrent first write won the race: rewrite its sheet instead
            old = scored_of(session, sheet.id)
            if sheet.status == SheetStatus.SUBMITTED:
                raise sheet_locked()
    _replace_entries(session, sheet.id, old, new)
    if not created:
        for column, value in subtotals.values_of(view_totals).items():
            setattr(sheet, column, value)
        sheet.updated_at = utcnow()  # a new version, so the sheet's ETag changes with its entries
        _flush(session)
    action = "score_sheet.create" if created else "score_sheet.update"
    _audit(session, principal, action, sheet, **changes_between(old, new))
    return _view(session, tree, sheet, new)


def _create(
    session: Session, campaign: Campaign, unit_id: str, stage: str, totals: Totals
) -> tuple[ScoreSheet, bool]:
    """The new draft sheet and True; or the sheet a concurrent request created first and False."""
    now = utcnow()
    sheet = ScoreSheet(
        campaign_id=campaign.id,
        unit_id=unit_id,
        stage=stage,
        status=SheetStatus.DRAFT,
        created_at=now,
        updated_at=now,
        **subtotals.values_of(totals),
    )
    try:
        with session.begin_nested():
            session.add(sheet)
        return sheet, True
    except IntegrityError:
        pass  # another request created it after we looked (the savepoint's rollback dropped ours)
    existing = find(session, campaign.id, unit_id, stage, lock=True)
    if existing is None:  # the unique constraint said it exists: it was deleted meanwhile
        raise Conflict(
            "The sheet was changed by another request; retry.",
            code="concurrent_update",
            detail_vi="Phiếu chấm điểm vừa bị một yêu cầu khác thay đổi; hãy thử lại.",
        )
    return existing, False


def _replace_entries(session: Session, sheet_id: str, old: Scored, new: Scored) -> None:
    stale = [code for code in old if old[code] != new.get(code)]
    fresh = [code for code in new if new[code] != old.get(code)]
    if stale:
        repository.delete_entries(session, sheet_id=sheet_id, codes=stale)
    if fresh:
        repository.insert_entries(session, sheet_id=sheet_id, entries={c: new[c] for c in fresh})


def submit(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    stage: str,
    if_match: str | None = None,
) -> SheetView:
    """Lock the sheet: every required item scored, every entry still valid for the criteria."""
    campaign, sheet = _writable(session, principal, campaign_id, unit_id, stage)
    if sheet is None:
        raise not_found()
    check_if_match(if_match, sheet)
    if sheet.status == SheetStatus.SUBMITTED:
        raise invalid_transition("The sheet is already submitted.")
    tree = criteria.load_tree(session, campaign.id)  # ``_writable`` holds the campaign: no change meanwhile
    if not tree.items:
        raise criteria_not_set()
    scored = scored_of(session, sheet.id)
    errors = stored_entry_errors(tree, scored)
    if errors:
        raise Invalid(
            "Some entries no longer match the campaign's criteria; rewrite them.",
            detail_vi="Một số mục chấm điểm không còn khớp với bộ tiêu chí của phong trào; hãy nhập lại.",
            errors=errors,
        )
    missing = tree.missing_required(scored)
    if missing:
        raise required_unscored(missing_errors(missing, ("entries",)), missing)
    view = _view(session, tree, sheet, scored)
    now = utcnow()
    sheet.status, sheet.submitted_at, sheet.submitted_by = SheetStatus.SUBMITTED, now, principal.id
    sheet.return_reason, sheet.updated_at = None, now
    _flush(session)
    _audit(session, principal, "score_sheet.submit", sheet, total=from_centi(view.totals.total))
    return view


def return_sheet(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    stage: str,
    reason: str,
    if_match: str | None = None,
) -> SheetView:
    """Reopen a submitted sheet (leader, secretariat; a leader never returns its own unit's review)."""
    campaign = access.get_campaign(session, campaign_id)
    refusal = return_refusal(rights_of(session, principal, campaign), unit_id, stage)
    if refusal:
        raise refusal_error(refusal)
    access.require_active(campaign)
    sheet = find(session, campaign.id, unit_id, stage, lock=True)
    if sheet is None:
        raise not_found()
    check_if_match(if_match, sheet)
    if sheet.status != SheetStatus.SUBMITTED:
        raise invalid_transition(f"Only a submitted sheet can be returned; this one is {sheet.status}.")
    sheet.status, sheet.return_reason = SheetStatus.RETURNED, reason
    sheet.submitted_at, sheet.submitted_by, sheet.updated_at = None, None, utcnow()
    _flush(session)
    _audit(session, principal, "score_sheet.return", sheet, reason=reason)
    return _view(session, criteria.load_tree(session, campaign.id), sheet, scored_of(session, sheet.id))
