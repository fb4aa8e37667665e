"""A bloc-year with its campaign, delegates and the people who act on ballot sessions, for the ballot
session tests (tests/test_voting_sessions.py, tests/test_voting_results.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from app.models import Award, Unit
from app.models.base import new_id

Headers = dict[str, str]
URL = "/api/v1/voting-sessions"

SESSION_KEYS = {
    "id",
    "campaign_id",
    "title_code",
    "name",
    "seats",
    "candidate_ids",
    "electorate_user_ids",
    "max_choices",
    "threshold",
    "quorum",
    "secret",
    "status",
    "runoff_of",
    "candidates_from",
    "opened_at",
    "closed_at",
    "published_at",
    "cancelled_at",
    "created_at",
    "updated_at",
}
MINISTRY_FLAG = "co_thi_dua_bo"
GOVERNMENT_FLAG = "co_thi_dua_chinh_phu"  # requires co_thi_dua_bo the same year


class World:
    """One bloc in 2016: units A (leader), B (deputy), C, D; one delegate (officer) per unit; the campaign;
    a secretariat user, an observer, an admin, and an officer of a unit outside the bloc."""

    def __init__(
        self,
        client: TestClient,
        make_bloc: Callable[..., dict[str, Any]],
        make_campaign: Callable[..., dict[str, Any]],
        make_unit: Callable[..., dict[str, Any]],
        make_user: Callable[..., dict[str, Any]],
        login: Callable[[str, str], Headers],
        make_client_token: Callable[..., Headers],
        session_factory: Any,
    ) -> None:
        self.client = client
        self._make_user = make_user
        self._login = login
        self._make_client_token = make_client_token
        self.session_factory = session_factory
        self.bloc = make_bloc(4, year=2016)
        self.units = list(self.bloc["unit_ids"])
        self.a, self.b, self.c, self.d = self.units
        self.campaign = make_campaign(self.bloc)
        self.cid = self.campaign["id"]
        self.delegates = [make_user("officer", unit_id=u) for u in self.units]
        self.delegate_ids = [u["id"] for u in self.delegates]
        self._headers: dict[str, Headers] = {}
        self.outside_unit = make_unit()["id"]
        self.outsider_user = make_user("officer", unit_id=self.outside_unit)

    # ---- people -------------------------------------------------------------------------------------

    def headers_of(self, user: dict[str, Any]) -> Headers:
        if user["id"] not in self._headers:
            self._headers[user["id"]] = self._login(user["username"], user["password"])
        return self._headers[user["id"]]

    def delegate(self, i: int) -> Headers:
        return self.headers_of(self.delegates[i])

    @property
    def leader(self) -> Headers:
        return self.delegate(0)

    @property
    def deputy(self) -> Headers:
        return self.delegate(1)

    @property
    def member(self) -> Headers:
        """An officer of a plain member unit, who is also in the default electorate."""
        return self.delegate(2)

    def user(self, *roles: str, **kwargs: Any) -> Headers:
        return self.headers_of(self._make_user(*roles, **kwargs))

    @property
    def secretariat(self) -> Headers:
        return self._cached("secretariat")

    @property
    def observer(self) -> Headers:
        return self._cached("observer")

    @property
    def admin(self) -> Headers:
        return self._cached("admin")

    @property
    def outsider(self) -> Headers:
        return self.headers_of(self.outsider_user)

    def _cached(self, role: str) -> Headers:
        key = f"role:{role}"
        if key not in self._headers:
            self._headers[key] = self.user(role)
        return self._headers[key]

    def client_token(self, *scopes: str) -> Headers:
        return self._make_client_token(list(scopes))

    # ---- sessions ----------------------------------------------------------------------------------

    def body(self, **over: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "campaign_id": self.cid,
            "title_code": MINISTRY_FLAG,
            "name": "Bỏ phiếu suy tôn Cờ thi đua của Bộ năm 2016",
            "seats": 1,
            "candidate_ids": [self.a, self.b, self.c],
            "electorate_user_ids": list(self.delegate_ids),
        }
        body.update(over)
        return {k: v for k, v in body.items() if v is not None}

    def create(self, headers: Headers | None = None, **over: Any) -> Any:
        return self.client.post(URL, json=self.body(**over), headers=headers or self.leader)

    def created(self, **over: Any) -> dict[str, Any]:
        r = self.create(**over)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def get(self, sid: str, headers: Headers | None = None) -> Any:
        return self.client.get(f"{URL}/{sid}", headers=headers or self.secretariat)

    def act(self, sid: str, action: str, headers: Headers | None = None, **extra: str) -> Any:
        return self.client.post(f"{URL}/{sid}/{action}", headers={**(headers or self.leader), **extra})

    def acted(self, sid: str, action: str) -> dict[str, Any]:
        r = self.act(sid, action)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def vote(self, sid: str, i: int, choices: list[str]) -> Any:
        r = self.client.post(f"{URL}/{sid}/ballots", json={"choices": choices}, headers=self.delegate(i))
        assert r.status_code == 201, r.text
        return r

    def counted(self, votes: list[list[str] | None], **over: Any) -> dict[str, Any]:
        """A session created with ``over``, opened, voted (delegate i casts ``votes[i]``; None: abstains)
        and closed."""
        sid = self.created(**over)["id"]
        self.acted(sid, "open")
        for i, choices in enumerate(votes):
            if choices is not None:
                self.vote(sid, i, choices)
        return self.acted(sid, "close")

    def results(self, sid: str, headers: Headers | None = None) -> Any:
        return self.client.get(f"{URL}/{sid}/results", headers=headers or self.secretariat)

    # ---- data written directly ----------------------------------------------------------------------

    def award(
        self, unit_id: str, title_code: str = MINISTRY_FLAG, *, year: int = 2016, status: str = "decided"
    ) -> str:
        with self.session_factory() as s:
            award = Award(id=new_id(), unit_id=unit_id, title_code=title_code, year=year, status=status)
            s.add(award)
            s.commit()
            return award.id

    def unit(self, unit_id: str) -> tuple[str, str]:
        with self.session_factory() as s:
            unit = s.get(Unit, unit_id)
            assert unit is not None
            return unit.code, unit.name
