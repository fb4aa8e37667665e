"""The reference scenario, end to end through HTTP: the year-end conference of "Khối thi đua cơ quan Bộ"
on 29/12/2016 (../shared/seed/). The demo provides the bloc, its 16 units, the campaign and the logins
(``history=False``: the conference is what these tests play); every step after that is an API call with
a token obtained from /api/v1/auth/token, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from fastapi.testclient import TestClient

from app.demo import data, loader
from app.voting.tally import Rules, tally
from tests.support.documents import DOCX, Read

Headers = dict[str, str]
PASSWORD = "demo-password-for-the-2016-scenario"
API = "/api/v1"
HANOI = timezone(timedelta(hours=7))
CODES = [code for code, *_ in data.UNITS]
NAMES = {code: name for code, name, *_ in data.UNITS}


@dataclass
class Conference:
    client: TestClient
    login: Callable[[str, str], Headers]
    units: dict[str, str] = field(default_factory=dict)  # code → id
    codes: dict[str, str] = field(default_factory=dict)  # id → code
    delegates: list[Headers] = field(default_factory=list)  # in data.UNITS order
    delegate_ids: list[str] = field(default_factory=list)
    campaign_id: str = ""
    bloc_id: str = ""

    def __post_init__(self) -> None:
        self.leader = self.login(data.officer_username(data.LEADER_CODE), PASSWORD)
        self.secretariat = self.login(data.SECRETARIAT_USERNAME, PASSWORD)
        me = self.ok(self.client.get(f"{API}/auth/me", headers=self.leader))
        (membership,) = me["memberships"]
        assert membership["role"] == "leader" and membership["year"] == 2016
        self.campaign_id, self.bloc_id = membership["campaign_id"], membership["bloc_id"]
        units = self.ok(self.client.get(f"{API}/units", params={"limit": 100}, headers=self.leader))["items"]
        self.units = {u["code"]: u["id"] for u in units}
        self.codes = {v: k for k, v in self.units.items()}
        delegates = self.ok(
            self.client.get(f"{API}/blocs/{self.bloc_id}/years/2016/delegates", headers=self.leader)
        )["items"]
        by_unit = {d["unit_id"]: d["user_id"] for d in delegates}
        self.delegate_ids = [by_unit[self.units[code]] for code in CODES]
        self.delegates = [self.login(data.officer_username(code), PASSWORD) for code in CODES]

    @staticmethod
    def ok(r: Any, status: int = 200) -> Any:
        assert r.status_code == status, r.text
        return r.json()

    def ids(self, codes: list[str]) -> list[str]:
        return [self.units[c] for c in codes]

    def create(self, body: dict[str, Any], headers: Headers | None = None) -> dict[str, Any]:
        body = {"campaign_id": self.campaign_id, "electorate_user_ids": self.delegate_ids, **body}
        return self.ok(
            self.client.post(f"{API}/voting-sessions", json=body, headers=headers or self.leader), 201
        )

    def act(self, session_id: str, action: str, headers: Headers | None = None) -> dict[str, Any]:
        r = self.client.post(f"{API}/voting-sessions/{session_id}/{action}", headers=headers or self.leader)
        return self.ok(r)

    def vote(self, session_id: str, ballots: list[list[str]]) -> list[str]:
        """Delegate i casts ``ballots[i]`` (unit codes); returns the receipts."""
        assert len(ballots) == len(self.delegates)
        receipts = []
        for headers, codes in zip(self.delegates, ballots, strict=True):
            r = self.client.post(
                f"{API}/voting-sessions/{session_id}/ballots",
                json={"choices": self.ids(codes)},
                headers=headers,
            )
            receipts.append(self.ok(r, 201)["receipt"])
        return receipts

    def results(self, session_id: str, headers: Headers | None = None) -> dict[str, Any]:
        return self.ok(
            self.client.get(f"{API}/voting-sessions/{session_id}/results", headers=headers or self.leader)
        )

    def minutes(self, session_id: str, headers: Headers | None = None) -> Read:
        r = self.client.get(f"{API}/voting-sessions/{session_id}/minutes", headers=headers or self.leader)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == DOCX
        assert r.headers["content-disposition"].startswith("attachment; filename=")
        return Read(r.content)

    def awards(self, **params: Any) -> list[dict[str, Any]]:
        r = self.client.get(f"{API}/awards", params={"year": 2016, **params}, headers=self.delegates[0])
        return self.ok(r)["items"]

    def elect(self, body: dict[str, Any], ballots: list[list[str]]) -> tuple[dict[str, Any], list[str]]:
        """Create, open, vote and close a session; return it and the receipts."""
        vs = self.create(body)
        assert vs["status"] == "draft"
        assert self.act(vs["id"], "open")["status"] == "open"
        receipts = self.vote(vs["id"], ballots)
        turnout = self.ok(
            self.client.get(f"{API}/voting-sessions/{vs['id']}/turnout", headers=self.delegates[5])
        )
        assert turnout == {"electorate": 16, "voted": 16, "i_voted": True}
        closed = self.act(vs["id"], "close")
        assert closed["status"] == "closed"
        return closed, receipts


def expected(candidates: list[str], ballots: list[list[str]], seats: int) -> dict[str, Any]:
    """What the tally gives for unit codes (the same pure function the server runs)."""
    return tally(candidates, 16, ballots, Rules(seats=seats)).as_dict()


def results_in_codes(c: Conference, results: dict[str, Any]) -> dict[str, Any]:
    return {
        "electorate": results["electorate"],
        "ballots_cast": results["ballots_cast"],
        "blank": results["blank"],
        "quorum_met": results["quorum_met"],
        "candidates": [
            {
                "unit_id": c.codes[x["unit_id"]],
                "votes": x["votes"],
                "share": x["share"],
                "passes": x["passes"],
                "elected": x["elected"],
            }
            for x in results["candidates"]
        ],
        "elected": [c.codes[u] for u in results["elected"]],
        "tied": [c.codes[u] for u in results["tied"]],
        "unfilled_seats": results["unfilled_seats"],
    }


def hanoi_date(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).astimezone(HANOI).strftime("%d/%m/%Y")


def check_minutes(doc: Read, vs: dict[str, Any], results: dict[str, Any], title_name: str) -> None:
    """The minutes say what the results say, in Vietnamese, with the units' names."""
    c_names = {x["unit_id"]: x["unit_name"] for x in results["candidates"]}
    assert "BIÊN BẢN KIỂM PHIẾU" in doc.paragraphs
    assert data.BLOC_NAME.upper() in doc.paragraphs
    assert f"Bầu chọn đơn vị đề nghị tặng {title_name} năm 2016" in doc.text
    assert doc.value("Ngày kiểm phiếu") == hanoi_date(vs["closed_at"])
    assert doc.number("Số đại biểu được triệu tập") == results["electorate"] == 16
    assert doc.number("Số phiếu phát ra") == doc.number("Số phiếu thu về") == results["ballots_cast"]
    assert doc.number("Số phiếu trắng") == results["blank"]
    assert doc.number("Số vị trí chưa bầu được") == results["unfilled_seats"]
    table = doc.table()
    assert len(table) == len(results["candidates"])
    for x in results["candidates"]:
        votes, share, outcome = table[x["unit_name"]]
        assert votes == x["votes"]
        assert share == f"{x['share'] * 100:.2f}".replace(".", ",") + "%"
        assert outcome == (
            "Trúng cử"
            if x["elected"]
            else "Bằng phiếu"
            if x["unit_id"] in results["tied"]
            else "Không trúng cử"
        )
    if results["elected"]:
        assert doc.listed_after("Các đơn vị trúng cử") == [c_names[u] for u in results["elected"]]
    leader_at = doc.paragraphs.index("ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG")
    assert doc.paragraphs[leader_at + 1] == NAMES[data.LEADER_CODE]
    if vs["method"] == "electronic":
        assert "TRƯỞNG BAN KIỂM PHIẾU" in doc.paragraphs and "THƯ KÝ" in doc.paragraphs
    else:  # counted on paper: the committee signs, its head first, each by name
        assert "BAN KIỂM PHIẾU" in doc.paragraphs and "TRƯỞNG BAN" in doc.paragraphs
        assert "ỦY VIÊN" in doc.paragraphs


def load_demo(session_factory: Any, passwords: Any, *, history: bool) -> loader.DemoResult:
    with session_factory() as s:
        result = loader.load(s, passwords, PASSWORD, history=history)
        s.commit()
    return result


# ---- the conference, as the article tells it ------------------------------------------------------------


def test_the_2016_conference_end_to_end(
    client: TestClient, session_factory: Any, passwords: Any, login: Any
) -> None:
    load_demo(session_factory, passwords, history=False)
    c = Conference(client, login)
    assert c.awards() == []

    # 1. The ministry flag: 3 seats among the 16 members, the 16 delegates voting.
    ministry, receipts = c.elect(
        {
            "title_code": "co_thi_dua_bo",
            "name": data.MINISTRY_FLAG_SESSION_NAME,
            "seats": 3,
            "candidate_ids": c.ids(CODES),
        },
        data.MINISTRY_FLAG_BALLOTS,
    )
    assert ministry["candidate_ids"] == c.ids(CODES) and ministry["secret"] is True
    results = c.results(ministry["id"])
    assert results["status"] == "closed"
    assert results_in_codes(c, results) == expected(CODES, data.MINISTRY_FLAG_BALLOTS, 3)
    # The article's three: Vụ KHXH&TN, Vụ KH&CN KT-KT, Vụ ĐTG.
    assert sorted(c.codes[u] for u in results["elected"]) == ["DTG", "KHCNKTKT", "KHXHTN"]
    assert [c.codes[u] for u in results["elected"]] == data.MINISTRY_FLAG_ELECTED
    assert (results["ballots_cast"], results["blank"], results["tied"], results["unfilled_seats"]) == (
        16,
        1,
        [],
        0,
    )
    assert "ballots" not in results or results["ballots"] is None  # secret

    # Before publication the delegates see no result; the leader and the secretariat do.
    member = c.delegates[CODES.index("HTQT")]
    r = client.get(f"{API}/voting-sessions/{ministry['id']}/results", headers=member)
    assert r.status_code == 409 and r.json()["code"] == "results_not_available"
    r = client.get(f"{API}/voting-sessions/{ministry['id']}/minutes", headers=member)
    assert r.status_code == 409 and r.json()["code"] == "results_not_available"
    assert c.awards() == []
    # Every receipt was counted.
    for receipt in receipts:
        assert c.ok(
            client.get(f"{API}/voting-sessions/{ministry['id']}/receipts/{receipt}", headers=member)
        ) == {"counted": True}

    published = c.act(ministry["id"], "publish")
    assert published["status"] == "published"
    flags = c.awards(title_code="co_thi_dua_bo")
    assert sorted(a["unit_code"] for a in flags) == ["DTG", "KHCNKTKT", "KHXHTN"]
    assert {(a["status"], a["year"], a["source_session_id"]) for a in flags} == {
        ("proposed", 2016, ministry["id"])
    }
    assert c.results(ministry["id"], member)["status"] == "published"

    # 2. The government flag: 1 seat, the candidates being the ministry flag's winners.
    body = {
        "title_code": "co_thi_dua_chinh_phu",
        "name": data.GOVERNMENT_FLAG_SESSION_NAME,
        "seats": 1,
        "candidates_from": {"session_id": ministry["id"]},
    }
    government, _ = c.elect(body, data.GOVERNMENT_FLAG_BALLOTS)
    assert sorted(c.codes[u] for u in government["candidate_ids"]) == ["DTG", "KHCNKTKT", "KHXHTN"]
    assert government["max_choices"] == 1
    gov_results = c.results(government["id"])
    gov_candidates = [c.codes[u] for u in government["candidate_ids"]]
    assert results_in_codes(c, gov_results) == expected(gov_candidates, data.GOVERNMENT_FLAG_BALLOTS, 1)
    assert [c.codes[u] for u in gov_results["elected"]] == ["DTG"]
    c.act(government["id"], "publish")
    (gov_award,) = c.awards(title_code="co_thi_dua_chinh_phu")
    assert (gov_award["unit_code"], gov_award["status"], gov_award["source_session_id"]) == (
        "DTG",
        "proposed",
        government["id"],
    )

    # 3. The decisions: the secretariat records them; the leader may not.
    r = client.post(
        f"{API}/awards/{gov_award['id']}/decide",
        json={"decision_number": "1054/QĐ-TTg", "decision_date": "2017-07-20"},
        headers=c.leader,
    )
    assert r.status_code == 403
    for award in c.awards():
        number, day = data.AWARD_DECISIONS[award["title_code"]]
        decided = c.ok(
            client.post(
                f"{API}/awards/{award['id']}/decide",
                json={"decision_number": number, "decision_date": day},
                headers=c.secretariat,
            )
        )
        assert (decided["status"], decided["decision_number"], decided["decision_date"]) == (
            "decided",
            number,
            day,
        )
    final = sorted((a["title_code"], a["unit_code"], a["status"]) for a in c.awards())
    assert final == [
        ("co_thi_dua_bo", "DTG", "decided"),
        ("co_thi_dua_bo", "KHCNKTKT", "decided"),
        ("co_thi_dua_bo", "KHXHTN", "decided"),
        ("co_thi_dua_chinh_phu", "DTG", "decided"),
    ]

    # 4. The minutes of both ballots, read back from the DOCX, as a delegate downloads them.
    ministry = c.ok(client.get(f"{API}/voting-sessions/{ministry['id']}", headers=c.leader))
    check_minutes(c.minutes(ministry["id"], member), ministry, results, "Cờ thi đua của Bộ")
    doc = c.minutes(ministry["id"], member)
    assert doc.table()[NAMES["DTG"]] == (14, "87,50%", "Trúng cử")
    assert doc.table()[NAMES["CNC"]] == (3, "18,75%", "Không trúng cử")
    assert (doc.number("Số phiếu thu về"), doc.number("Số phiếu trắng")) == (16, 1)
    government = c.ok(client.get(f"{API}/voting-sessions/{government['id']}", headers=c.leader))
    gov_doc = c.minutes(government["id"], c.secretariat)
    check_minutes(gov_doc, government, gov_results, "Cờ thi đua của Chính phủ")
    assert gov_doc.table()[NAMES["DTG"]] == (12, "75,00%", "Trúng cử")
    assert gov_doc.listed_after("Các đơn vị trúng cử") == [NAMES["DTG"]]


# ---- a tie for the last seat, settled by a runoff --------------------------------------------------------

# 16 ballots: ĐTG 12, KHXH&TN 12, KH&CN KT-KT 10, CNC 10, VP 1, one blank: two units share the third seat.
_D, _X, _K, _C = "DTG", "KHXHTN", "KHCNKTKT", "CNC"
TIED_BALLOTS = [
    *[[_D, _X, _K]] * 5,
    *[[_D, _X, _C]] * 5,
    *[[_D, _K, _C]] * 2,
    *[[_X, _K, _C]] * 2,
    [_K, _C, "VP"],
    [],
]
RUNOFF_BALLOTS = [*[[_K]] * 10, *[[_C]] * 5, []]


def test_a_tie_for_the_last_seat_goes_to_a_runoff(
    client: TestClient, session_factory: Any, passwords: Any, login: Any
) -> None:
    load_demo(session_factory, passwords, history=False)
    c = Conference(client, login)
    first, _ = c.elect(
        {
            "title_code": "co_thi_dua_bo",
            "name": data.MINISTRY_FLAG_SESSION_NAME,
            "seats": 3,
            "candidate_ids": c.ids(CODES),
        },
        TIED_BALLOTS,
    )
    results = c.results(first["id"])
    assert results_in_codes(c, results) == expected(CODES, TIED_BALLOTS, 3)
    assert [c.codes[u] for u in results["elected"]] == [_X, _D]  # 12 each: in ballot order
    assert sorted(c.codes[u] for u in results["tied"]) == sorted([_K, _C])
    assert results["unfilled_seats"] == 1

    # The tie is in the minutes as it is in the results.
    doc = c.minutes(first["id"], c.secretariat)
    first = c.ok(client.get(f"{API}/voting-sessions/{first['id']}", headers=c.leader))
    check_minutes(doc, first, results, "Cờ thi đua của Bộ")
    assert doc.table()[NAMES[_K]] == (10, "62,50%", "Bằng phiếu")
    assert doc.number("Số vị trí chưa bầu được") == 1

    # The runoff: the tied units, the open seat, the same electorate and rules.
    r = client.post(f"{API}/voting-sessions/{first['id']}/runoff", headers=c.leader)
    runoff = c.ok(r, 201)
    assert runoff["status"] == "draft" and runoff["runoff_of"] == first["id"]
    assert sorted(runoff["candidate_ids"]) == sorted(results["tied"])
    assert runoff["seats"] == 1 and runoff["max_choices"] == 1
    assert sorted(runoff["electorate_user_ids"]) == sorted(c.delegate_ids)
    assert (runoff["threshold"], runoff["quorum"], runoff["secret"]) == (
        first["threshold"],
        first["quorum"],
        True,
    )
    r = client.post(f"{API}/voting-sessions/{runoff['id']}/runoff", headers=c.leader)
    assert r.status_code == 409 and r.json()["code"] == "no_runoff_needed"

    # The first session is published: its two clear winners are proposed.
    c.act(first["id"], "publish")
    assert sorted(a["unit_code"] for a in c.awards(title_code="co_thi_dua_bo")) == sorted([_D, _X])

    assert c.act(runoff["id"], "open")["status"] == "open"
    c.vote(runoff["id"], RUNOFF_BALLOTS)
    settled = c.act(runoff["id"], "close")
    runoff_results = c.results(runoff["id"])
    runoff_codes = [c.codes[u] for u in runoff["candidate_ids"]]
    assert results_in_codes(c, runoff_results) == expected(runoff_codes, RUNOFF_BALLOTS, 1)
    assert [c.codes[u] for u in runoff_results["elected"]] == [_K]
    assert (runoff_results["tied"], runoff_results["unfilled_seats"]) == ([], 0)
    r = client.post(f"{API}/voting-sessions/{runoff['id']}/runoff", headers=c.leader)
    assert r.status_code == 409 and r.json()["code"] == "no_runoff_needed"

    c.act(runoff["id"], "publish")
    flags = c.awards(title_code="co_thi_dua_bo")
    assert sorted(a["unit_code"] for a in flags) == sorted([_D, _X, _K])
    by_code = {a["unit_code"]: a for a in flags}
    assert by_code[_K]["source_session_id"] == runoff["id"]
    assert by_code[_D]["source_session_id"] == first["id"]

    runoff_doc = c.minutes(runoff["id"], c.delegates[0])
    check_minutes(runoff_doc, settled, runoff_results, "Cờ thi đua của Bộ")
    assert "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016 (bầu lại)" in runoff_doc.paragraphs
    assert runoff_doc.table()[NAMES[_K]] == (10, "62,50%", "Trúng cử")


# ---- the demo's history reads back as if it had been played ----------------------------------------------


def test_the_demo_history_reads_back_through_the_api(
    client: TestClient, session_factory: Any, passwords: Any, login: Any
) -> None:
    load_demo(session_factory, passwords, history=True)
    c = Conference(client, login)
    member = c.delegates[CODES.index("TC")]
    sessions = c.ok(
        client.get(f"{API}/voting-sessions", params={"campaign_id": c.campaign_id}, headers=member)
    )["items"]
    by_title = {s["title_code"]: s for s in sessions}
    assert set(by_title) == {"co_thi_dua_bo", "co_thi_dua_chinh_phu"}
    ministry, government = by_title["co_thi_dua_bo"], by_title["co_thi_dua_chinh_phu"]
    assert ministry["status"] == government["status"] == "published"
    assert government["candidates_from"] == {"session_id": ministry["id"]}

    results = c.results(ministry["id"], member)
    assert results_in_codes(c, results) == expected(CODES, data.MINISTRY_FLAG_BALLOTS, 3)
    gov_results = c.results(government["id"], member)
    gov_codes = [c.codes[u] for u in government["candidate_ids"]]
    assert results_in_codes(c, gov_results) == expected(gov_codes, data.GOVERNMENT_FLAG_BALLOTS, 1)

    doc = c.minutes(ministry["id"], member)
    check_minutes(doc, ministry, results, "Cờ thi đua của Bộ")
    assert doc.value("Ngày kiểm phiếu") == "29/12/2016"
    check_minutes(c.minutes(government["id"], member), government, gov_results, "Cờ thi đua của Chính phủ")

    # By title: with its history the demo holds the people's titles of 2016 too.
    flags = [
        a
        for title_code in (data.MINISTRY_FLAG, data.GOVERNMENT_FLAG)
        for a in c.awards(title_code=title_code)
    ]
    awards = sorted((a["title_code"], a["unit_code"], a["status"], a["decision_number"]) for a in flags)
    assert awards == [
        ("co_thi_dua_bo", "DTG", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_bo", "KHCNKTKT", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_bo", "KHXHTN", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_chinh_phu", "DTG", "decided", "1054/QĐ-TTg"),
    ]
    # History is closed: a published session takes no ballot (the ministry flag's were cast on paper and
    # counted by the committee, so nobody is on record as having voted in it electronically).
    r = client.post(f"{API}/voting-sessions/{ministry['id']}/ballots", json={"choices": []}, headers=member)
    assert r.status_code == 409
