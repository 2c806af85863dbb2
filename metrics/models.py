"""The town's assessment numbers: yearly targets, stored snapshots of every metric code of
METRICS.md (town-wide and per committee), and the recompute runs that produce them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhuqiao.models import Area, Department, TimeStampedModel


def target_code_choices() -> list[tuple[str, str]]:
    """The metric codes a target can be set for: the headline numbers of METRICS.md."""
    from metrics.definitions import METRICS, TARGET_CODES

    return [(code, f"{METRICS[code].label}（{code}）") for code in TARGET_CODES]


class Target(TimeStampedModel):
    """A yearly target (年度目标) the town sets for one metric code, e.g. 成功创业人数 of 2026.

    Administrators edit targets in the admin; completion (完成率) is the value over the target.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    code = models.CharField(_("指标代码"), max_length=64, choices=target_code_choices)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="target_one_per_year_code"),
            models.CheckConstraint(
                name="target_value_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("目标值不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.code} = {self.value}"


class Snapshot(models.Model):
    """One complete computation of every metric for a year as of a date (指标快照).

    A snapshot is written with all its values in one transaction that also makes it the current
    one for its (year, as-of date); readers only ever read current snapshots, so they see the
    previous numbers or the new ones, never half of a computation.
    """

    class Status(models.TextChoices):
        COMPLETE = "complete", _("已完成")
        SUPERSEDED = "superseded", _("已被替换")

    year = models.PositiveSmallIntegerField(_("年度"))
    as_of = models.DateField(_("统计截止日期"))
    computed_at = models.DateTimeField(_("计算时间"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.COMPLETE)
    is_current = models.BooleanField(_("当前有效"), default=False)
    is_month_end = models.BooleanField(_("月末快照"), default=False)
    notes = models.JSONField(_("说明"), default=dict, blank=True)

    class Meta:
        ordering = ["-year", "-as_of", "-computed_at"]
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "as_of"], condition=Q(is_current=True), name="snapshot_one_current_per_period"
            ),
        ]
        indexes = [models.Index(fields=["year", "is_current", "as_of"], name="snapshot_current_idx")]

    def __str__(self) -> str:
        return f"{self.year} @ {self.as_of}"


class SnapshotValue(models.Model):
    """One number of a snapshot: a metric code for the town (area and department empty), for one
    committee (area) or for one department (department; the satisfaction codes)."""

    snapshot = models.ForeignKey(Snapshot, verbose_name=_("快照"), on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("指标代码"), max_length=64)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["snapshot", "area", "code"]
        verbose_name = _("快照数值")
        verbose_name_plural = _("快照数值")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "area", "code"], condition=Q(area__isnull=False), name="value_one_per_area_code"
            ),
            models.UniqueConstraint(
                fields=["snapshot", "code"],
                condition=Q(area__isnull=True, department__isnull=True),
                name="value_one_per_town_code",
            ),
            models.UniqueConstraint(
                fields=["snapshot", "department", "code"],
                condition=Q(department__isnull=False),
                name="value_one_per_department_code",
            ),
            models.CheckConstraint(
                name="value_area_or_department",
                condition=Q(area__isnull=True) | Q(department__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"


class RecomputeRun(TimeStampedModel):
    """A request to recompute a year's numbers (重新计算), and its progress.

    At most one run per year is queued or running (a partial unique constraint): a second request
    while one runs joins it instead of starting another. ``updated_at`` is the run's heartbeat; a
    run silent for too long (its worker died) is given up and the next request starts afresh.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    year = models.PositiveSmallIntegerField(_("年度"))
    as_of = models.DateField(_("统计截止日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("触发原因"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    message = models.CharField(_("信息"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("重新计算任务")
        verbose_name_plural = _("重新计算任务")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(status__in=["queued", "running"]), name="recompute_one_active_per_year"
            ),
            models.CheckConstraint(name="recompute_progress_percent", condition=Q(progress__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_status_display()} · {self.progress}%"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
