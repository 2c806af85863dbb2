"""Navigation entries that apps declare, filtered by the user's role.

An app lists its entries in its AppConfig as ``nav_items``; the context processor builds the
menu for the user from them, so adding an app never means editing base.html.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zhuqiao.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhuqiao.models import User

STAFF_ROLES = (Role.CENTRE, Role.COMMITTEE, Role.DEPARTMENT, Role.ADMIN)
ALL_ROLES = (*STAFF_ROLES, Role.LEADER)


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: tuple[str, ...] = STAFF_ROLES
    order: int = 100
    permission: str | None = None
    visible: Callable[[User], bool] | None = field(default=None, compare=False)

    def shown_to(self, user: User | AnonymousUser) -> bool:
        if not user.is_authenticated:
            return False
        if self.permission and not user.has_perm(self.permission):
            return False
        if self.visible is not None and not self.visible(user):
            return False
        return user.is_superuser or user.role in self.roles
