"""A ballot session's settings, checked against its campaign's bloc-year before they are stored.

Candidates (listed, or resolved from ``candidates_from``) must be units of the bloc that year holding the
title's prerequisites (``app.voting.candidates``); delegates must be active officers of member units;
``max_choices`` defaults to the seats and never exceeds the candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs import repository as blocs_repository
from app.campaigns import access
from app.core.errors import Invalid, NotFound
from app.core.principal import Principal
from app.models import Campaign, Title, Unit, User, VotingSession
from app.models.enums import BallotMethod
from app.titles import service as titles_service
from app.voting import candidates, unit_delegates
from app.voting.tally import Rules, Threshold


@dataclass(frozen=True)
class SessionSettings:
    """What a session is made of: the one shape of its settings. The API's bodies convert to it
    (``SessionCreate.settings``, ``SessionUpdate.changes``), the row is read into it (``of_row``) and
    written from it (``columns``), and the tally takes its ``rules``."""

    campaign_id: str
    title_code: str
    name: str | None
    seats: int
    candidate_ids: list[str] | None  # None: resolve ``candidates_from``
    candidates_from: dict[str, Any] | None
    electorate_user_ids: list[str]
    max_choices: int | None  # None: the default
    threshold: Threshold = field(default_factory=Threshold)
    quorum: float = 0.5
    secret: bool = True
    method: BallotMethod = BallotMethod.ELECTRONIC  # paper and mixed: counted by a committee (app.counting)
    # The electorate is the member units, each through its checked-in voting delegate at the conference
    # (``app.voting.unit_delegates``); ``electorate_user_ids`` is then empty.
    one_delegate_per_unit: bool = False
    conference_id: str | None = None

    @classmethod
    def of_row(
        cls, vs: VotingSession, candidate_ids: list[str], electorate_user_ids: list[str]
    ) -> SessionSettings:
        """A stored session's settings (its candidates and electorate are rows of their own)."""
        assert vs.campaign_id is not None
        return cls(
            campaign_id=vs.campaign_id,
            title_code=vs.title_code,
            name=vs.name,
            seats=vs.seats,
            candidate_ids=candidate_ids,
            candidates_from=vs.candidates_from,
            electorate_user_ids=electorate_user_ids,
            max_choices=vs.max_choices,
            threshold=threshold_of(vs),
            quorum=vs.quorum,
            secret=vs.secret,
            method=vs.method,
            one_delegate_per_unit=vs.one_delegate_per_unit,
            conference_id=vs.conference_id,
        )

    def columns(self, checked: Checked) -> dict[str, Any]:
        """The session row's columns for these settings, once ``check`` resolved them."""
        return {
            "campaign_id": checked.campaign.id,
            "title_code": checked.title.code,
            "name": self.name or None,
            "seats": self.seats,
            "max_choices": checked.max_choices,
            "threshold_share": self.threshold.share,
            "threshold_of": self.threshold.of,
            "threshold_inclusive": self.threshold.inclusive,
            "quorum": self.quorum,
            "secret": self.secret,
            "candidates_from": self.candidates_from,
            "method": self.method,
            "one_delegate_per_unit": self.one_delegate_per_unit,
            "conference_id": self.conference_id,
        }


def threshold_of(vs: VotingSession) -> Threshold:
    return Threshold(share=vs.threshold_share, of=vs.threshold_of, inclusive=vs.threshold_inclusive)


def rules_of(vs: VotingSession) -> Rules:
    """The tally's rules for a stored session."""
    return Rules.of(seats=vs.seats, threshold=threshold_of(vs), quorum=vs.quorum)


@dataclass(frozen=True)
class Checked:
    campaign: Campaign
    title: Title
    candidate_ids: list[str]
    max_choices: int


def default_max_choices(seats: int, candidate_count: int) -> int:
    """A ballot approves up to one candidate per seat, and never more than there are candidates."""
    return max(1, min(seats, candidate_count))


# ---- checking settings against the bloc-year ----------------------------------------------------------


def _body_error(loc: list[Any], msg: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(detail, detail_vi=detail_vi, errors=[{"loc": loc, "msg": msg, "type": "value_error"}])


def _campaign_for(
    session: Session, principal: Principal, campaign_id: str, *, authorised_for: str | None
) -> Campaign:
    """The settings' campaign: 422 when there is none, 403 when the principal does not run it (unless the
    route's policy has already admitted the principal for it: ``authorised_for``), 409 when closed."""
    try:
        campaign = access.get_campaign(session, campaign_id)
    except NotFound as exc:
        raise _body_error(
            ["body", "campaign_id"],
            "no such campaign",
            "The campaign does not exist.",
            "Không tìm thấy phong trào thi đua.",
        ) from exc
    if campaign.id != authorised_for:  # e.g. a draft moved to another campaign
        access.require_manager(session, principal, campaign)
    access.require_active(campaign)
    return campaign


def _title(session: Session, code: str) -> Title:
    # Ballot sessions elect units: the title must exist, be in use, and be a collective one.
    return titles_service.for_units(session, code)


def _members(session: Session, campaign: Campaign) -> set[str]:
    # FOR SHARE (PostgreSQL): the membership cannot change under the session being written.
    return blocs_repository.member_ids_for_share(session, bloc_id=campaign.bloc_id, year=campaign.year)


def _require_delegates(session: Session, user_ids: Sequence[str], members: set[str]) -> None:
    """422 ``delegate_not_member`` naming every id that is not an active officer of a member unit."""
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(user_ids))))}

    def delegate(user_id: str) -> bool:
        user = users.get(user_id)
        return (
            user is not None and user.active and "officer" in (user.roles or []) and user.unit_id in members
        )

    outsiders = [(i, uid) for i, uid in enumerate(user_ids) if not delegate(uid)]
    if outsiders:
        names = ", ".join(uid for _, uid in outsiders)
        raise Invalid(
            f"Delegates must be active officers of the bloc's member units that year; not: {names}.",
            code="delegate_not_member",
            detail_vi="Đại biểu phải là cán bộ của đơn vị thành viên của khối trong năm; "
            f"không phải: {names}.",
            errors=[
                {
                    "loc": ["body", "electorate_user_ids", i],
                    "msg": f"{uid} is not an officer of a member unit",
                    "type": "delegate_not_member",
                }
                for i, uid in outsiders
            ],
        )


def check(
    session: Session, principal: Principal, s: SessionSettings, *, authorised_for: str | None
) -> Checked:
    """The settings checked against the campaign's bloc-year, with the candidates resolved.

    ``authorised_for``: the campaign the route's policy has admitted the principal to run (the body's on
    create, the session's on change and runoff); any other campaign is checked here."""
    campaign = _campaign_for(session, principal, s.campaign_id, authorised_for=authorised_for)
    title = _title(session, s.title_code)
    listed = s.candidate_ids is not None
    if s.candidate_ids is not None:
        candidate_ids = list(s.candidate_ids)
    else:
        assert s.candidates_from is not None
        candidate_ids = candidates.resolve(session, campaign, s.candidates_from)
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(candidate_ids)))}
    members = _members(session, campaign)
    candidates.require_members(candidate_ids, members, listed=listed, units=units)
    unit_delegates.check_electorate(session, s, campaign_id=campaign.id)
    _require_delegates(session, s.electorate_user_ids, members)
    max_choices = s.max_choices or default_max_choices(s.seats, len(candidate_ids))
    if max_choices > len(candidate_ids):
        raise _body_error(
            ["body", "max_choices"],
            f"at most the number of candidates ({len(candidate_ids)})",
            "A ballot cannot approve more candidates than there are.",
            "Số lựa chọn tối đa không được vượt quá số ứng viên.",
        )
    candidates.require_prerequisites(session, title, candidate_ids, campaign.year, units=units)
    return Checked(campaign=campaign, title=title, candidate_ids=candidate_ids, max_choices=max_choices)
