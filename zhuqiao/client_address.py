"""The client's address, seen through the reverse proxies the town trusts (``TRUSTED_PROXIES``).

One rule for everything that keys on an address: django-axes (``AXES_CLIENT_IP_CALLABLE``), the
booking rate limits and the audit log. ``REMOTE_ADDR`` is the client unless the connection comes
from a trusted proxy; then ``X-Forwarded-For`` is read from the right (the entry the nearest
proxy appended) and the first address that is not itself a trusted proxy is the client. An
``X-Forwarded-For`` sent by anyone else is ignored: a client cannot choose its own address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: Any) -> str | None:
    """The address of the client that sent ``request`` (an HttpRequest or DRF Request), or None."""
    if request is None:
        return None
    meta = request.META
    remote = _parse(meta.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    client = remote
    for part in reversed((meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")):
        hop = _parse(part)
        if hop is None:  # empty or garbage: nothing beyond it can be believed
            break
        client = hop
        if not _trusted(hop, networks):
            return str(hop)
    # Only proxies in the chain (or no header): the furthest hop we could read is the client.
    return str(client)
