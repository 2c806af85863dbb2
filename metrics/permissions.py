"""Who may see and do what in the metrics app: the one module the views, the API and the report
ask (none of them imports another's rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from zhuqiao.access import role_required, town_editor
from zhuqiao.roles import Role

if TYPE_CHECKING:
    from zhuqiao.models import User

DASHBOARD_ROLES = (Role.CENTRE, Role.COMMITTEE, Role.LEADER, Role.ADMIN)
REPORT_ROLES = (Role.CENTRE, Role.LEADER, Role.ADMIN)


def may_see_dashboard(user: User) -> bool:
    """Centre, leadership and admins see the town; committee staff (with a committee) their own."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or (user.role in DASHBOARD_ROLES and (user.role != Role.COMMITTEE or user.area_id)))


def may_recompute(user: User) -> bool:
    """Centre staff, administrators and leadership start a recompute of the town's figures.

    Leaders read only as far as records go; a recompute changes no record, it refreshes the numbers
    they read (the run keeps who asked for it), so the leader who sees a figure lag behind an edit
    does not have to ask the centre (issue 20). Committee and department staff do not."""
    return may_see_dashboard(user) and (town_editor(user) or user.role == Role.LEADER)


def may_see_report(user: User) -> bool:
    return may_see_dashboard(user) and (user.is_superuser or user.role in REPORT_ROLES)


def dashboard_area_ids(user: User) -> list[int] | None:
    """The committees whose figures the user may see: None for all, else a list."""
    if user.role == Role.COMMITTEE and not user.is_superuser:
        return [user.area_id]  # type: ignore[list-item]  # a committee user has an area (constraint)
    return None


# The metrics pages, each for the users of one rule above (refused with 403, audited).
dashboard_required = role_required(test=may_see_dashboard, message=_("您没有查看指标驾驶舱的权限。"))
report_required = role_required(test=may_see_report, message=_("年度评估报告面向中心、领导小组和管理员。"))
recompute_required = role_required(test=may_recompute, message=_("只有中心工作人员、领导小组和管理员可以重新计算。"))
