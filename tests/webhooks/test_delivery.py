"""Deliveries to a real receiver on 127.0.0.1, by the worker's passes run in this process: signed per
Standard Webhooks, retried on failure (down, slow, 500) with the same webhook-id, logged attempt by
attempt, failed when the schedule is exhausted, and the endpoint disabled when it keeps failing."""

from __future__ import annotations

import itertools
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.events.serialise import body
from app.models import Event, WebhookEndpoint
from app.models.base import utcnow
from app.webhooks import secrets, signing
from app.webhooks.backoff import JITTER
from tests.support.delivery import SCHEDULE, TIMEOUT, Hooks
from tests.support.receiver import Receiver


def _now() -> int:
    return int(time.time())


def test_a_delivery_is_the_event_signed_with_the_endpoints_secret(hooks: Hooks, recv: Receiver) -> None:
    endpoint_id, secret = hooks.endpoint(recv.url())
    [event_id] = hooks.emit(1)
    hooks.run_until(lambda: hooks.count("succeeded") == 1)

    [request] = recv.requests
    signing.verify(secret, request.headers, request.body, now=_now())  # raises unless signed by it
    with pytest.raises(signing.InvalidSignature):
        signing.verify(signing.new_secret(), request.headers, request.body, now=_now())
    with hooks.factory() as s:
        event = s.scalars(select(Event).where(Event.public_id == event_id)).one()
        assert request.body == body(event)
    assert request.webhook_id == event_id
    assert request.path == "/hook"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["host"] == f"127.0.0.1:{recv.port}"
    assert request.headers["user-agent"] == "thidua-webhooks/1"
    assert abs(int(request.headers["webhook-timestamp"]) - _now()) <= 5
    document = request.json()
    assert document["id"] == event_id and document["type"] == "unit.created"
    assert document["seq"] >= 1 and document["object_version"] == 1

    [delivery] = hooks.deliveries()
    assert (delivery.endpoint_id, delivery.status, delivery.attempts) == (endpoint_id, "succeeded", 1)
    assert delivery.last_status_code == 200 and delivery.succeeded_at is not None
    assert delivery.lease_until is None
    [attempt] = hooks.attempts()
    assert (attempt.status_code, attempt.error, attempt.manual) == (200, None, False)
    assert attempt.duration_ms >= 0


def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(hooks: Hooks, recv: Receiver) -> None:
    old = signing.new_secret()
    _, new = hooks.endpoint(
        recv.url(),
        previous_secret_encrypted=secrets.encrypt(old, master=hooks.settings.jwt_secret),
        previous_secret_expires_at=utcnow() + timedelta(hours=1),
    )
    hooks.emit(1)
    hooks.run_until(lambda: len(recv.requests) == 1)
    [request] = recv.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    signing.verify(new, request.headers, request.body, now=_now())
    signing.verify(old, request.headers, request.body, now=_now())

    _, new2 = hooks.endpoint(
        recv.url("/after"),
        previous_secret_encrypted=secrets.encrypt(old, master=hooks.settings.jwt_secret),
        previous_secret_expires_at=utcnow() - timedelta(seconds=1),
    )
    hooks.emit(1)
    hooks.run_until(lambda: any(r.path == "/after" for r in recv.requests))
    [expired] = [r for r in recv.requests if r.path == "/after"]
    assert len(expired.headers["webhook-signature"].split(" ")) == 1
    signing.verify(new2, expired.headers, expired.body, now=_now())
    with pytest.raises(signing.InvalidSignature):
        signing.verify(old, expired.headers, expired.body, now=_now())


def test_500_is_retried_on_the_schedule_with_the_same_webhook_id_then_delivered(
    hooks: Hooks, recv: Receiver
) -> None:
    endpoint_id, secret = hooks.endpoint(recv.url())
    [event_id] = hooks.emit(1)
    recv.fail(500)
    hooks.run_until(lambda: len(recv.requests) == 3)
    failing = hooks.endpoint_row(endpoint_id)
    assert failing.failing_since is not None and failing.active
    recv.ok()
    hooks.run_until(lambda: hooks.count("succeeded") == 1)

    requests = recv.requests
    assert [r.webhook_id for r in requests] == [event_id] * 4
    for r in requests:
        signing.verify(secret, r.headers, r.body, now=_now())
    assert len({r.body for r in requests}) == 1  # the same event, byte for byte
    gaps = [b.at - a.at for a, b in itertools.pairwise(requests)]
    for gap, wait in zip(gaps, SCHEDULE, strict=True):
        assert gap >= wait * (1 - JITTER) - 0.02, (gaps, SCHEDULE)
    assert [a.status_code for a in hooks.attempts()] == [500, 500, 500, 200]
    [delivery] = hooks.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 4, 200)
    assert hooks.endpoint_row(endpoint_id).failing_since is None  # the streak ended


def test_a_receiver_that_is_down_gets_the_event_once_it_is_back(hooks: Hooks, recv: Receiver) -> None:
    hooks.endpoint(recv.url())
    [event_id] = hooks.emit(1)
    recv.down()
    w = hooks.worker()
    hooks.run_until(lambda: len(hooks.attempts()) >= 2, worker=w)
    assert recv.requests == []
    errors = [a.error for a in hooks.attempts()]
    assert all(e is not None and e.startswith("connection failed") for e in errors), errors
    assert all(a.status_code is None for a in hooks.attempts())
    recv.up()
    hooks.run_until(lambda: hooks.count("succeeded") == 1, worker=w)
    assert recv.ids() == {event_id: 1}  # the receiver saw it exactly once
    [delivery] = hooks.deliveries()
    assert delivery.attempts == len(hooks.attempts()) >= 3


def test_a_slow_receiver_times_out_and_is_tried_again(hooks: Hooks, recv: Receiver) -> None:
    hooks.endpoint(recv.url())
    [event_id] = hooks.emit(1)
    recv.slow(TIMEOUT + 2)
    hooks.run_until(lambda: len(hooks.attempts()) == 1)
    [first] = hooks.attempts()
    assert first.status_code is None and first.error is not None and first.error.startswith("timeout")
    assert TIMEOUT * 1000 <= first.duration_ms < (TIMEOUT + 1.5) * 1000
    recv.ok()
    hooks.run_until(lambda: hooks.count("succeeded") == 1)
    assert recv.ids() == {event_id: 2}  # the timed-out request arrived too: a duplicate, same id
    assert [a.status_code for a in hooks.attempts()] == [None, 200]


def test_a_delivery_fails_when_the_schedule_is_exhausted(hooks: Hooks, recv: Receiver) -> None:
    endpoint_id, _ = hooks.endpoint(recv.url())
    [event_id] = hooks.emit(1)
    recv.fail(503)
    w = hooks.worker()
    hooks.run_until(lambda: hooks.count("failed") == 1, worker=w)
    for _ in range(5):  # nothing more is sent for it
        w.run_pass()
        time.sleep(0.1)
    assert recv.ids() == {event_id: len(SCHEDULE) + 1}
    [delivery] = hooks.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        "failed",
        len(SCHEDULE) + 1,
        503,
    )
    assert [a.status_code for a in hooks.attempts()] == [503] * (len(SCHEDULE) + 1)
    # A few seconds of failures do not disable it: that takes webhook_disable_after_hours.
    endpoint = hooks.endpoint_row(endpoint_id)
    assert endpoint.active and endpoint.disabled_reason is None and endpoint.failing_since is not None


def _set_failing_since(hooks: Hooks, endpoint_id: str, hours_ago: float) -> str:
    since = utcnow() - timedelta(hours=hours_ago)
    with hooks.factory() as s:
        row = s.get(WebhookEndpoint, endpoint_id)
        assert row is not None
        row.failing_since = since
        s.commit()
    return since.isoformat(timespec="seconds").replace("+00:00", "Z")


def test_an_endpoint_failing_for_a_day_is_disabled_with_the_reason_and_its_deliveries_wait(
    hooks: Hooks, recv: Receiver
) -> None:
    endpoint_id, _ = hooks.endpoint(recv.url())
    since = _set_failing_since(hooks, endpoint_id, hours_ago=hooks.settings.webhook_disable_after_hours + 0.1)
    [first, second] = hooks.emit(2)
    recv.fail(503)
    w = hooks.worker(threads=1)
    hooks.run_until(lambda: len(hooks.attempts()) == 1, worker=w)

    endpoint = hooks.endpoint_row(endpoint_id)
    assert not endpoint.active and endpoint.disabled_at is not None
    assert endpoint.disabled_reason is not None
    assert f"every delivery has failed since {since}" in endpoint.disabled_reason
    assert endpoint.disabled_reason.endswith(": HTTP 503")
    with hooks.factory() as s:
        from app.models import AuditEvent

        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "webhook_endpoint.disable")).one()
        assert audit.object_id == endpoint_id and audit.actor_type == "system"
    # One request reached the receiver; the other delivery waits, unclaimed, while the endpoint is disabled.
    assert sum(recv.ids().values()) == 1
    for _ in range(10):
        w.run_pass()
        time.sleep(0.1)
    assert sum(recv.ids().values()) == 1
    assert sorted(d.status for d in hooks.deliveries()) == ["pending", "pending"]

    # Its owner re-enables it (the endpoint API's business): the waiting deliveries go out.
    with hooks.factory() as s:
        row = s.get(WebhookEndpoint, endpoint_id)
        assert row is not None
        row.active, row.disabled_at, row.disabled_reason, row.failing_since = True, None, None, None
        s.commit()
    recv.ok()
    hooks.run_until(lambda: hooks.count("succeeded") == 2, worker=w)
    assert set(recv.ids()) == {first, second}


def test_410_gone_disables_the_endpoint_at_once(hooks: Hooks, recv: Receiver) -> None:
    endpoint_id, _ = hooks.endpoint(recv.url())
    hooks.emit(1)
    recv.fail(410)
    hooks.run_until(lambda: len(hooks.attempts()) == 1)
    endpoint = hooks.endpoint_row(endpoint_id)
    assert not endpoint.active
    assert endpoint.disabled_reason is not None and "410 Gone" in endpoint.disabled_reason
    [delivery] = hooks.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 410)


def test_a_redirect_is_not_followed(hooks: Hooks, recv: Receiver) -> None:
    hooks.endpoint(recv.url())
    hooks.emit(1)
    recv.fail(307)
    hooks.run_until(lambda: len(hooks.attempts()) == 1)
    assert len(recv.requests) == 1
    [attempt] = hooks.attempts()
    assert attempt.status_code == 307
    assert hooks.deliveries()[0].status == "pending"


def test_an_attempt_logged_after_a_manual_redelivery_is_marked_manual(hooks: Hooks, recv: Receiver) -> None:
    hooks.endpoint(recv.url())
    hooks.emit(1)
    hooks.run_until(lambda: hooks.count("succeeded") == 1)
    [delivery] = hooks.deliveries()
    with hooks.factory() as s:  # what the endpoint API's redelivery does
        from app.models import WebhookDelivery

        row = s.get(WebhookDelivery, delivery.id)
        assert row is not None
        row.status, row.manual, row.next_attempt_at = "pending", True, utcnow()  # type: ignore[assignment]
        s.commit()
    hooks.run_until(lambda: hooks.count("succeeded") == 1 and len(hooks.attempts()) == 2)
    assert [a.manual for a in hooks.attempts()] == [False, True]
    assert len(set(recv.ids())) == 1 and sum(recv.ids().values()) == 2
    assert hooks.deliveries()[0].manual is False


def test_a_secret_that_cannot_be_decrypted_is_an_attempt_error_not_a_crash(
    hooks: Hooks, recv: Receiver
) -> None:
    hooks.endpoint(
        recv.url(), secret_encrypted=secrets.encrypt(signing.new_secret(), master="another-key-" * 4)
    )
    hooks.emit(1)
    hooks.run_until(lambda: len(hooks.attempts()) == 1)  # run_until checks that no pass reports an error
    assert recv.requests == []
    [attempt] = hooks.attempts()
    assert attempt.error is not None and "cannot be decrypted" in attempt.error


@pytest.mark.parametrize(
    "settings_overrides", [{"webhook_require_https": False, "webhook_timeout_seconds": TIMEOUT}]
)
def test_a_loopback_target_is_refused_unless_private_addresses_are_allowed(
    hooks: Hooks, recv: Receiver
) -> None:
    assert hooks.settings.webhook_allow_private is False
    hooks.endpoint(recv.url())
    hooks.emit(1)
    hooks.run_until(lambda: len(hooks.attempts()) == 1)
    assert recv.requests == []
    [attempt] = hooks.attempts()
    assert attempt.status_code is None
    assert attempt.error is not None and attempt.error.startswith("target refused:")
    assert "127.0.0.1" in attempt.error
    assert hooks.deliveries()[0].status == "pending"  # retried: the setting may be a mistake being fixed


def test_many_failures_of_one_endpoint_recorded_at_once_do_not_deadlock(hooks: Hooks, recv: Receiver) -> None:
    """Each recorder locks the endpoint (its failing streak) and the delivery, in that order; the attempt's
    foreign key on the endpoint must not make two of them wait for each other (PostgreSQL)."""
    endpoint_id, _ = hooks.endpoint(recv.url())
    ids = hooks.emit(12)
    recv.fail(500)
    w = hooks.worker(threads=6)
    hooks.run_until(lambda: len(hooks.attempts()) >= 24, worker=w)  # run_until fails on any recording error
    recv.ok()
    hooks.run_until(lambda: hooks.count("succeeded") == 12, worker=w)
    assert set(recv.ids()) == set(ids)
    assert hooks.endpoint_row(endpoint_id).failing_since is None
