from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem

# Department staff see ventures only through the cases referred to them: no list of their own.
VENTURE_ROLES = ("centre", "committee", "admin", "leader")


class EntrepreneursConfig(AppConfig):
    name = "entrepreneurs"
    verbose_name = _("创业服务")
    nav_items = [
        NavItem(_("创业组织"), "entrepreneurs:venture_list", roles=VENTURE_ROLES, order=40),
        NavItem(_("扶持政策"), "entrepreneurs:policy_list", roles=VENTURE_ROLES, order=41),
        NavItem(_("政策机会"), "entrepreneurs:opportunity_list", roles=("centre", "committee", "admin"), order=42),
        NavItem(
            _("集中注册地址"),
            "entrepreneurs:shared_addresses",
            roles=("centre", "department", "admin", "leader"),
            order=43,
            visible=lambda user: (
                user.role != "department" or getattr(user.department, "code", "") == "investment_centre"
            ),
        ),
    ]

    def ready(self) -> None:
        from entrepreneurs import desk as entrepreneurs_desk
        from zhuqiao import desk

        desk.register(40, entrepreneurs_desk.items)
