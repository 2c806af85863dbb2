from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem
from zhuqiao.roles import Role

# Department staff see ventures only through the cases referred to them: no list of their own.
VENTURE_ROLES = (Role.CENTRE, Role.COMMITTEE, Role.ADMIN, Role.LEADER)


class EntrepreneursConfig(AppConfig):
    name = "entrepreneurs"
    verbose_name = _("创业服务")
    nav_items = [
        NavItem(_("创业组织"), "entrepreneurs:venture_list", roles=VENTURE_ROLES, order=40),
        NavItem(_("扶持政策"), "entrepreneurs:policy_list", roles=VENTURE_ROLES, order=41),
        NavItem(
            _("政策机会"), "entrepreneurs:opportunity_list", roles=(Role.CENTRE, Role.COMMITTEE, Role.ADMIN), order=42
        ),
        NavItem(
            _("集中注册地址"),
            "entrepreneurs:shared_addresses",
            roles=(Role.CENTRE, Role.DEPARTMENT, Role.ADMIN, Role.LEADER),
            order=43,
            visible=lambda user: (
                user.role != Role.DEPARTMENT or getattr(user.department, "code", "") == "investment_centre"
            ),
        ),
    ]

    def ready(self) -> None:
        from entrepreneurs import desk as entrepreneurs_desk
        from zhuqiao import desk

        desk.register(40, entrepreneurs_desk.items)
