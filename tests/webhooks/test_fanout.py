"""Fan-out: which endpoints get a delivery of which event, once each, and the mark moving with them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from app.events import marks
from app.events.outbox import emit
from app.events.payloads import ReportSubmitted
from app.events.sealer import seal, sealed_through
from app.models import Event, OutboxMark, Scope, ServiceClient, WebhookEndpoint
from app.models.base import new_id
from app.webhooks.fanout import fan_out
from tests.support.delivery import Hooks

URL = "http://127.0.0.1:9/hook"  # never called: these tests stop before delivering


def _report(hooks: Hooks, unit_id: str) -> str:
    with hooks.factory() as s:
        event = emit(
            s,
            ReportSubmitted(
                id=new_id(),
                campaign_id=new_id(),
                unit_id=unit_id,
                kind="annual",
                version=1,
                title="Báo cáo năm",
                late=False,
                submitted_at=datetime(2016, 12, 1, tzinfo=UTC),
            ),
            object_id=new_id(),
            object_version=1,
            unit_id=unit_id,
        )
        s.commit()
        return event.public_id


def _seal_all(hooks: Hooks) -> None:
    """Seal until every event has its position (PostgreSQL waits for older transactions to end)."""
    while True:
        with hooks.factory() as s:
            seal(s)
            s.commit()
            if s.scalar(select(Event.id).where(Event.seq.is_(None)).limit(1)) is None:
                return


def _fan_out(hooks: Hooks) -> int | None:
    with hooks.factory() as s:
        n = fan_out(s)
        s.commit()
        return n


def _received(hooks: Hooks) -> dict[str, set[str]]:
    """endpoint id → the public ids of the events it has a delivery of."""
    out: dict[str, set[str]] = {}
    for d in hooks.deliveries():
        with hooks.factory() as s:
            public_id = s.scalar(select(Event.public_id).where(Event.id == d.event_id))
        assert public_id is not None
        out.setdefault(d.endpoint_id, set()).add(public_id)
    return out


def test_an_endpoint_gets_the_types_it_lists_that_its_owner_may_read(hooks: Hooks, make_unit) -> None:
    u1, u2 = make_unit(code="FO1")["id"], make_unit(code="FO2")["id"]
    units_reader, _ = hooks.endpoint(
        URL, types=["unit.created", "report.submitted"], scopes=[Scope.UNITS_READ]
    )
    units_writer, _ = hooks.endpoint(URL, types=["unit.created"], scopes=[Scope.UNITS_WRITE])  # implies read
    u1_reports, _ = hooks.endpoint(URL, types=["report.submitted"], scopes=[Scope.REPORTS_WRITE], unit_id=u1)
    unbound_reports, _ = hooks.endpoint(URL, types=["report.submitted"], scopes=[Scope.REPORTS_WRITE])
    results_only, _ = hooks.endpoint(URL, types=["unit.created"], scopes=[Scope.RESULTS_READ])
    disabled, _ = hooks.endpoint(URL, types=["unit.created"], active=False)
    client_off, _ = hooks.endpoint(URL, types=["unit.created"])
    with hooks.factory() as s:
        client_id = s.scalar(select(WebhookEndpoint.client_id).where(WebhookEndpoint.id == client_off))
        s.execute(update(ServiceClient).where(ServiceClient.id == client_id).values(active=False))
        s.commit()

    [unit_event] = hooks.emit(1)
    report_u1 = _report(hooks, u1)
    _report(hooks, u2)
    _seal_all(hooks)
    assert _fan_out(hooks) == 3

    assert _received(hooks) == {
        units_reader: {unit_event},  # it lists report.submitted, but units:read does not read reports
        units_writer: {unit_event},
        u1_reports: {report_u1},  # its own unit's report, not u2's
    }
    assert {unbound_reports, results_only, disabled, client_off}.isdisjoint(_received(hooks))
    assert all(d.status == "pending" and d.attempts == 0 for d in hooks.deliveries())


def test_a_new_endpoint_gets_only_the_events_after_its_start(hooks: Hooks) -> None:
    hooks.emit(2, prefix="OLD")
    _seal_all(hooks)
    with hooks.factory() as s:
        start = sealed_through(s)
    assert _fan_out(hooks) == 2  # no endpoint yet: nothing to deliver, the mark moves on
    late, _ = hooks.endpoint(URL, start_seq=start)
    with hooks.factory() as s:  # even a fan-out that starts again from the beginning gives it no history
        s.execute(update(OutboxMark).where(OutboxMark.name == marks.FANOUT).values(seq=0))
        s.commit()
    new = hooks.emit(1, prefix="NEW")
    _seal_all(hooks)
    assert _fan_out(hooks) == 3
    assert _received(hooks) == {late: set(new)}


def test_fan_out_is_idempotent_and_moves_its_mark_to_the_last_event(hooks: Hooks) -> None:
    a, _ = hooks.endpoint(URL)
    b, _ = hooks.endpoint(URL)
    ids = hooks.emit(5)
    _seal_all(hooks)
    assert _fan_out(hooks) == 5
    assert _fan_out(hooks) == 0  # caught up
    with hooks.factory() as s:
        top = sealed_through(s)
        assert marks.read(s, marks.FANOUT) == top
        # Run it again from the start (as after a crash before the mark's commit): nothing doubles.
        s.execute(update(OutboxMark).where(OutboxMark.name == marks.FANOUT).values(seq=0))
        s.commit()
    assert _fan_out(hooks) == 5
    assert len(hooks.deliveries()) == 10
    assert _received(hooks) == {a: set(ids), b: set(ids)}


def test_fan_out_works_in_batches(hooks: Hooks) -> None:
    hooks.endpoint(URL)
    hooks.emit(7)
    _seal_all(hooks)
    with hooks.factory() as s:
        assert fan_out(s, batch=3) == 3
        s.commit()
    with hooks.factory() as s:
        assert fan_out(s, batch=3) == 3
        assert fan_out(s, batch=3) == 1  # the same transaction holds the mark
        s.commit()
    assert len(hooks.deliveries()) == 7


def test_a_fan_out_in_progress_makes_another_worker_skip_it(hooks: Hooks, backend: str) -> None:
    assert _fan_out(hooks) == 0  # the mark's row exists from the first fan-out on
    hooks.endpoint(URL)
    hooks.emit(1)
    _seal_all(hooks)
    if backend == "sqlite":
        return  # one writer at a time: the second transaction would wait for the write lock, not skip
    with hooks.factory() as holder:
        assert marks.take(holder, marks.FANOUT) is not None
        with hooks.factory() as other:
            assert fan_out(other) is None  # another worker holds the mark: skip, do not wait
            other.rollback()
        holder.rollback()
    assert _fan_out(hooks) == 1
