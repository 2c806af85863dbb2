"""The API permission every endpoint uses (kept apart from views to avoid an import cycle
with DRF's settings)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class StaffPermission(permissions.BasePermission):
    """Logged-in, active staff; leaders may only read."""

    message = "您没有执行该操作的权限。"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(user.can_edit)


class StaffReadPermission(permissions.BasePermission):
    """Logged-in, active staff, leaders included: for a POST that only reads (a search whose
    filters travel in the body to keep identifiers out of URLs)."""

    message = "您没有执行该操作的权限。"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)
