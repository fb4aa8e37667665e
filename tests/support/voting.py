"""A bloc-year with its campaign, delegates and the people who act on ballot sessions, for the ballot
session tests (tests/voting/test_voting_sessions.py, tests/voting/test_voting_results.py)."""

from __future__ import annotations

from typing import Any

from app.models import Award
from app.models.base import new_id
from tests.support.builders import BlocYear, Builders, Headers

URL = "/api/v1/voting-sessions"

SESSION_KEYS = {
    "id",
    "campaign_id",
    "title_code",
    "title_name",
    "name",
    "seats",
    "candidate_ids",
    "candidate_units",
    "electorate_user_ids",
    "electorate_users",
    "max_choices",
    "threshold",
    "quorum",
    "secret",
    "method",
    "status",
    "runoff_of",
    "candidates_from",
    "opened_at",
    "closed_at",
    "published_at",
    "cancelled_at",
    "created_at",
    "updated_at",
    # one delegate per unit (issue 14)
    "one_delegate_per_unit",
    "conference_id",
    "conference_name",
    "electorate_unit_ids",
    "electorate_units",
}
MINISTRY_FLAG = "co_thi_dua_bo"
GOVERNMENT_FLAG = "co_thi_dua_chinh_phu"  # requires co_thi_dua_bo the same year


class VotingWorld(BlocYear):
    """One bloc in 2016: units A (leader), B (deputy), C, D; one delegate (officer) per unit; the campaign;
    a secretariat user, an observer, an admin, and an officer of a unit outside the bloc."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, delegates=True, outside=True)
        self.outsider_user = build.user("officer", unit_id=self.outside_unit)

    @property
    def outsider(self) -> Headers:
        return self.headers_of(self.outsider_user)

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
