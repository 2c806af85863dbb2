"""Reads of the core."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhuqiao.audit_display import object_types_named
from zhuqiao.models import AuditEntry


def audit_entries_filtered(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor_name__icontains=filters["actor"])
    if filters.get("object_type"):
        text = filters["object_type"]
        entries = entries.filter(Q(object_type__icontains=text) | Q(object_type__in=object_types_named(text)))
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    return entries
