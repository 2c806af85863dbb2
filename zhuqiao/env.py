"""Typed readers for the environment.

Settings read every variable through these helpers so that a bad value stops the process at
start-up with a message naming the variable, instead of surfacing later as a strange bug.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n", ""}
_RATE = re.compile(r"^(\d+)/([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_str(name: str, default: str | None = None) -> str:
    """The variable's value; empty counts as unset (``KEY=`` in an environment file)."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int]:
    """Read a rate such as ``5/h`` and return ``(count, seconds)``."""
    value = os.environ.get(name, default).strip()
    match = _RATE.match(value)
    if not match:
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 5/h or 30/m.")
    return int(match.group(1)), _UNIT_SECONDS[match.group(2)]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma-separated list of addresses or networks (``127.0.0.1, 10.0.0.0/8``)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an address or a network.") from exc
    return networks


def load_env_file(default: Path) -> Path | None:
    """Load ``KEY=value`` lines from ``ZHUQIAO_ENV_FILE`` (or ``default``) when the file exists.

    Read by python-dotenv, never overriding a variable the process already has. Under pytest only
    an explicitly named file is read: a developer's .env must not steer the suite.
    """
    from dotenv import load_dotenv

    named = os.environ.get("ZHUQIAO_ENV_FILE")
    if not named and "pytest" in sys.modules:
        return None
    path = Path(named) if named else default
    if not path.is_file():
        if named:
            raise ImproperlyConfigured(f"ZHUQIAO_ENV_FILE={named!r} does not exist.")
        return None
    load_dotenv(path, override=False, interpolate=False)
    return path
