"""Admin endpoints for users (/users) and service clients (/service-clients)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from app.auth import service as auth_service
from app.auth.policies import UserUnlocker
from app.core import idempotency, names
from app.core.db import SessionDep
from app.core.etag import IfMatch, check_if_match, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep, PageRequest, sorted_page
from app.core.responses import auth
from app.core.routing import feature_router
from app.core.security import PasswordService
from app.models import ServiceClient, User
from app.users import service
from app.users.policies import ClientAdmin, UserAdmin
from app.users.schemas import (
    ID_PATTERN,
    ClientCreate,
    ClientRead,
    ClientUpdate,
    ClientWithSecret,
    Role,
    UserCreate,
    UserRead,
    UserUpdate,
)

_ERRORS = auth("Not an admin")
_ONE = {**_ERRORS, 404: {"description": "Unknown (or malformed) id"}}
_PATCH = {**_ONE, 412: {"description": "If-Match does not match the current ETag"}}
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

UnitFilter = Annotated[str | None, Query(pattern=ID_PATTERN, description="Only those of this unit.")]
ActiveFilter = Annotated[bool | None, Query(description="Only enabled (`true`) or disabled (`false`) ones.")]


def _passwords(request: Request) -> PasswordService:
    passwords: PasswordService = request.app.state.passwords
    return passwords


# ---- users --------------------------------------------------------------------------------------------

users_router = feature_router(prefix="/users", tags=["users"])


def _user_reads(session: SessionDep, users: Sequence[User]) -> list[UserRead]:
    """The users as read back, each with its unit's code and name (one query for them all)."""
    units = names.units(session, (u.unit_id for u in users))
    return [UserRead.of(u, units) for u in users]


def _client_reads(session: SessionDep, clients: Sequence[ServiceClient]) -> list[ClientRead]:
    """The clients as read back, each with its unit's code and name (one query for them all)."""
    units = names.units(session, (c.unit_id for c in clients))
    return [ClientRead.of(c, units) for c in clients]


def _user_location(response: Response, user: User) -> None:
    response.headers["Location"] = f"/api/v1/users/{user.id}"
    set_etag(response, user)


@users_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
    dependencies=[Idempotent],
    summary="Create a user (admin)",
    responses={**_ERRORS, 409: {"description": "`already_exists`: the username is taken"}},
)
def create_user(
    body: UserCreate, request: Request, response: Response, session: SessionDep, admin: UserAdmin
) -> UserRead:
    user = service.create_user(
        session=session,
        passwords=_passwords(request),
        actor=admin.actor,
        username=body.username,
        password=body.password,
        full_name=body.full_name,
        roles=body.roles,
        unit_id=body.unit_id,
    )
    _user_location(response, user)
    return _user_reads(session, [user])[0]


@users_router.get(
    "",
    response_model=Page[UserRead],
    summary="List users (admin)",
    description="In creation order, or by `sort` (`username`).",
    responses=_ERRORS,
)
def list_users(
    session: SessionDep,
    _admin: UserAdmin,
    page: Annotated[PageRequest, Depends(sorted_page(service.UserSort))],
    role: Annotated[Role | None, Query(description="Only users with this role.")] = None,
    unit_id: UnitFilter = None,
    active: ActiveFilter = None,
) -> Page[UserRead]:
    rows, next_cursor = service.list_users(
        session=session, page=page, role=role, unit_id=unit_id, active=active
    )
    return page.of(UserRead, _user_reads(session, rows), next_cursor)


@users_router.get("/{user_id}", response_model=UserRead, summary="Read a user (admin)", responses=_ONE)
def get_user(user_id: str, response: Response, session: SessionDep, _admin: UserAdmin) -> UserRead:
    user = service.get_user(session=session, user_id=user_id)
    set_etag(response, user)
    return _user_reads(session, [user])[0]


@users_router.patch(
    "/{user_id}",
    response_model=UserRead,
    summary='Change a user (admin); `{"active": false}` disables it and ends its sessions',
    responses={
        **_PATCH,
        409: {"description": "`self_lockout`: you cannot disable yourself or drop your admin role"},
    },
)
def update_user(
    user_id: str,
    body: UserUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    admin: UserAdmin,
    if_match: IfMatch = None,
) -> UserRead:
    password_hash = service.new_password_hash(session=session, passwords=_passwords(request), changes=body)
    user = service.get_user_for_update(session=session, user_id=user_id, actor=admin.actor)
    check_if_match(if_match, user)
    user = service.update_user(
        session=session, actor=admin.actor, user=user, changes=body, password_hash=password_hash
    )
    set_etag(response, user)
    return _user_reads(session, [user])[0]


@users_router.post(
    "/{user_id}/unlock",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Clear a user's login throttle (admin): its username may be tried again from every address",
    responses=_ONE,
)
def unlock_user(user_id: str, session: SessionDep, admin: UserUnlocker) -> Response:
    user = service.get_user(session=session, user_id=user_id)
    auth_service.unlock_user(session, user=user, actor=admin.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- service clients ----------------------------------------------------------------------------------

clients_router = feature_router(prefix="/service-clients", tags=["service clients"])


def _with_secret(
    session: SessionDep, response: Response, client: ServiceClient, secret: str
) -> ClientWithSecret:
    response.headers.update(_NO_STORE)
    set_etag(response, client)
    return ClientWithSecret(**_client_reads(session, [client])[0].model_dump(), client_secret=secret)


@clients_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientWithSecret,
    dependencies=[Idempotent],
    summary="Create a service client (admin); its secret is shown only in this response",
    responses={
        **_ERRORS,
        409: {
            "description": "`idempotency_secret_withheld`: a retry with the Idempotency-Key of a create that "
            "succeeded; `Location` names the client, whose secret is not shown again (rotate it if lost)"
        },
        422: {"description": "Invalid body, or a unit-bound scope without unit_id"},
    },
)
def create_service_client(
    body: ClientCreate, request: Request, response: Response, session: SessionDep, admin: ClientAdmin
) -> ClientWithSecret:
    client, secret = service.create_client(
        session=session,
        passwords=_passwords(request),
        actor=admin.actor,
        name=body.name,
        scopes=body.scopes,
        unit_id=body.unit_id,
    )
    response.headers["Location"] = f"/api/v1/service-clients/{client.id}"
    idempotency.withhold(request)  # the secret is shown once: a retry with the key learns only the Location
    return _with_secret(session, response, client, secret)


@clients_router.get(
    "", response_model=Page[ClientRead], summary="List service clients (admin)", responses=_ERRORS
)
def list_service_clients(
    session: SessionDep,
    _admin: ClientAdmin,
    page: PageDep,
    unit_id: UnitFilter = None,
    active: ActiveFilter = None,
) -> Page[ClientRead]:
    rows, next_cursor = service.list_clients(session=session, page=page, unit_id=unit_id, active=active)
    return page.of(ClientRead, _client_reads(session, rows), next_cursor)


@clients_router.get(
    "/{client_id}", response_model=ClientRead, summary="Read a service client (admin)", responses=_ONE
)
def get_service_client(
    client_id: str, response: Response, session: SessionDep, _admin: ClientAdmin
) -> ClientRead:
    client = service.get_client(session=session, client_id=client_id)
    set_etag(response, client)
    return _client_reads(session, [client])[0]


@clients_router.patch(
    "/{client_id}",
    response_model=ClientRead,
    summary='Change a service client (admin); `{"active": false}` disables it and ends its tokens',
    responses=_PATCH,
)
def update_service_client(
    client_id: str,
    body: ClientUpdate,
    response: Response,
    session: SessionDep,
    admin: ClientAdmin,
    if_match: IfMatch = None,
) -> ClientRead:
    client = service.get_client(session=session, client_id=client_id, lock=True)
    check_if_match(if_match, client)
    client = service.update_client(session=session, actor=admin.actor, client=client, changes=body)
    set_etag(response, client)
    return _client_reads(session, [client])[0]


@clients_router.post(
    "/{client_id}/secret",
    response_model=ClientWithSecret,
    summary="Rotate the secret (admin): the new one is shown once, the old one and its tokens stop working",
    responses=_PATCH,
)
def rotate_client_secret(
    client_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    admin: ClientAdmin,
    if_match: IfMatch = None,
) -> ClientWithSecret:
    new = service.new_client_secret(session=session, passwords=_passwords(request))
    client = service.get_client(session=session, client_id=client_id, lock=True)
    check_if_match(if_match, client)
    client, secret = service.rotate_client_secret(session=session, actor=admin.actor, client=client, new=new)
    return _with_secret(session, response, client, secret)
