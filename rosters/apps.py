from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem
from zhuqiao.roles import Role

IMPORT_ROLES: tuple[str, ...] = (Role.CENTRE, Role.COMMITTEE, Role.ADMIN)


class RostersConfig(AppConfig):
    name = "rosters"
    verbose_name = _("名册导入导出")
    nav_items = [NavItem(_("名册导入"), "rosters:index", roles=IMPORT_ROLES, order=80)]

    def ready(self) -> None:
        from rosters import desk as rosters_desk
        from zhuqiao import desk

        desk.register(50, rosters_desk.items)
