"""Where a delivery connects: the endpoint's URL checked again at delivery time, and pinned to an address
that was checked.

The URL was checked when the endpoint was registered, but a name's addresses can change afterwards (DNS
rebinding: public at registration, 127.0.0.1 at delivery). So each attempt checks the URL again, resolves
the host through ``app.webhooks.urls.resolve`` (which refuses loopback, link-local, private and other
non-public addresses unless ``webhook_allow_private``) and connects to that very address, sending the
original name in ``Host`` and, for https, as the TLS server name (SNI and certificate check), so the
connection cannot be redirected between the check and the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, cast

import httpx

from app.webhooks import urls


class Guard(Protocol):
    """The URL rules (``app.webhooks.urls``): each raises a ``ValueError`` (``UnsafeTarget``) saying why."""

    def check_target(self, url: str, *, https_only: bool, allow_private: bool) -> None: ...

    def resolve(self, host: str, port: int, *, allow_private: bool) -> list[str]: ...


def default_guard() -> Guard:
    """The service's URL rules; tests pass their own guard to the worker."""
    return cast(Guard, urls)


@dataclass(frozen=True)
class Pinned:
    """One way to reach the target: the URL with the checked address in place of the name."""

    url: httpx.URL
    host_header: str
    sni_hostname: str | None


def pin(url: str, guard: Guard, *, https_only: bool, allow_private: bool) -> list[Pinned]:
    """The ways to reach ``url``, one per checked address (raises ``ValueError`` when it may not be)."""
    guard.check_target(url, https_only=https_only, allow_private=allow_private)
    parsed = httpx.URL(url)
    host = parsed.host
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = guard.resolve(host, port, allow_private=allow_private)
    if not addresses:
        raise ValueError(f"{host} has no address")
    host_header = host if parsed.port is None else f"{host}:{parsed.port}"
    if ":" in host:  # an IPv6 literal keeps its brackets in Host
        host_header = f"[{host}]" if parsed.port is None else f"[{host}]:{parsed.port}"
    sni = host if parsed.scheme == "https" else None
    return [Pinned(parsed.copy_with(host=address), host_header, sni) for address in addresses]
