"""The shared scenario builders: data written directly (not through the API under test) and people with
their tokens, obtained the way clients obtain them.

``Builders`` makes one thing at a time (a unit, a user, a bloc-year, a campaign, criteria, a voting
session, a service client, headers); ``BlocYear`` is the usual stage: one bloc in 2016 with its leader,
deputy and members, its campaign, and the people who act in it. The fixtures in ``tests/conftest.py``
expose both."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.security import PasswordService
from app.core.text import fold
from app.models import (
    Achievement,
    Assessment,
    Bloc,
    BlocMember,
    Campaign,
    Criterion,
    Employment,
    Exclusion,
    Person,
    Pledge,
    PledgeSignature,
    ServiceClient,
    SessionCandidate,
    SessionElector,
    Unit,
    User,
    VotingSession,
)
from app.models.base import new_id
from app.scoring.tree import to_centi
from tests.support.db import audit_events, unit_ref, user_ref

Headers = dict[str, str]
TOKEN_URL = "/api/v1/auth/token"

# (code, parent, title, max points, kind, required): 1.x standard (max total 35), 2.1 bonus, 2.2 penalty.
CRITERIA: list[tuple[str, str | None, str, float | None, str | None, bool]] = [
    ("1", None, "Thực hiện nhiệm vụ chuyên môn", None, None, True),
    ("1.1", "1", "Hoàn thành kế hoạch công tác năm", 10, "standard", True),
    ("1.2", "1", "Chất lượng công tác tham mưu", 20, "standard", True),
    ("1.3", "1", "Cải cách hành chính", 5, "standard", False),
    ("2", None, "Điểm thưởng, điểm trừ", None, None, True),
    ("2.1", "2", "Sáng kiến được công nhận", 5, "bonus", False),
    ("2.2", "2", "Vi phạm kỷ luật, nội quy", 5, "penalty", False),
]


def insert_criteria(session_factory: Any, campaign_id: str, rows: list[Any] = CRITERIA) -> None:
    """The campaign's criteria written directly (the criteria endpoints are another feature's)."""
    with session_factory() as s:
        s.execute(
            insert(Criterion),
            [
                {
                    "id": new_id(),
                    "campaign_id": campaign_id,
                    "code": code,
                    "parent_code": parent,
                    "title": title,
                    "max_points_centi": None if max_points is None else to_centi(max_points),
                    "kind": kind,
                    "required": required,
                    "position": i,
                }
                for i, (code, parent, title, max_points, kind, required) in enumerate(rows)
            ],
        )
        s.commit()


def sign_pledge(
    s: Session,
    campaign_id: str,
    unit_ids: Iterable[str],
    *,
    title: str = "Giao ước",
    commitments: list[Any] | None = None,
    signatory: tuple[str, str] = ("A", "B"),
    signed_at: datetime | None = None,
) -> None:
    """The campaign's pledge (opened with ``title`` and ``commitments`` if it has none) signed by each of
    ``unit_ids`` in the name of ``signatory`` (name, position), written directly in ``s``."""
    pledge = s.scalars(select(Pledge).where(Pledge.campaign_id == campaign_id)).one_or_none()
    if pledge is None:
        pledge = Pledge(id=new_id(), campaign_id=campaign_id, title=title, status="open")
        pledge.commitments = commitments or []
        s.add(pledge)
        s.flush()
    when = {} if signed_at is None else {"signed_at": signed_at}
    name, position = signatory
    s.add_all(
        PledgeSignature(
            id=new_id(),
            pledge_id=pledge.id,
            unit_id=u,
            signatory_name=name,
            signatory_position=position,
            **when,
        )
        for u in unit_ids
    )


def insert_session(
    session_factory: Any,
    *,
    campaign_id: str,
    candidates: list[str],
    electors: list[str],
    status: str = "open",
    secret: bool = True,
    seats: int = 2,
    max_choices: int | None = None,
    title_code: str = "co_thi_dua_bo",
) -> str:
    """A voting session written directly (the sessions API is another feature's)."""
    sid = new_id()
    with session_factory() as s:
        s.add(
            VotingSession(
                id=sid,
                campaign_id=campaign_id,
                title_code=title_code,
                name="Bình xét Cờ thi đua của Bộ",
                seats=seats,
                max_choices=max_choices or seats,
                secret=secret,
                status=status,
            )
        )
        s.flush()
        s.add_all(SessionCandidate(session_id=sid, unit_id=u, position=i) for i, u in enumerate(candidates))
        s.add_all(SessionElector(session_id=sid, user_id=u) for u in electors)
        s.commit()
    return sid


class Builders:
    """Makes what a test stands on. ``client`` is asked for only when a token is needed."""

    def __init__(
        self, session_factory: Any, passwords: PasswordService, client: Callable[[], TestClient]
    ) -> None:
        self.session_factory = session_factory
        self.passwords = passwords
        self._client = client

    @property
    def client(self) -> TestClient:
        return self._client()

    def _add(self, row: Any) -> None:
        with self.session_factory() as s:
            s.add(row)
            s.commit()

    # ---- organisations ------------------------------------------------------------------------------

    def unit(
        self,
        code: str | None = None,
        name: str | None = None,
        short_name: str | None = None,
        kind: str = "department",
    ) -> dict[str, Any]:
        """A unit; returns ``{"id", "code", "name"}``."""
        code = code or f"U{uuid.uuid4().hex[:8].upper()}"
        name = name or f"Đơn vị {code}"
        fields = {"code": code, "name": name, "short_name": short_name, "kind": kind}
        unit = Unit(
            id=new_id(), search_text=fold(" ".join(p for p in (name, short_name or "", code) if p)), **fields
        )
        self._add(unit)
        return {"id": unit.id, "code": code, "name": name}

    def bloc(
        self,
        size: int = 4,
        *,
        year: int = 2016,
        unit_ids: list[str] | None = None,
        leader: str | None = None,
        deputy: str | bool | None = True,
        bloc_id: str | None = None,
        code: str | None = None,
    ) -> dict[str, Any]:
        """A bloc with its members for one year.

        ``bloc(size=4, year=2016)`` makes the units too; the first is the leader, the second the deputy
        (unless ``deputy=False``). Or pass ``unit_ids`` and ``leader``/``deputy`` unit ids. Returns
        ``{"id", "code", "year", "unit_ids", "leader", "deputy"}``."""
        ids = list(unit_ids) if unit_ids is not None else [self.unit()["id"] for _ in range(size)]
        leader = leader or ids[0]
        if deputy is True:
            deputy = ids[1] if len(ids) > 1 and ids[1] != leader else None
        elif deputy is False:
            deputy = None
        with self.session_factory() as s:
            if bloc_id is None:
                bloc = Bloc(
                    id=new_id(), code=code or f"B{uuid.uuid4().hex[:8].upper()}", name="Khối thi đua thử"
                )
                s.add(bloc)
                s.flush()
                bloc_id = bloc.id
            bloc_code = s.get(Bloc, bloc_id).code
            for unit_id in ids:
                role = "leader" if unit_id == leader else "deputy" if unit_id == deputy else "member"
                s.add(BlocMember(id=new_id(), bloc_id=bloc_id, year=year, unit_id=unit_id, role=role))
            s.commit()
        return {
            "id": bloc_id,
            "code": bloc_code,
            "year": year,
            "unit_ids": ids,
            "leader": leader,
            "deputy": deputy,
        }

    def campaign(
        self,
        bloc: dict[str, Any],
        *,
        year: int | None = None,
        title: str | None = None,
        status: str = "active",
        **fields: Any,
    ) -> dict[str, Any]:
        """A campaign for a bloc-year. Returns ``{"id", "bloc_id", "year"}``."""
        year = year or bloc["year"]
        campaign = Campaign(
            id=new_id(),
            bloc_id=bloc["id"],
            year=year,
            title=title or f"Phong trào thi đua năm {year}",
            status=status,
            **fields,
        )
        self._add(campaign)
        return {"id": campaign.id, "bloc_id": bloc["id"], "year": year}

    def criteria(self, campaign_id: str, rows: list[Any] = CRITERIA) -> None:
        insert_criteria(self.session_factory, campaign_id, rows)

    def voting_session(self, campaign_id: str, candidates: list[str], electors: list[str], **kw: Any) -> str:
        return insert_session(
            self.session_factory, campaign_id=campaign_id, candidates=candidates, electors=electors, **kw
        )

    def person(
        self,
        unit_id: str,
        *,
        code: str | None = None,
        full_name: str = "Nguyễn Văn An",
        gender: str = "male",
        birth_date: date | None = None,
        position: str | None = None,
        started_on: date = date(2010, 1, 1),
    ) -> dict[str, Any]:
        """A person working in ``unit_id`` since ``started_on`` (the people API is a feature of its own).
        Returns ``{"id", "code", "full_name", "unit_id"}``."""
        code = code or f"P{uuid.uuid4().hex[:8].upper()}"
        person = Person(
            id=new_id(),
            code=code,
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            position=position,
            unit_id=unit_id,
            search_text=fold(f"{full_name} {code}"),
        )
        with self.session_factory() as s:
            s.add(person)
            s.flush()
            s.add(
                Employment(
                    id=new_id(),
                    person_id=person.id,
                    unit_id=unit_id,
                    position=position,
                    started_on=started_on,
                )
            )
            s.commit()
        return {"id": person.id, "code": code, "full_name": full_name, "unit_id": unit_id}

    def _record(self, row: Any, person_id: str | None, unit_id: str | None) -> dict[str, Any]:
        row.id, row.person_id, row.unit_id = new_id(), person_id, unit_id
        self._add(row)
        return {"id": row.id, "person_id": person_id, "unit_id": unit_id}

    def achievement(
        self, *, person_id: str | None = None, unit_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A person's (or a unit's) initiative, recognised by the ministry in 2016 unless ``fields`` say
        otherwise. Returns ``{"id", "person_id", "unit_id"}``."""
        fields = {"kind": "initiative", "title": "Sáng kiến", "year": 2016, "scope": "ministry", **fields}
        return self._record(Achievement(**fields), person_id, unit_id)

    def exclusion(
        self, *, person_id: str | None = None, unit_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A reprimand from 2016-03-01 unless ``fields`` say otherwise."""
        fields = {"kind": "discipline", "measure": "reprimand", "starts_on": date(2016, 3, 1), **fields}
        return self._record(Exclusion(**fields), person_id, unit_id)

    def rating(
        self,
        *,
        person_id: str | None = None,
        unit_id: str | None = None,
        year: int = 2016,
        rating: str = "good",
    ) -> dict[str, Any]:
        return self._record(Assessment(year=year, rating=rating), person_id, unit_id)

    # ---- people -------------------------------------------------------------------------------------

    def user(
        self,
        *roles: str,
        unit_id: str | None = None,
        username: str | None = None,
        password: str | None = None,
        full_name: str | None = None,
        active: bool = True,
    ) -> dict[str, Any]:
        """A user (an observer unless ``roles`` say otherwise; an officer or a unit head gets a unit of its
        own unless given one). Returns ``{"id", "username", "password", "unit_id", "roles"}``."""
        roles = roles or ("observer",)
        if ("officer" in roles or "unit_head" in roles) and unit_id is None:
            unit_id = self.unit()["id"]
        username = username or f"user_{uuid.uuid4().hex[:10]}"
        password = password or f"pw-{uuid.uuid4().hex}"
        user = User(
            id=new_id(),
            username=username,
            full_name=full_name or username.replace("_", " ").title(),
            password_hash=self.passwords.hash(password),
            roles=list(roles),
            unit_id=unit_id,
            active=active,
        )
        self._add(user)
        return {
            "id": user.id,
            "username": username,
            "password": password,
            "unit_id": unit_id,
            "roles": list(roles),
        }

    def token_pair(self, username: str, password: str) -> dict[str, Any]:
        r = self.client.post(
            TOKEN_URL, data={"grant_type": "password", "username": username, "password": password}
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def login(self, username: str, password: str) -> Headers:
        return {"Authorization": f"Bearer {self.token_pair(username, password)['access_token']}"}

    def headers_of(self, user: dict[str, Any]) -> Headers:
        return self.login(user["username"], user["password"])

    def headers(self, *roles: str, unit_id: str | None = None) -> Headers:
        """Headers of a fresh user with these roles."""
        return self.headers_of(self.user(*roles, unit_id=unit_id))

    def officer_of(self, unit_id: str) -> Headers:
        """Headers of a fresh officer of the given unit."""
        return self.headers("officer", unit_id=unit_id)

    def service_client(
        self, scopes: list[str], unit_id: str | None = None, name: str | None = None
    ) -> dict[str, Any]:
        """A service client; returns ``{"id", "client_id", "client_secret"}``."""
        client_id = f"tdc_{uuid.uuid4().hex[:16]}"
        secret = uuid.uuid4().hex + uuid.uuid4().hex
        row = ServiceClient(
            id=new_id(),
            name=name or client_id,
            client_id=client_id,
            secret_hash=self.passwords.hash(secret),
            scopes=list(scopes),
            unit_id=unit_id,
        )
        self._add(row)
        return {"id": row.id, "client_id": client_id, "client_secret": secret}

    def client_token(self, scopes: list[str], unit_id: str | None = None) -> Headers:
        """Headers of a fresh service client with these scopes (kept to ``unit_id`` if given)."""
        sc = self.service_client(scopes, unit_id)
        r = self.client.post(
            TOKEN_URL,
            data={
                "grant_type": "client_credentials",
                "client_id": sc["client_id"],
                "client_secret": sc["client_secret"],
            },
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


class BlocYear:
    """One bloc in ``year``: ``size`` units (or units made from ``units``, each ``{"code", "name"}`` or a
    name), the first leads, the second deputises (unless ``deputy=False``), the rest are members; the
    bloc-year's campaign (with ``campaign`` fields; the standard ``CRITERIA`` if ``criteria``); one
    delegate (officer user) per unit if ``delegates``; a unit outside the bloc if ``outside`` (named so if
    a string).

    Units: ``units`` (ids in membership order), ``a, b, c, d`` (the first four) alias ``leader_unit,
    deputy_unit, member_unit, other_unit``. People are made when first asked for and then kept:
    ``leader, deputy, member, other, outsider, secretariat, observer, admin``, ``officer(unit_id)``,
    ``client_for(unit_id, *scopes)``; ``user(*roles)`` and ``client_token(*scopes)`` make fresh ones."""

    def __init__(
        self,
        build: Builders,
        *,
        size: int = 4,
        year: int = 2016,
        units: list[Any] | None = None,
        deputy: bool = True,
        code: str | None = None,
        campaign: dict[str, Any] | None = None,
        criteria: bool = False,
        delegates: bool = False,
        outside: bool | str = False,
    ) -> None:
        self.build = build
        self.client = build.client
        self.session_factory = build.session_factory
        self.year = year
        if units is not None:
            made = [build.unit(**u) if isinstance(u, dict) else build.unit(name=u) for u in units]
            self.bloc = build.bloc(unit_ids=[u["id"] for u in made], year=year, deputy=deputy, code=code)
        else:
            self.bloc = build.bloc(size, year=year, deputy=deputy, code=code)
        self.units: list[str] = list(self.bloc["unit_ids"])
        self.unit_ids = self.units
        self.a, self.b, self.c, self.d = (self.units + [""] * 4)[:4]
        self.leader_unit, self.deputy_unit, self.member_unit, self.other_unit = self.a, self.b, self.c, self.d
        self.campaign = build.campaign(self.bloc, **(campaign or {}))
        self.cid: str = self.campaign["id"]
        if criteria:
            build.criteria(self.cid)
        self._headers: dict[str, Headers] = {}
        self.officer_of = build.officer_of  # a fresh officer each time
        self.headers_for = build.headers  # a fresh user each time
        self.delegates: list[dict[str, Any]] = (
            [build.user("officer", unit_id=u) for u in self.units] if delegates else []
        )
        self.delegate_ids = [d["id"] for d in self.delegates]
        self.outside_unit = ""
        if outside:
            name = outside if isinstance(outside, str) else None
            self.outside_unit = build.unit(name=name)["id"]

    def _cached(self, key: str, make: Callable[[], Headers]) -> Headers:
        if key not in self._headers:
            self._headers[key] = make()
        return self._headers[key]

    # ---- people -------------------------------------------------------------------------------------

    def officer(self, unit_id: str) -> Headers:
        """An officer of ``unit_id``: its delegate if it has one, else one made for it."""
        delegate = next((d for d in self.delegates if d["unit_id"] == unit_id), None)
        if delegate is not None:
            return self.headers_of(delegate)
        return self._cached(f"officer:{unit_id}", lambda: self.build.officer_of(unit_id))

    def headers_of(self, user: dict[str, Any]) -> Headers:
        return self._cached(f"user:{user['id']}", lambda: self.build.headers_of(user))

    def delegate(self, i: int) -> Headers:
        return self.headers_of(self.delegates[i])

    def role(self, role: str) -> Headers:
        return self._cached(f"role:{role}", lambda: self.build.headers(role))

    def user(self, *roles: str, **kwargs: Any) -> Headers:
        """Headers of a fresh user."""
        return self.build.headers_of(self.build.user(*roles, **kwargs))

    # The officers of the bloc's first four units, in their roles.
    leader = property(lambda self: self.officer(self.leader_unit))
    deputy = property(lambda self: self.officer(self.deputy_unit))
    member = property(lambda self: self.officer(self.member_unit))
    other = property(lambda self: self.officer(self.other_unit))

    @property
    def outsider(self) -> Headers:
        assert self.outside_unit, "BlocYear(outside=True) makes the unit outside the bloc"
        return self.officer(self.outside_unit)

    secretariat = property(lambda self: self.role("secretariat"))
    observer = property(lambda self: self.role("observer"))
    admin = property(lambda self: self.role("admin"))

    def person(self, who: str) -> Headers:
        """The headers of one of the people named above, by name (``"leader"``, ``"deputy"``, ...), for
        tests parametrized over who acts."""
        assert who in ("leader", "deputy", "member", "other", "outsider", "secretariat", "observer", "admin")
        headers: Headers = getattr(self, who)
        return headers

    def client_for(self, unit_id: str | None, *scopes: str) -> Headers:
        """A service client kept to ``unit_id`` with ``scopes``, the same one each time."""
        return self._cached(
            f"client:{unit_id}:{scopes}", lambda: self.build.client_token(list(scopes), unit_id)
        )

    def client_token(self, *scopes: str) -> Headers:
        """A fresh service client with ``scopes``, kept to no unit."""
        return self.build.client_token(list(scopes))

    # ---- reading back -------------------------------------------------------------------------------

    def events(self, object_id: str) -> list[Any]:
        return audit_events(self.session_factory, object_id=object_id)

    def unit(self, unit_id: str) -> tuple[str, str]:
        """(code, name) of a unit."""
        with self.session_factory() as s:
            unit = s.get(Unit, unit_id)
            assert unit is not None
            return unit.code, unit.name

    def unit_ref(self, unit_id: str) -> dict[str, str]:
        return unit_ref(self.session_factory, unit_id)

    def user_ref(self, user_id: str) -> dict[str, str]:
        return user_ref(self.session_factory, user_id)

    def close_campaign(self) -> None:
        with self.session_factory() as s:
            s.get(Campaign, self.cid).status = "closed"
            s.commit()
