"""How an audit entry reads to a person: the object type as the model's name (就业记录, not
``jobseekers.employment``), the action as its label, and the changes as one line per field,
``字段：旧值 → 新值`` with the field's name and its values as the forms show them (choice labels,
是/否, 空, ISO dates, the related record's name).

Used by the audit log page; the admin or an export can call :func:`describe` the same way.
Values are shown as stored: what :mod:`zhuqiao.audit` masked stays masked, and a related record
is named by its ``audit_repr()`` (masked too). The names follow the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from zhuqiao.audit import AUDIT_FIELD_NAMES, _safe_repr
from zhuqiao.models import AuditEntry

# Object types that name no model: what the entry is about.
OTHER_TYPES = {
    "path": gettext_lazy("页面地址"),
    "rosters.export": gettext_lazy("名册导出"),
    "rosters.roster": gettext_lazy("名册导入"),
}

# Keys of changes that name no field (exports, imports): their names.
OTHER_KEYS = {
    "filters": pgettext_lazy("audit change", "筛选条件"),
    "rows": pgettext_lazy("audit change", "行数"),
    "created": pgettext_lazy("audit change", "新增"),
    "updated": pgettext_lazy("audit change", "更新"),
    "unchanged": pgettext_lazy("audit change", "未变"),
}

# Only these record a model's own field values (a foreign key as its id); others store their
# own shapes (a transfer names committees by code), shown as they are.
_MODEL_CHANGES = {AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE}
_STORED_AS = {logged: column for column, logged in AUDIT_FIELD_NAMES.items()}


@dataclass(frozen=True)
class ChangeLine:
    """One changed field: ``old`` is None when there is no former value (a creation, a fact)."""

    label: str
    new: str
    old: str | None = None

    def __str__(self) -> str:
        if self.old is None:
            return _("%(field)s：%(new)s") % {"field": self.label, "new": self.new}
        return _("%(field)s：%(old)s → %(new)s") % {"field": self.label, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    type_label: str
    action_label: str
    changes: list[ChangeLine] = field(default_factory=list)


def model_for(object_type: str) -> type[models.Model] | None:
    """The model an entry's ``object_type`` (``app_label.model_name``) names, if it still exists."""
    if object_type.count(".") != 1:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """The model's verbose name; the raw label when no model (any more) answers to it."""
    model = model_for(object_type)
    if model is not None:
        return str(capfirst(model._meta.verbose_name))
    if object_type in OTHER_TYPES:
        return str(OTHER_TYPES[object_type])
    return object_type


def object_types_named(text: str) -> list[str]:
    """The object types whose name (in the active language) contains ``text``: 就业 finds
    ``jobseekers.employment``, so the log can be filtered by what people read."""
    needle = text.strip().lower()
    if not needle:
        return []
    found = [m._meta.label_lower for m in apps.get_models() if needle in str(m._meta.verbose_name).lower()]
    return found + [key for key, label in OTHER_TYPES.items() if needle in str(label).lower()]


def action_label(action: str) -> str:
    return str(dict(AuditEntry.Action.choices).get(action, action))


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for candidate in (name, _STORED_AS.get(name)):
        if candidate is None:
            continue
        try:
            found = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if isinstance(found, models.Field):
            return found
    return None


def _separator() -> str:
    return pgettext("audit list separator", "，")


def _plain_text(value: Any) -> str:
    if value is None or value == "":
        return _("空")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        items = [
            _("%(field)s：%(new)s") % {"field": OTHER_KEYS.get(k, k), "new": _plain_text(v)} for k, v in value.items()
        ]
        return _separator().join(items) or _("空")
    if isinstance(value, (list, tuple)):
        return _separator().join(_plain_text(v) for v in value) or _("空")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def value_text(model_field: models.Field[Any, Any] | None, value: Any, related: dict[tuple[Any, str], str]) -> str:
    """One stored value as a person reads it, given the field it belongs to (None: unknown)."""
    if model_field is None or value is None or value == "":
        return _plain_text(value)
    if model_field.is_relation and model_field.related_model is not None:
        return related.get((model_field.related_model, str(value)), f"#{value}")
    if model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(model_field, models.BooleanField):
        return _plain_text(bool(value))
    if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        return _plain_text(moment) if moment is not None else value
    return _plain_text(value)


def _pairs(action: str, changes: Any) -> list[tuple[str, Any, Any, bool]]:
    """(name, old, new, has_old) of each change; ``[old, new]`` lists are changes of a field."""
    if not isinstance(changes, dict):
        return [("", None, changes, False)] if changes else []
    pairs = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2 and action != AuditEntry.Action.CREATE:
            pairs.append((str(name), value[0], value[1], True))
        else:
            pairs.append((str(name), None, value, False))
    return pairs


def _related_names(entries: list[AuditEntry]) -> dict[tuple[Any, str], str]:
    """The names of the records the entries' foreign keys point to: one query per related model."""
    wanted: dict[Any, set[str]] = {}
    for entry in entries:
        model = model_for(entry.object_type) if entry.action in _MODEL_CHANGES else None
        if model is None:
            continue
        for name, old, new, _has_old in _pairs(entry.action, entry.changes):
            model_field = _field(model, name)
            if model_field is None or not model_field.is_relation or model_field.related_model is None:
                continue
            wanted.setdefault(model_field.related_model, set()).update(
                str(v) for v in (old, new) if v not in (None, "")
            )
    names: dict[tuple[Any, str], str] = {}
    for related_model, ids in wanted.items():
        valid = [i for i in ids if i.isdigit()]
        for obj in related_model._default_manager.filter(pk__in=valid):
            names[(related_model, str(obj.pk))] = _safe_repr(obj)
    return names


def _lines(entry: AuditEntry, related: dict[tuple[Any, str], str]) -> list[ChangeLine]:
    model = model_for(entry.object_type)
    lines = []
    for name, old, new, has_old in _pairs(entry.action, entry.changes):
        model_field = _field(model, name)
        label = str(capfirst(model_field.verbose_name)) if model_field is not None else str(OTHER_KEYS.get(name, name))
        # Other actions store values in their own shape (a transfer names committees by code).
        values_of = model_field if entry.action in _MODEL_CHANGES else None
        lines.append(
            ChangeLine(
                label=label,
                old=value_text(values_of, old, related) if has_old else None,
                new=value_text(values_of, new, related),
            )
        )
    return lines


def describe(entries: Iterable[AuditEntry]) -> list[EntryView]:
    """The readable form of each entry, in order (a fixed number of queries for the lot)."""
    entries = list(entries)
    related = _related_names(entries)
    return [
        EntryView(
            entry=entry,
            type_label=object_type_label(entry.object_type),
            action_label=action_label(entry.action),
            changes=_lines(entry, related),
        )
        for entry in entries
    ]


def change_lines(object_type: str, changes: Any, *, action: str = AuditEntry.Action.UPDATE) -> list[ChangeLine]:
    """The change lines of one entry's ``changes`` (for a single entry; pages use :func:`describe`)."""
    return describe([AuditEntry(object_type=object_type, changes=changes, action=action)])[0].changes
