"""A campaign's criteria tree (tiêu chí) through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, Campaign, Criterion, ScoreSheet
from app.models.base import new_id, utcnow
from app.scoring import criteria_io
from app.scoring.criteria import criteria_locked, load_tree
from app.scoring.tree import CriteriaTree
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.criteria import group, item
from tests.support.disposition import assert_download_named
from tests.support.documents import assert_sheet_layout
from tests.support.problems import expected_errors, problem

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TREE = {
    "criteria": [
        group(
            "1",
            "Thực hiện chức năng, nhiệm vụ được giao",
            item("1.1", "Hoàn thành kế hoạch công tác năm", 10, "standard"),
            group(
                "1.2",
                "Chất lượng tham mưu",
                item("1.2.a", "Đúng hạn", 4.5, "standard"),
                item("1.2.b", "Được đánh giá cao", 0.25, "standard", required=False),
            ),
        ),
        item("2", "Sáng kiến được công nhận", 5, "bonus", required=False),
        item("3", "Vi phạm kỷ luật", 3, "penalty", required=True),
    ]
}
# As read back: every item says whether it is required.
TREE_READ = [
    group(
        "1",
        "Thực hiện chức năng, nhiệm vụ được giao",
        item("1.1", "Hoàn thành kế hoạch công tác năm", 10, "standard", True),
        group(
            "1.2",
            "Chất lượng tham mưu",
            item("1.2.a", "Đúng hạn", 4.5, "standard", True),
            item("1.2.b", "Được đánh giá cao", 0.25, "standard", False),
        ),
    ),
    item("2", "Sáng kiến được công nhận", 5, "bonus", False),
    item("3", "Vi phạm kỷ luật", 3, "penalty", True),
]
SMALL = {"criteria": [{"code": "A", "title": "Một mục duy nhất", "max_points": 100, "kind": "standard"}]}

CSV_BODY = (
    "code,parent_code,title,max_points,kind,required\r\n"
    "1,,Công tác chuyên môn,,,\r\n"
    "1.1,1,Hoàn thành nhiệm vụ,60,standard,\r\n"
    "1.2,1,Đoàn kết nội bộ,40,standard,false\r\n"
    "2,,Điểm thưởng,10,bonus,false\r\n"
).encode()


def url(campaign_id: str) -> str:
    return f"/api/v1/campaigns/{campaign_id}/criteria"


class World(BlocYear):
    """One bloc in 2016 (leader, deputy, two members), its campaign, and people to act in it."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)

    def put(self, body: dict[str, Any] | None = None, headers: Headers | None = None, **extra: str) -> Any:
        return self.client.put(
            url(self.cid), json=TREE if body is None else body, headers={**(headers or self.leader), **extra}
        )

    def put_file(self, data: bytes, content_type: str, headers: Headers | None = None, **extra: str) -> Any:
        return self.client.put(
            url(self.cid),
            content=data,
            headers={**(headers or self.leader), "Content-Type": content_type, **extra},
        )

    def get(self, headers: Headers | None = None, **params: str) -> Any:
        return self.client.get(url(self.cid), params=params, headers=headers or self.secretariat)

    def sheet(self, *, status: str, submitted: bool, unit_id: str | None = None) -> None:
        with self.session_factory() as s:
            s.add(
                ScoreSheet(
                    id=new_id(),
                    campaign_id=self.cid,
                    unit_id=unit_id or self.member_unit,
                    stage="self",
                    status=status,
                    submitted_at=utcnow() if submitted else None,
                    submitted_by="someone" if submitted else None,
                )
            )
            s.commit()

    def rows(self) -> list[tuple[Any, ...]]:
        with self.session_factory() as s:
            return [
                (c.code, c.parent_code, c.title, c.max_points_centi, c.kind, c.required, c.position)
                for c in s.scalars(
                    select(Criterion).where(Criterion.campaign_id == self.cid).order_by(Criterion.position)
                )
            ]

    def audit(self) -> list[tuple[str, str, dict[str, Any]]]:
        seal_pending(self.session_factory)
        with self.session_factory() as s:
            return [
                (e.action, e.object_type, e.details)
                for e in s.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.object_id == self.cid, AuditEvent.action.like("criteria.%"))
                    .order_by(AuditEvent.seq)
                )
            ]


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


# ---- reading before anything is set ---------------------------------------------------------------------


def test_an_unset_tree_reads_empty(world: World) -> None:
    r = world.get()
    assert r.status_code == 200, r.text
    assert r.json() == {"campaign_id": world.cid, "criteria": [], "max_total": 0, "locked": False}
    assert r.headers["ETag"].startswith('"') and len(r.headers["ETag"]) == 34


def test_unknown_or_malformed_campaign_is_404(world: World) -> None:
    for cid in (new_id(), "x" * 65, "not-an-id"):
        problem(world.client.get(url(cid), headers=world.secretariat), 404, "not_found")
        problem(world.client.put(url(cid), json=TREE, headers=world.secretariat), 404, "not_found")


def test_no_token_is_401(world: World) -> None:
    r = world.client.get(url(world.cid))
    problem(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    problem(world.client.put(url(world.cid), json=TREE), 401, "not_authenticated")


# ---- writing --------------------------------------------------------------------------------------------


def test_leader_sets_the_tree(world: World) -> None:
    r = world.put()
    assert r.status_code == 200, r.text
    assert r.json() == {"campaign_id": world.cid, "criteria": TREE_READ, "max_total": 14.75, "locked": False}
    etag = r.headers["ETag"]
    read = world.get()
    assert read.status_code == 200
    assert read.json() == r.json()
    assert read.headers["ETag"] == etag
    assert world.rows() == [
        ("1", None, "Thực hiện chức năng, nhiệm vụ được giao", None, None, True, 0),
        ("1.1", "1", "Hoàn thành kế hoạch công tác năm", 1000, "standard", True, 1),
        ("1.2", "1", "Chất lượng tham mưu", None, None, True, 2),
        ("1.2.a", "1.2", "Đúng hạn", 450, "standard", True, 3),
        ("1.2.b", "1.2", "Được đánh giá cao", 25, "standard", False, 4),
        ("2", None, "Sáng kiến được công nhận", 500, "bonus", False, 5),
        ("3", None, "Vi phạm kỷ luật", 300, "penalty", True, 6),
    ]
    assert world.audit() == [
        (
            "criteria.set",
            "campaign",
            {"campaign_id": world.cid, "source": "json", "nodes": 7, "items": 5, "max_total": 14.75},
        )
    ]


def test_the_service_functions_for_other_features(world: World) -> None:
    assert world.put().status_code == 200
    with world.session_factory() as s:
        tree = load_tree(s, world.cid)
        assert [n.code for n in tree.items] == ["1.1", "1.2.a", "1.2.b", "2", "3"]
        assert tree.max_total_centi == 1475
        assert tree.required_codes() == {"1.1", "1.2.a", "3"}
        assert criteria_locked(s, world.cid) is False
        assert load_tree(s, new_id()).nodes == {}


def test_titles_are_stored_nfc(world: World) -> None:
    decomposed = unicodedata.normalize("NFD", "Đánh giá chất lượng")
    r = world.put(
        {"criteria": [{"code": "1", "title": f" {decomposed}\n", "max_points": 1, "kind": "standard"}]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["criteria"][0]["title"] == "Đánh giá chất lượng"
    assert world.rows()[0][2] == "Đánh giá chất lượng"


@pytest.mark.parametrize("who", ["leader", "deputy", "secretariat"])
def test_leader_deputy_and_secretariat_may_write(world: World, who: str) -> None:
    headers = world.person(who)
    r = world.put(headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["max_total"] == 14.75


def test_others_may_not_write(
    world: World,
    headers_for: Callable[..., Headers],
    make_bloc: Callable[..., dict[str, Any]],
    make_unit: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    make_client_token: Callable[..., Headers],
) -> None:
    other_bloc = make_bloc(2, year=2016)
    next_year = make_bloc(
        unit_ids=world.bloc["unit_ids"], year=2017, bloc_id=world.bloc["id"], leader=world.member_unit
    )
    make_campaign(next_year)
    refused = {
        "member officer": world.officer_of(world.member_unit),
        "observer": world.observer,
        "admin": headers_for("admin"),
        "other bloc's leader": world.officer_of(other_bloc["leader"]),
        "officer of a unit in no bloc": world.officer_of(make_unit()["id"]),
        "service client": make_client_token(["scores:write", "units:write"], world.leader_unit),
    }
    # leadership is per year: the 2017 leader does not lead 2016
    refused["next year's leader"] = world.officer_of(world.member_unit)
    for who, headers in refused.items():
        r = world.put(headers=headers)
        assert r.status_code == 403, (who, r.text)
        assert r.json()["code"] == "forbidden"
    assert world.rows() == []
    assert world.audit() == []


def test_a_second_put_replaces_the_whole_tree(world: World) -> None:
    assert world.put().status_code == 200
    r = world.put(SMALL)
    assert r.status_code == 200, r.text
    assert r.json()["criteria"] == [
        {"code": "A", "title": "Một mục duy nhất", "max_points": 100, "kind": "standard", "required": True}
    ]
    assert r.json()["max_total"] == 100
    assert world.rows() == [("A", None, "Một mục duy nhất", 10000, "standard", True, 0)]
    assert [a[2]["nodes"] for a in world.audit()] == [7, 1]


def test_an_empty_list_clears_the_tree(world: World) -> None:
    assert world.put().status_code == 200
    r = world.put({"criteria": []})
    assert r.status_code == 200
    assert r.json() == {"campaign_id": world.cid, "criteria": [], "max_total": 0, "locked": False}
    assert world.rows() == []


def test_sending_the_stored_tree_changes_nothing(world: World) -> None:
    first = world.put()
    again = world.put()
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(world.audit()) == 1


def test_a_closed_campaign_refuses_changes_but_reads(world: World, session_factory: Any) -> None:
    assert world.put().status_code == 200
    with session_factory() as s:
        s.get(Campaign, world.cid).status = "closed"
        s.commit()
    body = problem(world.put(SMALL), 409, "campaign_closed")
    assert body["status"] == 409
    assert world.get().json()["criteria"] == TREE_READ


# ---- reading --------------------------------------------------------------------------------------------


def test_readers(
    world: World,
    headers_for: Callable[..., Headers],
    make_bloc: Callable[..., dict[str, Any]],
    make_unit: Callable[..., dict[str, Any]],
    make_client_token: Callable[..., Headers],
) -> None:
    assert world.put().status_code == 200
    other_bloc = make_bloc(2, year=2016)
    allowed = {
        "leader": world.leader,
        "deputy": world.officer_of(world.deputy_unit),
        "member officer": world.officer_of(world.other_unit),
        "secretariat": world.secretariat,
        "observer": world.observer,
        "scores client of a member": make_client_token(["scores:write"], world.member_unit),
    }
    refused = {
        "other bloc's officer": world.officer_of(other_bloc["unit_ids"][1]),
        "officer of a unit in no bloc": world.officer_of(make_unit()["id"]),
        "admin": headers_for("admin"),
        "scores client of another unit": make_client_token(["scores:write"], other_bloc["leader"]),
        "results client": make_client_token(["results:read"]),
    }
    for who, headers in allowed.items():
        for fmt in ("json", "csv", "xlsx"):
            r = world.get(headers, format=fmt)
            assert r.status_code == 200, (who, fmt, r.text)
    for who, headers in refused.items():
        for fmt in ("json", "csv"):
            r = world.get(headers, format=fmt)
            assert r.status_code == 403, (who, r.text)
            assert r.json()["code"] == "forbidden"


def test_an_unknown_format_is_422(world: World) -> None:
    body = problem(world.get(format="pdf"), 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["query", "format"]]


def test_csv_export(world: World) -> None:
    assert world.put().status_code == 200
    r = world.get(format="csv")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    d = assert_download_named(
        r.headers["content-disposition"], "Tiêu chí chấm điểm thi đua 2016 - Khối thi đua thử.csv"
    )
    assert d.fallback == "Tieu chi cham diem thi dua 2016 - Khoi thi dua thu.csv"
    assert r.content.startswith(b"\xef\xbb\xbfcode,parent_code,title,max_points,kind,required\r\n")
    assert r.content.decode("utf-8-sig").splitlines()[1:] == [
        '1,,"Thực hiện chức năng, nhiệm vụ được giao",,,',
        "1.1,1,Hoàn thành kế hoạch công tác năm,10,standard,true",
        "1.2,1,Chất lượng tham mưu,,,",
        "1.2.a,1.2,Đúng hạn,4.5,standard,true",
        "1.2.b,1.2,Được đánh giá cao,0.25,standard,false",
        "2,,Sáng kiến được công nhận,5,bonus,false",
        "3,,Vi phạm kỷ luật,3,penalty,true",
    ]


def test_xlsx_export(world: World) -> None:
    assert world.put().status_code == 200
    r = world.get(format="xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"] == XLSX
    assert_download_named(
        r.headers["content-disposition"], "Tiêu chí chấm điểm thi đua 2016 - Khối thi đua thử.xlsx"
    )
    assert_sheet_layout(r.content, {"Tiêu chí": {"max_points": "0.00", "title": "@", "code": "@"}})
    workbook = load_workbook(io.BytesIO(r.content))
    assert workbook.sheetnames == ["Tiêu chí"]
    sheet = workbook["Tiêu chí"]
    assert [c.value for c in sheet[1]] == ["code", "parent_code", "title", "max_points", "kind", "required"]
    assert all(c.font.b for c in sheet[1])
    assert [c.value for c in sheet[6]] == ["1.2.b", "1.2", "Được đánh giá cao", 0.25, "standard", False]


def test_an_empty_tree_exports_the_header(world: World) -> None:
    r = world.get(format="csv")
    assert r.content == b"\xef\xbb\xbfcode,parent_code,title,max_points,kind,required\r\n"


# ---- importing files --------------------------------------------------------------------------------


def test_csv_import(world: World) -> None:
    r = world.put_file(CSV_BODY, "text/csv; charset=utf-8")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "campaign_id": world.cid,
        "criteria": [
            {
                "code": "1",
                "title": "Công tác chuyên môn",
                "children": [
                    {
                        "code": "1.1",
                        "title": "Hoàn thành nhiệm vụ",
                        "max_points": 60,
                        "kind": "standard",
                        "required": True,
                    },
                    {
                        "code": "1.2",
                        "title": "Đoàn kết nội bộ",
                        "max_points": 40,
                        "kind": "standard",
                        "required": False,
                    },
                ],
            },
            {"code": "2", "title": "Điểm thưởng", "max_points": 10, "kind": "bonus", "required": False},
        ],
        "max_total": 100,
        "locked": False,
    }
    assert world.audit()[0][2] == {
        "campaign_id": world.cid,
        "source": "csv",
        "nodes": 4,
        "items": 3,
        "max_total": 100,
    }


def test_csv_with_bom_and_xlsx_imports_match(world: World) -> None:
    via_csv = world.put_file(b"\xef\xbb\xbf" + CSV_BODY, CSV)
    assert via_csv.status_code == 200, via_csv.text
    exported = world.get(format="xlsx").content
    assert world.put({"criteria": []}).status_code == 200
    via_xlsx = world.put_file(exported, XLSX)
    assert via_xlsx.status_code == 200, via_xlsx.text
    assert via_xlsx.json() == via_csv.json()
    assert via_xlsx.headers["ETag"] == via_csv.headers["ETag"]
    assert [a[2]["source"] for a in world.audit()] == ["csv", "json", "xlsx"]


def test_exports_reimport_unchanged(world: World) -> None:
    first = world.put()
    for fmt, media in (("csv", CSV), ("xlsx", XLSX)):
        r = world.put_file(world.get(format=fmt).content, media)
        assert r.status_code == 200, r.text
        assert r.json() == first.json()
        assert r.headers["ETag"] == first.headers["ETag"]
    assert len(world.audit()) == 1


def test_csv_errors_name_the_row(world: World) -> None:
    assert world.put().status_code == 200
    data = (
        "code,parent_code,title,max_points,kind,required\n"
        "1,,Nhóm,,,\n"
        "1.1,1,Mục,-5,standard,\n"
        "1.2,1,Mục,mười,standard,\n"
        "1.3,1,Mục,1,thưởng,\n"
        "1.1,1,Lặp,1,standard,\n"
        "9.1,9,Mồ côi,1,standard,\n"
        "2,,Mục có con,5,standard,\n"
        "2.1,2,Con,1,standard,\n"
    ).encode()
    body = problem(world.put_file(data, CSV, **{"Accept-Language": "vi"}), 422, "validation_error")
    assert body["detail"] == "Bộ tiêu chí có 7 lỗi; mỗi lỗi chỉ rõ tiêu chí hoặc dòng."
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [
        (["body", "row", 3, "max_points"], "greater_than_equal"),
        (["body", "row", 4, "max_points"], "decimal_parsing"),
        (["body", "row", 5, "kind"], "literal_error"),
        (["body", "row", 6, "code"], "duplicate_code"),
        (["body", "row", 7, "parent_code"], "unknown_parent"),
        (["body", "row", 8, "max_points"], "group_field"),
        (["body", "row", 8, "kind"], "group_field"),
    ]
    assert all(set(e) == {"loc", "msg", "type"} and e["msg"] for e in body["errors"])
    assert world.get().json()["criteria"] == TREE_READ  # nothing changed


def test_a_wrong_header_is_row_1(world: World) -> None:
    body = problem(world.put_file(b"ma,cha,ten\n1,,x\n", CSV), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (
            ["body", "row", 1],
            "row 1 is the header, exactly: code,parent_code,title,max_points,kind,required",
            "header",
        ),
    )


def test_xlsx_errors_name_the_row(world: World) -> None:
    tree = CriteriaTree(criteria_io.parse_csv(CSV_BODY).nodes)
    good = criteria_io.render_xlsx(tree)
    workbook = load_workbook(io.BytesIO(good))
    workbook["Tiêu chí"]["D4"] = -1
    out = io.BytesIO()
    workbook.save(out)
    body = problem(world.put_file(out.getvalue(), XLSX), 422, "validation_error")
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [
        (["body", "row", 4, "max_points"], "greater_than_equal")
    ]
    body = problem(world.put_file(b"PK\x03\x04not really", XLSX), 422, "validation_error")
    assert body["errors"] == [{"loc": ["body"], "msg": "the file is not an XLSX workbook", "type": "xlsx"}]


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "text/csv; charset=windows-1258",
        "application/vnd.ms-excel",
    ],
)
def test_other_media_types_are_415(world: World, content_type: str) -> None:
    body = problem(world.put_file(CSV_BODY, content_type), 415, "unsupported_media_type")
    assert "text/csv" in body["detail"]
    assert world.rows() == []


def test_media_type_is_checked_after_permission(world: World) -> None:
    problem(world.put_file(CSV_BODY, "text/plain", headers=world.observer), 403, "forbidden")


# ---- JSON validation, each error naming the node ------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "children": [
                        {"code": "1.1", "title": "M", "max_points": 1, "kind": "standard"},
                        {"code": "1.2", "title": "M", "max_points": -1, "kind": "standard"},
                    ],
                }
            ],
            [(["body", "criteria", 0, "children", 1, "max_points"], "greater_than_equal")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": 1.005, "kind": "standard"}],
            [(["body", "criteria", 0, "max_points"], "decimal_max_places")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": "ten", "kind": "standard"}],
            [(["body", "criteria", 0, "max_points"], "decimal_parsing")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": 1, "kind": "extra"}],
            [(["body", "criteria", 0, "kind"], "literal_error")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": 1, "kind": "standard", "weight": 2}],
            [(["body", "criteria", 0, "weight"], "extra_forbidden")],
        ),
        (
            [{"code": "1_1", "title": "M", "max_points": 1, "kind": "standard"}],
            [(["body", "criteria", 0, "code"], "string_pattern_mismatch")],
        ),
        (
            [{"code": "1", "title": "x" * 501, "max_points": 1, "kind": "standard"}],
            [(["body", "criteria", 0, "title"], "string_too_long")],
        ),
        (
            [{"code": "1", "title": "M"}],
            [
                (["body", "criteria", 0, "max_points"], "missing"),
                (["body", "criteria", 0, "kind"], "missing"),
            ],
        ),
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "max_points": 3,
                    "kind": "standard",
                    "children": [{"code": "1.1", "title": "M", "max_points": 1, "kind": "standard"}],
                }
            ],
            [
                (["body", "criteria", 0, "max_points"], "group_field"),
                (["body", "criteria", 0, "kind"], "group_field"),
            ],
        ),
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "children": [{"code": "2.1", "title": "M", "max_points": 1, "kind": "standard"}],
                }
            ],
            [(["body", "criteria", 0, "children", 0, "code"], "code_prefix")],
        ),
        (
            [
                {"code": "1", "title": "M", "max_points": 1, "kind": "standard"},
                {"code": "1", "title": "M", "max_points": 1, "kind": "bonus"},
            ],
            [(["body", "criteria", 1, "code"], "duplicate_code")],
        ),
    ],
)
def test_json_errors_name_the_node(
    world: World, criteria: list[dict[str, Any]], expected: list[tuple[list[Any], str]]
) -> None:
    body = problem(world.put({"criteria": criteria}), 422, "validation_error")
    assert [(e["loc"], e["type"]) for e in body["errors"]] == expected
    assert all(set(e) == {"loc", "msg", "type"} for e in body["errors"])
    assert world.rows() == []


def test_json_too_deep_and_too_many(world: World) -> None:
    node: dict[str, Any] = {"code": "1.1.1.1.1", "title": "L5", "max_points": 1, "kind": "standard"}
    for code in ("1.1.1.1", "1.1.1", "1.1", "1"):
        node = {"code": code, "title": "L", "children": [node]}
    body = problem(world.put({"criteria": [node]}), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (
            ["body", "criteria", 0, "children", 0, "children", 0, "children", 0, "children", 0],
            "a tree has at most 4 levels",
            "too_deep",
        ),
    )
    many = [
        {
            "code": f"{g}",
            "title": "G",
            "children": [
                {"code": f"{g}.{i}", "title": "M", "max_points": 1, "kind": "standard"} for i in range(100)
            ],
        }
        for g in range(5)
    ]
    body = problem(world.put({"criteria": many}), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (["body", "criteria", 4, "children", 95], "a tree has at most 500 criteria", "too_many"),
    )
    many[4]["children"] = many[4]["children"][:95]
    assert world.put({"criteria": many}).status_code == 200


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (b"{not json", "application/json", [(["body"], "json_invalid")]),
        (b"", "application/json", [(["body"], "json_invalid")]),
        (b'{"criteria": []}', "", None),
        (b'{"criteria": {}}', "application/json; charset=utf-8", [(["body", "criteria"], "list_type")]),
    ],
)
def test_raw_json_bodies(world: World, data: bytes, content_type: str, expected: Any) -> None:
    headers = {**world.leader}
    if content_type:
        headers["Content-Type"] = content_type
    r = world.client.put(url(world.cid), content=data, headers=headers)
    if expected is None:
        assert r.status_code == 200, r.text
        return
    body = problem(r, 422, "validation_error")
    assert [(e["loc"], e["type"]) for e in body["errors"]] == expected


# ---- locking --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "submitted"), [("submitted", True), ("returned", True), ("returned", False)]
)
def test_a_submitted_sheet_locks_the_tree(world: World, status: str, submitted: bool) -> None:
    first = world.put()
    world.sheet(status=status, submitted=submitted)
    read = world.get()
    assert read.json()["locked"] is True
    assert read.headers["ETag"] != first.headers["ETag"]  # what GET shows changed
    body = problem(world.put(SMALL, **{"Accept-Language": "vi"}), 409, "criteria_locked")
    assert body["detail"] == "Đã có bảng chấm điểm được gửi: không thể thay đổi bộ tiêu chí của phong trào."
    body = problem(world.put_file(CSV_BODY, CSV, headers=world.secretariat), 409, "criteria_locked")
    assert (
        body["detail"]
        == "A score sheet of this campaign has been submitted: its criteria can no longer be changed."
    )
    # re-sending the stored tree is still a no-op
    again = world.put()
    assert again.status_code == 200
    assert again.json() == {**first.json(), "locked": True}
    assert world.rows()[0][0] == "1"
    assert len(world.audit()) == 1
    with world.session_factory() as s:
        assert criteria_locked(s, world.cid) is True


def test_a_draft_sheet_does_not_lock(world: World) -> None:
    assert world.put().status_code == 200
    world.sheet(status="draft", submitted=False)
    r = world.put(SMALL)
    assert r.status_code == 200, r.text
    assert r.json()["locked"] is False


def test_another_campaigns_sheet_does_not_lock(
    world: World, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> None:
    other = make_bloc(2, year=2016)
    other_campaign = make_campaign(other)
    with world.session_factory() as s:
        s.add(
            ScoreSheet(
                campaign_id=other_campaign["id"],
                unit_id=other["leader"],
                stage="self",
                status="submitted",
                submitted_at=utcnow(),
            )
        )
        s.commit()
    assert world.put().status_code == 200


# ---- If-Match -------------------------------------------------------------------------------------------


def test_if_match(world: World) -> None:
    empty_tag = world.get().headers["ETag"]
    first = world.put(**{"If-Match": empty_tag})
    assert first.status_code == 200, first.text
    tag = first.headers["ETag"]
    assert tag != empty_tag
    problem(world.put(SMALL, **{"If-Match": empty_tag}), 412, "precondition_failed")
    problem(world.put(SMALL, **{"If-Match": "W/" + tag}), 412, "precondition_failed")  # strong comparison
    problem(world.put_file(CSV_BODY, CSV, **{"If-Match": '"stale"'}), 412, "precondition_failed")
    assert world.get().json()["criteria"] == TREE_READ
    second = world.put(SMALL, **{"If-Match": f'"other", {tag}'})
    assert second.status_code == 200, second.text
    assert world.put(**{"If-Match": "*"}).status_code == 200
    assert len(world.audit()) == 3


def test_if_match_is_checked_before_the_body(world: World) -> None:
    problem(world.put({"criteria": "bad"}, **{"If-Match": '"stale"'}), 412, "precondition_failed")


# ---- the contract ----------------------------------------------------------------------------------------


def test_openapi_declares_the_three_request_bodies(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/campaigns/{campaign_id}/criteria"]["put"]
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", CSV, XLSX}
    node = content["application/json"]["schema"]["properties"]["criteria"]["items"]
    for _ in range(3):  # four levels: the fourth has no children
        node = node["properties"]["children"]["anyOf"][0]["items"]
    assert "children" not in node["properties"]
    assert {"200", "403", "404", "409", "412", "415", "422"} <= set(operation["responses"])
    get = spec["paths"]["/api/v1/campaigns/{campaign_id}/criteria"]["get"]
    assert set(get["responses"]["200"]["content"]) == {"application/json", CSV, XLSX}


@pytest.mark.parametrize("settings_overrides", [{"max_body_bytes": 2048}])
def test_a_body_over_the_limit_is_413_and_nothing_is_stored(world: World) -> None:
    rows = "".join(f"{i},,Tiêu chí số {i},1,standard,\r\n" for i in range(1, 200))
    data = ("code,parent_code,title,max_points,kind,required\r\n" + rows).encode()
    assert len(data) > 2048
    problem(world.put_file(data, CSV), 413, "payload_too_large")
    assert world.rows() == []
    assert world.put_file(CSV_BODY, CSV).status_code == 200


def test_concurrent_puts_with_the_same_if_match_one_wins(world: World) -> None:
    tag = world.get().headers["ETag"]
    trees = [
        {"criteria": [{"code": code, "title": f"Mục {code}", "max_points": 1, "kind": "standard"}]}
        for code in ("A", "B", "C", "D")
    ]
    barrier = threading.Barrier(len(trees))
    results: list[Any] = [None] * len(trees)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = world.put(trees[i], **{"If-Match": tag})

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(trees))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.status_code for r in results) == [200, 412, 412, 412], [r.text for r in results]
    winner = next(r for r in results if r.status_code == 200)
    assert world.get().json() == winner.json()
    assert len(world.rows()) == 1
    assert len(world.audit()) == 1
