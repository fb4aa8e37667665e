"""The ministry's and the blocs' regulations: thin routes over ``app.regulations.service``."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Annotated

from fastapi import Path, status

from app.core import names
from app.core.db import SessionDep
from app.core.idempotency import Idempotent
from app.core.responses import AUTH, not_found
from app.core.routing import feature_router
from app.law import overlay as law_overlay
from app.models import Regulation
from app.regulations import service
from app.regulations.policies import RegulationReader, RegulationWriter
from app.regulations.schemas import (
    RegulationHistory,
    RegulationRead,
    RegulationWrite,
    SettingList,
    SettingRead,
)

router = feature_router(prefix="", tags=["regulations"])

BlocPath = Annotated[str, Path(description="The bloc's id.")]
_WRITE_DESC = (
    "Adds a version; earlier versions stay, and verdicts already given keep the versions they read. "
    "Each setting is checked against the law: an unknown setting, a wrong type or a value that would loosen "
    "the law is 422 naming it."
)


@router.get(
    "/regulations/settings",
    response_model=SettingList,
    summary="List the settings a regulation may hold",
    description="With their types, the law's defaults, and which defaults law.md could not confirm.",
    responses=AUTH,
)
def list_regulation_settings(_principal: RegulationReader) -> SettingList:
    return SettingList(
        items=[
            SettingRead(
                key=s.key,
                type=s.type,
                default=float(s.default) if isinstance(s.default, Fraction) else s.default,
                description=s.description_en,
                description_vi=s.description_vi,
                unconfirmed=s.unconfirmed,
                tighten_only=s.tighten_only,
            )
            for s in law_overlay.SETTINGS
        ]
    )


def _history(session: SessionDep, rows: Sequence[Regulation]) -> RegulationHistory:
    """The versions, each with its publisher's name (one query for them all)."""
    users = names.users(session, (r.created_by for r in rows))
    return RegulationHistory(items=[RegulationRead.of(r, users) for r in rows])


@router.get(
    "/regulations/ministry",
    response_model=RegulationHistory,
    summary="Read the ministry's regulation, every version",
    responses=AUTH,
)
def get_ministry_regulation(session: SessionDep, _principal: RegulationReader) -> RegulationHistory:
    rows = service.versions(session, scope_key=service.MINISTRY)
    return _history(session, rows)


@router.post(
    "/regulations/ministry",
    response_model=RegulationRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Publish a new version of the ministry's regulation (secretariat)",
    description=_WRITE_DESC,
    responses={**AUTH, 409: {"description": "Another version was written at the same time."}},
)
def publish_ministry_regulation(
    body: RegulationWrite, session: SessionDep, principal: RegulationWriter
) -> RegulationRead:
    regulation = service.publish(
        session=session,
        actor=principal.actor,
        scope_key=service.MINISTRY,
        values=body.values,
        effective_from=body.effective_from,
        reason=body.reason,
    )
    return _history(session, [regulation]).items[0]


@router.get(
    "/blocs/{bloc_id}/regulation",
    response_model=RegulationHistory,
    summary="Read a bloc's regulation, every version",
    responses={**AUTH, **not_found("bloc")},
)
def get_bloc_regulation(
    bloc_id: BlocPath, session: SessionDep, _principal: RegulationReader
) -> RegulationHistory:
    service.require_bloc(session, bloc_id)
    rows = service.versions(session, scope_key=service.bloc_scope(bloc_id))
    return _history(session, rows)


@router.post(
    "/blocs/{bloc_id}/regulation",
    response_model=RegulationRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Publish a new version of a bloc's regulation (secretariat)",
    description=_WRITE_DESC + " The bloc's settings apply on top of the ministry's.",
    responses={
        **AUTH,
        **not_found("bloc"),
        409: {"description": "Another version was written at the same time."},
    },
)
def publish_bloc_regulation(
    bloc_id: BlocPath, body: RegulationWrite, session: SessionDep, principal: RegulationWriter
) -> RegulationRead:
    regulation = service.publish(
        session=session,
        actor=principal.actor,
        scope_key=service.bloc_scope(bloc_id),
        values=body.values,
        effective_from=body.effective_from,
        reason=body.reason,
        bloc_id=bloc_id,
    )
    return _history(session, [regulation]).items[0]
