"""The bloc's year report in tests: its bodies and URLs, and a bloc-year whose leader drafts it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.builders import BlocYear, Builders, Headers

RESULTS = (
    "Năm 2016, các đơn vị trong Khối hoàn thành xuất sắc nhiệm vụ được giao.\nTổ chức tốt phong trào thi đua."
)
EVALUATION = "Ưu điểm: các đơn vị phối hợp chặt chẽ.\nHạn chế: một số báo cáo còn chậm."
DIRECTION = "Tiếp tục đổi mới công tác thi đua, khen thưởng năm 2017."


def sections(
    results: str = RESULTS, evaluation: str = EVALUATION, direction: str = DIRECTION
) -> list[dict[str, Any]]:
    return [
        {"key": "results", "heading": "Kết quả thực hiện công tác thi đua năm 2016", "body": results},
        {"key": "evaluation", "heading": "Đánh giá chung", "body": evaluation},
        {"key": "direction", "heading": "Phương hướng, nhiệm vụ năm 2017", "body": direction},
    ]


def body(**over: Any) -> dict[str, Any]:
    return {"title": "Báo cáo tổng kết công tác thi đua năm 2016", "sections": sections(), **over}


def url(campaign_id: str, rest: str = "") -> str:
    return f"/api/v1/campaigns/{campaign_id}/year-report{rest}"


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


class ReportWorld(BlocYear):
    """A bloc-year (A leads, B deputises, C and D are members, E is outside) and its year report's calls."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, outside=True)

    def put(self, headers: Headers | None = None, **over: Any) -> httpx.Response:
        return self.client.put(url(self.cid), json=body(**over), headers=headers or self.leader)

    def get(self, headers: Headers | None = None, rest: str = "", **params: Any) -> httpx.Response:
        return self.client.get(url(self.cid, rest), headers=headers or self.leader, params=params)

    def draft(self) -> dict[str, Any]:
        return ok(self.put(), 201)

    def contribute(
        self, unit_id: str, text: str, kind: str = "addition", section_key: str = "results", **kw: Any
    ) -> httpx.Response:
        payload = {"unit_id": unit_id, "section_key": section_key, "kind": kind, "text": text}
        return self.client.post(
            url(self.cid, "/contributions"), json=payload, headers=kw.get("headers") or self.officer(unit_id)
        )

    def answer(
        self, contribution_id: str, action: str, headers: Headers | None = None, **payload: Any
    ) -> httpx.Response:
        return self.client.post(
            url(self.cid, f"/contributions/{contribution_id}/{action}"),
            json=payload,
            headers=headers or self.leader,
        )

    def adopt(self, version: int, headers: Headers | None = None, **payload: Any) -> httpx.Response:
        return self.client.post(
            url(self.cid, "/adopt"), json={"version": version, **payload}, headers=headers or self.leader
        )
