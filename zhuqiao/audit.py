"""The audit log's write side: every entry is written by a function of this module.

Model changes of personal data are recorded automatically for models that inherit
:class:`AuditedModel`: creation, each changed field (masked where sensitive) and deletion.
The actor and address come from the request being served (set by RequestContextMiddleware) or
from :func:`audit_context` in commands and tasks.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from zhuqiao.models import AuditEntry, User
from zhuqiao.personal_data import mask_id_number, mask_phone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class AuditContext:
    user: User | None = None
    ip_address: str | None = None
    source: str = ""


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)
_EMPTY = AuditContext()


def current_context() -> AuditContext:
    return _current.get() or _EMPTY


@contextlib.contextmanager
def audit_context(*, user: User | None = None, ip_address: str | None = None, source: str = "") -> Iterator[None]:
    token = _current.set(AuditContext(user=user, ip_address=ip_address, source=source))
    try:
        yield
    finally:
        _current.reset(token)


def _actor_fields(user: User | AnonymousUser | None) -> dict[str, Any]:
    ctx = current_context()
    user = user if user is not None else ctx.user
    if user is not None and getattr(user, "is_authenticated", False):
        return {"actor": user, "actor_name": user.get_username()}
    return {"actor": None, "actor_name": ctx.source or "system"}


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
    user: User | AnonymousUser | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. ``obj`` fills the object columns; its ``audit_repr()`` keeps them masked."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or _safe_repr(obj)
    return AuditEntry.objects.create(
        **_actor_fields(user),
        ip_address=ip_address or current_context().ip_address,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=changes or {},
        detail=detail[:500],
    )


def audit_denied(*, user: User, model: type[models.Model], object_id: str, detail: str = "") -> AuditEntry:
    return audit_record(
        action=AuditEntry.Action.PERMISSION_DENIED,
        user=user,
        object_type=model._meta.label_lower,
        object_id=object_id[:64],
        detail=detail or "record outside the user's scope",
    )


def _safe_repr(obj: models.Model) -> str:
    audit_repr = getattr(obj, "audit_repr", None)
    return str(audit_repr() if callable(audit_repr) else obj)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


MASKERS: dict[str, Callable[[Any], str]] = {"id_number": mask_id_number, "phone": mask_phone}

# Columns stored masked are logged under the name of the value they mask.
AUDIT_FIELD_NAMES: dict[str, str] = {"phone_masked": "phone"}


class AuditedModel(models.Model):
    """Abstract base for records of personal data: every change lands in the audit log.

    ``audit_exclude`` names fields never written to the log (ciphertexts, hashes);
    ``audit_mask`` maps field names to the masker applied to their values.
    """

    _audit_loaded: dict[str, Any] | None = None
    audit_exclude: ClassVar[set[str]] = set()
    audit_mask: ClassVar[dict[str, Callable[[Any], str]]] = {}

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, *args: Any, **kwargs: Any) -> Any:
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._audit_loaded = instance._audit_snapshot()
        return instance

    def _audit_snapshot(self) -> dict[str, Any]:
        snapshot = {}
        for field in self._meta.concrete_fields:
            if field.attname in self.audit_exclude or field.name in self.audit_exclude:
                continue
            if field.name in ("created_at", "updated_at"):
                continue
            value = _plain(getattr(self, field.attname, None))
            masker = self.audit_mask.get(field.name)
            snapshot[AUDIT_FIELD_NAMES.get(field.name, field.name)] = masker(value) if masker and value else value
        return snapshot

    def audit_changes(self) -> dict[str, Any]:
        now = self._audit_snapshot()
        before = self._audit_loaded
        if before is None:
            return {name: value for name, value in now.items() if value not in (None, "")}
        return {name: [before.get(name), value] for name, value in now.items() if before.get(name) != value}


def record_model_save(instance: AuditedModel, created: bool) -> None:
    changes = instance.audit_changes()
    if not created and not changes:
        return
    audit_record(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, obj=instance, changes=changes
    )
    instance._audit_loaded = instance._audit_snapshot()


def record_model_delete(instance: AuditedModel) -> None:
    audit_record(action=AuditEntry.Action.DELETE, obj=instance)
