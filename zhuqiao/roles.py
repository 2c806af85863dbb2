"""The five roles of staff (DOMAIN.md), as ``User.Role``. In a module of their own, free of
models, so that navigation entries and permission rules declared when an app is imported (before
Django's app registry is ready) name them as constants rather than bare strings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE = "centre", _("中心工作人员")
    COMMITTEE = "committee", _("居村委工作人员")
    DEPARTMENT = "department", _("部门工作人员")
    LEADER = "leader", _("领导小组")
    ADMIN = "admin", _("系统管理员")
