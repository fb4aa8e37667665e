"""Who may read and change blocs and their yearly members, as policies the routes declare (see
``app.core.policy``).

Leadership is data (``app.blocs.leadership``): the officers of the unit that leads or deputises a bloc in a
year may list that bloc-year's delegates (to pick a ballot's electorate), and only that year's.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from app.blocs import leadership, service
from app.blocs.schemas import MAX_YEAR, MIN_YEAR
from app.core.errors import Forbidden
from app.core.policy import (
    ANY_PRINCIPAL,
    ANY_USER,
    Allow,
    Params,
    Policy,
    Rule,
    Visibility,
    Who,
    role,
    scope,
)
from app.core.principal import Principal

_YEAR = TypeAdapter(Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)])


def year_of(params: Params) -> int | None:
    """The path's year as the route's ``Year`` parameter reads it; None when that parameter would be 422.

    The policy runs before FastAPI validates the path, so the relation rules below admit a request with an
    invalid year: the path's validation then answers 422, as it does for every caller.
    """
    try:
        return _YEAR.validate_python(params.get("year"))
    except ValidationError:
        return None


def _names_existing_bloc(session: Session, _p: Principal, params: Params) -> bool:
    # An invalid year is 422 before the bloc's 404 (see ``year_of``).
    return year_of(params) is None or service.exists(session, params["bloc_id"])


def _leads_bloc_year(session: Session, p: Principal, params: Params) -> bool:
    year = year_of(params)
    if year is None:
        return True  # 422 from the path's validation, not a denial (see ``year_of``)
    if not p.has_role("officer"):
        return False
    return leadership.leads(
        leadership.unit_role(session, bloc_id=params["bloc_id"], year=year, unit_id=p.unit_id)
    )


LEADER_OF_BLOC_YEAR = Rule(
    who="officer of the unit leading or deputising the bloc that year",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=_leads_bloc_year,
)
BLOC_EXISTS = Visibility(
    who="naming an existing bloc", test=_names_existing_bloc, hidden=service.bloc_not_found
)


def not_delegates_reader() -> Forbidden:
    return Forbidden(
        "Only the bloc's leader or deputy unit for this year or the secretariat may list its delegates.",
        detail_vi="Chỉ đơn vị Khối trưởng, Khối phó năm đó hoặc Thường trực Hội đồng được xem danh sách.",
    )


READ_BLOCS = Policy("blocs.read", rules=(ANY_USER, scope("units:read", "results:read")))
EDIT_BLOCS = Policy("blocs.edit", rules=(role("admin", "secretariat"),))
READ_MEMBERS = Policy("blocs.read_members", rules=(ANY_PRINCIPAL,))
SET_MEMBERS = Policy("blocs.set_members", rules=(role("secretariat"),))
READ_DELEGATES = Policy(
    "blocs.read_delegates",
    rules=(role("secretariat"), LEADER_OF_BLOC_YEAR),
    visible=BLOC_EXISTS,
    denied=not_delegates_reader,
)

BlocReader = Annotated[Principal, Allow(READ_BLOCS)]
BlocEditor = Annotated[Principal, Allow(EDIT_BLOCS)]
MembersReader = Annotated[Principal, Allow(READ_MEMBERS)]
MembersEditor = Annotated[Principal, Allow(SET_MEMBERS)]
DelegatesReader = Annotated[Principal, Allow(READ_DELEGATES)]
