"""The score sheets' pure rules (who may do what, audit diffs, entry order), without a database."""

from __future__ import annotations

import pytest

from app.scoring.sheet_rules import (
    Entry,
    Rights,
    changes_between,
    in_tree_order,
    list_scope,
    may_read,
    missing_errors,
    return_refusal,
    stored_entry_errors,
    write_refusal,
)
from app.scoring.tree import CriteriaTree, Node
from tests.support.problems import expected_errors

SECRETARIAT = Rights(secretariat=True)
OWN_SECRETARIAT = Rights(secretariat=True, home_unit="U1")
OBSERVER = Rights(observer=True)
LEADER = Rights(leader=True, member=True, acts_for="L", home_unit="L")
OFFICER = Rights(member=True, acts_for="U1", home_unit="U1")
OUTSIDER = Rights(acts_for="X", home_unit="X")
CLIENT = Rights(member=True, acts_for="U1", home_unit="U1")
NOBODY = Rights()


@pytest.mark.parametrize(
    ("rights", "unit", "stage", "refusal"),
    [
        (OFFICER, "U1", "self", None),
        (OFFICER, "U2", "self", "forbidden"),
        (OFFICER, "U1", "review", "forbidden"),
        (CLIENT, "U1", "self", None),
        (SECRETARIAT, "U2", "self", None),
        (SECRETARIAT, "U2", "review", None),
        (OWN_SECRETARIAT, "U1", "review", "conflict_of_interest"),
        (OWN_SECRETARIAT, "U1", "self", None),
        (LEADER, "U1", "review", None),
        (LEADER, "L", "review", "conflict_of_interest"),
        (LEADER, "L", "self", None),
        (LEADER, "U1", "self", "forbidden"),
        (OBSERVER, "U1", "self", "forbidden"),
        (OUTSIDER, "U1", "review", "forbidden"),
        (NOBODY, "U1", "self", "forbidden"),
    ],
)
def test_write_refusal(rights: Rights, unit: str, stage: str, refusal: str | None) -> None:
    assert write_refusal(rights, unit, stage) == refusal


@pytest.mark.parametrize(
    ("rights", "unit", "stage", "refusal"),
    [
        (LEADER, "U1", "self", None),
        (LEADER, "U1", "review", None),
        (LEADER, "L", "self", "conflict_of_interest"),
        (LEADER, "L", "review", "conflict_of_interest"),
        (SECRETARIAT, "L", "review", None),
        (SECRETARIAT, "L", "self", None),
        (OWN_SECRETARIAT, "U1", "review", "conflict_of_interest"),
        (OWN_SECRETARIAT, "U1", "self", "conflict_of_interest"),
        (OFFICER, "U1", "self", "forbidden"),
        (OBSERVER, "U1", "self", "forbidden"),
    ],
)
def test_return_refusal(rights: Rights, unit: str, stage: str, refusal: str | None) -> None:
    assert return_refusal(rights, unit, stage) == refusal


def test_who_reads_what() -> None:
    for reader in (SECRETARIAT, OBSERVER, LEADER, OFFICER):
        assert may_read(reader, "U1", "draft")
    assert not may_read(Rights(member=True, acts_for="U2"), "U1", "draft")
    assert not may_read(Rights(member=True, acts_for="U2"), "U1", "returned")
    assert may_read(Rights(member=True, acts_for="U2"), "U1", "submitted")
    assert not may_read(OUTSIDER, "U1", "submitted")
    assert not may_read(NOBODY, "U1", "submitted")


def test_list_scope() -> None:
    assert list_scope(SECRETARIAT) == (True, None)
    assert list_scope(OBSERVER) == (True, None)
    assert list_scope(LEADER) == (True, None)
    assert list_scope(OFFICER) == (True, "U1")
    assert list_scope(OUTSIDER) == (False, None)
    assert list_scope(NOBODY) == (False, None)


def test_changes_between() -> None:
    old = {"1.1": (950, None), "1.2": (1800, "cũ"), "1.3": (500, "bỏ")}
    new = {"1.1": (800, None), "1.2": (1800, "mới"), "2.1": (25, None)}
    assert changes_between(old, new) == {
        "changes": {"1.1": [9.5, 8.0], "2.1": [None, 0.25], "1.3": [5.0, None]},
        "notes": {"1.2": ["cũ", "mới"], "1.3": ["bỏ", None]},
    }
    assert changes_between(old, dict(old)) == {}
    assert changes_between({}, {}) == {}


TREE = CriteriaTree(
    [
        Node("1", None, "Nhóm 1", None, None, True, 0),
        Node("1.2", "1", "b", 2000, "standard", True, 2),
        Node("1.1", "1", "a", 1000, "standard", True, 1),
        Node("2.1", None, "c", 500, "bonus", False, 3),
    ]
)


def test_entries_in_tree_order_unknown_codes_last() -> None:
    scored = {"9.9": (1, None), "2.1": (2, None), "1.1": (3, "x"), "0.5": (4, None)}
    assert in_tree_order(TREE, scored) == [
        Entry("1.1", 3, "x"),
        Entry("2.1", 2),
        Entry("0.5", 4),
        Entry("9.9", 1),
    ]


def test_stored_entry_errors_are_located_by_code() -> None:
    assert stored_entry_errors(TREE, {"1.1": (1000, None), "1.2": (2001, None), "7": (1, None)}) == [
        {
            "loc": ["entries", "1.2", "points"],
            "msg": "points for '1.2' must be between 0 and 20",
            "type": "out_of_range",
        },
        {"loc": ["entries", "7", "criterion"], "msg": "unknown criterion '7'", "type": "unknown_criterion"},
    ]
    assert missing_errors(["1.2"], ("body", "sheets", 3, "entries")) == expected_errors(
        (["body", "sheets", 3, "entries", "1.2"], "required item '1.2' is not scored", "required_unscored"),
    )
