"""The bloc's year summary (GET /campaigns/{id}/summary) through HTTP, on SQLite and PostgreSQL: one year
played through the API (members, pledge, reports, scores, ballots, awards), then read back as JSON, as a
workbook and as the Word year report; who may read it; and a constant number of statements."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

import docx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import insert

from app.core.time import VN_TZ
from app.models import Award, Report, Unit, VotingSession
from app.models.base import new_id
from app.reports import service as reports_service
from app.summary import docx as summary_docx
from app.summary import xlsx as summary_xlsx
from tests.support.builders import BlocYear, Builders, Headers, insert_criteria, sign_pledge
from tests.support.db import counting
from tests.support.disposition import assert_download_named
from tests.support.documents import DOCX, XLSX, assert_nd30, assert_sheet_layout, data_tables, reading_order
from tests.support.problems import problem

API = "/api/v1"
MINISTRY_FLAG, EXCELLENT, MINISTER = (
    "co_thi_dua_bo",
    "tap_the_lao_dong_xuat_sac",
    "tap_the_lao_dong_tien_tien",
)
# code, name: the codes sort in this order, so "by unit code" is A, B, C, D.
UNITS = [
    ("KHTC", "Vụ Kế hoạch – Tài chính"),
    ("TCCB", "Vụ Tổ chức cán bộ"),
    ("VKHXH", "Vụ Khoa học Xã hội và Tự nhiên"),
    ("VPC", "=Vụ Pháp chế"),  # typed by a person; a spreadsheet must not run it
]
PART_KEYS = {
    "campaign",
    "bloc",
    "generated_at",
    "members",
    "pledge",
    "reports",
    "ranking",
    "sessions",
    "awards",
    "awards_cash_vnd",
}


def summary_url(campaign_id: str, fmt: str | None = None) -> str:
    return f"{API}/campaigns/{campaign_id}/summary" + (f"?format={fmt}" if fmt else "")


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


class Year(BlocYear):
    """Bloc-year 2016: A (KHTC) leads, B (TCCB) deputises, C (VKHXH) and D (VPC) are members; one officer
    (delegate) per unit; the campaign with report deadlines 30/06/2016 and 31/12/2016."""

    def __init__(self, build: Builders) -> None:
        super().__init__(
            build,
            units=[{"code": code, "name": name} for code, name in UNITS],
            code="KHOI_CQB",
            campaign={
                "title": "Phong trào thi đua năm 2016",
                "theme": "Nâng cao trách nhiệm – Phối hợp hiệu quả",
                "mid_year_report_deadline": date(2016, 6, 30),
                "annual_report_deadline": date(2016, 12, 31),
            },
            delegates=True,
        )
        self.name = {u: name for u, (_code, name) in zip(self.units, UNITS, strict=True)}
        self.code = {u: code for u, (code, _name) in zip(self.units, UNITS, strict=True)}
        self.session_ids: dict[str, str] = {}
        self.award_id = ""

    def summary(self, headers: Headers | None = None, fmt: str | None = None) -> Any:
        return self.client.get(summary_url(self.cid, fmt), headers=headers or self.secretariat)

    def download(self, fmt: str, content_type: str, filename: str) -> bytes:
        """The summary as the leader downloads it in ``fmt``: asserts the type and file name, returns the
        file."""
        r = self.summary(self.leader, fmt)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == content_type
        assert_download_named(r.headers["content-disposition"], filename)
        return bytes(r.content)

    # ---- the year, through the API ---------------------------------------------------------------------

    def play(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pledge()
        self.reports(monkeypatch)
        self.scores()
        self.ballots()

    def pledge(self) -> None:
        base = f"{API}/campaigns/{self.cid}/pledge"
        body = {
            "title": "Giao ước thi đua năm 2016",
            "commitments": [{"text": "Hoàn thành xuất sắc nhiệm vụ."}],
        }
        ok(self.client.put(base, json=body, headers=self.leader))
        ok(self.client.post(f"{base}/open", headers=self.leader))
        for unit, headers, who in (
            (self.a, self.secretariat, ("Nguyễn Văn An", "Vụ trưởng")),
            (self.c, self.member, ("Trần Thị Bình", "Phó Vụ trưởng")),
        ):
            sig = {"unit_id": unit, "signatory_name": who[0], "signatory_position": who[1]}
            ok(self.client.post(f"{base}/signatures", json=sig, headers=headers), 201)

    def reports(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for unit, kind, at in (
            (self.a, "mid_year", datetime(2016, 6, 20, 3, 0, tzinfo=UTC)),
            (self.a, "annual", datetime(2016, 12, 20, 3, 0, tzinfo=UTC)),
            (self.a, "annual", datetime(2016, 12, 25, 3, 0, tzinfo=UTC)),  # version 2 counts
            (self.b, "annual", datetime(2017, 1, 5, 3, 0, tzinfo=UTC)),  # late
            (self.c, "mid_year", datetime(2016, 7, 15, 3, 0, tzinfo=UTC)),  # late
        ):
            monkeypatch.setattr(reports_service, "utcnow", lambda at=at: at)
            body = {
                "unit_id": unit,
                "kind": kind,
                "title": f"Báo cáo {kind} năm 2016",
                "sections": [{"heading": "I. Kết quả", "body": "Hoàn thành nhiệm vụ."}],
            }
            ok(
                self.client.post(
                    f"{API}/campaigns/{self.cid}/reports", json=body, headers=self.officer(unit)
                ),
                201,
            )
        monkeypatch.undo()

    def scores(self) -> None:
        insert_criteria(self.session_factory, self.cid)
        for unit, stage, entries in (
            (self.a, "self", [("1.1", 10), ("1.2", 20)]),  # 30
            (self.b, "self", [("1.1", 9), ("1.2", 18), ("2.1", 2.5)]),  # 29.5
            (self.c, "self", [("1.1", 5), ("1.2", 5)]),  # 10
            (self.c, "review", [("1.1", 6), ("1.2", 7), ("2.2", 1)]),  # 12: the review counts
        ):
            url = f"{API}/campaigns/{self.cid}/units/{unit}/scores/{stage}"
            body = {"entries": [{"criterion": c, "points": p} for c, p in entries]}
            ok(self.client.put(url, json=body, headers=self.secretariat))
            ok(self.client.post(f"{url}/submit", headers=self.secretariat))

    def session(
        self, title_code: str, name: str, seats: int, candidates: list[str], secret: bool = True
    ) -> str:
        body = {
            "secret": secret,
            "campaign_id": self.cid,
            "title_code": title_code,
            "name": name,
            "seats": seats,
            "candidate_ids": candidates,
            "electorate_user_ids": self.delegate_ids,
        }
        sid: str = ok(self.client.post(f"{API}/voting-sessions", json=body, headers=self.leader), 201)["id"]
        ok(self.client.post(f"{API}/voting-sessions/{sid}/open", headers=self.leader))
        return sid

    def vote(self, sid: str, ballots: list[list[str] | None]) -> None:
        for unit, choices in zip(self.units, ballots, strict=True):
            if choices is not None:
                r = self.client.post(
                    f"{API}/voting-sessions/{sid}/ballots",
                    json={"choices": choices},
                    headers=self.officer(unit),
                )
                ok(r, 201)

    def ballots(self) -> None:
        a, b, c, d = self.units
        flag = self.session(MINISTRY_FLAG, "Bỏ phiếu suy tôn Cờ thi đua của Bộ năm 2016", 1, [a, b, c])
        self.vote(flag, [[a], [a], [a], [b]])
        for action in ("close", "publish"):
            ok(self.client.post(f"{API}/voting-sessions/{flag}/{action}", headers=self.leader))
        excellent = self.session(EXCELLENT, "Bình xét Tập thể lao động xuất sắc", 2, [b, c, d], secret=False)
        self.vote(excellent, [[b, c], [b, c], [b], []])
        ok(self.client.post(f"{API}/voting-sessions/{excellent}/close", headers=self.leader))  # not published
        minister = self.session(MINISTER, "Bình xét Tập thể lao động tiên tiến", 1, [c, d])  # still open
        self.session_ids = {"flag": flag, "excellent": excellent, "minister": minister}
        (award,) = ok(self.client.get(f"{API}/awards", params={"year": 2016}, headers=self.secretariat))[
            "items"
        ]
        self.award_id = award["id"]
        decision = {"decision_number": "245/QĐ-BKHCN", "decision_date": "2017-02-10"}
        ok(self.client.post(f"{API}/awards/{self.award_id}/decide", json=decision, headers=self.secretariat))
        # Another award of the year to a member (not from a ballot), revoked; and one outside the bloc.
        with self.session_factory() as s:
            outside = Unit(id=new_id(), code="CTPN", name="Cục Công tác phía Nam", search_text="cuc cong tac")
            s.add(outside)
            s.flush()
            s.add_all(
                [
                    Award(
                        id=new_id(),
                        unit_id=d,
                        title_code=MINISTER,
                        year=2016,
                        status="revoked",
                        revoked_reason="Vi phạm quy định về hồ sơ",
                    ),
                    Award(id=new_id(), unit_id=outside.id, title_code=MINISTER, year=2016, status="decided"),
                ]
            )
            s.commit()


@pytest.fixture
def year(build: Builders) -> Year:
    return Year(build)


@pytest.fixture
def played(year: Year, monkeypatch: pytest.MonkeyPatch) -> Year:
    year.play(monkeypatch)
    return year


def unit(y: Year, u: str) -> dict[str, str]:
    return {"unit_id": u, "unit_code": y.code[u], "unit_name": y.name[u]}


# ---- JSON --------------------------------------------------------------------------------------------


def test_the_summary_gives_every_part_of_the_year(played: Year) -> None:
    y = played
    a, b, c, d = y.units
    body = ok(y.summary(y.leader))
    assert set(body) == PART_KEYS
    assert body["campaign"]["id"] == y.cid
    assert (body["campaign"]["year"], body["campaign"]["title"]) == (2016, "Phong trào thi đua năm 2016")
    assert body["bloc"] == {"id": y.bloc["id"], "code": "KHOI_CQB", "name": "Khối thi đua thử"}

    assert body["members"] == [
        {**unit(y, a), "role": "leader"},
        {**unit(y, b), "role": "deputy"},
        {**unit(y, c), "role": "member"},
        {**unit(y, d), "role": "member"},
    ]

    pledge = body["pledge"]
    assert (pledge["status"], pledge["title"]) == ("open", "Giao ước thi đua năm 2016")
    assert [{k: v for k, v in s.items() if k != "signed_at"} for s in pledge["signed"]] == [
        {**unit(y, a), "signatory_name": "Nguyễn Văn An", "signatory_position": "Vụ trưởng"},
        {**unit(y, c), "signatory_name": "Trần Thị Bình", "signatory_position": "Phó Vụ trưởng"},
    ]
    assert pledge["unsigned"] == [unit(y, b), unit(y, d)]

    reports = body["reports"]
    assert [(r["unit_id"], r["kind"], r["version"], r["late"]) for r in reports["received"]] == [
        (a, "mid_year", 1, False),
        (a, "annual", 2, False),
        (b, "annual", 1, True),
        (c, "mid_year", 1, True),
    ]
    assert reports["received"][1]["submitted_at"] == "2016-12-25T03:00:00Z"
    assert [(r["unit_id"], r["kind"]) for r in reports["late"]] == [(b, "annual"), (c, "mid_year")]
    assert reports["missing"] == [
        {**unit(y, b), "kind": "mid_year", "deadline": "2016-06-30", "overdue": True},
        {**unit(y, c), "kind": "annual", "deadline": "2016-12-31", "overdue": True},
        {**unit(y, d), "kind": "mid_year", "deadline": "2016-06-30", "overdue": True},
        {**unit(y, d), "kind": "annual", "deadline": "2016-12-31", "overdue": True},
    ]

    assert [
        (r["unit_id"], r["rank"], r["total"], r["self_total"], r["review_total"]) for r in body["ranking"]
    ] == [
        (a, 1, 30.0, 30.0, None),
        (b, 2, 29.5, 29.5, None),
        (c, 3, 12.0, 10.0, 12.0),
        (d, None, None, None, None),
    ]
    assert body["ranking"][1] == {
        **unit(y, b),
        "rank": 2,
        "total": 29.5,
        "self_total": 29.5,
        "review_total": None,
        "standard_total": 27.0,
        "bonus_total": 2.5,
        "penalty_total": 0.0,
        "tied": False,
    }
    # The ranking is the ranking endpoint's, item for item.
    assert body["ranking"] == ok(y.client.get(f"{API}/campaigns/{y.cid}/ranking", headers=y.leader))["items"]


def test_sessions_show_their_results_to_the_reader(played: Year) -> None:
    y = played
    a, b, c, d = y.units
    sessions = ok(y.summary(y.secretariat))["sessions"]
    assert [(s["id"], s["status"], s["title_name"]) for s in sessions] == [
        (y.session_ids["flag"], "published", "Cờ thi đua của Bộ"),
        (y.session_ids["excellent"], "closed", "Tập thể lao động xuất sắc"),
        (y.session_ids["minister"], "open", "Tập thể lao động tiên tiến"),
    ]
    flag, excellent, minister = sessions
    assert flag["result"] == {
        "electorate": 4,
        "ballots_cast": 4,
        "blank": 0,
        "quorum_met": True,
        "candidates": [
            {**unit(y, a), "votes": 3, "share": 0.75, "passes": True, "elected": True, "tied": False},
            {**unit(y, b), "votes": 1, "share": 0.25, "passes": False, "elected": False, "tied": False},
            {**unit(y, c), "votes": 0, "share": 0.0, "passes": False, "elected": False, "tied": False},
        ],
        "elected": [a],
        "elected_units": [unit(y, a)],
        "tied": [],
        "tied_units": [],
        "unfilled_seats": 0,
    }
    # Closed, not yet published: the leader, the secretariat and observers see it; the summary says so.
    assert [(x["unit_id"], x["votes"], x["elected"]) for x in excellent["result"]["candidates"]] == [
        (b, 3, True),
        (c, 2, False),
        (d, 0, False),
    ]
    assert (excellent["result"]["blank"], excellent["result"]["unfilled_seats"]) == (1, 1)
    assert minister["result"] is None  # open: nobody sees a result yet
    for headers in (y.leader, y.deputy, y.observer):
        assert ok(y.summary(headers))["sessions"] == sessions
    # The summary never names a voter, even for a session with `secret: false` whose results do.
    results = ok(y.client.get(f"{API}/voting-sessions/{excellent['id']}/results", headers=y.leader))
    assert {b["user_id"] for b in results["ballots"]} == set(y.delegate_ids)
    assert set(excellent["result"]) == set(flag["result"])
    assert not any(user_id in str(sessions) for user_id in y.delegate_ids)


def test_results_hidden_from_the_reader_are_null(played: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary asks ``results_visible`` for each session; where it says no, the result is null and the
    status still shows."""
    from app.voting import visibility

    y = played
    monkeypatch.setattr(visibility, "results_visible", lambda _s, _p, vs, **_kw: vs.status == "published")
    sessions = ok(y.summary(y.leader))["sessions"]
    assert [(s["status"], s["result"] is None) for s in sessions] == [
        ("published", False),
        ("closed", True),
        ("open", True),
    ]


def test_awards_with_their_decisions(played: Year) -> None:
    y = played
    a, _b, _c, d = y.units
    awards = ok(y.summary(y.observer))["awards"]
    assert [
        (
            x["unit_id"],
            x["unit_name"],
            x["title_code"],
            x["title_name"],
            x["status"],
            x["decision_number"],
            x["decision_date"],
            x["revoked_reason"],
            x["source_session_id"],
        )
        for x in awards
    ] == [
        (
            a,
            y.name[a],
            MINISTRY_FLAG,
            "Cờ thi đua của Bộ",
            "decided",
            "245/QĐ-BKHCN",
            "2017-02-10",
            None,
            y.session_ids["flag"],
        ),
        (
            d,
            y.name[d],
            MINISTER,
            "Tập thể lao động tiên tiến",
            "revoked",
            None,
            None,
            "Vi phạm quy định về hồ sơ",
            None,
        ),
    ]  # not the award of the unit outside the bloc
    assert awards[0]["id"] == y.award_id and awards[0]["campaign_id"] == y.cid


def test_an_empty_year_reads_as_such(year: Year) -> None:
    body = ok(year.summary(year.leader))
    assert body["pledge"] == {
        "status": None,
        "title": None,
        "signed": [],
        "unsigned": [unit(year, u) for u in year.units],
    }
    assert body["reports"]["received"] == body["reports"]["late"] == []
    assert len(body["reports"]["missing"]) == 8
    assert [r["rank"] for r in body["ranking"]] == [None] * 4
    assert body["sessions"] == body["awards"] == []
    # The files are made from an empty year too.
    assert year.summary(year.leader, "xlsx").status_code == 200
    assert year.summary(year.leader, "docx").status_code == 200


# ---- who may read it -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "deputy", "secretariat", "observer"])
def test_the_leader_secretariat_and_observers_read_it(year: Year, who: str) -> None:
    headers = {
        "leader": year.leader,
        "deputy": year.deputy,
        "secretariat": year.secretariat,
        "observer": year.observer,
    }[who]
    r = year.summary(headers)
    assert r.status_code == 200, r.text
    assert r.json()["campaign"]["id"] == year.cid


@pytest.mark.parametrize(
    "who", ["member", "outsider", "other_leader", "admin", "results_client", "unit_client"]
)
def test_everyone_else_is_refused_with_403(
    year: Year,
    who: str,
    make_bloc: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
    make_unit: Callable[..., dict[str, Any]],
) -> None:
    if who == "member":
        headers = year.member
    elif who == "outsider":
        headers = officer_of(make_unit()["id"])
    elif who == "other_leader":  # leads another bloc the same year
        other = make_bloc(2, year=2016)
        headers = officer_of(other["leader"])
    elif who == "admin":
        headers = headers_for("admin")
    elif who == "results_client":
        headers = make_client_token(["results:read"])
    else:
        headers = make_client_token(["reports:write"], year.a)
    r = year.summary(headers)
    problem(r, 403, "forbidden")
    assert year.summary(headers, "docx").status_code == 403


def test_the_files_have_operations_of_their_own(played: Year) -> None:
    """GET …/summary.xlsx and …/summary.docx give the files of ?format=xlsx and ?format=docx, each the
    only media type of its operation (a generated client hands back bytes, never a JSON parse)."""
    y = played
    book = y.client.get(f"{API}/campaigns/{y.cid}/summary.xlsx", headers=y.leader)
    assert (book.status_code, book.headers["content-type"]) == (200, XLSX)
    assert_download_named(
        book.headers["content-disposition"], "Tổng hợp thi đua 2016 - Khối thi đua thử.xlsx"
    )
    by_format = load_workbook(
        BytesIO(y.download("xlsx", XLSX, "Tổng hợp thi đua 2016 - Khối thi đua thử.xlsx"))
    )
    own = load_workbook(BytesIO(book.content))
    assert own.sheetnames == by_format.sheetnames
    for title in own.sheetnames[1:]:  # the first sheet says when it was made
        assert list(own[title].values) == list(by_format[title].values), title

    report = y.client.get(f"{API}/campaigns/{y.cid}/summary.docx", headers=y.secretariat)
    assert (report.status_code, report.headers["content-type"]) == (200, DOCX)
    name = "Báo cáo tổng kết thi đua 2016 - Khối thi đua thử.docx"
    assert_download_named(report.headers["content-disposition"], name)
    assert YearReport(report.content).tables == YearReport(y.download("docx", DOCX, name)).tables

    for path in ("summary.xlsx", "summary.docx"):
        problem(y.client.get(f"{API}/campaigns/{y.cid}/{path}", headers=y.member), 403, "forbidden")
        problem(y.client.get(f"{API}/campaigns/{uuid.uuid4()}/{path}", headers=y.leader), 404, "not_found")
        problem(y.client.get(f"{API}/campaigns/{y.cid}/{path}"), 401, "not_authenticated")

    paths = y.client.get("/openapi.json").json()["paths"]
    for path, media_type in (("summary.xlsx", XLSX), ("summary.docx", DOCX)):
        ok = paths[f"/api/v1/campaigns/{{campaign_id}}/{path}"]["get"]["responses"]["200"]
        assert ok["content"] == {media_type: {"schema": {"type": "string", "format": "binary"}}}
        assert "Content-Disposition" in ok["headers"]


def test_the_leader_of_another_year_is_refused(
    year: Year, make_bloc: Callable[..., dict[str, Any]], officer_of: Callable[[str], Headers]
) -> None:
    # D leads the same bloc in 2017, and is a plain member in 2016.
    make_bloc(unit_ids=[year.d, year.c], year=2017, bloc_id=year.bloc["id"])
    assert year.summary(officer_of(year.d)).status_code == 403


def test_unauthenticated_unknown_campaign_and_unknown_format(year: Year) -> None:
    r = year.client.get(summary_url(year.cid))
    assert (r.status_code, r.headers["www-authenticate"]) == (401, "Bearer")
    r = year.client.get(summary_url(new_id()), headers=year.secretariat)
    problem(r, 404, "not_found")
    r = year.client.get(summary_url("x" * 65), headers=year.secretariat)
    assert r.status_code == 404
    r = year.summary(year.secretariat, "pdf")
    problem(r, 422, "validation_error")


# ---- the workbook ---------------------------------------------------------------------------------------


def test_the_workbook_layout(played: Year) -> None:
    """Frozen bold headers, fitted widths and each column in its number format."""
    content = played.download("xlsx", XLSX, "Tổng hợp thi đua 2016 - Khối thi đua thử.xlsx")
    assert_sheet_layout(
        content,
        {
            "Thành viên": {"STT": "#,##0", "Đơn vị": "@"},
            "Báo cáo": {"Thời điểm nộp": "dd/mm/yyyy hh:mm", "Phiên bản": "#,##0"},
            "Xếp hạng": {"Tổng điểm": "0.00", "Điểm thưởng": "0.00", "Hạng": "#,##0"},
            "Bỏ phiếu": {"Tỷ lệ": "0.00%", "Số phiếu": "#,##0"},
            "Khen thưởng": {"Ngày quyết định": "dd/mm/yyyy", "Tiền thưởng": '#,##0 "₫"'},
        },
    )


def test_the_workbook_has_a_sheet_per_part_with_the_numbers(played: Year) -> None:
    y = played
    a, b, c, _d = y.units
    book = load_workbook(BytesIO(y.download("xlsx", XLSX, "Tổng hợp thi đua 2016 - Khối thi đua thử.xlsx")))
    assert book.sheetnames == list(summary_xlsx.SHEETS)
    assert book.sheetnames == [
        "Phong trào",
        "Thành viên",
        "Giao ước",
        "Báo cáo",
        "Xếp hạng",
        "Bỏ phiếu",
        "Khen thưởng",
    ]

    def rows(title: str) -> list[list[Any]]:
        return [list(row) for row in book[title].iter_rows(values_only=True)]

    facts = dict((k, v) for k, v in rows("Phong trào")[1:])
    assert facts["Năm"] == 2016
    assert facts["Khối thi đua"] == "Khối thi đua thử"
    assert (
        facts["Số đơn vị thành viên"],
        facts["Số đơn vị đã ký giao ước"],
        facts["Số đơn vị chưa ký giao ước"],
    ) == (
        4,
        2,
        2,
    )
    assert (facts["Số báo cáo đã nhận"], facts["Số báo cáo nộp muộn"], facts["Số báo cáo còn thiếu"]) == (
        4,
        2,
        4,
    )
    assert (facts["Số phiên bỏ phiếu"], facts["Số khen thưởng"]) == (3, 2)
    assert facts["Hạn báo cáo sơ kết"] == datetime(2016, 6, 30)  # a date cell

    members = rows("Thành viên")
    assert [m[:4] for m in members[1:]] == [
        [1, "KHTC", y.name[a], "Khối trưởng"],
        [2, "TCCB", y.name[b], "Khối phó"],
        [3, "VKHXH", y.name[c], "Thành viên"],
        [4, "VPC", "=Vụ Pháp chế", "Thành viên"],
    ]
    assert book["Thành viên"].cell(row=5, column=3).data_type == "s"  # text, never a formula

    pledge = rows("Giao ước")
    assert [(p[1], p[3], p[4]) for p in pledge[1:]] == [
        ("KHTC", "Đã ký", "Nguyễn Văn An"),
        ("VKHXH", "Đã ký", "Trần Thị Bình"),
        ("TCCB", "Chưa ký", None),
        ("VPC", "Chưa ký", None),
    ]
    assert isinstance(pledge[1][6], datetime)

    reports = rows("Báo cáo")
    assert [(x[1], x[3], x[4], x[5]) for x in reports[1:]] == [
        ("KHTC", "Báo cáo sơ kết 6 tháng", "Đúng hạn", 1),
        ("KHTC", "Báo cáo tổng kết năm", "Đúng hạn", 2),
        ("TCCB", "Báo cáo tổng kết năm", "Nộp muộn", 1),
        ("VKHXH", "Báo cáo sơ kết 6 tháng", "Nộp muộn", 1),
        ("TCCB", "Báo cáo sơ kết 6 tháng", "Chưa nộp", None),
        ("VKHXH", "Báo cáo tổng kết năm", "Chưa nộp", None),
        ("VPC", "Báo cáo sơ kết 6 tháng", "Chưa nộp", None),
        ("VPC", "Báo cáo tổng kết năm", "Chưa nộp", None),
    ]
    assert reports[2][6] == datetime(2016, 12, 25, 10, 0)  # Vietnam time

    ranking = rows("Xếp hạng")
    assert [x[:9] for x in ranking[1:]] == [
        [1, "KHTC", y.name[a], 30, 30, None, 30, 0, 0],
        [2, "TCCB", y.name[b], 29.5, 29.5, None, 27, 2.5, 0],
        [3, "VKHXH", y.name[c], 12, 10, 12, 13, 0, 1],
        [None, "VPC", "=Vụ Pháp chế", None, None, None, None, None, None],
    ]

    ballots = rows("Bỏ phiếu")
    flag = [x for x in ballots[1:] if x[13] == y.session_ids["flag"]]
    assert [(x[4], x[5], x[6], x[8], x[10], x[11], x[12]) for x in flag] == [
        (4, 4, 0, "KHTC", 3, 0.75, "Trúng cử"),
        (4, 4, 0, "TCCB", 1, 0.25, "Không trúng cử"),
        (4, 4, 0, "VKHXH", 0, 0, "Không trúng cử"),
    ]
    assert book["Bỏ phiếu"].cell(row=2, column=12).number_format == "0.00%"
    excellent = [x for x in ballots[1:] if x[13] == y.session_ids["excellent"]]
    assert [(x[6], x[8], x[10], x[12]) for x in excellent] == [
        (1, "TCCB", 3, "Trúng cử"),
        (1, "VKHXH", 2, "Không trúng cử"),
        (1, "VPC", 0, "Không trúng cử"),
    ]
    (minister,) = [x for x in ballots[1:] if x[13] == y.session_ids["minister"]]
    assert (minister[2], minister[4], minister[10], minister[12]) == (
        "Đang bỏ phiếu",
        None,
        None,
        "Chưa có kết quả",
    )

    awards = rows("Khen thưởng")
    assert [x[1:8] for x in awards[1:]] == [
        [
            "KHTC",
            y.name[a],
            "Cờ thi đua của Bộ",
            2016,
            "Đã có quyết định",
            "245/QĐ-BKHCN",
            datetime(2017, 2, 10),
        ],
        ["VPC", "=Vụ Pháp chế", "Tập thể lao động tiên tiến", 2016, "Đã thu hồi", None, None],
    ]


# ---- the Word year report -------------------------------------------------------------------------------


class YearReport:
    """What a reader of the year report sees: the paragraphs, the headings, and each table as rows."""

    def __init__(self, content: bytes) -> None:
        document = docx.Document(BytesIO(content))
        self.paragraphs = [p.text for p in reading_order(document)]
        self.headings = [
            (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
        ]
        self.tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in data_tables(document)]

    def table(self, *header: str) -> list[list[str]]:
        """The rows (without the header) of the one table whose header starts with ``header``."""
        (found,) = [t for t in self.tables if tuple(t[0][: len(header)]) == header]
        return found[1:]

    def value(self, label: str) -> str:
        found = [p.split(":", 1)[1].strip() for p in self.paragraphs if p.startswith(f"{label}:")]
        assert len(found) == 1, (label, found)
        return found[0]


def test_the_year_report_follows_nd30(played: Year) -> None:
    """Letterhead with "Số: …/BC-…" and the date it was made, title, tables with repeated header rows
    and fitted widths, page numbers, signature and recipients, fonts, margins, language and author
    (tests/support/documents.assert_nd30)."""
    y = played
    on = datetime.now(VN_TZ).date()
    content = y.download("docx", DOCX, "Báo cáo tổng kết thi đua 2016 - Khối thi đua thử.docx")
    if datetime.now(VN_TZ).date() != on:  # midnight in Hanoi passed meanwhile: ask again
        on = datetime.now(VN_TZ).date()
        content = y.download("docx", DOCX, "Báo cáo tổng kết thi đua 2016 - Khối thi đua thử.docx")
    assert_nd30(
        content,
        issuer="Khối thi đua thử",
        kind="BÁO CÁO",
        subject="Công tác thi đua năm 2016",
        title="Báo cáo công tác thi đua năm 2016",
        on=on,
    )


def test_the_year_report_reads_back(played: Year) -> None:
    y = played
    a, b, c, d = y.units
    doc = YearReport(y.download("docx", DOCX, "Báo cáo tổng kết thi đua 2016 - Khối thi đua thử.docx"))
    assert doc.headings[0] == ("Heading 1", "BÁO CÁO")
    assert doc.paragraphs[doc.paragraphs.index("BÁO CÁO") + 1] == "Công tác thi đua năm 2016"
    assert [text for style, text in doc.headings if style == "Heading 2"] == list(summary_docx.PARTS)
    assert [text for style, text in doc.headings if style == "Heading 3"] == [
        "1. Bỏ phiếu suy tôn Cờ thi đua của Bộ năm 2016",
        "2. Bình xét Tập thể lao động xuất sắc",
        "3. Bình xét Tập thể lao động tiên tiến",
    ]
    assert "KHỐI THI ĐUA THỬ" in doc.paragraphs
    assert "Chủ đề: “Nâng cao trách nhiệm – Phối hợp hiệu quả”" in doc.paragraphs

    assert doc.value("Số đơn vị thành viên") == "4"
    assert doc.value("Đơn vị Khối trưởng") == y.name[a]
    assert doc.table("STT", "Đơn vị", "Mã đơn vị", "Vai trò") == [
        ["1", y.name[a], "KHTC", "Khối trưởng"],
        ["2", y.name[b], "TCCB", "Khối phó"],
        ["3", y.name[c], "VKHXH", "Thành viên"],
        ["4", y.name[d], "VPC", "Thành viên"],
    ]

    assert doc.value("Số đơn vị đã ký") == "2/4"
    assert [row[:4] for row in doc.table("STT", "Đơn vị", "Người ký")] == [
        ["1", y.name[a], "Nguyễn Văn An", "Vụ trưởng"],
        ["2", y.name[c], "Trần Thị Bình", "Phó Vụ trưởng"],
    ]
    assert doc.table("STT", "Đơn vị chưa ký") == [["1", y.name[b], "TCCB"], ["2", y.name[d], "VPC"]]

    assert (
        doc.value("Số báo cáo đã nhận"),
        doc.value("Số báo cáo nộp muộn"),
        doc.value("Số báo cáo còn thiếu"),
    ) == (
        "4",
        "2",
        "4",
    )
    assert doc.table("STT", "Đơn vị", "Loại báo cáo", "Thời điểm nộp") == [
        ["1", y.name[a], "Báo cáo sơ kết 6 tháng", "10:00 20/06/2016", "1", "Đúng hạn"],
        ["2", y.name[a], "Báo cáo tổng kết năm", "10:00 25/12/2016", "2", "Đúng hạn"],
        ["3", y.name[b], "Báo cáo tổng kết năm", "10:00 05/01/2017", "1", "Nộp muộn"],
        ["4", y.name[c], "Báo cáo sơ kết 6 tháng", "10:00 15/07/2016", "1", "Nộp muộn"],
    ]
    assert doc.table("STT", "Đơn vị", "Loại báo cáo", "Hạn nộp") == [
        ["1", y.name[b], "Báo cáo sơ kết 6 tháng", "30/06/2016"],
        ["2", y.name[c], "Báo cáo tổng kết năm", "31/12/2016"],
        ["3", y.name[d], "Báo cáo sơ kết 6 tháng", "30/06/2016"],
        ["4", y.name[d], "Báo cáo tổng kết năm", "31/12/2016"],
    ]

    assert doc.table("Hạng", "Đơn vị", "Tổng điểm") == [
        ["1", y.name[a], "30", "30", ""],
        ["2", y.name[b], "29,5", "29,5", ""],
        ["3", y.name[c], "12", "10", "12"],
        ["–", y.name[d], "", "", ""],
    ]

    assert doc.value("Số phiên bỏ phiếu") == "3"
    votes = [t[1:] for t in doc.tables if t[0] == ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"]]
    assert votes == [
        [
            ["1", y.name[a], "3", "75,00%", "Trúng cử"],
            ["2", y.name[b], "1", "25,00%", "Không trúng cử"],
            ["3", y.name[c], "0", "0,00%", "Không trúng cử"],
        ],
        [
            ["1", y.name[b], "3", "75,00%", "Trúng cử"],
            ["2", y.name[c], "2", "50,00%", "Không trúng cử"],
            ["3", y.name[d], "0", "0,00%", "Không trúng cử"],
        ],
    ]  # the open session has no table
    assert "Chưa có kết quả." in doc.paragraphs

    assert doc.value("Số khen thưởng") == "2"
    assert doc.table("STT", "Đơn vị", "Danh hiệu") == [
        ["1", y.name[a], "Cờ thi đua của Bộ", "Đã có quyết định", "245/QĐ-BKHCN", "10/02/2017"],
        ["2", y.name[d], "Tập thể lao động tiên tiến", "Đã thu hồi", "", ""],
    ]
    assert doc.paragraphs[-3:] == ["ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG", y.name[a], "(Ký, ghi rõ họ tên)"]


# ---- statements -----------------------------------------------------------------------------------------


def _year_of(
    n: int,
    year: int,
    client: TestClient,
    session_factory: Any,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    secretariat: Headers,
) -> tuple[str, str]:
    """A bloc-year of ``n`` units with every part filled in for each unit: all but one signed, a report per
    unit and kind (one late), submitted sheets, ``n // 3`` counted sessions with every unit a candidate, and
    an award per unit. Written directly, except the sheets. Returns (campaign id, leader unit id)."""
    ids = [new_id() for _ in range(n)]
    with session_factory() as s:
        s.execute(
            insert(Unit),
            [
                {"id": u, "code": f"N{year}{k:03d}", "name": f"Đơn vị {k}", "search_text": f"don vi {k}"}
                for k, u in enumerate(ids)
            ],
        )
        s.commit()
    bloc = make_bloc(unit_ids=ids, year=year)
    cid = make_campaign(bloc, mid_year_report_deadline=date(year, 6, 30))["id"]
    insert_criteria(session_factory, cid)
    sheets = [
        {"unit_id": u, "entries": [{"criterion": "1.1", "points": k % 10}, {"criterion": "1.2", "points": 5}]}
        for k, u in enumerate(ids)
    ]
    ok(
        client.post(
            f"{API}/campaigns/{cid}/scores/bulk",
            json={"stage": "self", "sheets": sheets, "submit": True},
            headers=secretariat,
        )
    )
    at = datetime(year, 6, 1, tzinfo=UTC)
    with session_factory() as s:
        sign_pledge(s, cid, ids[1:], signed_at=at)
        s.add_all(
            Report(
                id=new_id(),
                campaign_id=cid,
                unit_id=u,
                kind=kind,
                version=1,
                title="Báo cáo",
                late=(k == 0),
                submitted_at=at,
                submitted_by="user:x",
            )
            for k, u in enumerate(ids)
            for kind in ("mid_year", "annual")
        )
        result = {
            "electorate": n,
            "ballots_cast": n,
            "blank": 0,
            "quorum_met": True,
            "candidates": [
                {"unit_id": u, "votes": 1, "share": 1 / n, "passes": False, "elected": False} for u in ids
            ],
            "elected": [],
            "tied": [],
            "unfilled_seats": 1,
        }
        s.add_all(  # one ballot session per 3 units, published and closed in turn
            VotingSession(
                id=new_id(),
                campaign_id=cid,
                title_code=MINISTRY_FLAG,
                seats=1,
                max_choices=1,
                status="published" if k % 2 == 0 else "closed",
                result=result,
            )
            for k in range(n // 3)
        )
        s.add_all(
            Award(id=new_id(), unit_id=u, title_code=EXCELLENT, year=year, status="proposed", campaign_id=cid)
            for u in ids
        )
        s.commit()
    return cid, bloc["leader"]


def test_the_number_of_statements_does_not_grow_with_the_units_or_sessions(
    app: FastAPI,
    client: TestClient,
    session_factory: Any,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
) -> None:
    secretariat = headers_for("secretariat")
    counts = []
    for n, year in ((3, 2018), (12, 2019)):
        cid, leader_unit = _year_of(n, year, client, session_factory, make_bloc, make_campaign, secretariat)
        leader = officer_of(leader_unit)
        for fmt in ("json", "xlsx"):
            with counting(app.state.engine) as statements:
                r = client.get(summary_url(cid, fmt), headers=leader)
            assert r.status_code == 200, r.text
            counts.append((fmt, len(statements)))
        body = ok(client.get(summary_url(cid), headers=leader))
        assert (len(body["members"]), len(body["pledge"]["signed"]), len(body["reports"]["received"])) == (
            n,
            n - 1,
            2 * n,
        )
        assert (
            len(body["ranking"]),
            len(body["sessions"]),
            [len(vs["result"]["candidates"]) for vs in body["sessions"]],
            len(body["awards"]),
        ) == (n, n // 3, [n] * (n // 3), n)
    assert counts[:2] == counts[2:], counts
