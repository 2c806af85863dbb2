"""The venture register (创业组织), the support-policy catalogue and the benefits granted.
Indicators 1, 6 and 7 are counted from these records."""

from __future__ import annotations

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
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPERATING)
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["-registered_on", "name"]
        verbose_name = _("创业组织")
        verbose_name_plural = _("创业组织")
        constraints = [
            models.CheckConstraint(
                name="venture_deregistered_has_date",
                condition=~Q(status="deregistered") | Q(deregistered_on__isnull=False),
                violation_error_message=_("注销的创业组织必须填写注销日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_characteristic(self) -> bool:
        return self.industry in CHARACTERISTIC_INDUSTRIES


class Policy(TimeStampedModel):
    """A support policy of the catalogue (admin-editable): rent subsidy, guaranteed loan, ..."""

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
