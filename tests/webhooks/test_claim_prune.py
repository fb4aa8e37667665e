"""Claiming (leases, disabled endpoints, several claimers), the pinned address, the backoff arithmetic and
the pruning of old events."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.events import marks
from app.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.webhooks.backoff import delay_after, total_span
from app.webhooks.delivery import INTERRUPTED, Outcome, claim, make_client, record_outcome, send
from app.webhooks.prune import prune
from app.webhooks.target import pin
from app.webhooks.worker import Worker
from tests.support.delivery import Hooks
from tests.support.receiver import Receiver, receiver
from tests.support.tls import authority_and_server


def _deliveries_made(hooks: Hooks, n: int) -> None:
    """Seal and fan out (no delivering) until ``n`` deliveries exist."""
    w = hooks.worker()
    while len(hooks.deliveries()) < n:
        w.seal()
        w.fan_out()


def _claim(hooks: Hooks, limit: int = 10, **kw: object) -> list[str]:
    with hooks.factory() as s:
        jobs = claim(s, hooks.settings, limit=limit, **kw)  # type: ignore[arg-type]
        s.commit()
        return [j.delivery_id for j in jobs]


def test_a_claim_leases_the_delivery_and_an_expired_lease_is_claimed_again(
    hooks: Hooks, recv: Receiver
) -> None:
    hooks.endpoint(recv.url())
    hooks.emit(1)
    _deliveries_made(hooks, 1)
    [delivery_id] = _claim(hooks)
    [row] = hooks.deliveries()
    assert row.status == "delivering" and row.lease_until is not None
    assert row.lease_until > utcnow() + timedelta(seconds=3 * hooks.settings.webhook_timeout_seconds)
    assert _claim(hooks) == []  # held
    # The worker died: once its lease has run out, the delivery is someone else's, and the log says so.
    assert _claim(hooks, now=row.lease_until + timedelta(seconds=1)) == [delivery_id]
    [interrupted] = hooks.attempts()
    assert (interrupted.status_code, interrupted.error) == (None, INTERRUPTED)
    assert hooks.deliveries()[0].attempts == 0


def test_the_outcome_of_a_lost_lease_is_logged_but_does_not_overwrite_the_delivery(
    hooks: Hooks, recv: Receiver
) -> None:
    hooks.endpoint(recv.url())
    hooks.emit(1)
    _deliveries_made(hooks, 1)
    with hooks.factory() as s:
        [stale] = claim(s, hooks.settings, limit=1)
        s.commit()
    with hooks.factory() as s:  # its lease ran out and another worker took it
        [fresh] = claim(s, hooks.settings, limit=1, now=stale.lease_until + timedelta(seconds=1))
        s.commit()
    with hooks.factory() as s:
        record_outcome(s, stale, Outcome(500, None, 10), hooks.settings)
        s.commit()
    [row] = hooks.deliveries()
    assert (row.status, row.attempts, row.lease_until) == ("delivering", 0, fresh.lease_until)
    with hooks.factory() as s:
        record_outcome(s, fresh, Outcome(200, None, 10), hooks.settings)
        s.commit()
    [row] = hooks.deliveries()
    assert (row.status, row.attempts) == ("succeeded", 1)
    # Both attempts happened and both are logged, beside the line for the stale one's lost lease.
    logged = sorted((a.status_code or 0, a.error or "") for a in hooks.attempts())
    assert logged == [(0, INTERRUPTED), (200, ""), (500, "")]


def test_a_disabled_endpoints_deliveries_are_not_claimed(hooks: Hooks, recv: Receiver) -> None:
    endpoint_id, _ = hooks.endpoint(recv.url())
    hooks.emit(2)
    _deliveries_made(hooks, 2)
    with hooks.factory() as s:
        s.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).values(active=False))
        s.commit()
    assert _claim(hooks) == []
    with hooks.factory() as s:
        s.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).values(active=True))
        s.commit()
    assert len(_claim(hooks)) == 2


def test_claims_by_two_workers_never_overlap(hooks: Hooks, recv: Receiver, backend: str) -> None:
    hooks.endpoint(recv.url())
    hooks.emit(6)
    _deliveries_made(hooks, 6)
    if backend == "sqlite":
        first, second = _claim(hooks, limit=4), _claim(hooks, limit=4)
    else:  # two open transactions at once: the second skips the rows the first has locked
        with hooks.factory() as a, hooks.factory() as b:
            first = [j.delivery_id for j in claim(a, hooks.settings, limit=4)]
            second = [j.delivery_id for j in claim(b, hooks.settings, limit=4)]
            a.commit()
            b.commit()
    assert (len(first), len(second)) == (4, 2)
    assert set(first).isdisjoint(second)


def test_the_request_goes_to_the_checked_address_with_the_name_in_host(hooks: Hooks, recv: Receiver) -> None:
    """DNS rebinding: the name is resolved once, by the guard, and the connection made to that address.
    Here the name does not resolve at all outside the guard, so only a pinned connection can arrive."""

    class Guard:
        def check_target(self, url: str, *, https_only: bool, allow_private: bool) -> None:
            assert url.startswith("http://receiver.invalid:")

        def resolve(self, host: str, port: int, *, allow_private: bool) -> list[str]:
            assert (host, port, allow_private) == ("receiver.invalid", recv.port, True)
            return ["127.0.0.1"]

    hooks.endpoint(f"http://receiver.invalid:{recv.port}/hook?token=abc")
    hooks.emit(1)
    hooks.run_until(
        lambda: hooks.count("succeeded") == 1,
        worker=hooks.worker(guard=Guard()),
    )
    [request] = recv.requests
    assert request.headers["host"] == f"receiver.invalid:{recv.port}"
    assert request.path == "/hook?token=abc"


def test_pin_keeps_https_names_for_tls_and_brackets_ipv6() -> None:
    class Guard:
        def check_target(self, url: str, *, https_only: bool, allow_private: bool) -> None: ...

        def resolve(self, host: str, port: int, *, allow_private: bool) -> list[str]:
            return ["2001:db8::1", "192.0.2.7"]

    [v6, v4] = pin("https://hooks.example.org/in", Guard(), https_only=True, allow_private=False)
    assert str(v6.url) == "https://[2001:db8::1]/in" and str(v4.url) == "https://192.0.2.7/in"
    assert (v6.host_header, v6.sni_hostname) == ("hooks.example.org", "hooks.example.org")
    [plain, _] = pin("http://hooks.example.org:8080/in", Guard(), https_only=False, allow_private=False)
    assert (plain.host_header, plain.sni_hostname) == ("hooks.example.org:8080", None)


def test_a_refused_target_is_an_outcome_not_an_exception(hooks: Hooks) -> None:
    class Guard:
        def check_target(self, url: str, *, https_only: bool, allow_private: bool) -> None:
            raise ValueError("the host x resolves to 10.0.0.1, a private address")

        def resolve(self, host: str, port: int, *, allow_private: bool) -> list[str]:
            raise AssertionError("not reached")

    from app.webhooks.delivery import Job

    job = Job("d", "e", "w", "http://x/", ("whsec_" + "A" * 44,), b"{}", False, utcnow())
    with make_client(hooks.settings) as http:
        outcome = send(job, http, hooks.settings, Guard())
    assert outcome == Outcome(
        None, "target refused: the host x resolves to 10.0.0.1, a private address", outcome.duration_ms
    )
    assert not outcome.succeeded


def test_backoff_follows_the_schedule_with_a_little_jitter_and_ends() -> None:
    schedule = [5.0, 300.0, 1800.0]
    assert delay_after(schedule, 1, rand=lambda: 0.5) == 5.0
    assert delay_after(schedule, 2, rand=lambda: 0.0) == pytest.approx(270.0)
    assert delay_after(schedule, 3, rand=lambda: 1.0) == pytest.approx(1980.0)
    assert delay_after(schedule, 4) is None
    with pytest.raises(ValueError):
        delay_after(schedule, 0)


def test_the_default_schedule_retries_for_more_than_a_day(hooks: Hooks) -> None:
    from app.core.config import Settings

    default = Settings().webhook_retry_schedule
    assert total_span(default) >= 24 * 3600
    assert all(b >= a for a, b in itertools.pairwise(default))  # never sooner than the last wait


# ---- pruning --------------------------------------------------------------------------------------------


def _age(hooks: Hooks, public_ids: list[str], days: float) -> None:
    with hooks.factory() as s:
        s.execute(
            update(Event).where(Event.public_id.in_(public_ids)).values(at=utcnow() - timedelta(days=days))
        )
        s.commit()


def _prune(hooks: Hooks) -> int | None:
    with hooks.factory() as s:
        n = prune(s, retention_days=hooks.settings.event_retention_days, now=utcnow())
        s.commit()
        return n


def _seqs(hooks: Hooks, public_ids: list[str]) -> dict[str, int | None]:
    with hooks.factory() as s:
        rows = s.execute(select(Event.public_id, Event.seq).where(Event.public_id.in_(public_ids)))
        return {public_id: seq for public_id, seq in rows.tuples()}


def test_prune_deletes_old_delivered_events_and_keeps_those_still_owed(hooks: Hooks, recv: Receiver) -> None:
    endpoint_id, _ = hooks.endpoint(recv.url())
    delivered = hooks.emit(3, prefix="D")
    hooks.run_until(lambda: hooks.count("succeeded") == 3)
    owed = hooks.emit(1, prefix="P")
    _deliveries_made(hooks, 4)  # its delivery is pending
    recent = hooks.emit(1, prefix="R")
    _deliveries_made(hooks, 5)
    unsealed_old = hooks.emit(1, prefix="N")  # not fanned out yet
    days = hooks.settings.event_retention_days
    _age(hooks, delivered + owed + unsealed_old, days + 1)
    seqs = _seqs(hooks, delivered)

    assert _prune(hooks) == 3
    assert _prune(hooks) == 0
    with hooks.factory() as s:
        left = set(s.scalars(select(Event.public_id)))
        assert left == set(owed + recent + unsealed_old)
        assert marks.read(s, marks.PRUNED) == max(v for v in seqs.values() if v is not None)
        # Their deliveries and attempts went with them.
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 2
        assert s.scalar(select(func.count()).select_from(WebhookAttempt)) == 0
    assert endpoint_id


def test_a_failing_worker_waits_longer_between_passes_up_to_a_minute() -> None:
    from app.webhooks.worker import pause

    assert [pause(1.0, n) for n in range(8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert pause(0.05, 0) == 0.05 and pause(0.05, 1000) == 60.0
    assert pause(120.0, 3) == 120.0  # a poll interval above a minute is kept


@pytest.mark.parametrize("certificate_for", ["hooks.test", "someone-else.test"])
def test_https_connects_to_the_checked_address_and_verifies_the_names_certificate(
    hooks: Hooks, tmp_path: Path, certificate_for: str
) -> None:
    """The connection goes to the address the guard checked, while TLS (SNI and the certificate check)
    uses the URL's name: a certificate for another name is refused."""
    server_tls, client_tls = authority_and_server(tmp_path, certificate_for)

    class Guard:
        def check_target(self, url: str, *, https_only: bool, allow_private: bool) -> None: ...

        def resolve(self, host: str, port: int, *, allow_private: bool) -> list[str]:
            assert host == "hooks.test"
            return ["127.0.0.1"]

    with receiver(server_tls) as secure:
        hooks.endpoint(secure.url(host="hooks.test"))
        hooks.emit(1)
        w = Worker(
            hooks.settings, hooks.factory, guard=Guard(), http=make_client(hooks.settings, verify=client_tls)
        )
        hooks.workers.append(w)
        hooks.run_until(lambda: len(hooks.attempts()) == 1, worker=w)
        [attempt] = hooks.attempts()
        if certificate_for == "hooks.test":
            assert (attempt.status_code, attempt.error) == (200, None)
            [request] = secure.requests
            assert request.headers["host"] == f"hooks.test:{secure.port}"
        else:
            assert attempt.status_code is None and secure.requests == []
            assert attempt.error is not None and "certificate" in attempt.error.lower(), attempt.error
