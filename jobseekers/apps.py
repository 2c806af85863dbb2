from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem

REGISTER_ROLES = ("centre", "committee", "department", "admin", "leader")


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("就业援助")
    nav_items = [
        NavItem(_("人员"), "jobseekers:person_list", roles=REGISTER_ROLES, order=20),
        NavItem(_("家庭"), "jobseekers:household_list", roles=("centre", "committee", "admin", "leader"), order=21),
        NavItem(_("清零工作清单"), "jobseekers:worklist_index", roles=ALL_ROLES, order=22),
    ]

    def ready(self) -> None:
        from jobseekers import desk as jobseekers_desk
        from zhuqiao import desk

        desk.register(20, jobseekers_desk.items)
