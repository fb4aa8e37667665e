"""The scoring stage: a bloc-year with the standard criteria, and score sheets written and read through
HTTP (the scores, ranking, bulk, subtotal and snapshot tests)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from app.core.text import fold
from app.models import Unit
from app.models.base import new_id
from tests.support.builders import BlocYear, Builders, Headers

FULL = [{"criterion": "1.1", "points": 9.5}, {"criterion": "1.2", "points": 18}]


def entries(p11: float, p12: float, bonus: float = 0, penalty: float = 0) -> list[dict[str, Any]]:
    """A sheet's entries under the standard criteria: 1.1, 1.2, and 2.1 (bonus), 2.2 (penalty) if given."""
    out = [{"criterion": "1.1", "points": p11}, {"criterion": "1.2", "points": p12}]
    if bonus:
        out.append({"criterion": "2.1", "points": bonus})
    if penalty:
        out.append({"criterion": "2.2", "points": penalty})
    return out


def sheet_url(campaign_id: str, unit_id: str, stage: str, tail: str = "") -> str:
    return f"/api/v1/campaigns/{campaign_id}/units/{unit_id}/scores/{stage}{tail}"


def ranking_url(campaign_id: str) -> str:
    return f"/api/v1/campaigns/{campaign_id}/ranking"


def many_units(session_factory: Any, n: int) -> list[str]:
    """``n`` units written in one statement."""
    ids = [new_id() for _ in range(n)]
    with session_factory() as s:
        s.execute(
            insert(Unit),
            [
                {
                    "id": i,
                    "code": f"R{k:04d}{i[:6]}",
                    "name": f"Đơn vị số {k}",
                    "search_text": fold(f"don vi so {k}"),
                }
                for k, i in enumerate(ids)
            ],
        )
        s.commit()
    return ids


class ScoringWorld(BlocYear):
    """One bloc in 2016 (leader, deputy, two members) with a campaign and its criteria (unless
    ``criteria=False``), a unit outside the bloc, and people."""

    def __init__(self, build: Builders, *, criteria: bool = True) -> None:
        super().__init__(build, criteria=criteria, outside="Cục Công tác phía Nam")

    def client_for(self, unit_id: str | None, scopes: tuple[str, ...] = ("scores:write",)) -> Headers:  # type: ignore[override]
        return super().client_for(unit_id, *scopes)

    def url(self, unit_id: str, stage: str = "self", tail: str = "") -> str:
        return sheet_url(self.cid, unit_id, stage, tail)

    def put(
        self, unit_id: str, entries: list[dict[str, Any]], headers: Headers, stage: str = "self", **kw: Any
    ) -> Any:
        return self.client.put(self.url(unit_id, stage), json={"entries": entries}, headers=headers, **kw)

    def submit(self, unit_id: str, headers: Headers, stage: str = "self", **kw: Any) -> Any:
        return self.client.post(self.url(unit_id, stage, "/submit"), headers=headers, **kw)

    def give_back(
        self, unit_id: str, headers: Headers, stage: str = "self", reason: str = "Bổ sung minh chứng"
    ) -> Any:
        return self.client.post(self.url(unit_id, stage, "/return"), json={"reason": reason}, headers=headers)

    def scored(
        self, unit_id: str, entries: list[dict[str, Any]], stage: str = "self", submit: bool = True
    ) -> None:
        """Write (and submit) a sheet as the secretariat or, for review, as the secretariat too."""
        r = self.put(unit_id, entries, self.secretariat, stage)
        assert r.status_code == 200, r.text
        if submit:
            r = self.submit(unit_id, self.secretariat, stage)
            assert r.status_code == 200, r.text


def read(world: ScoringWorld, headers: Headers | None = None) -> list[dict[str, Any]]:
    """The ranking's items of ``world``'s campaign, read as ``headers`` (the secretariat by default)."""
    r = world.client.get(ranking_url(world.cid), headers=headers or world.secretariat)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]
