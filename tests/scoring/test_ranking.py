"""The ranking through HTTP (and its service function), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.models import Campaign, Unit
from app.models.base import new_id
from app.scoring.rank_rules import RankRow
from app.scoring.ranking import ranking
from tests.support.builders import Headers, insert_criteria
from tests.support.db import counting
from tests.support.disposition import assert_download_named
from tests.support.documents import assert_sheet_layout
from tests.support.problems import problem
from tests.support.scoring import ScoringWorld, entries, many_units, ranking_url, read

# Restated here, not imported: the item fields and the export's columns, in order.
ITEM_FIELDS = (
    "unit_id unit_code unit_name rank total self_total review_total "
    "standard_total bonus_total penalty_total tied"
)
ITEM_KEYS = set(ITEM_FIELDS.split())
CSV_HEADER = (
    "rank,unit_code,unit_name,total,self_total,review_total,"
    "standard_total,bonus_total,penalty_total,tied,unit_id"
)


def codes_of(world: ScoringWorld) -> dict[str, str]:
    with world.session_factory() as s:
        return {u: s.get(Unit, u).code for u in world.units}


def test_shared_rank_then_separated_by_tie_break(world: ScoringWorld) -> None:
    m, o, lead, dep = world.member_unit, world.other_unit, world.leader_unit, world.deputy_unit
    world.scored(m, entries(10, 20))  # 30: all standard
    world.scored(o, entries(9, 18, bonus=3))  # 30: 27 standard + 3 bonus
    world.scored(lead, entries(10, 15))  # 25
    code = codes_of(world)
    first, second = sorted([m, o], key=lambda u: code[u])

    items = read(world, world.member)
    assert all(set(i) == ITEM_KEYS for i in items)
    assert [(i["unit_id"], i["rank"], i["total"], i["tied"]) for i in items] == [
        (first, 1, 30.0, True),
        (second, 1, 30.0, True),
        (lead, 3, 25.0, False),
        (dep, None, None, False),
    ]
    by_unit = {i["unit_id"]: i for i in items}
    assert by_unit[o] == {
        "unit_id": o,
        "unit_code": code[o],
        "unit_name": f"Đơn vị {code[o]}",
        "rank": 1,
        "total": 30.0,
        "self_total": 30.0,
        "review_total": None,
        "standard_total": 27.0,
        "bonus_total": 3.0,
        "penalty_total": 0.0,
        "tied": True,
    }
    assert by_unit[dep] | {"unit_code": None, "unit_name": None} == {
        "unit_id": dep,
        "unit_code": None,
        "unit_name": None,
        "rank": None,
        "total": None,
        "self_total": None,
        "review_total": None,
        "standard_total": None,
        "bonus_total": None,
        "penalty_total": None,
        "tied": False,
    }

    # The campaign's tie-break (set through the campaigns API) separates them.
    patch = world.client.patch(
        f"/api/v1/campaigns/{world.cid}", json={"tie_break": ["standard_total"]}, headers=world.secretariat
    )
    assert patch.status_code == 200, patch.text
    r = world.client.get(ranking_url(world.cid), headers=world.member)
    assert r.json()["tie_break"] == ["standard_total"]
    assert [(i["unit_id"], i["rank"], i["tied"]) for i in r.json()["items"]] == [
        (m, 1, False),
        (o, 2, False),
        (lead, 3, False),
        (dep, None, False),
    ]
    world.client.patch(
        f"/api/v1/campaigns/{world.cid}", json={"tie_break": ["-standard_total"]}, headers=world.leader
    )
    assert [(i["unit_id"], i["rank"]) for i in read(world)][:2] == [(o, 1), (m, 2)]


def test_the_review_counts_where_submitted_and_only_submitted_sheets_count(world: ScoringWorld) -> None:
    m, o, lead, dep = world.member_unit, world.other_unit, world.leader_unit, world.deputy_unit
    world.scored(m, entries(10, 20))  # self 30
    assert world.put(m, entries(8, 12, bonus=1, penalty=0.5), world.leader, "review").status_code == 200
    assert world.submit(m, world.leader, "review").status_code == 200  # review 20.5
    world.scored(o, entries(9, 16))  # self 25
    world.put(o, entries(1, 1), world.leader, "review")  # a draft review: does not count
    world.put(lead, entries(10, 20), world.leader)  # a draft self sheet: does not count
    world.scored(dep, entries(10, 20))
    assert world.give_back(dep, world.secretariat).status_code == 200  # returned: does not count

    items = read(world, world.observer)
    assert [(i["unit_id"], i["rank"], i["total"], i["self_total"], i["review_total"]) for i in items] == [
        (o, 1, 25.0, 25.0, None),
        (m, 2, 20.5, 30.0, 20.5),
        *sorted(
            [(lead, None, None, None, None), (dep, None, None, None, None)],
            key=lambda t: codes_of(world)[t[0]],
        ),
    ]
    # Subtotals are the review's, the sheet that counts.
    assert (items[1]["standard_total"], items[1]["bonus_total"], items[1]["penalty_total"]) == (
        20.0,
        1.0,
        0.5,
    )


def test_every_member_appears_even_with_no_sheet_at_all(world: ScoringWorld) -> None:
    items = read(world)
    assert sorted(i["unit_id"] for i in items) == sorted(world.units)
    assert {(i["rank"], i["total"], i["tied"]) for i in items} == {(None, None, False)}
    assert world.outside_unit not in {i["unit_id"] for i in items}


def test_who_may_read_the_ranking(world: ScoringWorld) -> None:
    url = ranking_url(world.cid)
    for reader in (
        world.member,
        world.leader,
        world.other,
        world.secretariat,
        world.observer,
        world.client_token("results:read"),
        world.client_for(world.outside_unit, ("results:read",)),
    ):
        assert world.client.get(url, headers=reader).status_code == 200
    for denied in (
        world.outsider,
        world.headers_for("admin"),
        world.client_for(world.member_unit),  # scores:write does not read results
        world.client_token("units:read"),
    ):
        problem(world.client.get(url, headers=denied), 403, "forbidden")
    assert world.client.get(url).status_code == 401
    problem(world.client.get(ranking_url(new_id()), headers=world.secretariat), 404, "not_found")
    problem(
        world.client.get(url, params={"format": "pdf"}, headers=world.secretariat), 422, "validation_error"
    )


def test_csv_and_xlsx_exports(world: ScoringWorld, session_factory: Any) -> None:
    with session_factory() as s:  # a name a spreadsheet would otherwise run as a formula
        s.get(Unit, world.other_unit).name = "=Vụ Pháp chế"
        s.commit()
    world.scored(world.member_unit, entries(10, 20, penalty=0.25))
    world.scored(world.other_unit, entries(9.5, 20))
    code = codes_of(world)

    r = world.client.get(ranking_url(world.cid), params={"format": "csv"}, headers=world.member)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    d = assert_download_named(
        r.headers["content-disposition"], "Xếp hạng thi đua 2016 - Khối thi đua thử.csv"
    )
    assert d.fallback == "Xep hang thi dua 2016 - Khoi thi dua thu.csv"
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER.split(",")
    m = world.member_unit
    assert rows[1] == ["1", code[m], f"Đơn vị {code[m]}", "29.75", "29.75", "", "30", "0", "0.25", "false", m]
    o = world.other_unit
    assert rows[2] == ["2", code[o], "'=Vụ Pháp chế", "29.5", "29.5", "", "29.5", "0", "0", "false", o]
    assert [row[0] for row in rows[3:]] == ["", ""]
    assert len(rows) == 5

    x = world.client.get(ranking_url(world.cid), params={"format": "xlsx"}, headers=world.secretariat)
    assert x.status_code == 200
    assert x.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert_download_named(x.headers["content-disposition"], "Xếp hạng thi đua 2016 - Khối thi đua thử.xlsx")
    layout = {"Xếp hạng": {"rank": "#,##0", "total": "0.00", "penalty_total": "0.00", "unit_name": "@"}}
    assert_sheet_layout(x.content, layout)
    sheet = load_workbook(io.BytesIO(x.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    assert values[1] == [1, code[m], f"Đơn vị {code[m]}", 29.75, 29.75, None, 30, 0, 0.25, False, m]
    assert values[2][2] == "=Vụ Pháp chế"  # stored as text, not as a formula
    assert sheet.cell(row=3, column=3).data_type == "s"
    assert len(values) == 5


def test_the_service_function_gives_centi_points_for_other_features(world: ScoringWorld) -> None:
    world.scored(world.member_unit, entries(10, 20, bonus=0.5))
    world.scored(world.other_unit, entries(5, 5), "review")
    with world.session_factory() as s:
        rows = ranking(s, s.get(Campaign, world.cid))
    assert all(isinstance(r, RankRow) for r in rows)
    assert [
        (r.unit_id, r.rank, r.total_centi, r.self_total_centi, r.review_total_centi) for r in rows[:2]
    ] == [
        (world.member_unit, 1, 3050, 3050, None),
        (world.other_unit, 2, 1000, None, 1000),
    ]


@pytest.fixture
def bulk_scored(
    client: TestClient,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    session_factory: Any,
    headers_for: Callable[..., Headers],
) -> Callable[[list[str], int], str]:
    secretariat = headers_for("secretariat")

    def _make(unit_ids: list[str], year: int) -> str:
        campaign_id: str = make_campaign(make_bloc(unit_ids=unit_ids, year=year))["id"]
        insert_criteria(session_factory, campaign_id)
        sheets = [{"unit_id": u, "entries": entries(k % 11, 20 - k % 7)} for k, u in enumerate(unit_ids)]
        r = client.post(
            f"/api/v1/campaigns/{campaign_id}/scores/bulk",
            json={"stage": "self", "sheets": sheets, "submit": True},
            headers=secretariat,
        )
        assert r.status_code == 200, r.text
        return campaign_id

    return _make


def test_ranking_issues_a_constant_number_of_statements(
    app: FastAPI,
    client: TestClient,
    session_factory: Any,
    headers_for: Callable[..., Headers],
    bulk_scored: Callable[[list[str], int], str],
) -> None:
    units = many_units(session_factory, 100)
    small, large = bulk_scored(units[:10], 2018), bulk_scored(units, 2019)
    observer = headers_for("observer")
    counts = []
    for campaign_id, size in ((small, 10), (large, 100)):
        with counting(app.state.engine) as statements:
            r = client.get(ranking_url(campaign_id), headers=observer)
        assert r.status_code == 200
        assert len(r.json()["items"]) == size
        assert all(i["rank"] is not None for i in r.json()["items"])
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The scores are read from the sheets' kept points per kind: no statement reads or sums entries.
    assert not [s for s in statements if "score_entries" in s]
    (scores,) = [s for s in statements if "score_sheets" in s]
    assert "standard_centi" in scores and "sum(" not in scores.lower()


def test_only_the_members_of_the_campaigns_year_appear(
    world: ScoringWorld, make_bloc: Callable[..., dict[str, Any]], make_unit: Callable[..., dict[str, Any]]
) -> None:
    """The same bloc in 2017, with a unit that joined that year only: the 2016 ranking (and the year's
    summary) list the 2016 members, no one else."""
    joined_2017 = make_unit(name="Vụ Công nghệ cao")["id"]
    make_bloc(unit_ids=[world.member_unit, joined_2017], year=2017, bloc_id=world.bloc["id"])
    world.scored(world.member_unit, entries(10, 20))
    assert sorted(r["unit_id"] for r in read(world)) == sorted(world.units)
    summary = world.client.get(f"/api/v1/campaigns/{world.cid}/summary", headers=world.secretariat).json()
    assert sorted(r["unit_id"] for r in summary["ranking"]) == sorted(world.units)
    assert joined_2017 not in {m["unit_id"] for m in summary["members"]}


def test_csv_keeps_names_starting_with_minus_as_text_and_negative_totals_as_numbers(
    world: ScoringWorld, session_factory: Any
) -> None:
    with session_factory() as s:  # "-2+3…" would be run as a formula (it starts with a minus)
        s.get(Unit, world.other_unit).name = "-2+3 Vụ Pháp chế"
        s.commit()
    world.scored(world.other_unit, entries(0, 0, penalty=5))  # more penalty than points: -5
    r = world.client.get(ranking_url(world.cid), params={"format": "csv"}, headers=world.secretariat)
    rows = {row[-1]: row for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig")))}
    assert rows[world.other_unit][2:5] == ["'-2+3 Vụ Pháp chế", "-5", "-5"]
