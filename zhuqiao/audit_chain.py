"""The audit log's hash chain: each entry carries a keyed hash of its content and of the entry
before it, so that a changed, removed or inserted line is found by ``manage.py verify_audit``.

- ``entry_hash = HMAC-SHA256(AUDIT_CHAIN_KEY, prev_hash + canonical JSON of the content)``; the
  content is every column but the id and the actor's foreign key (``actor_name`` names them).
- Entries are chained in id order. The writer takes a chain lock in its transaction (on
  PostgreSQL a transaction-level advisory lock, held until commit), reads the head, links to it
  and inserts: concurrent writers from any process queue up, so ids follow the chain.
- Archiving (``manage.py archive_audit``) exports and removes the oldest entries; an
  :class:`~zhuqiao.models.AuditArchive` row keeps the hash the first remaining entry links to,
  so the remaining chain still verifies.

This module is also used by the migration that chains existing rows: it imports no model.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections

# Any number (a 63-bit one): the advisory lock every audit writer of the database takes.
ADVISORY_LOCK_KEY = 0x7A68_7571_6961_6F41  # "zhuqiaoA"
CONTENT_FIELDS = (
    "at",
    "actor_name",
    "ip_address",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "detail",
)


def _key() -> bytes:
    return str(settings.AUDIT_CHAIN_KEY).encode()


def _plain(name: str, value: Any) -> Any:
    if name == "at" and isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return value


def canonical_content(entry: Any) -> str:
    """The entry's content as one canonical JSON text (keys sorted, no spacing choices)."""
    content = {name: _plain(name, getattr(entry, name)) for name in CONTENT_FIELDS}
    content["ip_address"] = content["ip_address"] or ""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(entry: Any, prev_hash: str) -> str:
    return hmac.new(_key(), (prev_hash + "\n" + canonical_content(entry)).encode(), hashlib.sha256).hexdigest()


def lock_chain(using: str) -> None:
    """Take the chain lock for the rest of the current transaction (call inside ``atomic``).

    PostgreSQL: an advisory lock released at commit or rollback. SQLite (the demo): a write
    statement that changes nothing, which takes the database's write lock until commit.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        else:
            cursor.execute("UPDATE zhuqiao_auditarchive SET id = id WHERE 1 = 0")


@dataclass(frozen=True)
class BrokenLink:
    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"#{self.entry_id}: {self.reason}"


def first_broken_link(entries: Iterable[Any], anchor: str) -> BrokenLink | None:
    """Walk the entries in id order from ``anchor`` (the hash the first one must link to)."""
    expected_prev = anchor
    for entry in entries:
        if entry.prev_hash != expected_prev:
            return BrokenLink(entry.pk, "does not link to the entry before it (an entry was removed or inserted)")
        if entry.entry_hash != entry_hash(entry, entry.prev_hash):
            return BrokenLink(entry.pk, "its content does not match its hash (the entry was changed)")
        expected_prev = entry.entry_hash
    return None


def iterate(queryset: Any, chunk_size: int = 2000) -> Iterator[Any]:
    return queryset.order_by("id").iterator(chunk_size=chunk_size)
