"""The login throttle's pure rules: how a client and a name are counted, and how long a lock lasts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.auth.service import audited_name
from app.auth.throttle import Counting, counters, network_of, seconds_left, subject_of
from app.models import ThrottleKind
from tests.support.settings import make_settings


@pytest.mark.parametrize(
    ("host", "network"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # same /64, same counter
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("testclient", "testclient"),
        (None, "unknown"),
        ("", "unknown"),
    ],
)
def test_a_client_is_counted_by_its_address_or_its_ipv6_64(host, network):
    assert network_of(host) == network


def test_a_name_is_counted_whatever_its_case_or_surrounding_blanks():
    assert subject_of("  NguyenVanA ") == subject_of("nguyenvana")
    assert subject_of("nguyenvana") != subject_of("nguyenvanb")
    assert len(subject_of("x")) == 64 and "x" not in subject_of("x")


def test_the_audit_keeps_the_name_tried_without_invisible_characters_and_short():
    assert audited_name("nguyen\u200bvan\u202ea\x00\t\n") == "nguyenvana"
    assert audited_name("Nguyễn Văn A") == "Nguyễn Văn A"
    assert audited_name("a" * 300) == "a" * 64


def test_a_lock_lasts_until_its_window_ends_and_says_at_least_one_second():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    window = timedelta(seconds=300)
    assert seconds_left(start, window, start) == 300
    assert seconds_left(start, window, start + timedelta(seconds=200, milliseconds=1)) == 100
    assert seconds_left(start, window, start + timedelta(seconds=299, milliseconds=999)) == 1
    assert seconds_left(start, window, start + window) == 1


def test_an_attempt_is_checked_address_first_then_name_with_the_settings_limits():
    settings = make_settings(
        "sqlite://",
        login_max_failures=4,
        login_window_seconds=120,
        login_address_max_failures=7,
        login_address_max_attempts=50,
        login_user_max_failures=9,
        login_user_window_seconds=30,
    )
    user = counters(settings, client=False, name="Alice", address="203.0.113.7")
    assert [(c.kind, c.limit, c.window.total_seconds(), c.counting) for c in user] == [
        (ThrottleKind.ADDRESS, 50, 120, Counting.EVERY_ATTEMPT),
        (ThrottleKind.ADDRESS_FAILURES, 7, 120, Counting.FAILURES),
        (ThrottleKind.USER_ADDRESS, 4, 120, Counting.UNTIL_SUCCESS),
        (ThrottleKind.USER, 9, 30, Counting.UNLESS_SUCCESS),
    ]
    client = counters(settings, client=True, name="Alice", address="203.0.113.7")
    assert [c.kind for c in client][2:] == [ThrottleKind.CLIENT_ADDRESS, ThrottleKind.CLIENT]
    # The addresses' counters are shared by both grants; a name's are not.
    assert [c.key for c in client][:2] == [c.key for c in user][:2]
    assert {c.key for c in client[2:]}.isdisjoint(c.key for c in user[2:])
    # A key names no one in clear; the keys of the same name from two addresses differ only where the
    # address counts.
    other = counters(settings, client=False, name="alice", address="198.51.100.1")
    assert other[3].key == user[3].key and other[2].key != user[2].key
    assert all("alice" not in c.key.lower() and "203.0" not in c.key for c in user)
