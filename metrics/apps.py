from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem
from zhuqiao.roles import Role


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("指标驾驶舱")
    nav_items = [
        NavItem(
            _("指标驾驶舱"), "metrics:dashboard", roles=(Role.CENTRE, Role.COMMITTEE, Role.LEADER, Role.ADMIN), order=80
        ),
        NavItem(_("年度评估报告"), "metrics:report_index", roles=(Role.CENTRE, Role.LEADER, Role.ADMIN), order=85),
    ]

    def ready(self) -> None:
        from metrics import (
            checks,  # noqa: F401  (registers the system check)
            receivers,
        )
        from metrics import desk as metrics_desk
        from metrics.indicators import register_record_indicators
        from zhuqiao import desk

        register_record_indicators()
        receivers.connect()
        desk.register(21, metrics_desk.goals)
