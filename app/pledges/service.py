"""The pledge (giao ước thi đua): the use cases. No FastAPI here; services flush, the request's route commits.

A campaign has at most one pledge: written by the leader or the secretariat while ``draft``, then
``open`` for the member units to sign, then ``closed``. Signing bumps the pledge's version, so its
``ETag`` changes whenever what ``GET`` shows changes; that write is serialised by a row lock on the
pledge (SQLite serialises every writer anyway), and the unique (pledge, unit) constraint is the last
word on "one signature per unit" whatever path a write takes.

Who may call each use case is its route's policy (``app.pledges.policies``): the principal a use case
receives is already authorised for the campaign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core import audit, names, updates
from app.core.errors import Conflict, Invalid, NotFound, PreconditionFailed
from app.core.etag import check_if_match
from app.core.principal import Principal
from app.models import Campaign, Pledge, PledgeSignature, PledgeStatus
from app.models.base import utcnow
from app.pledges import repository

# (status, action) -> the status the action leads to; any other pair is an illegal transition
_TRANSITIONS = {
    (PledgeStatus.DRAFT, "open"): PledgeStatus.OPEN,
    (PledgeStatus.OPEN, "close"): PledgeStatus.CLOSED,
}


@dataclass(frozen=True)
class PledgeView:
    """The pledge as ``GET`` shows it: its text and status, who signed and who has not."""

    pledge: Pledge
    signatures: Sequence[PledgeSignature]
    unsigned_unit_ids: list[str]
    units: dict[str, names.UnitName]  # the code and name of every member unit, signed or not


@dataclass(frozen=True)
class SignatureView:
    signature: PledgeSignature
    unit: names.UnitName


# ---- pure rules ---------------------------------------------------------------------------------------


def next_status(current: PledgeStatus, action: str) -> PledgeStatus | None:
    """The status after ``action`` (open | close), or None when the transition is illegal."""
    return _TRANSITIONS.get((current, action))


def unsigned(member_ids: Sequence[str], signed_ids: Sequence[str]) -> list[str]:
    signed = set(signed_ids)
    return [unit_id for unit_id in member_ids if unit_id not in signed]


# ---- queries ------------------------------------------------------------------------------------------


def _find(session: Session, campaign: Campaign, *, lock: bool = False) -> Pledge | None:
    return repository.pledge_of_campaign(session, campaign_id=campaign.id, lock=lock)


def _require(session: Session, campaign: Campaign, *, lock: bool = False) -> Pledge:
    pledge = _find(session, campaign, lock=lock)
    if pledge is None:
        raise NotFound(
            "This campaign has no pledge yet.", detail_vi="Phong trào thi đua này chưa có giao ước thi đua."
        )
    return pledge


def _signatures(session: Session, pledge: Pledge) -> Sequence[PledgeSignature]:
    return repository.signatures_of(session, pledge_id=pledge.id)


def _view(session: Session, campaign: Campaign, pledge: Pledge) -> PledgeView:
    signatures = _signatures(session, pledge)
    members = leadership.member_unit_ids(session, bloc_id=campaign.bloc_id, year=campaign.year)
    return PledgeView(
        pledge=pledge,
        signatures=signatures,
        unsigned_unit_ids=unsigned(members, [s.unit_id for s in signatures]),
        units=names.units(session, [*members, *(s.unit_id for s in signatures)]),
    )


def _flush(session: Session) -> None:
    updates.flush(session, what="pledge", what_vi="giao ước")


# ---- use cases ----------------------------------------------------------------------------------------


def get(*, session: Session, campaign_id: str) -> PledgeView:
    campaign = access.get_campaign(session, campaign_id)
    return _view(session, campaign, _require(session, campaign))


def put(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    title: str,
    preamble: str | None,
    commitments: list[dict[str, Any]],
    if_match: str | None = None,
) -> PledgeView:
    """Create the pledge, or replace its text while it is a draft. Sending what is stored changes nothing."""
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    text = {"title": title, "preamble": preamble or None, "commitments": commitments}
    pledge = _find(session, campaign, lock=True)
    if pledge is None and if_match is None:
        pledge = _insert(session, principal, campaign, text)
        if pledge is not None:
            return _view(session, campaign, pledge)
        # Another request created it after we looked: this request replaces its text instead.
        pledge = _find(session, campaign, lock=True)
    if pledge is None:
        # If-Match refers to a current representation, and there is none (RFC 9110 §13.1.1).
        raise PreconditionFailed(
            "If-Match was sent but this campaign has no pledge yet.",
            detail_vi="Đã gửi If-Match nhưng phong trào thi đua này chưa có giao ước.",
        )
    check_if_match(if_match, pledge)
    if pledge.status != PledgeStatus.DRAFT:
        raise Conflict(
            f"The pledge is {pledge.status}; its text can be changed only while it is a draft.",
            code="pledge_not_draft",
            detail_vi="Giao ước đã được mở ký hoặc đã đóng; chỉ sửa được khi còn là bản dự thảo.",
        )
    changed = [name for name, value in text.items() if getattr(pledge, name) != value]
    if changed:
        for name in changed:
            setattr(pledge, name, text[name])
        pledge.updated_at = utcnow()
        _flush(session)
        audit.record(
            session,
            actor=principal.actor,
            action="pledge.update",
            object_type="pledge",
            object_id=pledge.id,
            details={"campaign_id": campaign.id, "title": pledge.title, "changed": changed},
        )
    return _view(session, campaign, pledge)


def _insert(
    session: Session, principal: Principal, campaign: Campaign, text: dict[str, Any]
) -> Pledge | None:
    """Add the draft pledge; None when a concurrent request created the campaign's pledge first."""
    now = utcnow()
    pledge = Pledge(
        campaign_id=campaign.id, status=PledgeStatus.DRAFT, created_at=now, updated_at=now, **text
    )
    try:
        with session.begin_nested():
            session.add(pledge)
    except IntegrityError:
        return None
    audit.record(
        session,
        actor=principal.actor,
        action="pledge.create",
        object_type="pledge",
        object_id=pledge.id,
        details={
            "campaign_id": campaign.id,
            "title": pledge.title,
            "commitments": len(pledge.commitments),
        },
    )
    return pledge


def transition(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    action: Literal["open", "close"],
    if_match: str | None = None,
) -> PledgeView:
    """``open`` (draft → open) or ``close`` (open → closed)."""
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    pledge = _require(session, campaign, lock=True)
    check_if_match(if_match, pledge)
    new_status = next_status(pledge.status, action)
    if new_status is None:
        raise Conflict(
            f"A {pledge.status} pledge cannot be {'opened' if action == 'open' else 'closed'}.",
            code="invalid_transition",
            detail_vi="Không thể chuyển giao ước sang trạng thái này từ trạng thái hiện tại.",
        )
    old_status = pledge.status
    now = utcnow()
    pledge.status = new_status
    if new_status == PledgeStatus.OPEN:
        pledge.opened_at = now
    else:
        pledge.closed_at = now
    pledge.updated_at = now
    _flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action=f"pledge.{action}",
        object_type="pledge",
        object_id=pledge.id,
        details={"campaign_id": campaign.id, "from": old_status, "to": new_status},
    )
    return _view(session, campaign, pledge)


def _already_signed() -> Conflict:
    return Conflict(
        "This unit has already signed the pledge.",
        code="already_signed",
        detail_vi="Đơn vị này đã ký giao ước thi đua.",
    )


def sign(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    signatory_name: str,
    signatory_position: str,
) -> SignatureView:
    """Record ``unit_id``'s signature (its officer, or the secretariat) while the pledge is open."""
    campaign = access.get_campaign(session, campaign_id)
    access.require_active(campaign)
    # The lock orders this signature against a concurrent close (and against the other signatures,
    # which all bump the pledge's version).
    pledge = _require(session, campaign, lock=True)
    if pledge.status != PledgeStatus.OPEN:
        raise Conflict(
            f"The pledge is {pledge.status}; it can be signed only while it is open.",
            code="pledge_not_open",
            detail_vi="Giao ước chưa mở ký hoặc đã đóng; chỉ ký được khi đang mở.",
        )
    if leadership.unit_role(session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=unit_id) is None:
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
    if _signature_of(session, pledge, unit_id) is not None:
        raise _already_signed()
    signature = PledgeSignature(
        pledge_id=pledge.id,
        unit_id=unit_id,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        signed_at=utcnow(),
        recorded_by=principal.id,
    )
    try:
        with session.begin_nested():
            session.add(signature)
    except IntegrityError as exc:
        # Another transaction's signature committed between our check and our insert.
        raise _already_signed() from exc
    pledge.updated_at = signature.signed_at
    _flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="pledge.sign",
        object_type="pledge",
        object_id=pledge.id,
        details={
            "campaign_id": campaign.id,
            "unit_id": unit_id,
            "signatory_name": signatory_name,
            "signatory_position": signatory_position,
        },
    )
    return SignatureView(signature, names.units(session, [unit_id])[unit_id])


def _signature_of(session: Session, pledge: Pledge, unit_id: str) -> PledgeSignature | None:
    return repository.signature_of(session, pledge_id=pledge.id, unit_id=unit_id)
