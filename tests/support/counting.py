"""A bloc-year's paper and mixed ballot sessions with their counting committee, for tests/counting.

Units A (leader), B (deputy), C, D, one delegate each (the electorate of 4); the candidates A, B, C for one
seat. Two counters (officers of C and D, neither delegates nor leading the bloc) enter the paper counts; a
third committee member is named only."""

from __future__ import annotations

from typing import Any

from tests.support.builders import Builders, Headers
from tests.support.voting import URL, VotingWorld


class PaperWorld(VotingWorld):
    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self.counter_users = [
            build.user("officer", unit_id=self.c, full_name="Nguyễn Thị Hoa"),
            build.user("officer", unit_id=self.d, full_name="Trần Văn Bình"),
        ]
        self.counter_ids = [u["id"] for u in self.counter_users]

    def counter(self, i: int) -> Headers:
        return self.headers_of(self.counter_users[i])

    def committee_body(self) -> dict[str, Any]:
        return {
            "members": [
                {
                    "full_name": "Nguyễn Thị Hoa",
                    "title": "Chánh Văn phòng Khối",
                    "role": "head",
                    "user_id": self.counter_ids[0],
                },
                {"full_name": "Trần Văn Bình", "title": "Chuyên viên", "user_id": self.counter_ids[1]},
                {"full_name": "Lê Văn Cường", "title": "Chuyên viên"},
            ]
        }

    def set_committee(
        self, sid: str, body: dict[str, Any] | None = None, headers: Headers | None = None
    ) -> Any:
        return self.client.put(
            f"{URL}/{sid}/counting-committee",
            json=body or self.committee_body(),
            headers=headers or self.leader,
        )

    def paper_session(
        self, method: str = "paper", votes: list[list[str] | None] | None = None, **over: Any
    ) -> str:
        """A session of ``method`` with the committee, opened, voted electronically (mixed: delegate i casts
        ``votes[i]``), closed."""
        sid = self.created(method=method, **over)["id"]
        r = self.set_committee(sid)
        assert r.status_code == 200, r.text
        self.acted(sid, "open")
        for i, choices in enumerate(votes or []):
            if choices is not None:
                self.vote(sid, i, choices)
        self.acted(sid, "close")
        return str(sid)

    def count(self, **over: Any) -> dict[str, Any]:
        """4 issued and returned, 3 valid, 1 invalid (with its reason), A 3 votes."""
        body: dict[str, Any] = {
            "issued": 4,
            "returned": 4,
            "valid": 3,
            "invalid": 1,
            "blank": 0,
            "invalid_reasons": [{"reason": "Gạch tên quá số đơn vị được bầu", "count": 1}],
            "votes": {self.a: 3, self.b: 0, self.c: 0},
        }
        body.update(over)
        return body

    def enter(self, sid: str, i: int, body: dict[str, Any]) -> Any:
        return self.client.put(f"{URL}/{sid}/paper-counts/mine", json=body, headers=self.counter(i))

    def entered(self, sid: str, i: int, body: dict[str, Any]) -> dict[str, Any]:
        r = self.enter(sid, i, body)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def counts(self, sid: str, headers: Headers | None = None) -> Any:
        return self.client.get(f"{URL}/{sid}/paper-counts", headers=headers or self.leader)
