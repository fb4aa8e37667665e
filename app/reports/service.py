"""Units' emulation reports: the use cases. No FastAPI here; services flush, the request's route commits.

A unit submits its mid-year and annual reports for a campaign, often by script from its own systems.
Every submission is a new, immutable version (1, 2, …) with its own id; the latest counts and the older
ones stay readable. Versions are numbered max + 1 under a lock on the campaign row (PostgreSQL; SQLite
serialises every writer anyway), the unique (campaign, unit, kind, version) constraint is the last word,
and an insert that still loses a race is retried once with a fresh number inside a SAVEPOINT.

The lock on the campaign also orders a submission against the campaign's closing, and
``unit_role_for_activity`` holds the unit's membership row so the unit cannot be removed from the bloc
while its report is being recorded.

Who may submit is the route's policy (``app.reports.policies``): ``submit`` receives a principal already
authorised for the unit. Reading is narrowed here, per unit (``read_scope_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import audit, names
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.core.time import VN_TZ
from app.events import outbox, payloads
from app.models import Campaign, Report, ReportKind, Unit
from app.models.base import utcnow
from app.reports import repository

REPORTS_WRITE = "reports:write"
KINDS = tuple(ReportKind)


# ---- pure rules ---------------------------------------------------------------------------------------


def deadline_end(deadline: date) -> datetime:
    """The instant a deadline day ends: midnight at the start of the next day, Vietnam time."""
    return datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=VN_TZ)


def is_late(submitted_at: datetime, deadline: date | None) -> bool:
    """Late when submitted after the whole deadline day (Vietnam time) has passed; never without one.
    (At or after ``deadline_end``; compared as days, so a deadline on the calendar's last day is never
    passed rather than an overflow.)"""
    return deadline is not None and submitted_at.astimezone(VN_TZ).date() > deadline


def deadline_of(campaign: Campaign, kind: ReportKind) -> date | None:
    return (
        campaign.mid_year_report_deadline if kind == ReportKind.MID_YEAR else campaign.annual_report_deadline
    )


@dataclass(frozen=True)
class ReadScope:
    """Whose reports a principal may read in one campaign: every unit's, or one unit's, or none."""

    every_unit: bool = False
    unit_id: str | None = None

    def allows(self, unit_id: str) -> bool:
        return self.every_unit or (self.unit_id is not None and self.unit_id == unit_id)


def read_scope_of(principal: Principal, *, leads_bloc: bool) -> ReadScope:
    """The secretariat, observers and the bloc-year's leader (or deputy) read every unit's reports; an
    officer its own unit's; a ``reports:write`` client the unit it is bound to; anyone else none."""
    if principal.has_role("secretariat", "observer") or leads_bloc:
        return ReadScope(every_unit=True)
    if principal.has_scope(REPORTS_WRITE) or principal.has_role("officer"):
        return ReadScope(unit_id=principal.unit_id)
    return ReadScope()


def submitter_kind(submitted_by: str) -> str:
    """``user`` or ``client``, from the stored ``"<kind>:<id>"``."""
    return submitted_by.partition(":")[0]


# ---- queries ------------------------------------------------------------------------------------------


def _read_scope(session: Session, principal: Principal, campaign: Campaign) -> ReadScope:
    # is_leader asks the database only for officers.
    return read_scope_of(principal, leads_bloc=leadership.is_leader(session, principal, campaign))


def _next_version(session: Session, campaign_id: str, unit_id: str, kind: str) -> int:
    # A seam of its own: the tests stand in a stale answer to exercise the retry.
    return repository.next_version(session, campaign_id=campaign_id, unit_id=unit_id, kind=kind)


# ---- use cases ----------------------------------------------------------------------------------------


def _not_a_member(year: int) -> Invalid:
    return Invalid(
        f"The unit is not a member of the bloc in {year}.",
        code="not_a_member",
        detail_vi=f"Đơn vị không phải thành viên của khối trong năm {year}.",
        errors=[
            {"loc": ["body", "unit_id"], "msg": "not a member of the bloc that year", "type": "not_a_member"}
        ],
    )


def submit(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    kind: ReportKind,
    title: str,
    sections: list[dict[str, Any]],
    metrics: dict[str, int | float],
) -> ReportView:
    """Store a new version of ``unit_id``'s ``kind`` report; late ones are accepted and flagged."""
    # Locked: versions are numbered one submission at a time, and never interleave with the closing.
    campaign = access.get_campaign(session, campaign_id, for_update=True)
    access.require_active(campaign)
    role = leadership.unit_role_for_activity(
        session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=unit_id
    )
    if role is None:
        raise _not_a_member(campaign.year)
    submitted_at = utcnow()
    late = is_late(submitted_at, deadline_of(campaign, kind))
    report = _insert(
        session,
        campaign_id=campaign.id,
        unit_id=unit_id,
        kind=kind,
        title=title,
        sections=sections,
        metrics=metrics,
        late=late,
        submitted_at=submitted_at,
        submitted_by=principal.key,
    )
    audit.record(
        session,
        actor=principal.actor,
        action="report.submit",
        object_type="report",
        object_id=report.id,
        details={
            "campaign_id": campaign.id,
            "unit_id": unit_id,
            "kind": kind,
            "version": report.version,
            "late": late,
        },
    )
    unit = session.get(Unit, unit_id)
    data = payloads.ReportSubmitted(
        id=report.id,
        campaign_id=campaign.id,
        unit_id=unit_id,
        unit_code=unit.code if unit is not None else None,
        unit_name=unit.name if unit is not None else None,
        kind=str(kind),
        version=report.version,
        title=title,
        late=late,
        submitted_at=submitted_at,
    )
    outbox.emit(session, data, object_id=report.id, unit_id=unit_id)
    return _named(session, [report])[0]


def _insert(session: Session, **fields: Any) -> Report:
    """Add the report as the next version; a version taken by a concurrent commit is retried once."""
    for _attempt in range(2):
        version = _next_version(session, fields["campaign_id"], fields["unit_id"], fields["kind"])
        report = Report(version=version, **fields)
        try:
            with session.begin_nested():
                session.add(report)
        except IntegrityError:
            continue
        return report
    raise Conflict(
        "Another submission of this report took the same version; retry.",
        code="concurrent_update",
        detail_vi="Một lần nộp khác của báo cáo này vừa lấy cùng số phiên bản; hãy thử lại.",
        headers={"Retry-After": "1"},
    )


@dataclass(frozen=True)
class ReportFilter:
    unit_id: str | None = None
    kind: str | None = None
    all_versions: bool = False


def list_reports(
    *, session: Session, principal: Principal, campaign_id: str, flt: ReportFilter, page: PageParams
) -> tuple[list[ReportView], str | None]:
    """The latest version per unit and kind (every version with ``all_versions``), in submission order;
    only the units the principal may read."""
    campaign = access.get_campaign(session, campaign_id)
    scope = _read_scope(session, principal, campaign)
    unit_id = flt.unit_id
    if not scope.every_unit:
        if scope.unit_id is None or (unit_id is not None and unit_id != scope.unit_id):
            return [], None
        unit_id = scope.unit_id
    rows, next_cursor = repository.reports_page(
        session,
        page=page,
        campaign_id=campaign.id,
        unit_id=unit_id,
        kind=flt.kind,
        all_versions=flt.all_versions,
    )
    return _named(session, rows), next_cursor


def get(*, session: Session, principal: Principal, report_id: str) -> ReportView:
    """One version; 404 for whoever may not read it (a report's existence is the unit's business)."""
    report = session.get(Report, report_id) if len(report_id) <= 64 else None
    if report is None or not _read_scope(
        session, principal, access.get_campaign(session, report.campaign_id)
    ).allows(report.unit_id):
        raise NotFound("No report has this id.", detail_vi="Không tìm thấy báo cáo.")
    return _named(session, [report])[0]


@dataclass(frozen=True)
class ReportView:
    report: Report
    unit: names.UnitName  # the report's unit's code and name


def _named(session: Session, reports: Sequence[Report]) -> list[ReportView]:
    """The reports with their units' names: one query for them all."""
    units = names.units(session, (r.unit_id for r in reports))
    return [ReportView(r, units[r.unit_id]) for r in reports]
