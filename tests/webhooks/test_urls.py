"""Webhook target URLs: what the service refuses to call, without a database and without external DNS
(numeric hosts and ``localhost`` only; the resolver is replaced where a name must resolve elsewhere)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from app.webhooks import urls
from app.webhooks.urls import UnsafeTarget, check_target, resolve
from tests.support.webhooks import service_defaults  # noqa: F401  # the service's settings, not the delivery tests'


def refusal(url: str, *, https_only: bool = False, allow_private: bool = False) -> str:
    with pytest.raises(UnsafeTarget) as caught:
        check_target(url, https_only=https_only, allow_private=allow_private)
    return caught.value.reason


def test_a_public_address_is_accepted() -> None:
    check_target("https://8.8.8.8/hooks/thidua?x=1", https_only=True, allow_private=False)
    check_target("http://[2001:4860:4860::8888]:8443/", https_only=False, allow_private=False)


def test_the_reason_is_the_exception_message_and_it_is_a_value_error() -> None:
    error = UnsafeTarget("because")
    assert isinstance(error, ValueError)
    assert str(error) == error.reason == "because"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://8.8.8.8/", "the URL must be an absolute http or https URL"),
        ("/relative/path", "the URL must be an absolute http or https URL"),
        ("8.8.8.8/hook", "the URL must be an absolute http or https URL"),
        ("javascript:alert(1)", "the URL must be an absolute http or https URL"),
        ("https:///nohost", "the URL has no host"),
        ("https://user:pw@8.8.8.8/", "the URL must not contain a user name or password"),
        ("https://user@8.8.8.8/", "the URL must not contain a user name or password"),
        ("https://8.8.8.8/#frag", "the URL must not contain a fragment"),
        ("https://8.8.8.8:99999/", "the URL's port is not a number between 1 and 65535"),
        ("https://8.8.8.8:0/", "the URL's port is not a number between 1 and 65535"),
        ("https://8.8.8.8:http/", "the URL's port is not a number between 1 and 65535"),
        ("https://8.8.8.8/a b", "the URL contains white space or control characters"),
        ("https://8.8.8.8/\r\nX-Injected: 1", "the URL contains white space or control characters"),
        ("https://8.8.8.8/" + "a" * 2040, "the URL is longer than 2048 characters"),
    ],
)
def test_malformed_urls_are_refused(url: str, reason: str) -> None:
    assert refusal(url) == reason


def test_https_only_refuses_plain_http() -> None:
    assert refusal("http://8.8.8.8/", https_only=True) == "the URL must use https"
    check_target("http://8.8.8.8/", https_only=False, allow_private=False)


def test_the_longest_url_allowed_is_2048_characters() -> None:
    url = "https://8.8.8.8/"
    check_target(url + "a" * (2048 - len(url)), https_only=True, allow_private=False)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:8000/", "127.8.9.10 is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://172.16.3.4/", "172.16.3.4 is a private address"),
        ("http://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://[fd12:3456::1]/", "fd12:3456::1 is a private address"),
        ("http://169.254.1.1/", "169.254.1.1 is a link-local address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("http://100.127.255.254/", "100.127.255.254 is a shared (carrier-grade NAT) address"),
        ("http://240.0.0.1/", "240.0.0.1 is a private address"),
        ("http://192.0.2.7/", "192.0.2.7 is a private address"),
        ("http://[2001:db8::1]/", "2001:db8::1 is a private address"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is a private address (10.0.0.1, embedded)"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address (127.0.0.1, embedded)"),
        ("http://[2002:a00:1::]/", "2002:a00:1:: is a private address (10.0.0.1, embedded)"),
        (
            "http://[64:ff9b::a9fe:a9fe]/",
            "64:ff9b::a9fe:a9fe is a cloud metadata service (169.254.169.254, embedded)",
        ),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata service"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata service"),
        ("http://100.100.100.200/", "100.100.100.200 is a cloud metadata service"),
        ("http://0.0.0.0/", "0.0.0.0 is the unspecified address"),
        ("http://[::]/", ":: is the unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "ff02::1 is a multicast address"),
        ("http://255.255.255.255/", "255.255.255.255 is the broadcast address"),
    ],
)
def test_non_public_addresses_are_refused(url: str, reason: str) -> None:
    assert refusal(url) == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://LOCALHOST:8080/x",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",  # and in hexadecimal, in the short form inet_aton accepts
        "http://0177.0.0.1/",  # and in octal
        "http://127.1/",
    ],
)
def test_other_spellings_of_loopback_are_resolved_and_refused(url: str) -> None:
    reason = refusal(url)
    assert reason.endswith("resolves to 127.0.0.1, a loopback address")


def test_allow_private_admits_loopback_private_and_link_local() -> None:
    for url in (
        "http://127.0.0.1:9000/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://[fd12::1]/",
        "http://169.254.1.1/",
        "http://100.64.0.1/",
        "http://[::ffff:192.168.0.1]/",
    ):
        check_target(url, https_only=False, allow_private=True)


def test_allow_private_still_refuses_metadata_unspecified_multicast_and_broadcast() -> None:
    assert (
        refusal("http://169.254.169.254/", allow_private=True)
        == "169.254.169.254 is a cloud metadata service"
    )
    assert refusal("http://0.0.0.0/", allow_private=True) == "0.0.0.0 is the unspecified address"
    assert refusal("http://224.0.0.251/", allow_private=True) == "224.0.0.251 is a multicast address"
    assert (
        refusal("http://255.255.255.255/", allow_private=True) == "255.255.255.255 is the broadcast address"
    )


def test_an_unresolvable_host_is_refused() -> None:
    assert refusal("https://no-such-host.invalid/") == "the host no-such-host.invalid does not resolve"


def _fake_resolver(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[tuple[str, int]]:
    asked: list[tuple[str, int]] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append((host, port))
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        result = []
        for address in answers[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            result.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return result

    monkeypatch.setattr(urls.socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_is_judged_by_its_worst_address(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_resolver(monkeypatch, {"mixed.example": ["8.8.8.8", "10.0.0.7"], "public.example": ["8.8.4.4"]})
    assert (
        refusal("https://mixed.example/") == "the host mixed.example resolves to 10.0.0.7, a private address"
    )
    check_target("https://public.example/", https_only=True, allow_private=False)


def test_resolve_returns_every_checked_address_once_in_the_resolvers_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = _fake_resolver(
        monkeypatch, {"multi.example": ["8.8.8.8", "2001:4860:4860::8888", "8.8.8.8", "8.8.4.4"]}
    )
    assert resolve("multi.example", 8443, allow_private=False) == [
        "8.8.8.8",
        "2001:4860:4860::8888",
        "8.8.4.4",
    ]
    assert asked == [("multi.example", 8443)]


def test_check_target_resolves_with_the_urls_port_or_the_schemes_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = _fake_resolver(monkeypatch, {"hooks.example": ["8.8.8.8"]})
    check_target("https://hooks.example/", https_only=True, allow_private=False)
    check_target("http://hooks.example/", https_only=False, allow_private=False)
    check_target("https://hooks.example:8443/", https_only=True, allow_private=False)
    assert asked == [("hooks.example", 443), ("hooks.example", 80), ("hooks.example", 8443)]


def test_resolve_on_loopback() -> None:
    assert set(resolve("localhost", 80, allow_private=True)) <= {"127.0.0.1", "::1"}
    assert resolve("127.0.0.1", 9000, allow_private=True) == ["127.0.0.1"]
    assert resolve("[::1]", 9000, allow_private=True) == ["::1"]
    with pytest.raises(UnsafeTarget) as caught:
        resolve("127.0.0.1", 9000, allow_private=False)
    assert caught.value.reason == "127.0.0.1 is a loopback address"


def test_resolve_a_rebound_name_is_refused_at_delivery_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker resolves again before connecting: a name that was public at registration and now points
    inside is refused then."""
    _fake_resolver(monkeypatch, {"rebind.example": ["8.8.8.8"]})
    assert resolve("rebind.example", 443, allow_private=False) == ["8.8.8.8"]
    _fake_resolver(monkeypatch, {"rebind.example": ["127.0.0.1"]})
    with pytest.raises(UnsafeTarget) as caught:
        resolve("rebind.example", 443, allow_private=False)
    assert caught.value.reason == "the host rebind.example resolves to 127.0.0.1, a loopback address"


def test_every_refusal_says_why_in_vietnamese_too() -> None:
    with pytest.raises(UnsafeTarget) as caught:
        check_target("http://localhost/", https_only=False, allow_private=False)
    assert (
        caught.value.reason_vi == "Tên máy chủ localhost trỏ tới 127.0.0.1, địa chỉ loopback (chính máy chủ)"
    )
    with pytest.raises(UnsafeTarget) as caught:
        check_target("http://[::ffff:10.0.0.1]/", https_only=False, allow_private=False)
    assert caught.value.reason_vi == "::ffff:10.0.0.1 là địa chỉ mạng riêng (10.0.0.1, nhúng bên trong)"
    with pytest.raises(UnsafeTarget) as caught:
        check_target("http://8.8.8.8/", https_only=True, allow_private=False)
    assert caught.value.reason_vi == "URL phải dùng https"


def test_a_reason_without_vietnamese_is_shown_as_is() -> None:
    assert UnsafeTarget("because").reason_vi == "because"
