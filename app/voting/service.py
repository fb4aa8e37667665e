"""Ballot sessions: the use cases. No FastAPI here; services flush, the request's route commits.

A session is ``draft`` (its settings may change) → ``open`` (settings frozen, delegates vote) →
``closed`` (the tally is computed once and frozen in ``result``) → ``published`` (results visible to
all readers; the elected units get ``proposed`` awards). ``draft`` and ``open`` may be ``cancelled``.

A paper or mixed session (``method``) is counted by its counting committee instead (``app.counting``): it
closes only with a committee (``app.counting.gate``), gets its ``result`` once two members' entries of the
paper count agree, and publishes only then (docs/paper-ballots.md).

Every transition locks the session row (FOR UPDATE on PostgreSQL; SQLite runs one writer at a time), and
casting a ballot holds the same row FOR SHARE while it checks the status (``app.voting.ballots``): so a
close waits for the ballots in flight, and a ballot arriving during a close sees the session closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.awards import service as awards_service
from app.core import audit, names, updates
from app.core.errors import Conflict
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.counting import gate
from app.models import (
    SessionStatus,
    VotingSession,
)
from app.models.base import utcnow
from app.voting import ballots, events, repository, settings, unit_delegates, visibility
from app.voting.tally import TallyResult, tally

_MAX_ID_LENGTH = 64

# (status, action) -> the status the action leads to; any other pair is an illegal transition
TRANSITIONS = {
    (SessionStatus.DRAFT, "open"): SessionStatus.OPEN,
    (SessionStatus.OPEN, "close"): SessionStatus.CLOSED,
    (SessionStatus.CLOSED, "publish"): SessionStatus.PUBLISHED,
    (SessionStatus.DRAFT, "cancel"): SessionStatus.CANCELLED,
    (SessionStatus.OPEN, "cancel"): SessionStatus.CANCELLED,
}
_STAMP = {
    SessionStatus.OPEN: "opened_at",
    SessionStatus.CLOSED: "closed_at",
    SessionStatus.PUBLISHED: "published_at",
    SessionStatus.CANCELLED: "cancelled_at",
}


@dataclass(frozen=True)
class SessionView:
    """A session as the API shows it: its row, its candidates in ballot order, its electorate."""

    vs: VotingSession
    candidate_ids: list[str]
    electorate_user_ids: list[str]
    # The display names of the title, the candidate units and the electors (app.core.names)
    title_name: str
    units: dict[str, names.UnitName]
    users: dict[str, str]
    # This call sealed the ballots (a close, or the cancellation of an open session): once it has
    # committed, the storage is to be scrubbed of what was written while the session was open
    # (app.voting.scrub, scheduled by the router).
    sealed: bool = False
    # A one-delegate-per-unit session's electorate: the member units (frozen once opened), by id.
    electorate_unit_ids: list[str] = field(default_factory=list)
    conference_name: str | None = None  # the title of the session's conference, if it has one


@dataclass(frozen=True)
class ResultsView:
    vs: VotingSession
    result: TallyResult
    units: dict[str, names.UnitName]  # the candidates'
    users: dict[str, str]  # the voters of a non-secret session's ballots, when shown
    ballots: list[dict[str, Any]] | None  # only for a non-secret session, to the leader and secretariat


@dataclass(frozen=True)
class SessionFilter:
    campaign_id: str | None = None
    status: SessionStatus | None = None
    voter_me: bool = False


# ---- pure rules ---------------------------------------------------------------------------------------


def next_status(current: SessionStatus, action: str) -> SessionStatus | None:
    """The status after ``action`` (open | close | publish | cancel), or None when it is illegal."""
    return TRANSITIONS.get((current, action))


# ---- queries ------------------------------------------------------------------------------------------


def _views(session: Session, rows: Sequence[VotingSession]) -> list[SessionView]:
    ids = [vs.id for vs in rows]
    cands: dict[str, list[str]] = {i: [] for i in ids}
    voters: dict[str, list[str]] = {i: [] for i in ids}
    units: dict[str, names.UnitName] = {}
    users: dict[str, str] = {}
    if ids:  # the candidates and electors come with their names: one query each for the whole page
        for sid, unit_id, code, name in repository.candidate_rows(session, session_ids=ids):
            cands[sid].append(unit_id)
            units[unit_id] = names.UnitName(code, name)
        for sid, user_id, full_name in repository.elector_rows(session, session_ids=ids):
            voters[sid].append(user_id)
            users[user_id] = full_name
    per_unit = {vs.id: unit_delegates.unit_ids(session, vs) for vs in rows if vs.one_delegate_per_unit}
    conferences = repository.conference_titles(session, {vs.conference_id for vs in rows} - {None})
    titles = names.titles(session, (vs.title_code for vs in rows))
    units.update(names.units(session, {u for ids in per_unit.values() for u in ids} - units.keys()))
    return [
        SessionView(
            vs,
            cands[vs.id],
            voters[vs.id],
            titles.get(vs.title_code, vs.title_code),
            units,
            users,
            electorate_unit_ids=per_unit.get(vs.id, []),
            conference_name=conferences.get(vs.conference_id) if vs.conference_id else None,
        )
        for vs in rows
    ]


def _view(session: Session, vs: VotingSession) -> SessionView:
    return _views(session, [vs])[0]


def _load(session: Session, session_id: str, *, lock: bool = False) -> VotingSession | None:
    if len(session_id) > _MAX_ID_LENGTH:
        return None
    if lock:  # re-read once locked: a concurrent writer's committed change is what we must check
        return session.get(VotingSession, session_id, with_for_update=True, populate_existing=True)
    return session.execute(_BY_ID, {"session_id": session_id}).scalar_one_or_none()


# Built once (building a statement per request costs more than running it); an object already in the ORM
# session is returned as it is, as Session.get would.
_BY_ID = select(VotingSession).where(VotingSession.id == bindparam("session_id"))


def _session(session: Session, session_id: str, *, lock: bool = False) -> VotingSession:
    """The session the route's policy (``app.voting.policies``) admitted the principal to: who may read or
    run it is settled there. ``lock``: FOR UPDATE, freshly re-read (``_load``). 404 only if it vanished."""
    vs = _load(session, session_id, lock=lock)
    if vs is None:
        raise visibility.not_found()
    return vs


def _flush(session: Session) -> None:
    updates.flush(session, what="session", what_vi="phiên bỏ phiếu")


def _write_members(
    session: Session, vs: VotingSession, candidate_ids: Sequence[str], electorate: Sequence[str]
) -> None:
    repository.replace_members(session, session_id=vs.id, candidate_ids=candidate_ids, electorate=electorate)


def _insert(
    session: Session,
    principal: Principal,
    s: settings.SessionSettings,
    checked: settings.Checked,
    *,
    runoff_of: str | None = None,
) -> SessionView:
    now = utcnow()
    vs = VotingSession(
        **s.columns(checked),
        status=SessionStatus.DRAFT,
        runoff_of=runoff_of,
        created_by=principal.id,
        created_at=now,
        updated_at=now,
    )
    session.add(vs)
    session.flush()
    _write_members(session, vs, checked.candidate_ids, s.electorate_user_ids)
    audit.record(
        session,
        actor=principal.actor,
        action="voting_session.create",
        object_type="voting_session",
        object_id=vs.id,
        details={
            "campaign_id": vs.campaign_id,
            "title_code": vs.title_code,
            "seats": vs.seats,
            "candidates": len(checked.candidate_ids),
            "electorate": len(s.electorate_user_ids),
            "one_delegate_per_unit": vs.one_delegate_per_unit,
            "conference_id": vs.conference_id,
            "secret": vs.secret,
            "method": vs.method,
            "runoff_of": runoff_of,
        },
    )
    return _view(session, vs)


# ---- use cases ----------------------------------------------------------------------------------------


def create(*, session: Session, principal: Principal, settings_in: settings.SessionSettings) -> SessionView:
    """The route's policy has admitted the principal for the body's campaign."""
    checked = settings.check(session, principal, settings_in, authorised_for=settings_in.campaign_id)
    return _insert(session, principal, settings_in, checked)


def get(*, session: Session, principal: Principal, session_id: str) -> SessionView:
    return _view(session, _session(session, session_id))


def list_sessions(
    *, session: Session, principal: Principal, flt: SessionFilter, page: PageParams
) -> tuple[list[SessionView], str | None]:
    rows, next_cursor = repository.sessions_page(
        session,
        page=page,
        readable=visibility.readable_filter(principal),
        campaign_id=flt.campaign_id,
        status=flt.status,
        elector_id=principal.id if flt.voter_me else None,
    )
    return _views(session, rows), next_cursor


def _settings_of(view: SessionView) -> settings.SessionSettings:
    return settings.SessionSettings.of_row(view.vs, view.candidate_ids, view.electorate_user_ids)


def _merge(current: SessionView, changes: dict[str, Any]) -> settings.SessionSettings:
    s = _settings_of(current)
    updates = dict(changes)
    if updates.get("one_delegate_per_unit") and "electorate_user_ids" not in updates:
        updates["electorate_user_ids"] = []  # the units are the electorate now
    if "candidate_ids" in updates:
        updates["candidates_from"] = None
    elif "candidates_from" in updates:
        updates["candidate_ids"] = None  # resolve it anew
    if "max_choices" not in updates:
        # max_choices follows its default (seats, at most the candidates) unless it was set otherwise
        was_default = current.vs.max_choices == settings.default_max_choices(
            current.vs.seats, len(current.candidate_ids)
        )
        if was_default:
            updates["max_choices"] = None
    return replace(s, **updates)


def patch(
    *, session: Session, principal: Principal, session_id: str, changes: dict[str, Any], if_match: str | None
) -> SessionView:
    vs = _session(session, session_id, lock=True)
    check_if_match(if_match, vs)
    if vs.status != SessionStatus.DRAFT:
        raise Conflict(
            f"The session is {vs.status}; its settings can change only while it is a draft.",
            code="session_not_draft",
            detail_vi="Phiên bỏ phiếu đã mở hoặc đã kết thúc; chỉ sửa được khi còn là bản dự thảo.",
        )
    current = _view(session, vs)
    s = _merge(current, changes)
    # moving the session to another campaign needs the principal to run that one too
    checked = settings.check(session, principal, s, authorised_for=vs.campaign_id)
    new = s.columns(checked)
    changed = [k for k, v in new.items() if getattr(vs, k) != v]
    if checked.candidate_ids != current.candidate_ids:
        changed.append("candidate_ids")
    if sorted(s.electorate_user_ids) != current.electorate_user_ids:
        changed.append("electorate_user_ids")
    if not changed:
        return current
    for k, v in new.items():
        setattr(vs, k, v)
    vs.updated_at = utcnow()  # bumps the version (the ETag) even when only the lists changed
    _flush(session)
    if "candidate_ids" in changed or "electorate_user_ids" in changed:
        _write_members(session, vs, checked.candidate_ids, s.electorate_user_ids)
    audit.record(
        session,
        actor=principal.actor,
        action="voting_session.update",
        object_type="voting_session",
        object_id=vs.id,
        details={"campaign_id": vs.campaign_id, "changed": changed},
    )
    return _view(session, vs)


def _invalid_transition(vs: VotingSession, action: str) -> Conflict:
    return Conflict(
        f"A {vs.status} session cannot {action}.",
        code="invalid_transition",
        detail_vi="Không thể chuyển phiên bỏ phiếu sang trạng thái này từ trạng thái hiện tại.",
        extra={"session_status": vs.status},
    )


def _close(session: Session, vs: VotingSession) -> dict[str, Any]:
    """Count the ballots, freeze the tally in ``vs.result``, and reshuffle the ballot rows. A paper or
    mixed session has no result yet: its counting committee enters the paper count (``app.counting``),
    and the result is computed once two entries agree."""
    if gate.counted_on_paper(vs):
        gate.require_committee(session, vs)
        ballots.seal(session, vs.id)
        return {"method": vs.method, "result": "awaiting_paper_count"}
    choices = ballots.all_choices(session, vs.id)
    ballots.seal(session, vs.id)
    electorate = repository.elector_count(session, session_id=vs.id)
    candidate_ids = repository.candidate_ids(session, session_id=vs.id)
    result = tally(candidate_ids, electorate, choices, settings.rules_of(vs))
    vs.result = result.as_dict()
    return {
        "electorate": result.electorate,
        "ballots_cast": result.ballots_cast,
        "quorum_met": result.quorum_met,
        "elected": list(result.elected),
        "tied": list(result.tied),
    }


def transition(
    *, session: Session, principal: Principal, session_id: str, action: str, if_match: str | None = None
) -> SessionView:
    """``open``, ``close`` (the tally), ``publish`` (the awards) or ``cancel``."""
    vs = _session(session, session_id, lock=True)
    check_if_match(if_match, vs)
    new_status = next_status(vs.status, action)
    if new_status is None:
        raise _invalid_transition(vs, action)
    old_status = vs.status
    details: dict[str, Any] = {"campaign_id": vs.campaign_id, "from": old_status, "to": new_status}
    if action == "open" and vs.one_delegate_per_unit:
        details["electorate_units"] = unit_delegates.freeze(session, vs)
    if action == "close":
        details.update(_close(session, vs))
    elif action == "publish":
        gate.require_agreed(session, vs)  # paper and mixed: the committee's entries agree
    elif action == "cancel" and old_status == SessionStatus.OPEN:  # never counted, its ballots stay secret
        ballots.seal(session, vs.id)
    now = utcnow()
    vs.status = new_status
    setattr(vs, _STAMP[new_status], now)
    vs.updated_at = now
    _flush(session)
    if action == "publish":
        awards = awards_service.propose_for_session(session, voting_session=vs, actor=principal.actor)
        details["awards_proposed"] = [a.id for a in awards]
        events.emit_published(session, vs)
    audit.record(
        session,
        actor=principal.actor,
        action=f"voting_session.{action}",
        object_type="voting_session",
        object_id=vs.id,
        details=details,
    )
    return replace(_view(session, vs), sealed=old_status == SessionStatus.OPEN)


def results(*, session: Session, principal: Principal, session_id: str) -> ResultsView:
    vs = _session(session, session_id)
    visibility.require_results(session, principal, vs)
    assert vs.result is not None
    result = TallyResult.from_stored(vs.result)
    units = names.units(session, (c.unit_id for c in result.candidates))
    shown = (
        ballots.non_secret_ballots(session, vs.id)
        if visibility.may_see_voters(session, principal, vs)
        else None
    )
    # Only a non-secret session's ballots name their voters; a secret one's never reach this lookup.
    users = names.users(session, (b["user_id"] for b in shown or ()))
    return ResultsView(vs=vs, result=result, units=units, users=users, ballots=shown)


def _no_runoff(detail: str, detail_vi: str) -> Conflict:
    return Conflict(detail, code="no_runoff_needed", detail_vi=detail_vi)


def runoff(*, session: Session, principal: Principal, session_id: str) -> SessionView:
    """A new draft session for the candidates tied across the last seat, for the seats left unfilled, with
    the same title, campaign, electorate and rules."""
    vs = _session(session, session_id, lock=True)
    result = TallyResult.from_stored(vs.result or {})
    if vs.status not in visibility.COUNTED:
        raise _no_runoff(
            f"The session is {vs.status}; a runoff follows a counted (closed or published) session.",
            "Chỉ tổ chức bỏ phiếu lại sau khi phiên bỏ phiếu đã kiểm phiếu.",
        )
    tied = list(result.tied)
    if not tied:
        raise _no_runoff("No candidates are tied across the last seat.", "Không có ứng viên nào bằng phiếu.")
    existing = repository.live_runoff_id(session, session_id=vs.id)
    if existing is not None:
        raise Conflict(
            f"This session already has a runoff: {existing}.",
            code="runoff_exists",
            detail_vi="Phiên bỏ phiếu này đã có phiên bỏ phiếu lại.",
            extra={"runoff_id": existing},
        )
    seats = result.unfilled_seats or 1
    current = _settings_of(_view(session, vs))
    s = replace(
        current,
        name=f"{vs.name} (bỏ phiếu lại)"[:300] if vs.name else None,
        seats=seats,
        candidate_ids=tied,
        candidates_from=None,
        max_choices=None,
    )
    checked = settings.check(session, principal, s, authorised_for=vs.campaign_id)
    return _insert(session, principal, s, checked, runoff_of=vs.id)
