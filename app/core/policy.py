"""Who may call each operation, declared beside it.

Every route takes its principal through an alias of ``Annotated[Principal, Allow(POLICY)]`` (or, when it
has no use for the principal, names ``dependencies=[Allow(POLICY)]``). A ``Policy`` is data: the rules
that admit a principal, each saying in words whom it admits and which kinds of principal that covers
(``Who``), plus what the service narrows afterwards (rows, fields, states). The dependency runs the rules
before the endpoint: a principal no rule admits gets 401 (no valid token), 404 (the policy's ``visible``
check fails: the object's existence is not disclosed) or 403, and the service is never called. So a
service receives a principal already authorised for the object named in the path (and, where the policy
names them, in the body).

``route_policies(app)`` is the registry: every route with its policy. ``docs/permissions.md`` is generated
from it (``thidua permissions``) and the tests walk it: a route without a policy fails them, and every
route is called as every kind of principal, expecting exactly what its rules declare.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar, cast

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from app.core import idempotency
from app.core.db import SessionDep
from app.core.errors import DomainError, Forbidden
from app.core.principal import CurrentClaims, Principal, principal_of
from app.core.security import TokenClaims
from app.core.threads import in_thread

Params = Mapping[str, str]
"""The path parameters, and the body fields a policy names (only when they are strings)."""

Test = Callable[[Session, Principal, Params], bool]
T = TypeVar("T")


class Who(StrEnum):
    """The kinds of principal that the permission matrix distinguishes (docs and tests)."""

    ANONYMOUS = "anonymous"
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"
    OFFICER = "officer of the unit"
    HEAD = "head of the unit"
    """A user with the ``unit_head`` role (thủ trưởng đơn vị) of the unit concerned, and no other role."""
    OTHER_OFFICER = "officer of another unit"
    LEADER = "leader of the year"
    DEPUTY = "deputy of the year"
    OTHER_LEADER = "leader of another year"
    ELECTOR = "elector of the session"
    """An officer of the unit concerned who is also in the ballot session's electorate."""
    CLIENT_SCOPED = "service client with the scope"
    CLIENT = "service client without it"


USERS = frozenset(Who) - {Who.ANONYMOUS, Who.CLIENT_SCOPED, Who.CLIENT}
PRINCIPALS = frozenset(Who) - {Who.ANONYMOUS}


@dataclass(frozen=True)
class Rule:
    """One way in: ``who`` in words, ``admits`` the kinds of principal it covers, ``test`` the check."""

    who: str
    admits: frozenset[Who]
    test: Test
    scopes: frozenset[str] = frozenset()
    """The scopes a service client admitted by this rule holds (the matrix gives them to its client)."""
    when: tuple[tuple[str, str], ...] = ()
    """Path values the rule is limited to (e.g. ``(("stage", "review"),)``): its test checks them, and the
    docs and the matrix read them here."""

    def applies(self, params: Params) -> bool:
        return all(params.get(k) == v for k, v in self.when)


def role(*roles: str) -> Rule:
    kinds = {"admin": Who.ADMIN, "secretariat": Who.SECRETARIAT, "observer": Who.OBSERVER}
    return Rule(
        who=" or ".join(f"`{r}`" for r in roles),
        admits=frozenset(kinds[r] for r in roles if r in kinds),
        test=lambda _s, p, _params: p.has_role(*roles),
    )


def scope(*scopes: str, who: str | None = None) -> Rule:
    """Service clients holding any of ``scopes`` (``who`` when the rule adds a condition in words)."""
    return Rule(
        who=who or "service client with " + " or ".join(f"`{s}`" for s in scopes),
        admits=frozenset({Who.CLIENT_SCOPED}),
        test=lambda _s, p, _params: any(p.has_scope(s) for s in scopes),
        scopes=frozenset(scopes),
    )


def only_when(rule: Rule, **values: str) -> Rule:
    """``rule`` limited to requests whose path has these values (e.g. ``stage="review"``)."""
    when = tuple(sorted(values.items()))
    return Rule(
        who=rule.who,
        admits=rule.admits,
        test=lambda s, p, params: all(params.get(k) == v for k, v in when) and rule.test(s, p, params),
        scopes=rule.scopes,
        when=rule.when + when,
    )


ANY_PRINCIPAL = Rule(
    who="any authenticated user or service client", admits=PRINCIPALS, test=lambda _s, _p, _params: True
)
ANY_USER = Rule(who="any signed-in user", admits=USERS, test=lambda _s, p, _params: p.is_user)


@dataclass(frozen=True)
class Visibility:
    """Who may know the object exists; everyone else gets ``hidden()`` (a 404)."""

    who: str
    test: Test
    hidden: Callable[[], DomainError]


@dataclass(frozen=True)
class Policy:
    name: str
    rules: tuple[Rule, ...] = ()
    public: bool = False
    visible: Visibility | None = None
    denied: Callable[[], DomainError] = Forbidden
    body_fields: tuple[str, ...] = ()
    then: str = ""
    """What the service narrows afterwards, for the docs: rows, fields, or states."""

    @property
    def admits(self) -> frozenset[Who]:
        """Every kind some rule admits, whatever the path's values."""
        return self.admits_for(None)

    def admits_for(self, params: Params | None) -> frozenset[Who]:
        """The kinds admitted for a request with these path values (None: for any)."""
        if self.public:
            return frozenset(Who)
        rules = [r for r in self.rules if params is None or r.applies(params)]
        kinds: frozenset[Who] = frozenset().union(*(r.admits for r in rules))
        # The elector is an officer of the unit as well: whatever admits the one admits the other.
        return kinds | {Who.ELECTOR} if Who.OFFICER in kinds else kinds

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset().union(*(r.scopes for r in self.rules))

    @property
    def who(self) -> str:
        if self.public:
            return "anyone, without a token"
        return "; ".join(r.who + "".join(f" (`{k}` = `{v}`)" for k, v in r.when) for r in self.rules)

    def authorise(self, session: Session, principal: Principal, params: Params) -> Principal:
        """The principal when a rule admits it; else the policy's 404 or 403."""
        session.info[_MEMO] = {}
        try:
            if self.visible is not None and not self.visible.test(session, principal, params):
                raise self.visible.hidden()
            if any(rule.test(session, principal, params) for rule in self.rules):
                return principal
            raise self.denied()
        finally:
            session.info.pop(_MEMO, None)

    @cached_property
    def dependency(self) -> Callable[..., Any]:
        """The policy's one dependency: FastAPI runs it once per request however often it is named."""
        return _dependency(self)


_MEMO = "thidua.policy_memo"


def remembered(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per key within one policy check: the visibility test and the rules ask the same
    questions (the campaign's bloc-year, the caller's role in it, the session's state), and each reaches
    the database once. Outside a check it simply computes."""
    memo: dict[Hashable, Any] | None = session.info.get(_MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def prime(session: Session, key: Hashable, value: object) -> None:
    """Within one policy check, record an answer a statement read along with another (a join), so that
    ``remembered`` gives it without asking the database again. Outside a check it does nothing."""
    memo: dict[Hashable, Any] | None = session.info.get(_MEMO)
    if memo is not None:
        memo.setdefault(key, value)


def _body_params(raw: bytes, names: tuple[str, ...]) -> dict[str, str]:
    """The named top-level string fields of a JSON body; what is missing or malformed is left to the
    body's validation (which answers 422)."""
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return {}
    if not isinstance(body, dict):
        return {}
    return {n: v for n in names if isinstance(v := body.get(n), str) and 0 < len(v) <= 64}


def _admit(
    policy: Policy, request: Request, session: Session, claims: TokenClaims, params: Params
) -> Principal:
    return policy.authorise(session, principal_of(request, session, claims), params)


def _dependency(policy: Policy) -> Callable[..., Any]:
    if policy.public:

        async def public() -> None:
            return None

        public.__policy__ = policy  # type: ignore[attr-defined]  # the registry's mark on the dependency
        return public

    async def authorise(request: Request, session: SessionDep, claims: CurrentClaims) -> Principal:
        params: dict[str, str] = dict(request.path_params)
        if not policy.body_fields:
            # The token's principal and the policy's rules in one worker-thread hand-off.
            admitted = await in_thread(_admit, policy, request, session, claims, params)
        else:
            principal = await in_thread(principal_of, request, session, claims)
            fields = _body_params(await request.body(), policy.body_fields)
            if len(fields) < len(policy.body_fields):
                # A body without the fields the rules read is refused by the body's own validation (each is
                # a required string of at most 64 characters: tests/core/test_route_declarations.py): let
                # that answer 422, as for any malformed request, rather than a 403 naming no object.
                return principal
            admitted = await in_thread(policy.authorise, session, principal, {**fields, **params})
        # Only now may an Idempotency-Key replay the first response: to this caller, still admitted.
        await idempotency.claim_pending(request, admitted.key)
        return admitted

    authorise.__policy__ = policy  # type: ignore[attr-defined]  # the registry's mark on the dependency
    return authorise


def Allow(policy: Policy) -> Any:
    """The dependency a route names: ``principal: Annotated[Principal, Allow(POLICY)]`` (each feature's
    ``policies.py`` names such aliases) or ``dependencies=[Allow(POLICY)]``."""
    return Depends(policy.dependency)


# ---- the registry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutePolicy:
    method: str
    path: str
    name: str
    summary: str
    route: APIRoute = field(repr=False, compare=False)
    policy: Policy | None
    policies: int
    """How many policies the route names (exactly one is right)."""


def _policies_in(route: APIRoute) -> list[Policy]:
    found: list[Policy] = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        policy = getattr(dep.call, "__policy__", None)
        if isinstance(policy, Policy):
            if policy not in found:
                found.append(policy)
            continue
        stack.extend(dep.dependencies)
    return found


def api_routes(app: FastAPI) -> Iterator[tuple[str, APIRoute]]:
    """Every API route of ``app`` with its full path (FastAPI keeps included routers' routes apart)."""
    from fastapi.routing import _IncludedRouter  # FastAPI's own type for an included router

    def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
        for route in routes:
            if isinstance(route, _IncludedRouter):
                for ctx in route.effective_route_contexts():
                    if isinstance(ctx.original_route, APIRoute):
                        yield ctx.path, ctx.original_route
            elif isinstance(route, APIRoute):
                yield prefix + route.path, route

    yield from walk(list(app.routes))


def route_policies(app: FastAPI) -> list[RoutePolicy]:
    rows = []
    for path, route in api_routes(app):
        found = _policies_in(route)
        for method in sorted(set(route.methods or ()) - {"HEAD", "OPTIONS"}):
            rows.append(
                RoutePolicy(
                    method=method,
                    path=path,
                    name=route.name,
                    summary=route.summary or route.name,
                    route=route,
                    policy=found[0] if len(found) == 1 else None,
                    policies=len(found),
                )
            )
    return rows
