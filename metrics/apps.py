from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem


def recompute_after_import(sender: Any, **kwargs: Any) -> None:
    """A roster import changes the counts: recompute the year's numbers in the background."""
    from metrics.services import metrics_schedule_recompute

    metrics_schedule_recompute(reason="import")


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("指标驾驶舱")
    nav_items = [
        NavItem(_("指标驾驶舱"), "metrics:dashboard", roles=("centre", "committee", "leader", "admin"), order=80),
        NavItem(_("年度评估报告"), "metrics:report_index", roles=("centre", "leader", "admin"), order=85),
    ]

    def ready(self) -> None:
        from rosters.signals import roster_imported

        roster_imported.connect(recompute_after_import, dispatch_uid="metrics.recompute_after_import")
