"""The year report's DOCX: this module gathers the version, the bloc and its leading unit into the plain
data that ``app.year_reports.docx`` renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import names
from app.core.errors import NotFound
from app.core.time import VN_TZ
from app.models import Bloc
from app.models.base import utcnow
from app.year_reports import docx, repository, service


@dataclass(frozen=True)
class YearReportFile:
    content: bytes
    filename: str


def document(*, session: Session, campaign_id: str, version: int | None, ministry: str) -> YearReportFile:
    """``version``, by default the adopted one, else the current."""
    campaign = access.get_campaign(session, campaign_id)
    report = service.require(session, campaign)
    number = version or report.adopted_version or report.current_version
    row = repository.version(session, report_id=report.id, number=number)
    if row is None:
        raise NotFound(
            f"The report has no version {number}.", detail_vi=f"Báo cáo không có phiên bản {number}."
        )
    bloc = session.get(Bloc, campaign.bloc_id)
    leader_id = leadership.leader_unit_id(session, bloc_id=campaign.bloc_id, year=campaign.year)
    leader = names.units(session, [leader_id]).get(leader_id or "")
    adopted = report.adopted_version == number
    dated = report.adopted_at if adopted and report.adopted_at is not None else row.created_at
    data = docx.YearReportDocument(
        ministry=ministry,
        bloc_name=bloc.name if bloc is not None else "Khối thi đua",
        leader_unit_name=leader.name if leader is not None else None,
        leader_head_name=repository.unit_head_name(session, unit_id=leader_id) if leader_id else None,
        year=campaign.year,
        on=_local_date(dated),
        version=number,
        adopted=adopted,
        sections=[docx.DocSection(heading=str(s["heading"]), body=str(s["body"])) for s in row.sections],
        made_at=utcnow(),
    )
    return YearReportFile(docx.render(data), docx.filename(data))


def _local_date(at: datetime) -> date:
    """The date in Vietnam of a stored time (SQLite hands back naive UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(VN_TZ).date()
