"""The venture register (创业组织), the support-policy catalogue and the benefits granted.
Indicators 1, 6 and 7 are counted from these records."""

from __future__ import annotations

import calendar
import datetime
import uuid
from pathlib import PurePosixPath
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobseekers.models import Person
from zhuqiao.models import Area, TimeStampedModel
from zhuqiao.scoping import ScopedQuerySet


class Industry(models.TextChoices):
    """The town's characteristic industries (METRICS.md), plus "other"."""

    AVIATION_SUPPLY = "aviation_supply", _("航空配套")
    AVIATION_LOGISTICS = "aviation_logistics", _("航空物流")
    SMART_LOGISTICS = "smart_logistics", _("智慧物流")
    IOT = "iot", _("物联网")
    COMMERCE = "commerce", _("商贸")
    AGRITECH = "agritech", _("科技农业")
    OTHER = "other", _("其他")


CHARACTERISTIC_INDUSTRIES = [choice for choice in Industry.values if choice != Industry.OTHER]

STARTUP_PHASE_MONTHS = 36


def window_closes_on(registered_on: datetime.date, months: int) -> datetime.date:
    """The last day a venture registered on ``registered_on`` is inside an N-month window.

    A 36-month window of a venture registered on 2024-03-15 runs to 2027-03-14 inclusive; month
    ends follow the calendar (registered 2024-01-31 with 1 month: the window closes 2024-02-28).
    """
    return add_months(registered_on, months) - datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole calendar months, clamped to the month's end (like relativedelta,
    without its cost: the opportunity list calls this thousands of times)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_registration_inside(day: datetime.date, months: int) -> datetime.date:
    """The earliest registration date whose N-month window still contains ``day``.

    ``window_closes_on`` is non-decreasing in the registration date, so this bound turns the
    window rule into a plain date range a database index can serve.
    """
    candidate = add_months(day, -months)
    while window_closes_on(candidate, months) < day:
        candidate += datetime.timedelta(days=1)
    while window_closes_on(candidate - datetime.timedelta(days=1), months) >= day:
        candidate -= datetime.timedelta(days=1)
    return candidate


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when less than a month is left)."""
    if end < start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


class SharedAddress(TimeStampedModel):
    """A shared registration address (集中注册地址) whose register the 招商中心 keeps: the address,
    who manages it, and the ventures registered at it (``Venture.shared_address``). Not personal
    data: every staff account reads the register."""

    address = models.CharField(_("集中注册地址"), max_length=200, unique=True)
    manager = models.CharField(_("管理方"), max_length=200)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("可容纳注册企业数"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["address"]
        verbose_name = _("集中注册地址")
        verbose_name_plural = _("集中注册地址")

    def __str__(self) -> str:
        return self.address


class Venture(TimeStampedModel):
    """An entrepreneurial organisation registered in the town, identified by its 统一社会信用代码."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INDIVIDUAL = "individual", _("个体工商户")
        COOPERATIVE = "cooperative", _("农民专业合作社")
        NON_ENTERPRISE = "non_enterprise", _("民办非企业单位")

    class Status(models.TextChoices):
        OPERATING = "operating", _("存续")
        DEREGISTERED = "deregistered", _("注销")

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("组织类型"), max_length=16, choices=Kind.choices)
    registered_on = models.DateField(_("成立日期"), db_index=True)
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="ventures")
    industry = models.CharField(_("行业"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    founder = models.ForeignKey(
        Person,
        verbose_name=_("法定代表人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventures_founded",
    )
    jobs_created = models.PositiveIntegerField(_("带动就业人数"), default=0)
    shared_address = models.ForeignKey(
        SharedAddress,
        verbose_name=_("集中注册地址"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventures",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPERATING)
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["-registered_on", "name"]
        verbose_name = _("创业组织")
        verbose_name_plural = _("创业组织")
        indexes = [models.Index(fields=["-registered_on", "name"], name="venture_list_order_idx")]
        constraints = [
            models.CheckConstraint(
                name="venture_deregistered_has_date",
                condition=~Q(status="deregistered") | Q(deregistered_on__isnull=False),
                violation_error_message=_("注销的创业组织必须填写注销日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("entrepreneurs:venture_detail", args=[self.pk])

    @property
    def is_characteristic(self) -> bool:
        return self.industry in CHARACTERISTIC_INDUSTRIES

    @property
    def is_operating(self) -> bool:
        return self.status == self.Status.OPERATING

    def startup_phase_ends_on(self) -> datetime.date:
        """Last day of Shanghai's 36-month start-up phase (创业期) counted from registration."""
        return window_closes_on(self.registered_on, STARTUP_PHASE_MONTHS)

    def in_startup_phase_on(self, day: datetime.date) -> bool:
        return self.registered_on <= day <= self.startup_phase_ends_on()


class FoundingTeam(TimeStampedModel):
    """A would-be founder or a founding team before registration (注册前有告知, 培育创业团队): its
    people from the register, the idea and industry, the stage 意向 → 筹备 → 已注册. The help it
    gets is cases about the team; the carrier it was told about is a residency at 告知 for the team
    (``incubators.Residency.team``). When the venture registers the team is linked to it, and its
    cases and residency carry over to the venture (``entrepreneurs.services.team_register``).
    """

    class Stage(models.TextChoices):
        INTENTION = "intention", _("意向")
        PREPARING = "preparing", _("筹备")
        REGISTERED = "registered", _("已注册")

    name = models.CharField(_("项目名称"), max_length=100)
    idea = models.TextField(_("创业项目设想"))
    industry = models.CharField(_("行业"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.INTENTION, db_index=True)
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="founding_teams")
    members = models.ManyToManyField(Person, verbose_name=_("团队成员"), related_name="founding_teams")
    first_contact_on = models.DateField(_("首次接触日期"))
    venture = models.OneToOneField(
        Venture,
        verbose_name=_("注册后的创业组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founding_team",
    )
    notes = models.TextField(_("备注"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["-first_contact_on", "-id"]
        verbose_name = _("创业团队")
        verbose_name_plural = _("创业团队")
        constraints = [
            models.CheckConstraint(
                name="team_registered_has_venture",
                condition=(Q(stage="registered") & Q(venture__isnull=False))
                | (~Q(stage="registered") & Q(venture__isnull=True)),
                violation_error_message=_("“已注册”的团队必须关联创业组织，未注册的团队不能关联。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("entrepreneurs:team_detail", args=[self.pk])


class SelfCheck(models.TextChoices):
    """The answers of the residents' self-check on the public policies page; a policy lists the
    ones it may apply to (``Policy.self_check``)."""

    NOT_REGISTERED = "not_registered", _("还没有注册公司或个体户")
    STARTUP_PHASE = "startup_phase", _("注册不满3年")
    RENTS_SPACE = "rents_space", _("租了经营场地")
    NEEDS_FUNDS = "needs_funds", _("需要创业资金")
    HIRES = "hires", _("招了员工或打算招人")
    IN_CARRIER = "in_carrier", _("在孵化基地或众创空间")


class Policy(TimeStampedModel):
    """A support policy of the catalogue (admin-editable): rent subsidy, guaranteed loan, ...

    The plain-words fields and the self-check answers feed the public policies page for residents
    (``/policies/``): one source, the catalogue staff already edit.
    """

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")
        TOWN = "town", _("镇级")

    name = models.CharField(_("政策名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    description = models.TextField(_("简介"), blank=True)
    eligibility = models.TextField(_("申请条件"), blank=True)
    window_months = models.PositiveSmallIntegerField(
        _("创业期窗口（月）"), null=True, blank=True, help_text=_("自成立之日起可申请的月数；上海创业期一般为36个月。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    plain_who = models.TextField(_("谁可以申请（通俗说明）"), blank=True)
    plain_what = models.TextField(_("能得到什么（通俗说明）"), blank=True)
    plain_amount = models.CharField(_("能拿多少（通俗说明）"), max_length=200, blank=True)
    plain_bring = models.TextField(_("需要带什么材料"), blank=True)
    self_check = models.JSONField(
        _("自测匹配"), default=list, blank=True, help_text=_("居民自测中选了其中任一项时，推荐这项政策。")
    )
    consultation_topic = models.SlugField(
        _("预约咨询事项编码"), max_length=32, default="policy", help_text=_("在线预约中对应咨询事项的编码")
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("扶持政策")
        verbose_name_plural = _("扶持政策")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"


class PolicyBenefit(TimeStampedModel):
    """One grant of a support policy to a venture (创业扶持政策享受)."""

    venture = models.ForeignKey(Venture, verbose_name=_("创业组织"), on_delete=models.CASCADE, related_name="benefits")
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="benefits")
    granted_on = models.DateField(_("享受日期"), db_index=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "venture__area"

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = _("政策享受")
        verbose_name_plural = _("政策享受")
        constraints = [
            models.UniqueConstraint(fields=["venture", "policy", "granted_on"], name="benefit_natural_key"),
            models.CheckConstraint(
                name="benefit_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                violation_error_message=_("金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture} · {self.policy.name} · {self.granted_on}"


class RoleModel(TimeStampedModel):
    """A role model (创业典型) the town designated in a year: a venture, or a founder, with the
    story it tells and its photos. Indicator 6 counts the designations of the period."""

    venture = models.ForeignKey(
        Venture, verbose_name=_("创业组织"), null=True, blank=True, on_delete=models.CASCADE, related_name="role_models"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("创业者"), null=True, blank=True, on_delete=models.CASCADE, related_name="role_models"
    )
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="role_models")
    year = models.PositiveSmallIntegerField(_("评选年度"), db_index=True)
    title = models.CharField(_("典型称号"), max_length=100)
    story = models.TextField(_("创业故事"))

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("创业典型")
        verbose_name_plural = _("创业典型")
        constraints = [
            models.CheckConstraint(
                name="role_model_exactly_one_subject",
                condition=(Q(venture__isnull=False) & Q(person__isnull=True))
                | (Q(venture__isnull=True) & Q(person__isnull=False)),
                violation_error_message=_("创业典型必须是一个创业组织或一位创业者（二选一）。"),
            ),
            models.UniqueConstraint(
                fields=["venture", "year"], condition=Q(venture__isnull=False), name="role_model_venture_once_a_year"
            ),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(person__isnull=False), name="role_model_person_once_a_year"
            ),
            models.CheckConstraint(
                name="role_model_year_plausible",
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                violation_error_message=_("评选年度应在2000年至2100年之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title} · {self.subject_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("entrepreneurs:role_model_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.venture.name if self.venture_id else self.person.name  # type: ignore[union-attr]


def role_model_photo_path(instance: Any, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png", ".webp"):
        suffix = ".bin"
    return f"role_models/{uuid.uuid4().hex}{suffix}"


class RoleModelPhoto(TimeStampedModel):
    """A photo of a role model, stored under a generated name and served only to staff who may
    see the role model."""

    role_model = models.ForeignKey(
        RoleModel, verbose_name=_("创业典型"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=role_model_photo_path)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=32, default="image/jpeg", editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "role_model__area"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("典型照片")
        verbose_name_plural = _("典型照片")

    def __str__(self) -> str:
        return self.caption or str(_("照片 %(id)s") % {"id": self.pk})


class PolicyWindowNotice(models.Model):
    """The record that the committee was told a venture's window for a policy closes soon.

    One row per venture and policy, ever: the weekly job claims the row before sending, so a
    second run (or two runs at once) never sends the same reminder twice.
    """

    venture = models.ForeignKey(
        Venture, verbose_name=_("创业组织"), on_delete=models.CASCADE, related_name="window_notices"
    )
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="window_notices")
    window_closes_on = models.DateField(_("窗口截止日期"))
    notified_at = models.DateTimeField(_("提醒时间"))
    recipients = models.TextField(_("收件人"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "venture__area"

    class Meta:
        ordering = ["-notified_at"]
        verbose_name = _("政策窗口提醒")
        verbose_name_plural = _("政策窗口提醒")
        constraints = [models.UniqueConstraint(fields=["venture", "policy"], name="window_notice_once")]

    def __str__(self) -> str:
        return f"{self.venture} · {self.policy.name} · {self.window_closes_on}"
