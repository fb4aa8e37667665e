"""Engine and session handling.

One session per request, created lazily by the ``SessionDep`` dependency and committed in exactly one
place: ``TransactionalRoute`` (see ``app.core.routing``), after the endpoint has produced its response and
before that response leaves the process. Services only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import CursorResult, Engine, Result, Select, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "thidua_read_only"
# Connections per process. TransactionalRoute admits at most this many requests at once, fewer than the
# worker threads (40), so a request holding a connection always finds a thread to finish on. All of them
# stay open once made (no overflow): an overflow connection is closed when it is handed back, so with more
# than the pool's size of requests in flight each one beyond opened a new connection (on PostgreSQL a
# server process started and authenticated) and threw it away.
POOL_SIZE = 20
POOL_OVERFLOW = 0
MAX_CONNECTIONS = POOL_SIZE + POOL_OVERFLOW
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        if url not in ("sqlite://", "sqlite:///:memory:"):  # in-memory databases use a single-thread pool
            kwargs.setdefault("pool_size", POOL_SIZE)
            kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # WAL for concurrent readers, FULL so an acknowledged commit survives a power cut,
        # foreign keys because SQLite leaves them off by default.
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # Deleted content is overwritten with zeros, on every connection: a sealed ballot box (rows
        # deleted and written again in a random order), a page split's leftover cells and freed pages
        # never keep who voted in which order (docs/ballot-secrecy.md). Set once here, not per write.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # The driver's own transaction handling is off (isolation_level=None). A writing transaction
        # takes the write lock up front so two writers never both read-then-write the same snapshot
        # (SQLITE_BUSY_SNAPSHOT); a read-only one (GET requests) begins deferred and blocks no writer.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def session_scope(factory: Callable[[], Session]) -> Iterator[Session]:
    """A unit of work outside a request (CLI, start-up): commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def read_only_engine(engine: Engine) -> Engine:
    """``engine`` (sharing its pool) for the sessions of safe requests: every connection such a session
    takes begins a read-only transaction (see ``read_only_options``), with no statement of its own."""
    return engine.execution_options(**_read_only(engine.dialect.name))


async def get_session(request: Request) -> Session:
    """The request's session. Creating it does no I/O (the connection is taken at the first statement),
    so this runs in the event loop: no worker-thread hand-off of its own."""
    state = request.state
    session: Session | None = getattr(state, "db_session", None)
    if session is None:
        app_state = request.app.state
        if request.method in _SAFE_METHODS:
            session = app_state.sessionmaker(bind=app_state.read_only_engine)
        else:
            session = app_state.sessionmaker()
        state.db_session = session
    return session


def drain(factory: Callable[[], Session], waiting: Select[Any], work: Callable[[Session], int]) -> int:
    """Run ``work`` in transactions of its own while ``waiting`` finds a row; the total it reports. Looks
    first, in a read-only transaction, so that with nothing waiting no write lock (SQLite) and no advisory
    lock (PostgreSQL) is taken; stops when a pass does nothing (rows of transactions not yet committed)."""
    total = 0
    while True:
        with factory() as session:
            session.connection(execution_options=read_only_options(session))
            found = session.execute(waiting.limit(1)).first() is not None
            session.rollback()
        if not found:
            return total
        with session_scope(factory) as session:
            done = work(session)
        if not done:
            return total
        total += done


def read_only_options(session: Session) -> dict[str, Any]:
    """A safe request reads one snapshot of the database, so a document built from several statements (a
    ranking, a year summary, a page and its total) never mixes states. SQLite's deferred read transaction
    (see ``_on_begin``) already sees one snapshot in WAL mode; PostgreSQL needs REPEATABLE READ, and READ
    ONLY makes a stray write fail loudly instead of being committed by a GET."""
    return _read_only(session.get_bind().dialect.name)


def _read_only(dialect: str) -> dict[str, Any]:
    options: dict[str, Any] = {READ_ONLY: True}
    if dialect == "postgresql":
        options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return options


SessionDep = Annotated[Session, Depends(get_session)]


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE matched. ``Session.execute`` is typed to return a Result; for those
    statements it is a CursorResult, which counts them."""
    assert isinstance(result, CursorResult)
    return result.rowcount
