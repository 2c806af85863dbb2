from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhuqiao.navigation import NavItem


class JobmatchingConfig(AppConfig):
    name = "jobmatching"
    verbose_name = _("岗位撮合")
    nav_items = [
        NavItem(_("岗位撮合"), "jobmatching:vacancy_list", order=45),
    ]
