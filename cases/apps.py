from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("服务个案")
    nav_items = [NavItem(_("服务个案"), "cases:inbox", roles=ALL_ROLES, order=30)]

    def ready(self) -> None:
        from cases import desk as cases_desk
        from cases import person_hooks, startup
        from entrepreneurs import extensions as venture_extensions
        from zhuqiao import desk

        desk.register(10, cases_desk.items)
        person_hooks.register()
        venture_extensions.register_venture_context(startup.venture_context)
        venture_extensions.register_routes(*startup.routes())
