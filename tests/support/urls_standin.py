"""A stand-in for ``app.webhooks.urls`` (the endpoint-management branch's URL rules) while this branch
does not have it: ``install()`` does nothing once the real module is importable. Same interface, loopback
and private addresses refused unless allowed; enough for the delivery tests, which target 127.0.0.1."""

from __future__ import annotations

import importlib
import ipaddress
import socket
import sys
import types
from urllib.parse import urlsplit


class UnsafeTarget(ValueError):
    pass


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeTarget(f"the host {host} does not resolve") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in addresses:
        if not allow_private and not ipaddress.ip_address(text).is_global:
            raise UnsafeTarget(f"the host {host} resolves to {text}, a non-public address")
    return addresses


def check_target(url: str, *, https_only: bool, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("the URL must be an absolute http or https URL")
    if https_only and parts.scheme != "https":
        raise UnsafeTarget("the URL must use https")
    resolve(parts.hostname, parts.port or 443, allow_private=allow_private)


def install() -> None:
    try:
        importlib.import_module("app.webhooks.urls")
    except ModuleNotFoundError:
        module = types.ModuleType("app.webhooks.urls")
        module.UnsafeTarget = UnsafeTarget  # type: ignore[attr-defined]
        module.resolve = resolve  # type: ignore[attr-defined]
        module.check_target = check_target  # type: ignore[attr-defined]
        sys.modules["app.webhooks.urls"] = module
