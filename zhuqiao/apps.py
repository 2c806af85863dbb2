from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem


class CoreConfig(AppConfig):
    name = "zhuqiao"
    verbose_name = _("基础设置")
    nav_items = [
        NavItem(_("首页"), "home", roles=ALL_ROLES, order=0),
        NavItem(_("审计日志"), "audit_log", roles=ALL_ROLES, order=900, permission="zhuqiao.view_audit_log"),
    ]

    def ready(self) -> None:
        from zhuqiao import receivers
        from zhuqiao.logging import install_masking_record_factory

        receivers.connect_audited_models()
        install_masking_record_factory()
