"""Helpers the writes share: setting a record's editable fields, the author to record."""

from __future__ import annotations

from typing import Any, TypeVar

from activities.models import Activity, Brand, Evidence, TrainingCohort
from zhuqiao.models import User

_Record = TypeVar("_Record", Activity, TrainingCohort, Brand, Evidence)


def _assign_fields(record: _Record, fields: dict[str, Any], allowed: tuple[str, ...], service: str) -> _Record:
    """Set the named fields (each must be one the service lets change), validate, save."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def _staff_or_none(user: User | None) -> User | None:
    """The signed-in user to record as author; None for the demo loader and scripts."""
    return user if getattr(user, "is_authenticated", False) else None
