"""Members' contributions to the year report (góp ý, đề nghị bổ sung) and the leader's answers.

A member unit's officer comments on a section or proposes an addition to it; the contribution records the
version it was based on. The leader (or the secretariat) accepts or declines each with a reply: accepting
an addition writes the report's next version with the addition's text (or the leader's edited ``text``)
appended to the section as a new paragraph, and records the version in ``applied_in_version`` (and the
contribution on the version); accepting a comment records the reply only. An answer is given once:
repeating the very answer (same decision, same reply) is a retry and returns the contribution unchanged;
any other answer to an answered contribution is 409 ``contribution_answered``.

An answer takes the report's row, then the contribution's, FOR UPDATE (re-reading both): two concurrent
accepts of one addition are serialised, and the second finds it answered, so one version is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import audit, names
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.models import (
    Campaign,
    ContributionKind,
    ContributionStatus,
    ReportSectionKey,
    YearReport,
    YearReportContribution,
)
from app.models.base import utcnow
from app.year_reports import repository, rules, service


@dataclass(frozen=True)
class ContributionView:
    contribution: YearReportContribution
    campaign_id: str
    units: dict[str, names.UnitName]
    users: dict[str, str]


@dataclass(frozen=True)
class ContributionFilter:
    status: ContributionStatus | None = None
    unit_id: str | None = None
    section_key: ReportSectionKey | None = None
    kind: ContributionKind | None = None


def _views(session: Session, campaign_id: str, rows: list[YearReportContribution]) -> list[ContributionView]:
    units = names.units(session, [c.unit_id for c in rows])
    users = names.users(session, [u for c in rows for u in (c.created_by, c.answered_by)])
    return [ContributionView(c, campaign_id, units, users) for c in rows]


def _one(session: Session, campaign_id: str, row: YearReportContribution) -> ContributionView:
    return _views(session, campaign_id, [row])[0]


def _not_found() -> NotFound:
    return NotFound(
        "The year report has no such contribution.",
        detail_vi="Không tìm thấy ý kiến đóng góp này của báo cáo tổng kết.",
    )


def _require(
    session: Session, report: YearReport, contribution_id: str, *, lock: bool = False
) -> YearReportContribution:
    row = repository.contribution(session, report_id=report.id, contribution_id=contribution_id, lock=lock)
    if row is None:
        raise _not_found()
    return row


# ---- reading --------------------------------------------------------------------------------------------


def list_contributions(
    *, session: Session, campaign_id: str, flt: ContributionFilter, page: PageParams
) -> tuple[list[ContributionView], str | None]:
    report = service.require(session, access.get_campaign(session, campaign_id))
    stmt: Select[tuple[YearReportContribution]] = select(YearReportContribution).where(
        YearReportContribution.report_id == report.id
    )
    if flt.status is not None:
        stmt = stmt.where(YearReportContribution.status == flt.status)
    if flt.unit_id is not None:
        stmt = stmt.where(YearReportContribution.unit_id == flt.unit_id)
    if flt.section_key is not None:
        stmt = stmt.where(YearReportContribution.section_key == flt.section_key)
    if flt.kind is not None:
        stmt = stmt.where(YearReportContribution.kind == flt.kind)
    rows, next_cursor = paginate(
        session,
        stmt,
        page,
        created_col=YearReportContribution.created_at,
        id_col=YearReportContribution.id,
    )
    return _views(session, campaign_id, list(rows)), next_cursor


def get(*, session: Session, campaign_id: str, contribution_id: str) -> ContributionView:
    report = service.require(session, access.get_campaign(session, campaign_id))
    return _one(session, campaign_id, _require(session, report, contribution_id))


# ---- writing --------------------------------------------------------------------------------------------


def _writable(session: Session, campaign_id: str, *, shared: bool = False) -> tuple[Campaign, YearReport]:
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    report = service.require(session, campaign, lock=True, shared=shared)
    service.require_drafting(report)
    return campaign, report


def contribute(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    section_key: ReportSectionKey,
    kind: ContributionKind,
    text: str,
) -> ContributionView:
    # FOR SHARE: contributions do not wait for each other, but an adoption (FOR UPDATE) orders against them.
    campaign, report = _writable(session, campaign_id, shared=True)
    role = leadership.unit_role_for_activity(
        session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=unit_id
    )
    if role is None:
        raise Invalid(
            "The unit is not a member of the bloc in the campaign's year.",
            code="not_a_member",
            detail_vi="Đơn vị không phải thành viên của khối trong năm của phong trào thi đua.",
            errors=[
                {
                    "loc": ["body", "unit_id"],
                    "msg": "not a member of the bloc that year",
                    "type": "not_a_member",
                }
            ],
        )
    now = utcnow()
    row = YearReportContribution(
        report_id=report.id,
        unit_id=unit_id,
        section_key=section_key,
        kind=kind,
        text=text,
        based_on_version=report.current_version,
        status=ContributionStatus.PENDING,
        created_by=principal.id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="year_report.contribute",
        object_type="year_report_contribution",
        object_id=row.id,
        details={
            "campaign_id": campaign.id,
            "report_id": report.id,
            "unit_id": unit_id,
            "section_key": section_key.value,
            "kind": kind.value,
            "based_on_version": row.based_on_version,
        },
    )
    return _one(session, campaign.id, row)


def _answered() -> Conflict:
    return Conflict(
        "The contribution has already been answered.",
        code="contribution_answered",
        detail_vi="Ý kiến đóng góp này đã được trả lời.",
    )


def answer(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    contribution_id: str,
    accept: bool,
    reply: str | None,
    text: str | None = None,
) -> ContributionView:
    """Accept (an addition enters the text as the next version) or decline, with the reply."""
    campaign, report = _writable(session, campaign_id)
    row = _require(session, report, contribution_id, lock=True)
    wanted = ContributionStatus.ACCEPTED if accept else ContributionStatus.DECLINED
    if row.status != ContributionStatus.PENDING:
        if rules.repeats_answer(status=row.status, reply=row.reply, wanted=wanted, wanted_reply=reply):
            return _one(session, campaign.id, row)
        raise _answered()
    if text is not None and not (accept and row.kind == ContributionKind.ADDITION):
        raise Invalid(
            "Only an accepted addition takes a text to apply.",
            detail_vi="Chỉ khi tiếp thu một đề nghị bổ sung mới gửi kèm nội dung bổ sung.",
            errors=[{"loc": ["body", "text"], "msg": "only for an addition", "type": "not_an_addition"}],
        )
    now = utcnow()
    details: dict[str, object] = {
        "campaign_id": campaign.id,
        "report_id": report.id,
        "unit_id": row.unit_id,
        "kind": row.kind.value,
    }
    if accept and row.kind == ContributionKind.ADDITION:
        version = _apply(session, principal, report, row, text or row.text)
        row.applied_in_version = version
        details["version"] = version
        details["edited"] = text is not None and text != row.text
    row.status = wanted
    row.reply = reply
    row.answered_by = principal.id
    row.answered_at = now
    row.updated_at = now
    service.flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="year_report.contribution." + ("accept" if accept else "decline"),
        object_type="year_report_contribution",
        object_id=row.id,
        details=details,
    )
    return _one(session, campaign.id, row)


def _apply(
    session: Session, principal: Principal, report: YearReport, row: YearReportContribution, text: str
) -> int:
    current = repository.version(session, report_id=report.id, number=report.current_version)
    assert current is not None  # every report has its current version
    sections = rules.append_paragraph(current.sections, row.section_key.value, text)
    if len(rules.section_body(sections, row.section_key.value)) > rules.MAX_BODY:
        raise Invalid(
            f"With this addition the section would exceed {rules.MAX_BODY:,} characters.",
            detail_vi=f"Nếu bổ sung, mục này sẽ dài quá {rules.MAX_BODY:,} ký tự.",
            errors=[{"loc": ["body", "text"], "msg": "the section would be too long", "type": "too_long"}],
        )
    unit = names.units(session, [row.unit_id]).get(row.unit_id)
    note = f"Tiếp thu đề nghị bổ sung của {unit.name if unit else row.unit_id}"
    version = service.add_version(
        session, report, sections=sections, note=note, by=principal.id, contribution_id=row.id
    )
    return version.number
