"""Roster imports: each upload of a workbook is an ImportRun that keeps its state, its preview
and its errors, so that the page showing it survives a reload and the history stays visible."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuqiao.models import Area, TimeStampedModel
from zhuqiao.scoping import ScopedQuerySet


def upload_path(instance: Any, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"rosters/{uuid.uuid4().hex}{suffix if suffix in ('.xlsx', '.csv') else '.bin'}"


class ImportRun(TimeStampedModel):
    """One upload of a roster file (名册导入): checked first (the preview), imported on confirmation.

    Committee staff's runs carry their committee, so that the rule of who sees which records
    applies to the runs too; centre staff's runs have no committee (the whole town).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        CHECKING = "checking", _("校验中")
        CHECKED = "checked", _("待确认导入")
        INVALID = "invalid", _("有错误，未导入")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("无法读取")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="roster_imports",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), null=True, blank=True, on_delete=models.PROTECT, related_name="roster_imports"
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=upload_path)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    result = models.JSONField(_("校验结果"), default=dict, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        constraints = [
            models.CheckConstraint(
                name="import_run_progress_percent",
                condition=models.Q(progress__lte=100),
                violation_error_message=_("进度不能超过100%。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rosters:run", args=[self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.CHECKED
