"""Service cases (服务个案): one request for help, logged by staff, with a subject (a person or a
venture), a handling department, an owner and a status workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.models import Area, Department, TimeStampedModel
from zhuqiao.scoping import ScopedQuerySet


class Category(models.TextChoices):
    STARTUP = "startup", _("创业")
    EMPLOYMENT = "employment", _("就业")


class ServiceType(models.Model):
    """An entry of the admin-editable service catalogue (开业诊断, 政策咨询, 岗位撮合, ...)."""

    name = models.CharField(_("服务事项"), max_length=64, unique=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    default_department = models.ForeignKey(
        Department, verbose_name=_("默认承办部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_startup_service = models.BooleanField(
        _("开业公益服务"), default=False, help_text=_("新设创业组织应获得的公益服务（法人一证通激活、社保开户等）")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")

    def __str__(self) -> str:
        return self.name


class Case(TimeStampedModel):
    """One request for help (服务个案). Its subject is exactly one of a person or a venture."""

    class Status(models.TextChoices):
        NEW = "new", _("新受理")
        IN_PROGRESS = "in_progress", _("办理中")
        REFERRED = "referred", _("已转介")
        CLOSED = "closed", _("已办结")
        CANCELLED = "cancelled", _("已撤销")

    ref = models.CharField(_("编号"), max_length=32, unique=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    service = models.ForeignKey(ServiceType, verbose_name=_("服务事项"), on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(
        Person,
        verbose_name=_("服务对象（人员）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    venture = models.ForeignKey(
        Venture,
        verbose_name=_("服务对象（创业组织）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cases",
    )
    opened_on = models.DateField(_("受理日期"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"
    scope_department_path = "department"

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("服务个案")
        verbose_name_plural = _("服务个案")
        constraints = [
            models.CheckConstraint(
                name="case_exactly_one_subject",
                condition=(Q(person__isnull=False) & Q(venture__isnull=True))
                | (Q(person__isnull=True) & Q(venture__isnull=False)),
                violation_error_message=_("服务对象必须是一个人员或一个创业组织（二选一）。"),
            ),
            models.CheckConstraint(
                name="case_closed_after_opened",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                violation_error_message=_("办结日期不能早于受理日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["area", "status"], name="case_area_status_idx"),
            models.Index(fields=["department", "status"], name="case_department_status_idx"),
            models.Index(fields=["owner", "status"], name="case_owner_status_idx"),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def subject(self) -> Person | Venture:
        return self.person if self.person_id else self.venture  # type: ignore[return-value]
