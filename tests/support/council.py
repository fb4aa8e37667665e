"""A council of fifteen members (each with an account) and proposals waiting for it, for the council's tests
(tests/council/). Proposals are written directly with the models: the proposals API is a feature of its
own; here they only need to sit in state ``council`` with pending items."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from app.models import Proposal, ProposalItem
from app.models.base import new_id
from tests.support.builders import Builders, Headers

CSTD_BO = "chien_si_thi_dua_cap_bo"  # 90% of all members (R2024: Decree 98/2023 Art 30(7))
CO_BO = "co_thi_dua_bo"  # 80%
BANG_KHEN = "bang_khen_bo_truong"  # a form: no threshold, more than half of those present
COUNCILS = "/api/v1/councils"


def session_url(session_id: str, tail: str = "") -> str:
    return f"/api/v1/council-sessions/{session_id}{tail}"


def add_proposal(
    build: Builders,
    items: list[tuple[str, str]],
    *,
    status: str = "council",
    regime_code: str | None = "R2024",
    year: int = 2024,
    item_status: str = "pending",
) -> list[str]:
    """A proposal in ``status`` with one item per ``(subject, code)``: a subject is a person's or a unit's id
    (``person:<id>`` / ``unit:<id>``), the code a title's or a form's. Returns the items' ids in order."""
    unit_id = build.unit(name="Vụ Tổ chức cán bộ")["id"]
    ids = []
    with build.session_factory() as s:
        proposal = Proposal(
            id=new_id(),
            year=year,
            title=f"Đề nghị khen thưởng năm {year}",
            origin="unit",
            unit_id=unit_id,
            status=status,
            regime_code=regime_code,
        )
        s.add(proposal)
        s.flush()
        for position, (subject, code) in enumerate(items, start=1):
            kind, subject_id = subject.split(":", 1)
            form = code.startswith("bang_khen")
            item = ProposalItem(
                id=new_id(),
                proposal_id=proposal.id,
                position=position,
                unit_id=subject_id if kind == "unit" else None,
                person_id=subject_id if kind == "person" else None,
                title_code=None if form else code,
                form_code=code if form else None,
                achievements="Hoàn thành xuất sắc nhiệm vụ.",
                status=item_status,
            )
            s.add(item)
            ids.append(item.id)
        s.commit()
    return ids


class CouncilWorld:
    """The ministry's council for 2021–2026: fifteen members with accounts (member 0 the chair, member 1 the
    secretary), the secretariat, an admin, an observer and an officer who is not a member; a unit with
    people to propose."""

    SIZE = 15

    def __init__(self, build: Builders, size: int = SIZE) -> None:
        self.build = build
        self.client = build.client
        self.session_factory = build.session_factory
        self.unit = build.unit(name="Văn phòng Bộ")["id"]
        self._headers: dict[str, Headers] = {}
        self.secretariat = build.headers("secretariat")
        self.admin = build.headers("admin")
        self.observer = build.headers("observer")
        self.outsider = build.headers("officer", unit_id=self.unit)
        self.council_id = self.ok(
            self.client.post(
                COUNCILS,
                json={
                    "name": "Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ",
                    "authority": "Bộ Khoa học và Công nghệ",
                    "term_start": "2021-07-01",
                    "term_end": "2026-06-30",
                },
                headers=self.secretariat,
            ),
            201,
        )["id"]
        self.users = [
            build.user("officer", unit_id=self.unit, full_name=f"Thành Viên {i:02d}") for i in range(size)
        ]
        self.member_ids = [self.add_member(i) for i in range(size)]

    # ---- helpers -----------------------------------------------------------------------------------

    @staticmethod
    def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.text
        return dict(response.json())

    def add_member(self, i: int) -> str:
        role = "chair" if i == 0 else "vice_chair" if i in (2, 3) else "member"
        body = {
            "full_name": f"Thành Viên {i:02d}",
            "position": "Thứ trưởng" if i == 0 else "Vụ trưởng",
            "role": role,
            "is_secretary": i == 1,
            "user_id": self.users[i]["id"],
        }
        url = f"{COUNCILS}/{self.council_id}/members"
        return str(self.ok(self.client.post(url, json=body, headers=self.secretariat), 201)["id"])

    def member(self, i: int) -> Headers:
        user = self.users[i]
        if user["id"] not in self._headers:
            self._headers[user["id"]] = self.build.headers_of(user)
        return self._headers[user["id"]]

    @property
    def chair(self) -> Headers:
        return self.member(0)

    @property
    def secretary(self) -> Headers:
        return self.member(1)

    def person(self, name: str = "Nguyễn Văn An") -> str:
        return "person:" + str(self.build.person(self.unit, full_name=name)["id"])

    def proposal(self, items: list[tuple[str, str]], **kw: Any) -> list[str]:
        return add_proposal(self.build, items, **kw)

    # ---- a session ---------------------------------------------------------------------------------

    def session(self, agenda: list[str], held_on: date = date(2024, 12, 20)) -> str:
        body = {
            "held_on": held_on.isoformat(),
            "place": "Phòng họp số 1, 113 Trần Duy Hưng",
            "agenda": agenda,
        }
        return str(
            self.ok(
                self.client.post(
                    f"{COUNCILS}/{self.council_id}/sessions", json=body, headers=self.secretariat
                ),
                201,
            )["id"]
        )

    def attend(
        self, session_id: str, present: range | list[int], *, members: int | None = None, **substitutes: str
    ) -> dict[str, Any]:
        """Every member (or the first ``members``) present or not; ``m9="name"``: member 9's substitute."""
        lines = [
            {"member_id": m, "present": i in present}
            | ({"substitute_name": substitutes[f"m{i}"]} if f"m{i}" in substitutes else {})
            for i, m in enumerate(self.member_ids[:members])
        ]
        return self.ok(
            self.client.put(session_url(session_id, "/attendance"), json=lines, headers=self.secretary)
        )

    def act(self, session_id: str, action: str, headers: Headers | None = None) -> httpx.Response:
        r: httpx.Response = self.client.post(
            session_url(session_id, f"/{action}"), headers=headers or self.chair
        )
        return r

    def opened(self, agenda: list[str], present: range | list[int] | None = None) -> str:
        sid = self.session(agenda)
        self.attend(sid, present if present is not None else range(len(self.member_ids)))
        self.ok(self.act(sid, "open"))
        return sid

    def vote(self, session_id: str, i: int, choices: dict[str, str]) -> httpx.Response:
        url = session_url(session_id, "/ballots")
        r: httpx.Response = self.client.post(url, json={"choices": choices}, headers=self.member(i))
        return r

    def written(self, session_id: str, i: int, choices: dict[str, str]) -> httpx.Response:
        body = {"member_id": self.member_ids[i], "choices": choices}
        r: httpx.Response = self.client.post(
            session_url(session_id, "/written-votes"), json=body, headers=self.secretary
        )
        return r
