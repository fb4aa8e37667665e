"""Awards (khen thưởng): the use cases. No FastAPI here; services flush, the request's route commits.

An award is proposed when a ballot session is published (``propose_for_session``, called by the voting
feature), by a unit's year-end review, or by the secretariat (``create``); it is then decided (decision
number and date, judged by the law of that date) or revoked with a reason. At most one award that is not
revoked per subject, title and year: the database's partial unique indexes are the last word on that,
whatever path a write takes; a revoked award stays as history and frees its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.awards import decisions, events, repository
from app.awards.repository import AwardSort as AwardSort
from app.blocs import leadership
from app.core import audit, updates
from app.core.errors import Conflict, NotFound
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.models import Award, AwardStatus, Campaign, Title, Unit, VotingSession
from app.models.base import utcnow
from app.titles import rules
from app.voting.tally import TallyResult

# (status, action) -> the status the action leads to; any other pair is an illegal transition
_TRANSITIONS = {
    (AwardStatus.PROPOSED, "decide"): AwardStatus.DECIDED,
    (AwardStatus.PROPOSED, "revoke"): AwardStatus.REVOKED,
    (AwardStatus.DECIDED, "revoke"): AwardStatus.REVOKED,
}
# Statuses that take a place in a title's quota and count as holding the title (prerequisites).
HOLDING_STATUSES = (AwardStatus.PROPOSED, AwardStatus.DECIDED)


@dataclass(frozen=True)
class AwardFilter:
    year: int | None = None
    unit_id: str | None = None
    person_id: str | None = None
    title_code: str | None = None
    form_code: str | None = None
    status: AwardStatus | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True)
class AwardView:
    """An award with what its representation names besides its own columns: the title's or form's name,
    and the (code, name) of its unit or person."""

    award: Award
    name: str
    unit: tuple[str, str] | None
    person: tuple[str, str] | None
    person_unit_id: str | None = None
    """The unit the person works in today (who may read the verdict of the person's award)."""


# ---- pure rules ---------------------------------------------------------------------------------------


def next_status(current: AwardStatus, action: str) -> AwardStatus | None:
    """The status after ``action`` (decide | revoke), or None when the transition is illegal."""
    return _TRANSITIONS.get((current, action))


def describe_quota(quota: dict[str, Any], population: int) -> tuple[str, str]:
    """The quota in words (English, Vietnamese), for error messages."""
    scope_en = "the bloc's" if quota.get("scope") == "bloc" else "the ministry's"
    scope_vi = "của khối" if quota.get("scope") == "bloc" else "toàn Bộ"
    if "max_count" in quota:
        n = int(quota["max_count"])
        return (
            f"at most {n} award(s) among {scope_en} {population} unit(s)",
            f"tối đa {n} đơn vị trong {population} đơn vị {scope_vi}",
        )
    pct = f"{float(quota['max_share']) * 100:g}"
    return (
        f"at most {pct}% of {scope_en} {population} unit(s)",
        f"tối đa {pct.replace('.', ',')}% trong {population} đơn vị {scope_vi}",
    )


# ---- reading ------------------------------------------------------------------------------------------


def views(session: Session, awards: Sequence[Award]) -> list[AwardView]:
    names = repository.display_names(session, awards)
    return [
        AwardView(
            a,
            names.catalogue.get(a.title_code or a.form_code or "", a.title_code or a.form_code or ""),
            names.units.get(a.unit_id) if a.unit_id else None,
            names.people.get(a.person_id) if a.person_id else None,
            names.person_units.get(a.person_id) if a.person_id else None,
        )
        for a in awards
    ]


def list_awards(
    *, session: Session, flt: AwardFilter, page: PageParams
) -> tuple[list[AwardView], str | None]:
    """In creation order (the order awards were proposed)."""
    rows, next_cursor = repository.awards_page(
        session,
        page=page,
        year=flt.year,
        unit_id=flt.unit_id,
        person_id=flt.person_id,
        title_code=flt.title_code,
        form_code=flt.form_code,
        status=flt.status,
        updated_since=flt.updated_since,
    )
    return views(session, rows), next_cursor


def _get(session: Session, award_id: str, *, for_update: bool = False) -> Award:
    award = session.get(Award, award_id, with_for_update=for_update) if len(award_id) <= 64 else None
    if award is None:
        raise NotFound("The award does not exist.", detail_vi="Không tìm thấy khen thưởng.")
    return award


def get(*, session: Session, award_id: str) -> AwardView:
    return views(session, [_get(session, award_id)])[0]


# ---- proposing ----------------------------------------------------------------------------------------


def _unit_label(unit: Unit | None, unit_id: str) -> str:
    return f"{unit.name} ({unit.code})" if unit is not None else unit_id


def _award_exists(unit: Unit | None, unit_id: str, title: Title, year: int) -> Conflict:
    label = _unit_label(unit, unit_id)
    return Conflict(
        f"{label} already has an award of '{title.name}' for {year}.",
        code="award_exists",
        detail_vi=f"{label} đã có khen thưởng “{title.name}” năm {year}.",
        extra={"unit_id": unit_id, "title_code": title.code, "year": year},
    )


def _quota_scope(session: Session, quota: dict[str, Any], campaign: Campaign) -> tuple[list[str] | None, int]:
    """The units whose awards take a place in the quota (None: every unit), and the population the share
    is taken of."""
    if quota.get("scope") == "bloc":
        members = leadership.member_unit_ids(session, bloc_id=campaign.bloc_id, year=campaign.year)
        return members, len(members)
    return None, repository.active_unit_count(session)


def _check_quota(
    session: Session, *, title: Title, campaign: Campaign, unit: Unit | None, unit_id: str
) -> None:
    if title.quota is None:
        return
    members, population = _quota_scope(session, title.quota, campaign)
    already = repository.holding_count(
        session, statuses=HOLDING_STATUSES, title_code=title.code, year=campaign.year, unit_ids=members
    )
    if rules.quota_allows(title.quota, already=already, population=population):
        return
    quota_en, quota_vi = describe_quota(title.quota, population)
    label = _unit_label(unit, unit_id)
    raise Conflict(
        f"The quota of '{title.name}' for {campaign.year} ({quota_en}) is reached: {already} award(s) "
        f"already; {label} cannot be proposed.",
        code="quota_exceeded",
        detail_vi=f"Đã đủ chỉ tiêu “{title.name}” năm {campaign.year} ({quota_vi}): đã có {already} "
        f"đơn vị; không thể đề nghị thêm {label}.",
        extra={
            "unit_id": unit_id,
            "title_code": title.code,
            "year": campaign.year,
            "quota": dict(title.quota),
            "already": already,
            "population": population,
        },
    )


def propose_for_session(
    session: Session, *, voting_session: VotingSession, actor: audit.Actor
) -> list[Award]:
    """The awards a published session's elected units receive, with status ``proposed``.

    Nothing when the session's quorum was not met (nobody is elected). Raises 409 ``award_exists`` when a
    unit already has the title that year and 409 ``quota_exceeded`` when the title's quota is full; the
    caller's transaction then rolls back with everything else the publication wrote.
    """
    result = TallyResult.from_stored(voting_session.result or {})
    elected = list(result.elected) if result.quorum_met else []
    if not elected:
        return []
    campaign = session.get(Campaign, voting_session.campaign_id) if voting_session.campaign_id else None
    if campaign is None:
        # A council session (no campaign) has no year to award in; v1 never creates one.
        raise Conflict(
            "A session without a campaign cannot propose awards.",
            code="invalid_transition",
            detail_vi="Phiên bỏ phiếu không thuộc phong trào thi đua nào, không thể đề nghị khen thưởng.",
        )
    # The title's row lock serialises every proposal of this title (PostgreSQL; SQLite serialises every
    # writer already), so two sessions published at once cannot both take the quota's last place.
    title = session.get(Title, voting_session.title_code, with_for_update=True)
    if title is None:  # the foreign key makes this impossible; keep the error honest all the same
        raise NotFound("The session's title does not exist.", detail_vi="Không tìm thấy danh hiệu.")
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(elected)))}
    awards: list[Award] = []
    for unit_id in elected:
        awards.append(
            _propose_one(
                session,
                voting_session=voting_session,
                campaign=campaign,
                title=title,
                unit=units.get(unit_id),
                unit_id=unit_id,
                actor=actor,
            )
        )
    return awards


def _propose_one(
    session: Session,
    *,
    voting_session: VotingSession,
    campaign: Campaign,
    title: Title,
    unit: Unit | None,
    unit_id: str,
    actor: audit.Actor,
) -> Award:
    year = campaign.year
    existing = repository.award_id_of(session, unit_id=unit_id, title_code=title.code, year=year)
    if existing is not None:
        raise _award_exists(unit, unit_id, title, year)
    _check_quota(session, title=title, campaign=campaign, unit=unit, unit_id=unit_id)
    award = Award(
        unit_id=unit_id,
        title_code=title.code,
        year=year,
        status=AwardStatus.PROPOSED,
        campaign_id=campaign.id,
        source_session_id=voting_session.id,
    )
    try:
        with session.begin_nested():
            session.add(award)
    except IntegrityError as exc:  # proposed by a request that committed after our look
        raise _award_exists(unit, unit_id, title, year) from exc
    _record(
        session, actor, "propose", award, {"campaign_id": campaign.id, "source_session_id": voting_session.id}
    )
    events.emit(session, award, "propose")
    return award


# ---- deciding and revoking ----------------------------------------------------------------------------


def _invalid_transition(award: Award, action: str) -> Conflict:
    verb_en = {"decide": "decided", "revoke": "revoked"}[action]
    verb_vi = {"decide": "ra quyết định", "revoke": "thu hồi"}[action]
    status_vi = {"proposed": "đề nghị", "decided": "đã quyết định", "revoked": "đã thu hồi"}
    return Conflict(
        f"A {award.status} award cannot be {verb_en}.",
        code="invalid_transition",
        detail_vi=f"Không thể {verb_vi} khen thưởng đang ở trạng thái "
        f"“{status_vi.get(award.status, award.status)}”.",
        extra={"award_status": award.status},
    )


def _record(session: Session, actor: audit.Actor, action: str, award: Award, details: dict[str, Any]) -> None:
    """The ``award.<action>`` event: the award's unit, title and year, then ``details``."""
    audit.record(
        session,
        actor=actor,
        action=f"award.{action}",
        object_type="award",
        object_id=award.id,
        details={
            "unit_id": award.unit_id,
            "person_id": award.person_id,
            "title_code": award.title_code,
            "form_code": award.form_code,
            "year": award.year,
            **details,
        },
    )


def _flush(session: Session) -> None:
    updates.flush(session, what="award", what_vi="khen thưởng")


def _transition(session: Session, *, award_id: str, action: str, if_match: str | None) -> tuple[Award, str]:
    """Move the award (locked) to the status ``action`` leads to; return it with its previous status."""
    award = _get(session, award_id, for_update=True)
    check_if_match(if_match, award)
    new_status = next_status(award.status, action)
    if new_status is None:
        raise _invalid_transition(award, action)
    previous = award.status
    award.status = new_status
    award.updated_at = utcnow()
    return award, previous


def decide(
    *,
    session: Session,
    actor: audit.Actor,
    award_id: str,
    decision_number: str,
    decision_date: date,
    override_reason: str | None = None,
    if_match: str | None = None,
) -> AwardView:
    """proposed → decided, with the decision's number and date (secretariat), judged by the law in force on
    the decision date (``app.awards.decisions``): the verdict, any override and the cash stay with the
    award."""
    award = _get(session, award_id, for_update=True)
    check_if_match(if_match, award)
    if next_status(award.status, "decide") is None:
        raise _invalid_transition(award, "decide")
    # Judged before the award changes, so the judging's reads never flush a half-made decision.
    judged = decisions.judge_decision(
        session, award, decision_date=decision_date, override_reason=override_reason
    )
    award.status = AwardStatus.DECIDED
    award.updated_at = utcnow()
    award.decision_number = decision_number
    award.decision_date = decision_date
    award.regime_code = judged.verdict.regime.regime.code
    award.verdict = judged.snapshot
    award.override_reason = override_reason
    if judged.cash is not None:
        award.base_salary_vnd, award.cash_multiple_centi, award.cash_vnd = judged.cash
    _flush(session)
    details: dict[str, Any] = {
        "decision_number": decision_number,
        "decision_date": decision_date.isoformat(),
        "regime": award.regime_code,
        "verdict": judged.verdict.outcome,
        "cash_vnd": award.cash_vnd,
    }
    if override_reason is not None:
        details["override_reason"] = override_reason
        details["overridden"] = [c.code for c in judged.verdict.failed_hard()]
    _record(session, actor, "decide", award, details)
    events.emit(session, award, "decide")
    return get(session=session, award_id=award.id)


def revoke(
    *, session: Session, actor: audit.Actor, award_id: str, reason: str, if_match: str | None = None
) -> AwardView:
    """proposed or decided → revoked, with the reason (secretariat). The award stays, as history."""
    award, previous = _transition(session, award_id=award_id, action="revoke", if_match=if_match)
    award.revoked_reason = reason
    _flush(session)
    _record(session, actor, "revoke", award, {"from": previous, "reason": reason})
    events.emit(session, award, "revoke")
    return get(session=session, award_id=award.id)
