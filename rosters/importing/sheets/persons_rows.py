"""Rows about a person named by ID number (人员类别, 就业记录): the person resolved and in scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rosters.importing.context import Cleaned, ImportContext, chunks


def resolved(rows: Sequence[Cleaned], context: ImportContext) -> list[tuple[Any, ...]]:
    """``(row, *values)`` of the rows whose person is known and in scope and that have no error.

    The person is resolved even on a row with other errors, so that every error is listed."""
    persons = context.keys.persons
    persons.lookup(values[0] for _row, values in rows if values[0])
    kept = []
    for row, values in rows:
        number = values[0]
        if number and context.person_area(row, "id_number", number) is not None and not row.failed:
            kept.append((row, *values))
    return kept


def stored_person_ids(items: Sequence[tuple[Any, ...]], context: ImportContext) -> list[list[int]]:
    """The ids of the stored persons among ``items``, a chunk of ids at a time."""
    persons = context.keys.persons
    ids = {entry.pk for item in items if (entry := persons.get(item[1])) is not None and entry.pk is not None}
    return list(chunks(ids))
