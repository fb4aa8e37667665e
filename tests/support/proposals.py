"""Proposals for commendation (issue 13) for the tests: a bloc-year whose units propose their people, the
people who act on proposals, and shortcuts for the procedure's moves (tests/proposals/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models import Proposal
from tests.support.builders import Builders, Headers
from tests.support.samples import pdf
from tests.support.voting import VotingWorld

URL = "/api/v1/proposals"
MINISTRY_SOLDIER = "chien_si_thi_dua_cap_bo"  # decided by the minister
MINISTRY_MERIT = "bang_khen_bo_truong"  # a form, decided by the minister
NATIONAL_SOLDIER = "chien_si_thi_dua_toan_quoc"  # decided by the Prime Minister, publicly consulted
PM_MERIT = "bang_khen_thu_tuong"  # decided by the Prime Minister, no consultation


class ProposalWorld(VotingWorld):
    """VotingWorld (bloc of 2016: A leads, B deputises, C, D members, a delegate each, the campaign, an
    outsider unit) and two people of C; C's head."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self.person1 = build.person(self.c, full_name="Trần Thị Bình", birth_date=date(1980, 5, 1))["id"]
        self.person2 = build.person(self.c, full_name="Lê Văn Cường", birth_date=date(1975, 2, 3))["id"]
        self.stranger = build.person(self.d, full_name="Phạm Văn Dũng")["id"]
        self.head_user = build.user("unit_head", unit_id=self.c)

    @property
    def head(self) -> Headers:
        return self.headers_of(self.head_user)

    # ---- proposals ---------------------------------------------------------------------------------

    def item(self, person_id: str | None = None, code: str = MINISTRY_SOLDIER, **over: Any) -> dict[str, Any]:
        kind = "form_code" if code.startswith("bang_khen") else "title_code"
        body: dict[str, Any] = {
            "person_id": person_id or self.person1,
            kind: code,
            "achievements": "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp Bộ.",
        }
        body.update(over)
        return {k: v for k, v in body.items() if v is not None}

    def proposal_body(self, items: list[dict[str, Any]] | None = None, **over: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "unit_id": self.c,
            "year": 2016,
            "title": "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp Bộ năm 2016",
            "items": [self.item()] if items is None else items,
        }
        body.update(over)
        return body

    def propose(self, headers: Headers | None = None, **over: Any) -> Any:
        return self.client.post(URL, json=self.proposal_body(**over), headers=headers or self.member)

    def proposal(self, **over: Any) -> dict[str, Any]:
        r = self.propose(**over)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def read(self, pid: str, headers: Headers | None = None) -> Any:
        return self.client.get(f"{URL}/{pid}", headers=headers or self.secretariat)

    def upload(
        self,
        pid: str,
        doc_type: str,
        data: bytes | None = None,
        headers: Headers | None = None,
        item_id: str | None = None,
        filename: str = "tai-lieu.pdf",
    ) -> Any:
        params = {"doc_type": doc_type, "filename": filename, **({"item_id": item_id} if item_id else {})}
        return self.client.post(
            f"{URL}/{pid}/documents",
            params=params,
            content=pdf() if data is None else data,
            headers={**(headers or self.member), "Content-Type": "application/octet-stream"},
        )

    def complete_dossier(self, pid: str, headers: Headers | None = None) -> None:
        """Every document the law may ask for (law.md §4): the proposal's submission and minutes, and each
        item's report and certifications (more than needed is harmless); uploaded by the office by
        default, which may add documents whoever the proposer is."""
        items = self.read(pid).json()["proposal_items"]
        wanted = [(t, None) for t in ("submission", "review_minutes")] + [
            (t, i["id"])
            for i in items
            for t in ("achievement_report", "initiative_certification", "achievement_certification")
        ]
        for doc_type, item_id in wanted:
            r = self.upload(pid, doc_type, headers=headers, item_id=item_id)
            assert r.status_code in (200, 201), r.text

    def move(
        self,
        pid: str,
        action: str,
        headers: Headers | None = None,
        body: dict[str, Any] | None = None,
        *,
        dossier: bool = True,
    ) -> Any:
        """POST the action (``take_up`` → ``/take-up``) as ``headers`` (the office's by default). Before a
        submission from a draft or a returned proposal, the dossier is completed (``dossier=False``: as
        it is)."""
        if action == "submit" and dossier and self.read(pid).json()["status"] in ("draft", "returned"):
            self.complete_dossier(pid, self.secretariat)
        path = action.replace("_", "-")
        return self.client.post(f"{URL}/{pid}/{path}", json=body, headers=headers or self.secretariat)

    def moved(
        self, pid: str, action: str, headers: Headers | None = None, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        r = self.move(pid, action, headers, body)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def walk(self, pid: str, *actions: str) -> dict[str, Any]:
        """Each action in turn: ``submit`` by the unit's officer, the others by the secretariat."""
        out: dict[str, Any] = {}
        for action in actions:
            out = self.moved(pid, action, self.member if action == "submit" else None)
        return out

    def set_columns(self, pid: str, **values: Any) -> None:
        with self.session_factory() as s:
            proposal = s.get(Proposal, pid)
            assert proposal is not None
            for key, value in values.items():
                setattr(proposal, key, value)
            s.commit()
