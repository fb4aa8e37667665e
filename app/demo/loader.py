"""`thidua demo`: load the 2016 reference scenario. Idempotent: what exists is left as it is, so a
second run changes nothing (and writes no audit event).

With ``history`` (the default) it also loads the whole source article as history: the year's criteria,
the units' self and review scores (``app.demo.scores``) and their mid-year and annual reports
(``app.demo.reports``); the year-end conference of 29/12/2016 (``app.demo.conference``) with its guest,
delegates, agenda and next year's leadership; the leader's year report with the members' additions, adopted
there; the conference's ballots — the ministry flag on paper, counted by the counting committee, the
Government flag electronic and secret (ballots apart from who voted), both counted by ``app.voting.tally`` —
and the four awards they led to, decided; the units' people with their ratings, initiatives and titles of
2014–2016 (``app.demo.people``), so that the verdict for "Chiến sĩ thi đua cấp Bộ" 2016 can be seen passing
and failing; the procedure after the conference (``app.demo.procedure``); and, last, the campaign closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.awards import decisions
from app.core import audit
from app.core.config import DocumentDirUnset, Settings
from app.core.security import PasswordService
from app.core.time import VN_TZ
from app.demo import (
    conference_loader,
    data,
    election_loader,
    people_loader,
    procedure_loader,
    reports_loader,
    scores_loader,
    year_report_loader,
)
from app.dossiers.storage import DocumentStore
from app.models import (
    Award,
    AwardStatus,
    Bloc,
    BlocMember,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeSignature,
    Unit,
    User,
)
from app.models.base import new_id
from app.units.service import search_text_of

# The conference took place on 29/12/2016; the pledge was signed at the start of the year.
PLEDGE_OPENED_AT = datetime(2016, 1, 15, 2, 0, tzinfo=UTC)
PLEDGE_CLOSED_AT = datetime(2016, 2, 15, 10, 0, tzinfo=UTC)
# The secretariat closed the campaign the day after the conference.
CAMPAIGN_CLOSED_AT = datetime(2016, 12, 30, 9, 0, tzinfo=VN_TZ).astimezone(UTC)


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, unit name)
    bloc_id: str = ""
    campaign_id: str = ""

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def database_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Unit))


def load(
    session: Session,
    passwords: PasswordService,
    password: str,
    *,
    history: bool = True,
    settings: Settings | None = None,
) -> DemoResult:
    """``settings``: where the dossiers' documents go (none: the procedure is loaded without documents)."""
    result = DemoResult()
    units = _units(session, result)
    bloc = _bloc(session, result)
    _members(session, bloc, units, result)
    campaign = _campaign(session, bloc, result)
    _pledge(session, campaign, units, result)
    _users(session, passwords, password, units, result)
    if history:
        _history(session, campaign, units, result, settings)
    result.bloc_id, result.campaign_id = bloc.id, campaign.id
    if result.changed:
        audit.record(
            session,
            actor=audit.SYSTEM,
            action="demo.load",
            object_type="campaign",
            object_id=campaign.id,
            details={"created": result.created},
        )
    session.flush()
    return result


def _history(
    session: Session,
    campaign: Campaign,
    units: dict[str, Unit],
    result: DemoResult,
    settings: Settings | None,
) -> None:
    def counted(loaded: dict[str, int]) -> None:
        for what, n in loaded.items():
            if n:
                result.count(what, n)

    counted(scores_loader.load(session, campaign=campaign, units=units))
    counted(reports_loader.load(session, campaign=campaign, units=units))
    conference, made = conference_loader.load(session, campaign=campaign, units=units)
    counted(made)
    sessions, made = election_loader.load(
        session, campaign=campaign, units=units, conference_id=conference.id
    )
    counted(made)
    counted(
        {
            "conference_agenda_items": conference_loader.agenda(
                session, row=conference, sessions=sessions, units=units
            )
        }
    )
    counted(year_report_loader.load(session, campaign=campaign, units=units, row=conference))
    counted(people_loader.load(session, units))
    _judge_decided(session)
    store = _document_store(settings)
    counted(procedure_loader.load(session, units=units, campaign=campaign, store=store, settings=settings))
    _close(session, campaign, result)


def _close(session: Session, campaign: Campaign, result: DemoResult) -> None:
    """The campaign closed after the conference: nothing of 2016 changes any more."""
    if campaign.status == CampaignStatus.CLOSED:
        return
    campaign.status = CampaignStatus.CLOSED
    campaign.updated_at = CAMPAIGN_CLOSED_AT
    session.flush()
    result.count("campaigns_closed")


def _document_store(settings: Settings | None) -> DocumentStore | None:
    if settings is None:
        return None
    try:
        return DocumentStore(settings.document_directory())
    except DocumentDirUnset:
        return None


def _judge_decided(session: Session) -> None:
    """The history's decided awards with the verdict and cash of their decision dates (as a decision made
    through the API has them), once: an award judged already is left as it is."""
    session.flush()
    awards = session.scalars(
        select(Award)
        .where(Award.status == AwardStatus.DECIDED, Award.regime_code.is_(None))
        .order_by(Award.year, Award.created_at, Award.id)
    ).all()
    decisions.record_judgements(session, awards)
    session.flush()


def _units(session: Session, result: DemoResult) -> dict[str, Unit]:
    existing = {
        u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_([u[0] for u in data.UNITS])))
    }
    for code, name, short_name, kind, _position in data.UNITS:
        if code not in existing:
            unit = Unit(
                id=new_id(),
                code=code,
                name=name,
                short_name=short_name,
                kind=kind,
                search_text=search_text_of(name=name, short_name=short_name, code=code),
            )
            session.add(unit)
            existing[code] = unit
            result.count("units")
    session.flush()
    return existing


def _bloc(session: Session, result: DemoResult) -> Bloc:
    bloc = session.scalars(select(Bloc).where(Bloc.code == data.BLOC_CODE)).one_or_none()
    if bloc is None:
        bloc = Bloc(id=new_id(), code=data.BLOC_CODE, name=data.BLOC_NAME, description=data.BLOC_DESCRIPTION)
        session.add(bloc)
        session.flush()
        result.count("blocs")
    return bloc


def _members(session: Session, bloc: Bloc, units: dict[str, Unit], result: DemoResult) -> None:
    has_members = session.scalar(
        select(func.count())
        .select_from(BlocMember)
        .where(BlocMember.bloc_id == bloc.id, BlocMember.year == data.YEAR)
    )
    if has_members:
        return
    for code, *_ in data.UNITS:
        role = "leader" if code == data.LEADER_CODE else "member"
        session.add(
            BlocMember(id=new_id(), bloc_id=bloc.id, year=data.YEAR, unit_id=units[code].id, role=role)
        )
        result.count("bloc_members")
    session.flush()


def _campaign(session: Session, bloc: Bloc, result: DemoResult) -> Campaign:
    campaign = session.scalars(
        select(Campaign).where(Campaign.bloc_id == bloc.id, Campaign.year == data.YEAR)
    ).one_or_none()
    if campaign is None:
        campaign = Campaign(
            id=new_id(),
            bloc_id=bloc.id,
            year=data.YEAR,
            title=data.CAMPAIGN_TITLE,
            theme=data.THEME,
            mid_year_report_deadline=date.fromisoformat(data.DEADLINES["mid_year_report"]),
            annual_report_deadline=date.fromisoformat(data.DEADLINES["annual_report"]),
            scoring_deadline=date.fromisoformat(data.DEADLINES["scoring"]),
            tie_break=["standard_total", "-penalty_total"],
        )
        session.add(campaign)
        session.flush()
        result.count("campaigns")
    return campaign


def _pledge(session: Session, campaign: Campaign, units: dict[str, Unit], result: DemoResult) -> None:
    pledge = session.scalars(select(Pledge).where(Pledge.campaign_id == campaign.id)).one_or_none()
    if pledge is not None:
        return
    pledge = Pledge(
        id=new_id(),
        campaign_id=campaign.id,
        title=data.PLEDGE_TITLE,
        preamble=data.PLEDGE_PREAMBLE,
        commitments=[{"text": t} for t in data.PLEDGE_COMMITMENTS],
        status="closed",
        opened_at=PLEDGE_OPENED_AT,
        closed_at=PLEDGE_CLOSED_AT,
    )
    session.add(pledge)
    session.flush()
    for code, _name, short_name, _kind, position in data.UNITS:
        session.add(
            PledgeSignature(
                id=new_id(),
                pledge_id=pledge.id,
                unit_id=units[code].id,
                signatory_name=f"Lãnh đạo {short_name}",
                signatory_position=position,
                signed_at=PLEDGE_OPENED_AT,
            )
        )
    result.count("pledges")
    result.count("pledge_signatures", len(data.UNITS))
    session.flush()


def _users(
    session: Session, passwords: PasswordService, password: str, units: dict[str, Unit], result: DemoResult
) -> None:
    wanted: list[tuple[str, str, list[str], str | None]] = [
        (data.SECRETARIAT_USERNAME, data.SECRETARIAT_FULL_NAME, ["secretariat"], None)
    ]
    for code, name, *_ in data.UNITS:
        wanted.append((data.officer_username(code), f"Cán bộ thi đua – {name}", ["officer"], units[code].id))
    existing = set(session.scalars(select(User.username).where(User.username.in_([w[0] for w in wanted]))))
    password_hash: str | None = None
    for username, full_name, roles, unit_id in wanted:
        unit_name = next((u.name for u in units.values() if u.id == unit_id), "—")
        result.logins.append((username, roles[0], unit_name))
        if username in existing:
            continue
        password_hash = password_hash or passwords.hash(password)  # one hash: same demo password for all
        session.add(
            User(
                id=new_id(),
                username=username,
                full_name=full_name,
                password_hash=password_hash,
                roles=roles,
                unit_id=unit_id,
            )
        )
        result.count("users")
    session.flush()
