"""Inserting many new rows at once: PostgreSQL COPY where available, bulk_create elsewhere.

Rows come as plain values by attribute name (``{"name": ..., "area_id": ...}``), never as model
instances: building 740,000 instances and reading their attributes back was half of the main
process's time in a town's import. Every other concrete column takes the value a new instance
would: its default (a callable default is called for each row), or the time of the insert for
``auto_now``/``auto_now_add``; so a column a later migration adds is filled as well.

On PostgreSQL the ids are drawn from the table's sequence first, so COPY can write them and the
caller learns them without looking the rows up again; the rows stream to the server while they
are formatted, so the server stores one part of a chunk while the next is being written.
Elsewhere (SQLite, the ``make run`` default) and for small batches, ``bulk_create`` sets them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

COPY_FROM_ROWS = 1000
STREAM_BYTES = 1 << 16


def copy_text(value: Any) -> str:
    """A value as PostgreSQL COPY's text format writes it (``\\N`` for NULL, escapes for tabs and newlines)."""
    if type(value) is str:
        text = value
    elif value is None:
        return "\\N"
    elif isinstance(value, bool):
        return "t" if value else "f"
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _Lines:
    """A file-like object whose ``read`` formats the next lines only when COPY asks for them."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines

    def read(self, size: int = -1) -> str:
        parts = []
        length = 0
        for line in self.lines:
            parts.append(line)
            length += len(line)
            if 0 <= size <= length:
                break
        return "".join(parts)


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert new rows, each given as values by attribute name (the same names, in the same order,
    in every row); return their ids in the order of ``rows``."""
    if not rows:
        return []
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM_ROWS:
        made = model._default_manager.bulk_create([model(**row) for row in rows])
        return [obj.pk for obj in made]
    meta = model._meta
    given = list(rows[0])
    now = timezone.now()
    per_row: list[models.Field[Any, Any]] = []
    fixed: list[tuple[models.Field[Any, Any], str]] = []
    for field in meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append((field, copy_text(now)))
        elif field.has_default() and callable(field.default):
            per_row.append(field)
        else:
            fixed.append((field, copy_text(field.get_default())))
    by_name = {field.attname: field for field in meta.concrete_fields}
    fields = [meta.pk, *(by_name[name] for name in given), *per_row, *(field for field, _text in fixed)]
    suffix = "".join(f"\t{text}" for _field, text in fixed) + "\n"
    table = meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]

        def lines() -> Iterator[str]:
            for pk, row in zip(ids, rows, strict=True):
                values = [pk, *row.values(), *(field.get_default() for field in per_row)]
                yield "\t".join(map(copy_text, values)) + suffix

        columns = ", ".join(connection.ops.quote_name(field.column or field.attname) for field in fields)
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", _Lines(lines()), STREAM_BYTES
        )
    return ids
