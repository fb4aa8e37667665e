"""The bloc's year report: drafting, versions, comparison and adoption. No FastAPI here; services flush,
the request's route commits. Contributions and their answers are in ``app.year_reports.contributions``.

Every change of the text is a new ``YearReportVersion`` (1, 2, …), never an overwrite. A write serialises
on the report's row (FOR UPDATE on PostgreSQL; SQLite serialises writers anyway), and the report's
version counter and the unique (report, number) constraint are the last word whatever path a write takes.
The title is the report's own label, not part of the versioned text: a write that changes only the title
changes the report (its ETag) without a new version. A write identical to what is stored changes nothing.

Who may call each use case is its route's policy (``app.year_reports.policies``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.campaigns import access
from app.core import audit, names, updates
from app.core.errors import Conflict, Invalid, NotFound, PreconditionFailed
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.models import (
    Campaign,
    YearReport,
    YearReportContribution,
    YearReportStatus,
    YearReportVersion,
)
from app.models.base import utcnow
from app.year_reports import compare as diffs
from app.year_reports import repository, rules


@dataclass(frozen=True)
class VersionView:
    version: YearReportVersion
    adopted: bool
    contribution: YearReportContribution | None
    units: dict[str, names.UnitName]
    users: dict[str, str]


@dataclass(frozen=True)
class ReportView:
    report: YearReport
    shown: YearReportVersion  # the adopted version once adopted, else the current
    versions: list[VersionView]
    pending: int
    conference_name: str | None


@dataclass(frozen=True)
class Written:
    view: ReportView
    created: bool


@dataclass(frozen=True)
class Comparison:
    from_version: int
    to_version: int
    sections: list[diffs.SectionDiff]


# ---- errors ---------------------------------------------------------------------------------------------


def no_report() -> NotFound:
    return NotFound(
        "This campaign has no year report yet.",
        detail_vi="Phong trào thi đua này chưa có báo cáo tổng kết của Khối.",
    )


def adopted_error() -> Conflict:
    return Conflict(
        "The year report was adopted by the conference and is frozen.",
        code="year_report_adopted",
        detail_vi="Báo cáo tổng kết đã được hội nghị thông qua và không thể thay đổi.",
    )


def _no_version(number: int, loc: list[str | int]) -> Invalid:
    return Invalid(
        f"The report has no version {number}.",
        detail_vi=f"Báo cáo không có phiên bản {number}.",
        errors=[{"loc": loc, "msg": "no such version", "type": "no_such_version"}],
    )


# ---- reading --------------------------------------------------------------------------------------------


def require(session: Session, campaign: Campaign, *, lock: bool = False, shared: bool = False) -> YearReport:
    report = repository.report_of_campaign(session, campaign_id=campaign.id, lock=lock, shared=shared)
    if report is None:
        raise no_report()
    return report


def require_drafting(report: YearReport) -> None:
    if report.status != YearReportStatus.DRAFTING:
        raise adopted_error()


def version_views(
    session: Session, report: YearReport, rows: Sequence[YearReportVersion]
) -> list[VersionView]:
    contributions = repository.contributions_by_id(session, [v.contribution_id or "" for v in rows])
    units = names.units(session, [c.unit_id for c in contributions.values()])
    users = names.users(session, [v.created_by for v in rows])
    return [
        VersionView(
            version=v,
            adopted=report.adopted_version == v.number,
            contribution=contributions.get(v.contribution_id or ""),
            units=units,
            users=users,
        )
        for v in rows
    ]


def view(session: Session, report: YearReport) -> ReportView:
    rows = repository.versions(session, report_id=report.id)
    shown_number = report.adopted_version or report.current_version
    shown = next(v for v in rows if v.number == shown_number)
    return ReportView(
        report=report,
        shown=shown,
        versions=version_views(session, report, rows),
        pending=repository.pending_count(session, report_id=report.id),
        conference_name=repository.conference_title(
            session, conference_id=report.adopted_conference_id, campaign_id=report.campaign_id
        ),
    )


def get(*, session: Session, campaign_id: str) -> ReportView:
    campaign = access.get_campaign(session, campaign_id)
    return view(session, require(session, campaign))


def list_versions(
    *, session: Session, campaign_id: str, page: PageParams
) -> tuple[list[VersionView], str | None]:
    report = require(session, access.get_campaign(session, campaign_id))
    rows, next_cursor = paginate(
        session,
        repository.versions_query(report.id),
        page,
        created_col=YearReportVersion.created_at,
        id_col=YearReportVersion.id,
    )
    return version_views(session, report, rows), next_cursor


def get_version(*, session: Session, campaign_id: str, number: int) -> VersionView:
    report = require(session, access.get_campaign(session, campaign_id))
    row = repository.version(session, report_id=report.id, number=number)
    if row is None:
        raise NotFound(
            f"The report has no version {number}.", detail_vi=f"Báo cáo không có phiên bản {number}."
        )
    return version_views(session, report, [row])[0]


def compare_versions(
    *, session: Session, campaign_id: str, from_version: int | None, to_version: int | None
) -> Comparison:
    """``to`` defaults to the current version, ``from`` to the one before ``to`` (``to`` itself for 1)."""
    report = require(session, access.get_campaign(session, campaign_id))
    to_n = to_version if to_version is not None else report.current_version
    from_n = from_version if from_version is not None else max(1, to_n - 1)
    older = repository.version(session, report_id=report.id, number=from_n)
    if older is None:
        raise _no_version(from_n, ["query", "from"])
    newer = repository.version(session, report_id=report.id, number=to_n)
    if newer is None:
        raise _no_version(to_n, ["query", "to"])
    return Comparison(from_n, to_n, diffs.compare(older.sections, newer.sections))


# ---- writing --------------------------------------------------------------------------------------------


def flush(session: Session) -> None:
    updates.flush(session, what="year report", what_vi="báo cáo tổng kết")


def add_version(
    session: Session,
    report: YearReport,
    *,
    sections: list[dict[str, Any]],
    note: str | None,
    by: str,
    contribution_id: str | None = None,
) -> YearReportVersion:
    """The report's next version (the caller holds the report's row)."""
    number = report.current_version + 1
    row = YearReportVersion(
        report_id=report.id,
        number=number,
        sections=sections,
        note=note,
        contribution_id=contribution_id,
        created_by=by,
        created_at=utcnow(),
    )
    session.add(row)
    report.current_version = number
    report.updated_at = row.created_at
    flush(session)
    return row


def _require_order(sections: list[dict[str, Any]]) -> None:
    """422 unless the sections are results, evaluation, direction, each once, in that order."""
    problem = rules.order_problem([str(s["key"]) for s in sections])
    if problem is not None:
        raise Invalid(
            f"The report's sections are not valid: {problem}.",
            detail_vi="Báo cáo phải gồm đúng ba phần theo thứ tự: kết quả, đánh giá, phương hướng.",
            errors=[{"loc": ["body", "sections"], "msg": problem, "type": "value_error"}],
        )


def put(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    title: str,
    sections: list[dict[str, Any]],
    note: str | None,
    if_match: str | None = None,
) -> Written:
    """Create the report (version 1), or write its next version; the same text again changes nothing."""
    _require_order(sections)
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    report = repository.report_of_campaign(session, campaign_id=campaign.id, lock=True)
    if report is None and if_match is None:
        created = _insert(session, principal, campaign, title=title, sections=sections, note=note)
        if created is not None:
            return Written(view(session, created), created=True)
        # Another request created it after we looked: this request writes its next version instead.
        report = repository.report_of_campaign(session, campaign_id=campaign.id, lock=True)
    if report is None:
        raise PreconditionFailed(
            "If-Match was sent but this campaign has no year report yet.",
            detail_vi="Đã gửi If-Match nhưng phong trào thi đua này chưa có báo cáo tổng kết.",
        )
    check_if_match(if_match, report)
    require_drafting(report)
    current = repository.version(session, report_id=report.id, number=report.current_version)
    assert current is not None  # every report has its current version
    changed_text = not rules.same_text(current.sections, sections)
    if changed_text:
        report.title = title  # with the new version: one change of the report's ETag
        row = add_version(session, report, sections=sections, note=note or None, by=principal.id)
        audit.record(
            session,
            actor=principal.actor,
            action="year_report.revise",
            object_type="year_report",
            object_id=report.id,
            details={"campaign_id": campaign.id, "version": row.number, "note": row.note},
        )
    elif title != report.title:
        old = report.title
        report.title = title
        report.updated_at = utcnow()
        flush(session)
        audit.record(
            session,
            actor=principal.actor,
            action="year_report.retitle",
            object_type="year_report",
            object_id=report.id,
            details={"campaign_id": campaign.id, "title": [old, title]},
        )
    return Written(view(session, report), created=False)


def _insert(
    session: Session,
    principal: Principal,
    campaign: Campaign,
    *,
    title: str,
    sections: list[dict[str, Any]],
    note: str | None,
) -> YearReport | None:
    """The report with its version 1; None when a concurrent request created the campaign's report first."""
    now = utcnow()
    report = YearReport(
        campaign_id=campaign.id,
        title=title,
        status=YearReportStatus.DRAFTING,
        current_version=1,
        created_by=principal.id,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(report)
            session.flush()
            session.add(
                YearReportVersion(
                    report_id=report.id,
                    number=1,
                    sections=sections,
                    note=note or None,
                    created_by=principal.id,
                    created_at=now,
                )
            )
    except IntegrityError:
        return None
    audit.record(
        session,
        actor=principal.actor,
        action="year_report.create",
        object_type="year_report",
        object_id=report.id,
        details={"campaign_id": campaign.id, "title": title, "version": 1},
    )
    return report


def adopt(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    version: int,
    conference_id: str | None,
    if_match: str | None = None,
) -> ReportView:
    """Record the conference's adoption of ``version``: the report is frozen from then on."""
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    report = require(session, campaign, lock=True)
    check_if_match(if_match, report)
    require_drafting(report)
    if version > report.current_version:
        raise _no_version(version, ["body", "version"])
    if conference_id is not None and (
        repository.conference_title(session, conference_id=conference_id, campaign_id=campaign.id) is None
    ):
        raise Invalid(
            "The conference is not a conference of this campaign.",
            detail_vi="Hội nghị không thuộc phong trào thi đua này.",
            errors=[
                {
                    "loc": ["body", "conference_id"],
                    "msg": "not a conference of the campaign",
                    "type": "not_found",
                }
            ],
        )
    now = utcnow()
    report.status = YearReportStatus.ADOPTED
    report.adopted_version = version
    report.adopted_at = now
    report.adopted_conference_id = conference_id
    report.updated_at = now
    flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="year_report.adopt",
        object_type="year_report",
        object_id=report.id,
        details={"campaign_id": campaign.id, "version": version, "conference_id": conference_id},
    )
    return view(session, report)
