"""Which webhook targets the service may call: a webhook must not become a way to reach the service's own
network (server-side request forgery).

A target is an absolute ``http(s)`` URL (``https`` only when the deployment requires it) without user
information, whose host resolves only to public addresses. Every address the name resolves to is checked,
not just the first: a name that also resolves to ``127.0.0.1`` is refused as a whole. Numeric hosts in any
spelling the resolver accepts (``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]``) are resolved and checked
the same way, and IPv6 addresses that embed an IPv4 one (mapped, 6to4, NAT64) are judged by the embedded one.

``webhook_allow_private`` (a closed network whose receivers have private addresses) admits loopback,
private, link-local, unique-local and shared (CGNAT) addresses. Some addresses are refused even then: the
unspecified, multicast and broadcast ones (no receiver listens there) and the cloud metadata services
(their credentials are what a forged request would be after, and no receiver lives there).

The check at registration is advice to the owner; the one that protects is the worker's: it connects to
the addresses ``resolve`` returned, so a name that resolves elsewhere by the time of delivery (DNS
rebinding) is checked again.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Shared address space (RFC 6598): carrier-grade NAT, also where some clouds put their metadata service.
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# NAT64's well-known prefix (RFC 6052): the last 32 bits are an IPv4 address reached through a translator.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# Refused even when private addresses are allowed: no receiver lives at a cloud's metadata service.
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS resolver
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
        "fd00:ec2::23",  # AWS ECS over IPv6
    )
)
_BROADCAST = ipaddress.ip_address("255.255.255.255")


# What each kind of refused address is called, in English and in Vietnamese (problem details speak both).
KINDS: dict[str, str] = {
    "a tunnelled address": "địa chỉ đường hầm (tunnel)",
    "a cloud metadata service": "dịch vụ metadata của nền tảng đám mây",
    "the unspecified address": "địa chỉ không xác định",
    "a multicast address": "địa chỉ multicast",
    "the broadcast address": "địa chỉ broadcast",
    "a loopback address": "địa chỉ loopback (chính máy chủ)",
    "a link-local address": "địa chỉ link-local",
    "a shared (carrier-grade NAT) address": "địa chỉ dùng chung (NAT của nhà mạng)",
    "a site-local address": "địa chỉ site-local",
    "a private address": "địa chỉ mạng riêng",
    "a reserved address": "địa chỉ dành riêng",
}


class UnsafeTarget(ValueError):
    """The URL is not one the service may call; ``reason`` says why, in words for the endpoint's owner
    (``reason_vi`` in Vietnamese)."""

    def __init__(self, reason: str, reason_vi: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_vi = reason_vi or reason


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _classify(address: IPAddress, *, allow_private: bool) -> tuple[str, str] | None:
    """(English, Vietnamese) of what kind of address ``address`` is, when it may not be called."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(address.compressed.split("%", 1)[0])
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            kind = _classify(embedded, allow_private=allow_private)
            if kind is None:
                return None
            return f"{kind[0]} ({embedded}, embedded)", f"{kind[1]} ({embedded}, nhúng bên trong)"
        if address.teredo is not None or address in _NAT64_LOCAL:
            return _named("a tunnelled address")
    if address in _METADATA:
        return _named("a cloud metadata service")
    if address.is_unspecified:
        return _named("the unspecified address")
    if address.is_multicast:
        return _named("a multicast address")
    if address == _BROADCAST:
        return _named("the broadcast address")
    if allow_private:
        return None
    found = _non_public(address)
    return None if found is None else _named(found)


def _named(kind: str) -> tuple[str, str]:
    return kind, KINDS[kind]


def address_problem(address: IPAddress, *, allow_private: bool) -> str | None:
    """What kind of address ``address`` is when the service must not connect to it, e.g. "a loopback
    address" (``None``: it may)."""
    kind = _classify(address, allow_private=allow_private)
    return None if kind is None else kind[0]


def _non_public(address: IPAddress) -> str | None:
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if address.is_private:
        return "a private address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return None


def _unresolvable(host: str) -> UnsafeTarget:
    return UnsafeTarget(f"the host {host} does not resolve", f"Không phân giải được tên máy chủ {host}")


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses to connect to for ``host``, every one checked: raises ``UnsafeTarget`` when the host
    does not resolve or any of its addresses may not be called (a name is judged by its worst address)."""
    lookup = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        infos = socket.getaddrinfo(lookup, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise _unresolvable(host) from exc
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0])
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise _unresolvable(host)
    for text in addresses:
        kind = _classify(ipaddress.ip_address(text), allow_private=allow_private)
        if kind is None:
            continue
        if text == lookup:
            raise UnsafeTarget(f"{text} is {kind[0]}", f"{text} là {kind[1]}")
        raise UnsafeTarget(
            f"the host {host} resolves to {text}, {kind[0]}", f"Tên máy chủ {host} trỏ tới {text}, {kind[1]}"
        )
    return addresses


def parse_target(url: str, *, https_only: bool) -> tuple[str, int]:
    """The host and port of ``url`` once its form is acceptable (pure: no resolution)."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeTarget(
            f"the URL is longer than {MAX_URL_LENGTH} characters", f"URL dài quá {MAX_URL_LENGTH} ký tự"
        )
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise UnsafeTarget(
            "the URL contains white space or control characters",
            "URL chứa khoảng trắng hoặc ký tự điều khiển",
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeTarget(
            "the URL must be an absolute http or https URL",
            "URL phải là địa chỉ đầy đủ bắt đầu bằng http hoặc https",
        )
    if https_only and scheme != "https":
        raise UnsafeTarget("the URL must use https", "URL phải dùng https")
    if "@" in parts.netloc:
        raise UnsafeTarget(
            "the URL must not contain a user name or password",
            "URL không được chứa tên người dùng hay mật khẩu",
        )
    if parts.fragment:
        raise UnsafeTarget("the URL must not contain a fragment", "URL không được chứa phần phân đoạn (#...)")
    host = parts.hostname
    if not host:
        raise UnsafeTarget("the URL has no host", "URL không có tên máy chủ")
    return host, _port(parts, scheme)


def _port(parts: SplitResult, scheme: str) -> int:
    bad = UnsafeTarget(
        "the URL's port is not a number between 1 and 65535", "Cổng trong URL phải là số từ 1 đến 65535"
    )
    try:
        port = parts.port
    except ValueError as exc:
        raise bad from exc
    if port == 0:
        raise bad
    return port if port is not None else (443 if scheme == "https" else 80)


def check_target(url: str, *, https_only: bool, allow_private: bool) -> None:
    """Raise ``UnsafeTarget`` unless the service may deliver webhooks to ``url``."""
    host, port = parse_target(url, https_only=https_only)
    resolve(host, port, allow_private=allow_private)
