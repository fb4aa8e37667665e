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


class UnsafeTarget(ValueError):
    """The URL is not one the service may call; ``reason`` says why, in words for the endpoint's owner."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_problem(address: IPAddress, *, allow_private: bool) -> str | None:
    """What kind of address ``address`` is when the service must not connect to it, e.g. "a loopback
    address" (``None``: it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(address.compressed.split("%", 1)[0])
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            kind = address_problem(embedded, allow_private=allow_private)
            return None if kind is None else f"{kind} ({embedded}, embedded)"
        if address.teredo is not None or address in _NAT64_LOCAL:
            return "a tunnelled address"
    if address in _METADATA:
        return "a cloud metadata service"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address == _BROADCAST:
        return "the broadcast address"
    if allow_private:
        return None
    return _non_public(address)


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


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses to connect to for ``host``, every one checked: raises ``UnsafeTarget`` when the host
    does not resolve or any of its addresses may not be called (a name is judged by its worst address)."""
    lookup = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        infos = socket.getaddrinfo(lookup, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeTarget(f"the host {host} does not resolve") from exc
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0])
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise UnsafeTarget(f"the host {host} does not resolve")
    for text in addresses:
        kind = address_problem(ipaddress.ip_address(text), allow_private=allow_private)
        if kind is None:
            continue
        if text == lookup:
            raise UnsafeTarget(f"{text} is {kind}")
        raise UnsafeTarget(f"the host {host} resolves to {text}, {kind}")
    return addresses


def parse_target(url: str, *, https_only: bool) -> tuple[str, int]:
    """The host and port of ``url`` once its form is acceptable (pure: no resolution)."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeTarget(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise UnsafeTarget("the URL contains white space or control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeTarget("the URL must be an absolute http or https URL")
    if https_only and scheme != "https":
        raise UnsafeTarget("the URL must use https")
    if "@" in parts.netloc:
        raise UnsafeTarget("the URL must not contain a user name or password")
    if parts.fragment:
        raise UnsafeTarget("the URL must not contain a fragment")
    host = parts.hostname
    if not host:
        raise UnsafeTarget("the URL has no host")
    return host, _port(parts, scheme)


def _port(parts: SplitResult, scheme: str) -> int:
    bad = UnsafeTarget("the URL's port is not a number between 1 and 65535")
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
