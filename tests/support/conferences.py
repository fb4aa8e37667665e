"""A bloc-year with its campaign, and helpers to run its conference through the API."""

from __future__ import annotations

from typing import Any

from app.models import VotingSession, YearReport
from tests.support.builders import BlocYear, Builders, Headers

URL = "/api/v1/conferences"
VICE_CHAIR = "Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ"


class ConferenceWorld(BlocYear):
    """Five units in 2016 (a leads, b deputises), each with one delegate account; a unit outside."""

    def __init__(self, build: Builders, **kw: Any) -> None:
        super().__init__(build, size=5, delegates=True, outside=True, **kw)

    def ok(self, response: Any, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.text
        return dict(response.json())

    def create(self, headers: Headers | None = None, **fields: Any) -> dict[str, Any]:
        body = {
            "campaign_id": self.cid,
            "kind": "year_end",
            "title": "Hội nghị tổng kết công tác thi đua năm 2016",
            "held_on": "2016-12-20",
            "place": "Hội trường tầng 2, 113 Trần Duy Hưng, Hà Nội",
            "chaired_by": "Nguyễn Văn Trưởng",
        } | fields
        return self.ok(self.client.post(URL, json=body, headers=headers or self.leader), 201)

    def act(self, conference_id: str, action: str, headers: Headers | None = None) -> Any:
        return self.client.post(f"{URL}/{conference_id}/{action}", headers=headers or self.leader)

    def delegate(self, conference_id: str, unit_index: int, **fields: Any) -> dict[str, Any]:
        d = self.delegates[unit_index]
        body = {
            "unit_id": d["unit_id"],
            "full_name": f"Đại Biểu {unit_index}",
            "position": "Vụ trưởng",
            "user_id": d["id"],
        } | fields
        return self.ok(
            self.client.post(f"{URL}/{conference_id}/delegates", json=body, headers=self.leader), 201
        )

    def check_in(self, conference_id: str, delegate_id: str, headers: Headers | None = None) -> Any:
        return self.client.post(
            f"{URL}/{conference_id}/delegates/{delegate_id}/check-in", headers=headers or self.leader
        )

    def attendance(self, conference_id: str) -> dict[str, Any]:
        return self.ok(self.client.get(f"{URL}/{conference_id}/attendance", headers=self.leader))

    def bloc_regulation(self, values: dict[str, Any]) -> None:
        self.ok(
            self.client.post(
                f"/api/v1/blocs/{self.bloc['id']}/regulation",
                json={"values": values, "effective_from": "2016-01-01"},
                headers=self.secretariat,
            ),
            201,
        )

    def counted_session(self, elected: dict[str, int]) -> str:
        """A closed ballot session of the campaign whose frozen result elects ``elected`` (unit → votes)."""
        sid = self.build.voting_session(self.cid, list(elected), self.delegate_ids, status="closed")
        result = {
            "electorate": 5,
            "ballots_cast": 5,
            "blank": 0,
            "quorum_met": True,
            "candidates": [
                {"unit_id": u, "votes": v, "share": v / 5, "passes": True, "elected": True}
                for u, v in elected.items()
            ],
            "elected": list(elected),
            "tied": [],
            "unfilled_seats": 0,
        }
        with self.session_factory() as s:
            row = s.get(VotingSession, sid)
            assert row is not None
            row.result = result
            s.commit()
        return sid

    def adopted_year_report(self, version: int) -> None:
        with self.session_factory() as s:
            s.add(
                YearReport(
                    campaign_id=self.cid,
                    title="Báo cáo tổng kết năm 2016",
                    status="adopted",
                    current_version=version,
                    adopted_version=version,
                )
            )
            s.commit()
