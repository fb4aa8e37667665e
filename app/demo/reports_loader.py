"""Loads the units' 2016 reports (``app.demo.reports``) as history, as ``app.reports.service`` stores a
submission: one immutable row per version, submitted by the unit's officer, ``late`` by the same rule.
Idempotent: nothing is written when the campaign has reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.demo import data, reports
from app.models import Campaign, Report, ReportKind, Unit, User
from app.models.base import new_id
from app.reports import service as reports_service


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN_TZ).astimezone(UTC)


def load(session: Session, *, campaign: Campaign, units: dict[str, Unit]) -> dict[str, int]:
    """What was created, by kind; nothing when the campaign has reports already."""
    if session.scalar(select(Report.id).where(Report.campaign_id == campaign.id).limit(1)):
        return {}
    officers = {
        u.unit_id: u
        for u in session.scalars(
            select(User).where(User.username.in_([data.officer_username(c) for c, *_ in data.UNITS]))
        )
    }
    count = 0
    for i, (code, name, short_name, *_rest) in enumerate(data.UNITS):
        unit = units[code]
        by = f"user:{officers[unit.id].id}"
        mid_day = reports.MID_YEAR_FROM + timedelta(days=i % 10)
        annual_day = reports.ANNUAL_FROM + timedelta(days=i % 10)
        rows = [
            (
                ReportKind.MID_YEAR,
                1,
                reports.mid_year_title(name),
                reports.mid_year_sections(short_name, code),
                reports.metrics(code, "mid_year"),
                _at(mid_day, 9 + i % 7),
            )
        ]
        annual = reports.annual_sections(short_name, code)
        if code == reports.RESENT_UNIT:
            first = reports.metrics(code, "annual", first_of_two=True)
            sent = _at(annual_day - timedelta(days=3), 9)
            rows.append((ReportKind.ANNUAL, 1, reports.annual_title(name), annual, first, sent))
        version = 2 if code == reports.RESENT_UNIT else 1
        rows.append(
            (
                ReportKind.ANNUAL,
                version,
                reports.annual_title(name),
                annual,
                reports.metrics(code, "annual"),
                _at(annual_day, 9 + i % 7),
            )
        )
        for kind, number, title, sections, figures, submitted_at in rows:
            session.add(
                Report(
                    id=new_id(),
                    campaign_id=campaign.id,
                    unit_id=unit.id,
                    kind=kind,
                    version=number,
                    title=title,
                    sections=sections,
                    metrics=figures,
                    late=reports_service.is_late(submitted_at, reports_service.deadline_of(campaign, kind)),
                    submitted_at=submitted_at,
                    submitted_by=by,
                )
            )
            count += 1
    session.flush()
    return {"reports": count}
