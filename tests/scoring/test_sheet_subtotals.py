"""The points per kind kept on each score sheet (what the ranking reads) always equal what its entries
add up to under the campaign's current criteria: after single writes, bulk writes, submissions, returns
and a replacement of the criteria; and the migration that added them fills them in for existing sheets.
On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.core.migrations import downgrade, upgrade
from app.models import Campaign, Criterion, ScoreEntry, ScoreSheet
from tests.support.builders import Builders
from tests.support.scoring import ScoringWorld, read

Kept = dict[tuple[str, str], tuple[int, int, int]]
BEFORE_SUBTOTALS = "e8f93708e721"  # the migration before score_sheets had its points per kind

# The same tree as tests.test_scores.CRITERIA, through the API, then changed: 1.2 becomes a bonus item
# and 2.1 disappears.
TREE: dict[str, Any] = {
    "criteria": [
        {
            "code": "1",
            "title": "Thực hiện nhiệm vụ chuyên môn",
            "children": [
                {"code": "1.1", "title": "Hoàn thành kế hoạch", "max_points": 10, "kind": "standard"},
                {"code": "1.2", "title": "Chất lượng tham mưu", "max_points": 20, "kind": "standard"},
            ],
        },
        {
            "code": "2",
            "title": "Điểm thưởng, điểm trừ",
            "children": [
                {"code": "2.1", "title": "Sáng kiến", "max_points": 5, "kind": "bonus", "required": False},
                {"code": "2.2", "title": "Vi phạm", "max_points": 5, "kind": "penalty", "required": False},
            ],
        },
    ]
}
CHANGED: dict[str, Any] = {
    "criteria": [
        {"code": "1.1", "title": "Hoàn thành kế hoạch", "max_points": 10, "kind": "standard"},
        {"code": "1.2", "title": "Chất lượng tham mưu", "max_points": 20, "kind": "bonus", "required": False},
        {"code": "2.2", "title": "Vi phạm", "max_points": 5, "kind": "penalty", "required": False},
    ]
}


@pytest.fixture
def world_without_criteria(build: Builders) -> ScoringWorld:
    return ScoringWorld(build, criteria=False)


def kept(world: ScoringWorld) -> Kept:
    with world.session_factory() as s:
        sheets = s.scalars(select(ScoreSheet).where(ScoreSheet.campaign_id == world.cid))
        return {(x.unit_id, x.stage): (x.standard_centi, x.bonus_centi, x.penalty_centi) for x in sheets}


def start_sheet_write(world: ScoringWorld, action: str, results: list[Any]) -> threading.Thread:
    """The member unit's sheet written by ``action`` (put, submit or bulk) in a thread that is given a
    second to finish; its response lands in ``results``."""
    m = world.member_unit
    requests = {
        "put": lambda: world.put(m, entries(_1_1=9, _1_2=18), world.member),
        "submit": lambda: world.submit(m, world.member),
        "bulk": lambda: world.client.post(
            f"/api/v1/campaigns/{world.cid}/scores/bulk",
            json={"stage": "self", "sheets": [{"unit_id": m, "entries": entries(_1_1=8, _1_2=18)}]},
            headers=world.secretariat,
        ),
    }
    writer = threading.Thread(target=lambda: results.append(requests[action]()))
    writer.start()
    writer.join(timeout=1.0)
    return writer


def derived(world: ScoringWorld) -> Kept:
    """The same numbers worked out here from the raw entries and criteria, independently of the app."""
    with world.session_factory() as s:
        tree = select(Criterion.code, Criterion.kind).where(Criterion.campaign_id == world.cid)
        kinds = dict(s.execute(tree).tuples().all())
        sheets = s.execute(
            select(ScoreSheet.id, ScoreSheet.unit_id, ScoreSheet.stage).where(
                ScoreSheet.campaign_id == world.cid
            )
        ).all()
        out: Kept = {}
        for sheet_id, unit_id, stage in sheets:
            sums = {"standard": 0, "bonus": 0, "penalty": 0}
            of_sheet = select(ScoreEntry.criterion_code, ScoreEntry.points_centi).where(
                ScoreEntry.sheet_id == sheet_id
            )
            for code, centi in s.execute(of_sheet):
                if kinds.get(code) in sums:
                    sums[kinds[code]] += centi
            out[(unit_id, stage)] = (sums["standard"], sums["bonus"], sums["penalty"])
        return out


def count_entries(world: ScoringWorld) -> int:
    with world.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(ScoreEntry)) or 0)


def consistent(world: ScoringWorld) -> Kept:
    numbers = kept(world)
    assert numbers == derived(world)
    return numbers


def put_criteria(world: ScoringWorld, tree: dict[str, Any]) -> None:
    r = world.client.put(f"/api/v1/campaigns/{world.cid}/criteria", json=tree, headers=world.secretariat)
    assert r.status_code == 200, r.text


def bulk(world: ScoringWorld, sheets: list[dict[str, Any]], *, submit: bool) -> None:
    r = world.client.post(
        f"/api/v1/campaigns/{world.cid}/scores/bulk",
        json={"stage": "self", "sheets": sheets, "submit": submit},
        headers=world.secretariat,
    )
    assert r.status_code == 200, r.text


def entries(**points: float) -> list[dict[str, Any]]:
    return [{"criterion": code[1:].replace("_", "."), "points": p} for code, p in points.items()]


def test_kept_points_follow_every_write(world_without_criteria: ScoringWorld) -> None:
    world = world_without_criteria
    m, o, lead = world.member_unit, world.other_unit, world.leader_unit
    put_criteria(world, TREE)

    # One sheet written alone, then rewritten.
    assert world.put(m, entries(_1_1=9.5, _1_2=18, _2_1=2), world.member).status_code == 200
    assert consistent(world) == {(m, "self"): (2750, 200, 0)}
    assert world.put(m, entries(_1_1=9.5, _1_2=17.25, _2_2=1), world.member).status_code == 200
    assert consistent(world)[(m, "self")] == (2675, 0, 100)

    # A bulk write creates two sheets and rewrites the first, each with its own numbers.
    bulk(
        world,
        [
            {"unit_id": o, "entries": entries(_1_1=8, _1_2=20, _2_1=5)},
            {"unit_id": m, "entries": entries(_1_1=7, _1_2=10, _2_1=1, _2_2=0.5)},
            {"unit_id": lead, "entries": entries(_1_1=10, _1_2=19.99)},
        ],
        submit=False,
    )
    assert consistent(world) == {
        (o, "self"): (2800, 500, 0),
        (m, "self"): (1700, 100, 50),
        (lead, "self"): (2999, 0, 0),
    }

    # Replacing the criteria while every sheet is a draft: 1.2 now counts as a bonus, 2.1 counts nothing.
    etag = world.client.get(world.url(m), headers=world.member).headers["etag"]
    put_criteria(world, CHANGED)
    assert consistent(world) == {
        (o, "self"): (800, 2000, 0),
        (m, "self"): (700, 1000, 50),
        (lead, "self"): (1000, 1999, 0),
    }
    got = world.client.get(world.url(m), headers=world.member)
    assert (got.json()["standard_total"], got.json()["bonus_total"]) == (7, 10)
    assert got.headers["etag"] != etag  # its totals changed, so did its version

    # Submitting (one alone, the others in bulk with changed entries) keeps them; the ranking reads them.
    assert world.put(m, entries(_1_1=7, _1_2=10, _2_2=0.5), world.member).status_code == 200
    assert world.submit(m, world.member).status_code == 200
    bulk(
        world,
        [
            {"unit_id": o, "entries": entries(_1_1=8, _1_2=20)},
            {"unit_id": lead, "entries": entries(_1_1=9, _1_2=1)},
        ],
        submit=True,
    )
    assert consistent(world) == {
        (o, "self"): (800, 2000, 0),
        (m, "self"): (700, 1000, 50),
        (lead, "self"): (900, 100, 0),
    }
    rows = {r["unit_id"]: (r["rank"], r["total"], r["bonus_total"]) for r in read(world)}
    assert rows[o] == (1, 28.0, 20.0)
    assert rows[m] == (2, 16.5, 10.0)
    assert rows[lead] == (3, 10.0, 1.0)

    # Returned, rewritten and submitted again: the ranking follows.
    assert world.give_back(m, world.leader).status_code == 200
    assert world.put(m, entries(_1_1=10, _1_2=20), world.member).status_code == 200
    assert world.submit(m, world.member).status_code == 200
    assert consistent(world)[(m, "self")] == (1000, 2000, 0)
    assert [r["unit_id"] for r in read(world)][:2] == [m, o]


def test_the_migration_fills_in_existing_sheets(world: ScoringWorld, settings: Any) -> None:
    m, o = world.member_unit, world.other_unit
    world.scored(m, entries(_1_1=9.5, _1_2=18, _2_1=2, _2_2=1))
    world.scored(o, entries(_1_1=10, _1_2=20, _2_2=5))
    world.put(world.leader_unit, entries(_1_1=1), world.secretariat)  # a draft
    before = consistent(world)
    ranking = read(world)
    with world.session_factory() as s:  # as if the numbers had never been kept
        s.execute(update(ScoreSheet).values(standard_centi=0, bonus_centi=0, penalty_centi=0))
        s.commit()
    assert set(kept(world).values()) == {(0, 0, 0)}

    entries_before = count_entries(world)
    downgrade(settings.database_url, BEFORE_SUBTOTALS)
    upgrade(settings.database_url)

    # SQLite rebuilds score_sheets on the way down: its entries (ON DELETE CASCADE) must survive that.
    assert count_entries(world) == entries_before == 8
    assert consistent(world) == before
    assert before[(m, "self")] == (2750, 200, 100)
    assert read(world) == ranking


@pytest.mark.parametrize("action", ["put", "submit", "bulk"])
def test_a_sheet_write_waits_for_a_criteria_change_without_holding_the_sheet(
    world: ScoringWorld, backend: str, action: str
) -> None:
    """A criteria change locks the campaign, then its sheets. A sheet write (rewrite, submission, bulk) must
    wait for the campaign before it locks its sheet: the other order deadlocks with the criteria change,
    and a write that went ahead would be checked and totalled against the tree being replaced."""
    if backend != "postgresql":
        pytest.skip("row locks: SQLite serialises every writer already")
    m = world.member_unit
    assert world.put(m, entries(_1_1=9.5, _1_2=18), world.member).status_code == 200
    results: list[Any] = []
    with world.session_factory() as change:  # what PUT /criteria holds while it replaces the tree
        change.execute(select(Campaign.id).where(Campaign.id == world.cid).with_for_update())
        writer = start_sheet_write(world, action, results)
        assert writer.is_alive()  # waiting for the campaign
        # The sheet is free: the criteria change can take it (before, this raised "could not obtain lock").
        locked = change.execute(
            select(ScoreSheet.id).where(ScoreSheet.campaign_id == world.cid).with_for_update(nowait=True)
        ).all()
        assert len(locked) == 1
        change.rollback()
    writer.join(timeout=30)
    assert [r.status_code for r in results] == [200], [r.text for r in results]


def test_kept_points_hold_sums_past_32_bits(world_without_criteria: ScoringWorld) -> None:
    """The largest tree allowed (500 nodes of up to 100,000 points) sums past 2**31 centi-points."""
    world = world_without_criteria
    items = [
        {"code": f"{i}", "title": f"Tiêu chí {i}", "max_points": 100_000, "kind": "standard"}
        for i in range(1, 221)
    ]
    put_criteria(world, {"criteria": items})
    full = [{"criterion": item["code"], "points": 100_000} for item in items]
    bulk(world, [{"unit_id": world.member_unit, "entries": full}], submit=True)
    assert world.put(world.other_unit, full[:-1], world.other).status_code == 200
    assert world.submit(world.other_unit, world.other).status_code == 422  # the last item is required
    assert world.put(world.other_unit, full, world.other).status_code == 200
    assert consistent(world)[(world.member_unit, "self")] == (2_200_000_000, 0, 0)
    rows = {r["unit_id"]: r for r in read(world)}
    assert rows[world.member_unit]["total"] == 22_000_000.0
    assert rows[world.other_unit]["rank"] is None  # its sheet is a draft


@pytest.mark.parametrize("action", ["put", "bulk"])
def test_a_sheet_write_that_waited_for_a_close_is_refused(
    world: ScoringWorld, backend: str, action: str
) -> None:
    if backend != "postgresql":
        pytest.skip("row locks: SQLite serialises every writer already")
    results: list[Any] = []
    with world.session_factory() as closing:  # what PATCH /campaigns/{id} {"status": "closed"} does
        campaign = closing.scalars(select(Campaign).where(Campaign.id == world.cid).with_for_update()).one()
        campaign.status = "closed"
        closing.flush()
        writer = start_sheet_write(world, action, results)
        assert writer.is_alive()  # it read the campaign as active, and now waits for it
        closing.commit()
    writer.join(timeout=30)
    outcome = [(r.status_code, r.json().get("code")) for r in results]
    assert outcome == [(409, "campaign_closed")], [r.text for r in results]
    assert kept(world) == {}  # nothing stored
