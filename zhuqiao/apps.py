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
        from django.db.models import fields as model_fields

        from zhuqiao import receivers

        # Django 6.1 puts its own English "- Select an option -" at the top of every select built
        # from model choices or a form ChoiceField; ours reads 请选择 (English: Please choose), through gettext.
        model_fields.BLANK_CHOICE_LABEL = _("请选择")
        from zhuqiao.logging import install_masking_record_factory

        receivers.connect_audited_models()
        install_masking_record_factory()
