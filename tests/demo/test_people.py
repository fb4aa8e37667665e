"""The demo's people (app/demo/people.py): the roster's own consistency; loading it comes next."""

from __future__ import annotations

from app.demo import people


def test_the_roster_history_reads_as_its_legend_says():
    """Every history is three known pairs; a CSTĐCS is always also LĐTT; showcase codes exist."""
    codes = [row[0] for row in people.ROSTER]
    assert len(codes) == len(set(codes))
    assert len({row[1] for row in people.ROSTER}) == len(codes)  # no two people share a name
    for code, *_rest, history in people.ROSTER:
        pairs = history.split()
        assert len(pairs) == 3, code
        for pair in pairs:
            assert pair == "--" or (pair[0] in people.RATINGS and pair[1] in people.TITLES), code
    referenced = {
        *people.WORKS,
        *people.MOVES,
        *people.EXCLUSIONS,
        *people.REVOCATIONS,
        *(code for code, _ in people.ASSESSMENT_NOTES),
        *(e.code for e in people.SHOWCASE),
    }
    assert referenced <= set(codes)
    assert {w.year for works in people.WORKS.values() for w in works} == set(people.YEARS)
