from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import ALL_ROLES, NavItem


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("活动与佐证")
    nav_items = [
        NavItem(_("活动"), "activities:activity_list", roles=ALL_ROLES, order=50),
        NavItem(_("培训班"), "activities:cohort_list", roles=ALL_ROLES, order=51),
        NavItem(_("佐证材料"), "activities:evidence_overview", roles=ALL_ROLES, order=52),
        NavItem(_("活动日历"), "activities:calendar", roles=ALL_ROLES, order=53),
    ]

    def ready(self) -> None:
        from activities import person_hooks
        from activities.selectors import overdue_decisions
        from zhuqiao import desk

        person_hooks.register()
        # the home page's list of overdue meeting decisions (zhuqiao knows no app)
        desk.register_home_panel("overdue_decisions", lambda user: list(overdue_decisions(user=user)[:20]))
