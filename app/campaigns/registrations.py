"""Registrations (đăng ký thi đua): a member unit registers the titles it aims for, with its targets.

Use cases only: no FastAPI here; services flush, the request's route commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access, repository
from app.core import audit, names
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.eligibility import service as eligibility
from app.law.verdict import VerdictResult
from app.models import Registration
from app.models.base import utcnow
from app.titles import service as titles_service


@dataclass(frozen=True)
class RegistrationFilter:
    unit_id: str | None = None
    title_code: str | None = None


def _already_registered(unit_id: str, title_code: str) -> Conflict:
    return Conflict(
        "The unit is already registered for this title in this campaign.",
        code="already_registered",
        detail_vi="Đơn vị đã đăng ký danh hiệu này trong phong trào thi đua.",
        errors=[{"loc": ["body", "title_code"], "msg": "already registered", "type": "already_registered"}],
        extra={"unit_id": unit_id, "title_code": title_code},
    )


def _existing(session: Session, campaign_id: str, unit_id: str, title_code: str) -> str | None:
    return repository.registration_id_of(
        session, campaign_id=campaign_id, unit_id=unit_id, title_code=title_code
    )


def create(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    unit_id: str,
    title_code: str,
    targets: list[str] | None = None,
) -> Registration:
    """Register ``unit_id`` for ``title_code``: an officer of that unit, the leader, or the secretariat."""
    # Locked: a registration and the campaign's closing never interleave.
    campaign = access.get_campaign(session, campaign_id, for_update=True)
    access.require_active(campaign)
    if leadership.unit_role(session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=unit_id) is None:
        raise Invalid(
            f"The unit is not a member of the bloc in {campaign.year}.",
            code="not_a_member",
            detail_vi=f"Đơn vị không phải thành viên của khối trong năm {campaign.year}.",
            errors=[
                {
                    "loc": ["body", "unit_id"],
                    "msg": "not a member of the bloc that year",
                    "type": "not_a_member",
                }
            ],
        )
    titles_service.for_units(session, title_code)
    if _existing(session, campaign.id, unit_id, title_code) is not None:
        raise _already_registered(unit_id, title_code)
    registration = Registration(
        campaign_id=campaign.id,
        unit_id=unit_id,
        title_code=title_code,
        targets=list(targets or []),
        created_by=principal.id,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(registration)
    except IntegrityError as exc:  # registered by a request that committed after our look
        raise _already_registered(unit_id, title_code) from exc
    audit.record(
        session,
        actor=principal.actor,
        action="registration.create",
        object_type="registration",
        object_id=registration.id,
        details={
            "campaign_id": campaign.id,
            "unit_id": unit_id,
            "title_code": title_code,
            "targets": registration.targets,
        },
    )
    return registration


def list_registrations(
    *, session: Session, campaign_id: str, flt: RegistrationFilter, page: PageParams
) -> tuple[Sequence[Registration], str | None]:
    campaign = access.get_campaign(session, campaign_id)
    return repository.registrations_page(
        session, page=page, campaign_id=campaign.id, unit_id=flt.unit_id, title_code=flt.title_code
    )


def get(*, session: Session, campaign_id: str, registration_id: str) -> Registration:
    campaign = access.get_campaign(session, campaign_id)
    registration = session.get(Registration, registration_id) if len(registration_id) <= 64 else None
    if registration is None or registration.campaign_id != campaign.id:
        raise NotFound("No registration has this id.", detail_vi="Không tìm thấy đăng ký thi đua.")
    return registration


def with_verdicts(
    session: Session, *, campaign_id: str, rows: Sequence[Registration]
) -> list[RegistrationView]:
    """Each registration with the law's verdict on its unit and title, as of today, and their names."""
    if not rows:
        return []
    campaign = access.get_campaign(session, campaign_id)
    verdicts = eligibility.registration_verdicts(
        session, pairs=[(r.unit_id, r.title_code) for r in rows], year=campaign.year, bloc_id=campaign.bloc_id
    )
    units = names.units(session, (r.unit_id for r in rows))
    titles = names.titles(session, (r.title_code for r in rows))
    return [
        RegistrationView(
            r,
            verdicts.get((r.unit_id, r.title_code)),
            units[r.unit_id],
            titles.get(r.title_code, r.title_code),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class RegistrationView:
    registration: Registration
    verdict: VerdictResult | None
    unit: names.UnitName
    title_name: str
