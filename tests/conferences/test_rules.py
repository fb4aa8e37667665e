"""The conference's pure rules: the quorum and next year's leadership by rotation."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.conferences import quorum, rotation
from app.conferences.rotation import Member


@pytest.mark.parametrize(
    ("share", "members", "required"),
    [(Fraction(1, 2), 9, 5), (Fraction(1, 2), 10, 5), (Fraction(2, 3), 9, 6), (Fraction(2, 3), 10, 7),
     (Fraction(1), 4, 4), (Fraction(3, 5), 5, 3), (Fraction(1, 2), 0, 0)],
)  # fmt: skip
def test_required_rounds_up(share: Fraction, members: int, required: int) -> None:
    assert quorum.required(share, members) == required


def test_a_frozen_float_reads_back_as_its_fraction() -> None:
    assert quorum.share_of(2 / 3) == Fraction(2, 3)
    assert quorum.share_of(0.5) == Fraction(1, 2)
    q = quorum.quorum(members=9, present=5, share=quorum.share_of(2 / 3))
    assert (q.required, q.met) == (6, False)
    assert quorum.quorum(members=9, present=6, share=Fraction(2, 3)).met


def _bloc(*roles: str) -> list[Member]:
    # codes out of order on purpose: the rotation follows the codes, not the list
    codes = ["U05", "U01", "U04", "U02", "U03"][: len(roles)]
    return [Member(f"u{c[-1]}", c, r) for c, r in zip(codes, roles, strict=True)]


def test_the_deputy_leads_next_and_the_next_member_deputises() -> None:
    members = _bloc("member", "leader", "deputy", "member", "member")  # leader U01, deputy U04
    assert rotation.rotate(members) == rotation.Leadership("u4", "u5")  # after U04 comes U05


def test_without_a_deputy_the_member_after_the_leader_leads_wrapping_round() -> None:
    members = _bloc("leader", "member", "member", "member", "member")  # leader U05, the last code
    assert rotation.rotate(members) == rotation.Leadership("u1", "u2")


def test_the_deputy_with_the_last_code_hands_deputy_to_the_first() -> None:
    members = _bloc("deputy", "leader", "member")  # deputy U05
    assert rotation.rotate(members) == rotation.Leadership("u5", "u1")


def test_a_single_member_leads_alone_and_a_year_without_leader_has_no_rotation() -> None:
    assert rotation.rotate([Member("u1", "U01", "leader")]) == rotation.Leadership("u1", None)
    assert rotation.rotate(_bloc("member", "member")) is None


def test_carried_members_keep_code_order_with_the_new_roles() -> None:
    members = _bloc("member", "leader", "deputy")
    carried = rotation.carried(members, rotation.Leadership("u4", "u5"))
    assert carried == [("u1", "member"), ("u4", "leader"), ("u5", "deputy")]
