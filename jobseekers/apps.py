from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem
from zhuqiao.roles import Role

if TYPE_CHECKING:
    from zhuqiao.models import User

REGISTER_ROLES = (Role.CENTRE, Role.COMMITTEE, Role.DEPARTMENT, Role.ADMIN, Role.LEADER)


def _owns_a_group(user: User) -> bool:
    from jobseekers.groups import groups_for

    return bool(groups_for(user))


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("就业援助")
    nav_items = [
        NavItem(_("人员"), "jobseekers:person_list", roles=REGISTER_ROLES, order=20),
        NavItem(
            _("家庭"),
            "jobseekers:household_list",
            roles=(Role.CENTRE, Role.COMMITTEE, Role.ADMIN, Role.LEADER),
            order=21,
        ),
        NavItem(_("清零工作清单"), "jobseekers:worklist_index", roles=ALL_ROLES, order=22),
        NavItem(
            _("部门重点群体"),
            "jobseekers:department_groups",
            roles=(Role.CENTRE, Role.DEPARTMENT, Role.ADMIN, Role.LEADER),
            order=23,
            visible=_owns_a_group,
        ),
    ]

    def ready(self) -> None:
        from jobseekers import desk as jobseekers_desk
        from zhuqiao import desk

        desk.register(20, jobseekers_desk.items)
