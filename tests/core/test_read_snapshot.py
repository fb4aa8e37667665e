"""A GET reads one snapshot of the database: a write committed while it runs is not half-seen. And a GET
cannot write. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event, text, update
from sqlalchemy.exc import DBAPIError

from app.models import ScoreSheet
from tests.support.builders import Builders
from tests.support.scoring import ScoringWorld, entries, read


@pytest.fixture
def world(build: Builders) -> ScoringWorld:
    return ScoringWorld(build)


def test_a_write_committed_during_a_get_is_not_seen_by_its_later_statements(
    app: FastAPI, world: ScoringWorld
) -> None:
    m, o = world.member_unit, world.other_unit
    world.scored(m, entries(10, 20))
    world.scored(o, entries(9, 18))
    engine = app.state.engine
    done: list[bool] = []

    def meanwhile(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # Just before the ranking reads the sheets (its members were read already), another request
        # returns the leading unit's sheet and commits.
        if done or "FROM score_sheets" not in statement:
            return
        done.append(True)
        with engine.connect() as other:
            other.execute(update(ScoreSheet).where(ScoreSheet.unit_id == m).values(status="returned"))
            other.commit()

    event.listen(engine, "before_cursor_execute", meanwhile)
    try:
        during = {r["unit_id"]: r["rank"] for r in read(world)}
    finally:
        event.remove(engine, "before_cursor_execute", meanwhile)
    assert done == [True]
    assert (during[m], during[o]) == (1, 2)  # as before the write: one state, not a mix
    after = {r["unit_id"]: r["rank"] for r in read(world)}
    assert (after[m], after[o]) == (None, 1)  # the write did happen


def test_a_get_cannot_write(app: FastAPI, world: ScoringWorld, backend: str) -> None:
    """What a GET's session is set up with refuses writes on PostgreSQL (READ ONLY). SQLite has no such
    mode; its GETs begin a deferred transaction, which the first write would upgrade."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL's READ ONLY transactions")
    from app.core.db import read_only_options

    # A GET's session is bound to the read-only engine (app.core.db.get_session); the event sealer, the
    # change feed and the live streams set the same options on their session's connection.
    with (
        app.state.sessionmaker(bind=app.state.read_only_engine) as session,
        pytest.raises(DBAPIError, match="read-only transaction"),
    ):
        session.execute(text("UPDATE score_sheets SET status = status"))
    with app.state.sessionmaker() as session:
        session.connection(execution_options=read_only_options(session))
        with pytest.raises(DBAPIError, match="read-only transaction"):
            session.execute(text("UPDATE score_sheets SET status = status"))
    # The pool hands the same connections to writers afterwards: none is read-only or repeatable-read
    # any more (the pool is first in, first out: this visits every idle connection).
    engine = app.state.engine
    for _ in range(engine.pool.checkedin() + 1):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "off"
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
    assert world.put(world.member_unit, entries(1, 2), world.member).status_code == 200
