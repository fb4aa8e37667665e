"""The tally as a pure function: examples for each rule, then properties over random elections."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.voting.tally import Rules, tally

A, B, C, D, E = "A", "B", "C", "D", "E"


def _ballots(*groups: tuple[int, list[str]]) -> list[list[str]]:
    return [list(choices) for n, choices in groups for _ in range(n)]


def test_the_2016_ministry_flag_session():
    # 16 delegates, 3 seats, more than half of the electorate needed.
    ballots = _ballots((10, [A, B, C]), (3, [A, B, D]), (2, [C, D, E]), (1, []))
    r = tally([A, B, C, D, E], 16, ballots, Rules(seats=3))
    assert r.ballots_cast == 16 and r.blank == 1 and r.quorum_met
    assert {c.unit_id: c.votes for c in r.candidates} == {A: 13, B: 13, C: 12, D: 5, E: 2}
    assert r.elected == [A, B, C] and r.tied == [] and r.unfilled_seats == 0
    assert [c.share for c in r.candidates] == [0.8125, 0.8125, 0.75, 0.3125, 0.125]


def test_strict_threshold_refuses_exactly_half_inclusive_accepts_it():
    ballots = _ballots((8, [A]), (8, [B]))
    strict = tally([A, B], 16, ballots, Rules(seats=1, threshold_share=0.5))
    assert strict.elected == [] and strict.unfilled_seats == 1 and strict.tied == []
    inclusive = tally(
        [A], 16, _ballots((8, [A]), (8, [])), Rules(seats=1, threshold_share=0.5, threshold_inclusive=True)
    )
    assert inclusive.elected == [A]


def test_threshold_of_ballots_cast_versus_electorate():
    ballots = _ballots((6, [A]), (4, [B]))  # 10 of 20 voted
    of_cast = tally([A, B], 20, ballots, Rules(seats=1, threshold_of="cast"))
    assert of_cast.elected == [A] and of_cast.candidates[0].share == 0.6
    of_electorate = tally([A, B], 20, ballots, Rules(seats=1, threshold_of="electorate"))
    assert of_electorate.elected == [] and of_electorate.candidates[0].share == 0.3


def test_below_quorum_nobody_is_elected():
    r = tally([A], 16, _ballots((7, [A])), Rules(seats=1, threshold_share=0.2, quorum=0.5))
    assert not r.quorum_met and r.elected == [] and r.unfilled_seats == 1
    assert r.candidates[0].passes  # it would have passed: quorum alone stops it
    at_quorum = tally([A], 16, _ballots((8, [A])), Rules(seats=1, threshold_share=0.2, quorum=0.5))
    assert at_quorum.quorum_met and at_quorum.elected == [A]


def test_tie_at_the_last_seat_leaves_it_unfilled_and_names_the_tied():
    ballots = _ballots((12, [A, B]), (11, [C]), (11, [D]))  # 34 delegates; C and D tie for seat 2
    r = tally([A, B, C, D], 34, ballots, Rules(seats=2, threshold_share=0.3))
    # A and B have 12 each and fill both seats; C and D (11) are below them: no tie at the boundary.
    assert r.elected == [A, B] and r.tied == []
    ballots = _ballots((12, [A, C]), (12, [B, D]), (1, [A]))  # A 13; B, C, D 12: one seat left for three
    r = tally([A, B, C, D], 25, ballots, Rules(seats=2, threshold_share=0.4))
    assert r.elected == [A] and r.tied == [B, C, D] and r.unfilled_seats == 1


def test_tie_within_the_seats_is_no_tie():
    r = tally([A, B, C], 10, _ballots((9, [A, B]), (1, [C])), Rules(seats=2))
    assert r.elected == [A, B] and r.tied == []


def test_fewer_passing_than_seats_leaves_seats_unfilled_without_tie():
    r = tally([A, B, C], 10, _ballots((9, [A]), (5, [B]), (1, [C])), Rules(seats=3))
    assert r.elected == [A] and r.unfilled_seats == 2 and r.tied == []


def test_no_ballots_at_all():
    r = tally([A, B], 16, [], Rules(seats=1, threshold_of="cast", quorum=0))
    assert r.ballots_cast == 0 and r.elected == [] and all(c.share == 0 for c in r.candidates)


# ---- properties ------------------------------------------------------------------------------------------

CANDIDATES = [f"U{i}" for i in range(6)]


@st.composite
def elections(draw):
    n_candidates = draw(st.integers(1, 6))
    cands = CANDIDATES[:n_candidates]
    electorate = draw(st.integers(1, 40))
    cast = draw(st.integers(0, electorate))
    ballots = [
        draw(st.lists(st.sampled_from(cands), unique=True, max_size=n_candidates)) for _ in range(cast)
    ]
    rules = Rules(
        seats=draw(st.integers(1, n_candidates)),
        threshold_share=draw(st.sampled_from([0, 0.25, 0.5, 2 / 3, 0.9])),
        threshold_of=draw(st.sampled_from(["electorate", "cast"])),
        threshold_inclusive=draw(st.booleans()),
        quorum=draw(st.sampled_from([0, 0.5, 2 / 3, 1])),
    )
    return cands, electorate, ballots, rules


@settings(max_examples=300, deadline=None)
@given(elections())
def test_properties_of_every_tally(election):
    cands, electorate, ballots, rules = election
    r = tally(cands, electorate, ballots, rules)
    votes = {c.unit_id: c.votes for c in r.candidates}
    assert len(r.elected) + r.unfilled_seats == rules.seats
    assert len(r.elected) <= rules.seats
    assert not set(r.elected) & set(r.tied)
    assert sum(votes.values()) == sum(len(b) for b in ballots)
    if not r.quorum_met:
        assert r.elected == [] and r.tied == []
    for c in r.candidates:
        assert c.elected == (c.unit_id in r.elected)
        if c.elected:
            assert c.passes
    # Nobody elected has fewer votes than a passing candidate left out.
    left_out = [c for c in r.candidates if c.passes and not c.elected]
    for e in r.elected:
        assert all(votes[e] > o.votes for o in left_out)
    # Tied candidates all have the same votes, and a tie only ever leaves seats open.
    if r.tied:
        assert len({votes[t] for t in r.tied}) == 1 and r.unfilled_seats >= 1
        assert len(r.tied) > r.unfilled_seats
