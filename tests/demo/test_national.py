"""The national-scale data set (``app.demo.national``) at a tiny scale: the rows it promises, as the product
stores them, and the regression guard of ``bench/national.py``: the reads and the bulk import it measures
send as many statements at one size as at another."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.core.security import PasswordService
from app.demo import national
from app.models import (
    Ballot,
    BallotVoter,
    Bloc,
    BlocMember,
    Campaign,
    Criterion,
    ScoreEntry,
    ScoreSheet,
    SessionCandidate,
    SessionElector,
    Unit,
    User,
    VotingSession,
)
from app.models.base import Base
from app.voting.tally import TallyResult
from bench import national as bench

PASSWORD = "national-test-password"
TABLES: dict[str, type[Base]] = {
    "blocs": Bloc,
    "units": Unit,
    "bloc_members": BlocMember,
    "campaigns": Campaign,
    "criteria": Criterion,
    "score_sheets": ScoreSheet,
    "score_entries": ScoreEntry,
    "users": User,
    "voting_sessions": VotingSession,
    "session_candidates": SessionCandidate,
    "session_electors": SessionElector,
    "ballot_voters": BallotVoter,
    "ballots": Ballot,
}
SMALL = national.Scale(blocs=2, units=6, sessions=2, ballots=10)
LARGER = national.Scale(blocs=3, units=15, sessions=4, ballots=60)


def _generate(session_factory: Any, passwords: PasswordService, scale: national.Scale, prefix: str) -> Any:
    with session_factory() as s:
        generated = national.generate(s, scale, password_hash=passwords.hash(PASSWORD), prefix=prefix)
        s.commit()
    return generated


def _rows(session_factory: Any) -> dict[str, int]:
    with session_factory() as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0 for name, model in TABLES.items()
        }


def _kind(name: str) -> str:
    """``units page 1`` and ``units page 6`` alike: the page's number depends on the size."""
    return "units page" if name.startswith("units page") else name


def test_the_national_scale_has_the_promised_shape() -> None:
    scale = national.Scale.national(1)
    expected = scale.expected()
    assert (scale.blocs, scale.units, scale.sessions, scale.ballots) == (300, 5000, 300, 100_000)
    assert expected["score_entries"] == 600_000 and expected["criteria"] == 300 * 66
    sizes = scale.bloc_sizes()
    assert sum(sizes) == 5000 and sizes[0] == 500 and max(sizes[1:]) <= 500 and min(sizes) >= 1
    assert sum(scale.session_counts()) == 300 and scale.session_counts()[0] == 30
    assert sum(scale.ballot_counts()) == 100_000
    tiny = national.Scale.national(0.01)
    assert (tiny.blocs, tiny.units, tiny.sessions, tiny.ballots) == (3, 50, 3, 1000)
    assert tiny.bloc_sizes()[0] == max(tiny.bloc_sizes())


def test_the_generator_writes_what_it_promises_as_the_product_stores_it(
    session_factory: Any, passwords: PasswordService
) -> None:
    generated = _generate(session_factory, passwords, SMALL, "NA")
    assert generated.counts == SMALL.expected()
    assert _rows(session_factory) == {name: SMALL.expected()[name] for name in TABLES}
    with session_factory() as s:
        for vs in s.scalars(select(VotingSession)):
            assert vs.status == "closed" and vs.secret and vs.result is not None
            ballots = s.scalars(select(Ballot).where(Ballot.session_id == vs.id)).all()
            candidates = set(
                s.scalars(select(SessionCandidate.unit_id).where(SessionCandidate.session_id == vs.id))
            )
            voters = s.scalar(
                select(func.count()).select_from(BallotVoter).where(BallotVoter.session_id == vs.id)
            )
            assert TallyResult.from_stored(vs.result).ballots_cast == len(ballots) == voters
            assert all(b.voter_id is None and set(b.choices) <= candidates for b in ballots)
            assert all(b.choices == sorted(b.choices) and len(b.choices) <= vs.max_choices for b in ballots)
        sheet = s.scalars(select(ScoreSheet).where(ScoreSheet.stage == "review").limit(1)).one()
        points = dict(
            s.execute(
                select(ScoreEntry.criterion_code, ScoreEntry.points_centi).where(
                    ScoreEntry.sheet_id == sheet.id
                )
            )
            .tuples()
            .all()
        )
    kinds = {n.code: n.kind for n in national.nodes()}
    assert (sheet.standard_centi, sheet.bonus_centi, sheet.penalty_centi) == tuple(
        sum(v for c, v in points.items() if kinds[c] == kind) for kind in ("standard", "bonus", "penalty")
    )


def test_the_benched_requests_send_as_many_statements_at_either_size(
    app: FastAPI, client: TestClient, session_factory: Any, passwords: PasswordService
) -> None:
    counts = []
    for scale, prefix in ((SMALL, "NA"), (LARGER, "NB")):
        generated = _generate(session_factory, passwords, scale, prefix)
        headers = bench.login(client, generated.secretariat_username, PASSWORD)
        operations = bench.operations(client, headers, session_factory, generated)
        for op in operations:
            bench.measure(client, app.state.engine, headers, op)  # first use: caches filled
        counts.append(
            [(_kind(op.name), bench.measure(client, app.state.engine, headers, op)[1]) for op in operations]
        )
    assert counts[0] == counts[1], counts
