from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("预约咨询")
    nav_items = [NavItem(_("预约咨询"), "consultations:day", roles=ALL_ROLES, order=60)]

    def ready(self) -> None:
        from consultations import desk as consultations_desk
        from zhuqiao import desk

        desk.register(30, consultations_desk.items)
