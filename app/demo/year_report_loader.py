"""Loads the bloc's 2016 year report (``app.demo.conference``) as history, the way the year report's
features store it: the leader's draft (version 1), the members' three proposed additions, two accepted
(each appended to its section as a new paragraph, making versions 2 and 3) and one declined with a reply,
and version 3 adopted at the conference. Idempotent: nothing is written when the campaign has its report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.demo import conference, data
from app.demo.conference_loader import at
from app.models import (
    Campaign,
    Conference,
    ContributionKind,
    ContributionStatus,
    ReportSectionKey,
    Unit,
    User,
    YearReport,
    YearReportContribution,
    YearReportStatus,
    YearReportVersion,
)
from app.models.base import new_id


def _on(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN_TZ).astimezone(UTC)


def draft() -> list[dict[str, Any]]:
    """Version 1: the leader's three sections."""
    bodies = {
        "results": conference.RESULTS,
        "evaluation": conference.EVALUATION,
        "direction": conference.DIRECTION,
    }
    return [
        {"key": k.value, "heading": conference.HEADINGS[k.value], "body": bodies[k.value]}
        for k in ReportSectionKey
    ]


def with_paragraph(sections: list[dict[str, Any]], key: str, text: str) -> list[dict[str, Any]]:
    """A copy of ``sections`` with ``text`` appended to section ``key`` as a new paragraph."""
    return [
        {**s, "body": f"{s['body'].rstrip()}\n\n{text.strip()}"} if s["key"] == key else dict(s)
        for s in sections
    ]


def load(session: Session, *, campaign: Campaign, units: dict[str, Unit], row: Conference) -> dict[str, int]:
    """What was created, by kind; nothing when the campaign has its year report already."""
    if session.scalar(select(YearReport.id).where(YearReport.campaign_id == campaign.id)):
        return {}
    users = {
        u.unit_id: u
        for u in session.scalars(
            select(User).where(User.username.in_([data.officer_username(c) for c, *_ in data.UNITS]))
        )
    }
    leader = users[units[data.LEADER_CODE].id]
    drafted = _on(conference.REPORT_DRAFTED_ON, 9)
    adopted = at(*conference.REPORT_ADOPTED)
    accepted = sum(1 for c in conference.CONTRIBUTIONS if c[4] == "accepted")
    report = YearReport(
        id=new_id(),
        campaign_id=campaign.id,
        title=conference.REPORT_TITLE,
        status=YearReportStatus.ADOPTED,
        current_version=1 + accepted,
        adopted_version=1 + accepted,  # the conference adopted the last version
        adopted_at=adopted,
        adopted_conference_id=row.id,
        created_by=leader.id,
        created_at=drafted,
        updated_at=adopted,
    )
    session.add(report)
    session.flush()
    sections = draft()
    versions = [
        YearReportVersion(
            id=new_id(),
            report_id=report.id,
            number=1,
            sections=sections,
            note=conference.DRAFT_NOTE,
            created_by=leader.id,
            created_at=drafted,
        )
    ]
    for code, key, text, proposed_on, status, reply, answered_on in conference.CONTRIBUTIONS:
        unit = units[code]
        answered_at = _on(answered_on, 15)
        contribution = YearReportContribution(
            id=new_id(),
            report_id=report.id,
            unit_id=unit.id,
            section_key=ReportSectionKey(key),
            kind=ContributionKind.ADDITION,
            text=text,
            based_on_version=1,
            status=ContributionStatus(status),
            reply=reply,
            answered_by=leader.id,
            answered_at=answered_at,
            created_by=users[unit.id].id,
            created_at=_on(proposed_on, 10),
            updated_at=answered_at,
        )
        if contribution.status == ContributionStatus.ACCEPTED:
            sections = with_paragraph(sections, key, text)
            contribution.applied_in_version = len(versions) + 1
            versions.append(
                YearReportVersion(
                    id=new_id(),
                    report_id=report.id,
                    number=len(versions) + 1,
                    sections=sections,
                    note=f"Tiếp thu đề nghị bổ sung của {unit.name}",
                    contribution_id=contribution.id,
                    created_by=leader.id,
                    created_at=answered_at,
                )
            )
        session.add(contribution)
    session.add_all(versions)
    session.flush()
    return {
        "year_reports": 1,
        "year_report_versions": 1 + accepted,
        "year_report_contributions": len(conference.CONTRIBUTIONS),
    }
