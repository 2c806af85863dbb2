"""Reads of the core."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhuqiao.models import AuditEntry


def audit_entries_filtered(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor_name__icontains=filters["actor"])
    if filters.get("object_type"):
        entries = entries.filter(object_type__icontains=filters["object_type"])
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    return entries
