"""The town's assessment numbers: yearly targets, stored snapshots of every metric code of
METRICS.md (town-wide and per committee), and the recompute runs that produce them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhuqiao.models import Area, Department, TimeStampedModel


def target_code_choices() -> list[tuple[str, str]]:
    """The metric codes a target can be set for: the headline numbers of METRICS.md, and the
    department numbers of the scorecards (``metrics.targets``)."""
    from metrics.targets import target_code_choices as choices

    return choices()


class Target(TimeStampedModel):
    """A yearly target (年度目标) for one metric code, e.g. 成功创业人数 of 2026: for the town (no
    committee, no department), for one committee (居村委) or for one department (部门).

    Administrators edit targets in the admin or import them (roster sheet 年度目标); completion
    (完成率) is the value over the target. A committee's target is not derived from the town's,
    and the town's is not the sum of the committees' (METRICS.md).
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    code = models.CharField(_("指标代码"), max_length=64, choices=target_code_choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("居村委"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空且部门留空：全镇目标。"),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"],
                condition=Q(area__isnull=True, department__isnull=True),
                name="target_one_per_year_code",
            ),
            models.UniqueConstraint(
                fields=["year", "code", "area"], condition=Q(area__isnull=False), name="target_one_per_committee"
            ),
            models.UniqueConstraint(
                fields=["year", "code", "department"],
                condition=Q(department__isnull=False),
                name="target_one_per_department",
            ),
            models.CheckConstraint(
                name="target_committee_or_department",
                condition=Q(area__isnull=True) | Q(department__isnull=True),
                violation_error_message=_("目标只能属于全镇、一个居村委或一个部门。"),
            ),
            models.CheckConstraint(
                name="target_value_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("目标值不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        scope = self.area or self.department or _("全镇")
        return f"{self.year} · {scope} · {self.code} = {self.value}"


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


class Signoff(models.Model):
    """The sign-off (确认) of a month-end snapshot: a committee head confirms the committee's
    figures (area set), the centre the town's (area empty). A signed snapshot is never changed
    or removed (``on_delete=PROTECT``); a later recompute of that period is stored beside it."""

    snapshot = models.ForeignKey(Snapshot, verbose_name=_("快照"), on_delete=models.PROTECT, related_name="signoffs")
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    as_of = models.DateField(_("统计截止日期"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by_name = models.CharField(_("确认人姓名"), max_length=150)
    signed_at = models.DateTimeField(_("确认时间"))
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        ordering = ["-as_of", "area"]
        verbose_name = _("月末数据确认")
        verbose_name_plural = _("月末数据确认")
        permissions = [("sign_committee_snapshot", _("可确认本居村委月末数据"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "as_of", "area"], condition=Q(area__isnull=False), name="signoff_one_per_committee"
            ),
            models.UniqueConstraint(
                fields=["year", "as_of"], condition=Q(area__isnull=True), name="signoff_one_per_town"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.as_of} · {self.area or _('全镇')} · {self.signed_by_name}"


class ChangeAfterSignoff(models.Model):
    """A number of a signed period that a later recompute found different (签字后变动): which
    number, the signed and the new value, when it was found and who asked for the recompute."""

    signoff = models.ForeignKey(Signoff, verbose_name=_("确认"), on_delete=models.PROTECT, related_name="changes")
    snapshot = models.ForeignKey(
        Snapshot, verbose_name=_("新快照"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("指标代码"), max_length=64)
    signed_value = models.DecimalField(_("确认值"), max_digits=16, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(_("新值"), max_digits=16, decimal_places=2, null=True, blank=True)
    found_at = models.DateTimeField(_("发现时间"))
    recomputed_by = models.CharField(_("重新计算发起人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-found_at", "signoff", "code"]
        verbose_name = _("签字后变动")
        verbose_name_plural = _("签字后变动")

    def __str__(self) -> str:
        return f"{self.signoff} · {self.code}: {self.signed_value} → {self.new_value}"


class ScoringRule(TimeStampedModel):
    """How the district scores one number (评分规则): the maximum points and a rule, either
    thresholds (完成率达到某一档得某一分) or proportional to completion, capped at the maximum.
    The demo rules are examples (``is_example``) to replace with the district's current rules."""

    class Method(models.TextChoices):
        THRESHOLDS = "thresholds", _("分档计分")
        PROPORTIONAL = "proportional", _("按完成率比例计分（封顶）")

    code = models.CharField(_("指标代码"), max_length=64, unique=True, choices=target_code_choices)
    indicator = models.PositiveSmallIntegerField(_("评估指标"), default=1, help_text=_("1–7；0 为清零目标"))
    max_points = models.DecimalField(_("满分"), max_digits=6, decimal_places=2)
    method = models.CharField(_("计分方法"), max_length=16, choices=Method.choices, default=Method.PROPORTIONAL)
    thresholds = models.JSONField(
        _("分档"),
        default=list,
        blank=True,
        help_text=_("分档计分时填写：[[完成率下限（%）, 得分], ...]，例如 [[100, 10], [80, 8], [60, 5]]"),
    )
    is_example = models.BooleanField(_("示例规则"), default=False, help_text=_("演示用示例，请按区里当年评分细则修改"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "code"]
        verbose_name = _("评分规则")
        verbose_name_plural = _("评分规则")
        constraints = [
            models.CheckConstraint(name="scoring_max_points_positive", condition=Q(max_points__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.max_points}"

    def clean(self) -> None:
        from metrics.scoring import validate_thresholds

        if self.method == self.Method.THRESHOLDS:
            validate_thresholds(self.thresholds)
