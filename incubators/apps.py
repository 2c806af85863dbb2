from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = _("创业载体")
    nav_items = [NavItem(_("创业载体"), "incubators:carrier_list", roles=ALL_ROLES, order=50)]

    def ready(self) -> None:
        from entrepreneurs import extensions
        from incubators import teams

        extensions.register_team_form("notify_form", teams.notify_form)
