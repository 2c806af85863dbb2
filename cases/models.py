"""Service cases (服务个案): one request for help, logged by staff, with a subject (a person or a
venture), a handling department, an owner and a status workflow."""

from __future__ import annotations

import datetime
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import FoundingTeam, Venture
from jobseekers.models import Person
from zhuqiao.models import Area, Department, TimeStampedModel, User
from zhuqiao.roles import Role
from zhuqiao.scoping import ScopedQuerySet, default_scope_filter

OPEN_STATUSES = ("new", "in_progress", "referred")


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
    """One request for help (服务个案). Its subject is a person, or else a venture or a founding
    team before registration (a team's cases keep the team and gain the venture it registers as)."""

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
    team = models.ForeignKey(
        FoundingTeam,
        verbose_name=_("服务对象（创业团队）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("注册前的创业团队；团队注册后个案同时关联其创业组织。"),
    )
    # area, department, owner, referred_to, opened_on and status have no index of their own: the
    # composite indexes of Meta begin with each of them and serve every lookup one would, and
    # each index less is one less to keep up for each of the 300,000 cases a town roster inserts.
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cases",
        db_index=False,
    )
    opened_on = models.DateField(_("受理日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW)
    outcome = models.TextField(_("办理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    referred_to = models.ForeignKey(
        Department,
        verbose_name=_("转介至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_cases",
        db_index=False,
    )
    referral_note = models.TextField(_("转介说明"), blank=True)
    next_follow_up_on = models.DateField(_("下次跟进日期"), null=True, blank=True, db_index=True)
    rating_code = models.CharField(_("评价码"), max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"
    scope_department_path = "department"

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("服务个案")
        verbose_name_plural = _("服务个案")
        constraints = [
            models.CheckConstraint(
                name="case_person_or_venture_or_team",
                condition=(Q(person__isnull=False) & Q(venture__isnull=True) & Q(team__isnull=True))
                | (Q(person__isnull=True) & (Q(venture__isnull=False) | Q(team__isnull=False))),
                violation_error_message=_("服务对象必须是一个人员，或一个创业组织/创业团队（二选一）。"),
            ),
            models.CheckConstraint(
                name="case_closed_after_opened",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                violation_error_message=_("办结日期不能早于受理日期。"),
            ),
            models.CheckConstraint(
                name="case_not_referred_to_own_department",
                condition=Q(referred_to__isnull=True)
                | Q(department__isnull=True)
                | ~Q(referred_to=models.F("department")),
                violation_error_message=_("不能转介给当前承办部门本身。"),
            ),
        ]
        # The inbox counts (per status, and overdue) read only the (scope, status, follow-up)
        # indexes (index-only scans); the (scope, opened_on, id) ones serve the page order.
        indexes = [
            models.Index(fields=["status", "next_follow_up_on"], name="case_status_fu_idx"),
            models.Index(fields=["area", "status", "next_follow_up_on"], name="case_area_status_fu_idx"),
            models.Index(fields=["department", "status", "next_follow_up_on"], name="case_department_status_fu_idx"),
            models.Index(fields=["owner", "status", "next_follow_up_on"], name="case_owner_status_fu_idx"),
            models.Index(fields=["referred_to", "status", "next_follow_up_on"], name="case_referred_status_fu_idx"),
            models.Index(fields=["opened_on", "id"], name="case_opened_id_idx"),
            models.Index(fields=["area", "opened_on", "id"], name="case_area_opened_idx"),
            models.Index(fields=["department", "opened_on", "id"], name="case_department_opened_idx"),
        ]

    def __str__(self) -> str:
        return self.ref

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        """Department staff also see the cases referred to their department (their inbox)."""
        base = default_scope_filter(cls, user)
        if base is not None and getattr(user, "role", None) == Role.DEPARTMENT and user.department_id:
            return Q(department_id=user.department_id) | Q(referred_to_id=user.department_id)
        return base

    @property
    def subject(self) -> Person | Venture | FoundingTeam:
        if self.person_id:
            return self.person  # type: ignore[return-value]
        return self.venture if self.venture_id else self.team  # type: ignore[return-value]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """An open case whose next follow-up date has passed."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.is_open and self.next_follow_up_on is not None and self.next_follow_up_on < today


class CaseRefSequence(models.Model):
    """The last case reference number drawn in a year.

    ``case_next_ref`` locks this row (``SELECT … FOR UPDATE``) for the rest of the transaction that
    inserts the case, so two cases opened in the same moment draw their numbers one after the
    other; a number once drawn is never drawn again.
    """

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    last = models.PositiveIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("个案编号序列")
        verbose_name_plural = _("个案编号序列")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CaseTransition(models.Model):
    """One step of a case's workflow (受理、转介、接收、办结、撤销): who moved it, when, from what to what."""

    case = models.ForeignKey(Case, verbose_name=_("服务个案"), on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Case.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    department = models.ForeignKey(
        Department, verbose_name=_("相关部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("个案流转记录")
        verbose_name_plural = _("个案流转记录")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class FollowUp(TimeStampedModel):
    """A dated note of contact with the subject of a case (跟进记录), with the next follow-up date."""

    case = models.ForeignKey(Case, verbose_name=_("服务个案"), on_delete=models.CASCADE, related_name="follow_ups")
    noted_on = models.DateField(_("跟进日期"))
    note = models.TextField(_("跟进内容"))
    next_follow_up_on = models.DateField(_("下次跟进日期"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        indexes = [models.Index(fields=["case", "noted_on"], name="followup_case_noted_idx")]
        constraints = [
            models.CheckConstraint(
                name="followup_next_after_noted",
                condition=Q(next_follow_up_on__isnull=True) | Q(next_follow_up_on__gte=models.F("noted_on")),
                violation_error_message=_("下次跟进日期不能早于本次跟进日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.noted_on}"

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        """A follow-up is visible exactly when its case is."""
        condition = Case.scope_filter(user)
        if condition is None:
            return None
        return Q(case__in=Case.objects.filter(condition).values("pk"))


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the file system."""
    extension = PurePath(filename).suffix.lower()[:8]
    today = datetime.date.today()
    return f"cases/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file kept with a case (申请材料、照片、协议), served only to staff who may see the case."""

    case = models.ForeignKey(Case, verbose_name=_("服务个案"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class SatisfactionRating(models.Model):
    """A resident's rating (1–5) of a closed case, given once through the case's link (工作满意度)."""

    case = models.OneToOneField(Case, verbose_name=_("服务个案"), on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("满意度评分"))
    comment = models.TextField(_("意见建议"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        constraints = [
            models.CheckConstraint(
                name="rating_score_1_to_5",
                condition=Q(score__gte=1) & Q(score__lte=5),
                violation_error_message=_("评分必须在 1 到 5 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"


def new_rating_code() -> str:
    return secrets.token_urlsafe(24)
