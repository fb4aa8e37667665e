"""The year report's rows as its response models (``app.year_reports.schemas``)."""

from __future__ import annotations

from typing import Any

from app.year_reports import contributions, service
from app.year_reports.compare import SectionDiff
from app.year_reports.schemas import (
    YearReportAppliedContribution,
    YearReportComparison,
    YearReportContributionRead,
    YearReportParagraphChange,
    YearReportRead,
    YearReportSection,
    YearReportSectionDiff,
    YearReportVersionRead,
    YearReportVersionSummary,
)


def version_summary(v: service.VersionView) -> YearReportVersionSummary:
    return YearReportVersionSummary.model_validate(_version_fields(v))


def version_read(v: service.VersionView) -> YearReportVersionRead:
    sections = [YearReportSection.model_validate(s) for s in v.version.sections]
    return YearReportVersionRead.model_validate({**_version_fields(v), "sections": sections})


def _version_fields(v: service.VersionView) -> dict[str, Any]:
    row, c = v.version, v.contribution
    applied = None
    if c is not None:
        code, name = v.units[c.unit_id]
        applied = YearReportAppliedContribution(id=c.id, unit_id=c.unit_id, unit_code=code, unit_name=name)
    return {
        "number": row.number,
        "note": row.note,
        "contribution": applied,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "created_by_name": v.users.get(row.created_by or ""),
        "adopted": v.adopted,
    }


def report_read(view: service.ReportView) -> YearReportRead:
    r = view.report
    return YearReportRead(
        id=r.id,
        campaign_id=r.campaign_id,
        title=r.title,
        status=r.status,
        current_version=r.current_version,
        adopted_version=r.adopted_version,
        adopted_at=r.adopted_at,
        adopted_conference_id=r.adopted_conference_id,
        adopted_conference_name=view.conference_name,
        text_version=view.shown.number,
        sections=[YearReportSection.model_validate(s) for s in view.shown.sections],
        versions=[version_summary(v) for v in view.versions],
        pending_contributions=view.pending,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _section_diff(d: SectionDiff) -> YearReportSectionDiff:
    return YearReportSectionDiff(
        key=d.key,
        heading_from=d.heading_from,
        heading_to=d.heading_to,
        unchanged=d.unchanged,
        unchanged_paragraphs=d.unchanged_paragraphs,
        added=d.added,
        removed=d.removed,
        changes=[
            YearReportParagraphChange(change=c.change, text=c.text, position=c.position) for c in d.changes
        ],
    )


def comparison(c: service.Comparison) -> YearReportComparison:
    return YearReportComparison(
        from_version=c.from_version,
        to_version=c.to_version,
        unchanged=all(d.unchanged for d in c.sections),
        sections=[_section_diff(d) for d in c.sections],
    )


def contribution_read(v: contributions.ContributionView) -> YearReportContributionRead:
    c = v.contribution
    code, name = v.units[c.unit_id]
    return YearReportContributionRead(
        id=c.id,
        campaign_id=v.campaign_id,
        unit_id=c.unit_id,
        unit_code=code,
        unit_name=name,
        section_key=c.section_key,
        kind=c.kind,
        text=c.text,
        based_on_version=c.based_on_version,
        status=c.status,
        reply=c.reply,
        answered_by=c.answered_by,
        answered_by_name=v.users.get(c.answered_by or ""),
        answered_at=c.answered_at,
        applied_in_version=c.applied_in_version,
        created_by=c.created_by,
        created_by_name=v.users.get(c.created_by or ""),
        created_at=c.created_at,
    )
