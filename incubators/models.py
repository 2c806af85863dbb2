"""Entrepreneurship carriers (创业载体) of the town and what happens in them: residencies of ventures
through the plan's three stages, the town's service points inside carriers, yearly service
evaluations, grants to carriers and the signed service organisations. Indicators 3 and 7 are
counted from these records (see ``incubators/indicators.py``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ServiceType
from entrepreneurs.models import FoundingTeam, Industry, Venture
from zhuqiao.audit import AuditedModel
from zhuqiao.models import Area, TimeStampedModel, User
from zhuqiao.roles import Role
from zhuqiao.scoping import NOTHING, ScopedQuerySet, default_scope_filter


def _staff_sees_all(user: User | None) -> Q | None:
    """Records that are not personal data: every active account with a role reads them all."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role:
        return None
    return NOTHING


class TownRecord(TimeStampedModel):
    """A record of the town's carrier work that is not personal data (a carrier, its service
    points, evaluations and grants, a service organisation): every staff account reads them all."""

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        return _staff_sees_all(user)


class Carrier(TownRecord):
    """An entrepreneurship carrier (创业载体) of the town: an incubator, a makerspace, an incubation
    experiment base, a trainee base or an agricultural base, run by an operator, with the
    industries it focuses on, its classification and its capacity in desks and rooms.

    Carriers are not personal data: all staff read them; centre staff and administrators edit.
    """

    class Kind(models.TextChoices):
        INCUBATOR = "incubator", _("孵化器")
        MAKERSPACE = "makerspace", _("众创空间")
        EXPERIMENT_BASE = "experiment_base", _("创业孵化实验基地")
        TRAINEE_BASE = "trainee_base", _("创业见习基地")
        AGRICULTURAL_BASE = "agricultural_base", _("农业基地")

    class Classification(models.TextChoices):
        NATIONAL = "national", _("国家级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")
        TOWN = "town", _("镇级")
        UNRATED = "unrated", _("未定级")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    operator = models.CharField(_("运营主体"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("所在居村委"), null=True, blank=True, on_delete=models.PROTECT, related_name="carriers"
    )
    focus_industries = models.JSONField(_("重点产业"), default=list, blank=True)
    classification = models.CharField(
        _("认定级别"), max_length=16, choices=Classification.choices, default=Classification.UNRATED
    )
    established_on = models.DateField(_("启用日期"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    capacity_desks = models.PositiveIntegerField(_("可用工位数"), default=0)
    capacity_rooms = models.PositiveIntegerField(_("可用房间数"), default=0)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("虚构的演示载体，非真实机构"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("创业载体")
        verbose_name_plural = _("创业载体")
        constraints = [
            models.CheckConstraint(
                name="carrier_closed_after_established",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("established_on")),
                violation_error_message=_("关闭日期不能早于启用日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubators:carrier_detail", kwargs={"pk": self.pk})

    @property
    def capacity(self) -> int:
        """Places for ventures: each desk or room hosts one venture."""
        return self.capacity_desks + self.capacity_rooms

    def free_places(self) -> dict[str, int]:
        """Desks and rooms not taken by a venture in residence now (``desk``, ``room``): a
        residency takes its place when it moves in and gives it back when it graduates or leaves."""
        taken = dict(
            self.residencies.filter(stage=Residency.Stage.RESIDENT)
            .exclude(place="")
            .values_list("place")
            .annotate(n=models.Count("id"))
            .order_by()
        )
        return {
            "desk": max(self.capacity_desks - taken.get("desk", 0), 0),
            "room": max(self.capacity_rooms - taken.get("room", 0), 0),
        }

    def is_active_on(self, day: datetime.date) -> bool:
        return self.established_on <= day and (self.closed_on is None or self.closed_on >= day)

    def focus_industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(code, code)) for code in self.focus_industries or []]


class Residency(AuditedModel, TimeStampedModel):
    """A venture's stay in a carrier (入驻) along the plan's three stages: notified before
    registration (注册前有告知), in residence with services (入驻中有服务), graduated with results
    (入驻后有收获), or left early (提前退出). Each stage has its date; the services received are
    cases of the venture; the results are recorded on leaving. A venture has at most one open
    (notified or resident) residency at a time.
    """

    class Stage(models.TextChoices):
        NOTIFIED = "notified", _("注册前有告知")
        RESIDENT = "resident", _("入驻中有服务")
        GRADUATED = "graduated", _("入驻后有收获")
        LEFT = "left", _("提前退出")

    class RevenueBand(models.TextChoices):
        NONE = "none", _("无营业收入")
        UNDER_500K = "lt500k", _("50万元以下")
        UNDER_1M = "500k_1m", _("50万–100万元")
        UNDER_5M = "1m_5m", _("100万–500万元")
        UNDER_10M = "5m_10m", _("500万–1000万元")
        OVER_10M = "gte10m", _("1000万元及以上")

    class Place(models.TextChoices):
        DESK = "desk", _("工位")
        ROOM = "room", _("房间")

    OPEN_STAGES = (Stage.NOTIFIED, Stage.RESIDENT)

    venture = models.ForeignKey(
        Venture,
        verbose_name=_("创业组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residencies",
    )
    team = models.ForeignKey(
        FoundingTeam,
        verbose_name=_("创业团队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residencies",
        help_text=_("注册前告知的创业团队；团队注册后入驻记录转到其创业组织。"),
    )
    carrier = models.ForeignKey(
        Carrier, verbose_name=_("创业载体"), on_delete=models.PROTECT, related_name="residencies"
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.NOTIFIED, db_index=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    entered_on = models.DateField(_("入驻日期"), null=True, blank=True, db_index=True)
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True, db_index=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    space = models.CharField(_("工位/房间"), max_length=64, blank=True)
    place = models.CharField(
        _("占用场地"),
        max_length=8,
        choices=Place.choices,
        blank=True,
        help_text=_("入驻期间占用载体的一个工位或房间；毕业或退出即归还。"),
    )
    services = models.ManyToManyField(Case, verbose_name=_("获得的服务"), blank=True, related_name="residencies")
    jobs_created = models.PositiveIntegerField(_("带动就业人数"), null=True, blank=True)
    revenue_band = models.CharField(_("年营业收入"), max_length=16, choices=RevenueBand.choices, blank=True)
    funding_raised = models.DecimalField(_("获得融资（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    leaving_reason = models.CharField(_("退出原因"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "venture__area"

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        """A residency follows its venture's committee, or its team's before registration."""
        condition = default_scope_filter(cls, user)
        if condition is not None and getattr(user, "role", None) == Role.COMMITTEE and user.area_id:
            return Q(venture__area_id=user.area_id) | Q(venture__isnull=True, team__area_id=user.area_id)
        return condition

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("入驻")
        verbose_name_plural = _("入驻")
        constraints = [
            models.UniqueConstraint(
                fields=["venture"],
                condition=Q(stage__in=["notified", "resident"]),
                name="residency_one_open_per_venture",
                violation_error_message=_("该创业组织已有一条未结束的入驻记录。"),
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(stage__in=["notified", "resident"]),
                name="residency_one_open_per_team",
                violation_error_message=_("该创业团队已有一条未结束的入驻记录。"),
            ),
            models.CheckConstraint(
                name="residency_venture_or_notified_team",
                condition=Q(venture__isnull=False) | (Q(team__isnull=False) & Q(stage__in=["notified", "left"])),
                violation_error_message=_("只有“注册前有告知”阶段可以登记尚未注册的创业团队；入驻须先注册。"),
            ),
            models.CheckConstraint(
                name="residency_stage_dates",
                condition=(Q(stage="notified") & Q(notified_on__isnull=False) & Q(entered_on__isnull=True))
                | (Q(stage="resident") & Q(entered_on__isnull=False))
                | (Q(stage="graduated") & Q(entered_on__isnull=False) & Q(graduated_on__isnull=False))
                | (Q(stage="left") & Q(left_on__isnull=False)),
                violation_error_message=_("入驻阶段与日期不一致。"),
            ),
            models.CheckConstraint(
                name="residency_entered_after_notified",
                condition=Q(entered_on__isnull=True)
                | Q(notified_on__isnull=True)
                | Q(entered_on__gte=F("notified_on")),
                violation_error_message=_("入驻日期不能早于告知日期。"),
            ),
            models.CheckConstraint(
                name="residency_graduated_after_entered",
                condition=Q(graduated_on__isnull=True) | Q(graduated_on__gte=F("entered_on")),
                violation_error_message=_("毕业日期不能早于入驻日期。"),
            ),
            models.CheckConstraint(
                name="residency_left_after_start",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=Coalesce(F("entered_on"), F("notified_on"))),
                violation_error_message=_("退出日期不能早于告知或入驻日期。"),
            ),
            models.CheckConstraint(
                name="residency_funding_not_negative",
                condition=Q(funding_raised__isnull=True) | Q(funding_raised__gte=0),
                violation_error_message=_("融资金额不能为负数。"),
            ),
        ]
        indexes = [models.Index(fields=["carrier", "stage"], name="residency_carrier_stage_idx")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.carrier}"

    def get_absolute_url(self) -> str:
        return reverse("incubators:residency_detail", kwargs={"pk": self.pk})

    @property
    def subject(self) -> Venture | FoundingTeam:
        """The venture, or before registration the founding team told about the carrier."""
        return self.venture if self.venture_id else self.team  # type: ignore[return-value]

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def started_on(self) -> datetime.date | None:
        return self.notified_on or self.entered_on

    @property
    def ended_on(self) -> datetime.date | None:
        return self.graduated_on or self.left_on

    def is_in_residence_on(self, day: datetime.date) -> bool:
        """In residence on ``day``: entered on or before it and not yet ended before it."""
        if self.entered_on is None or self.entered_on > day:
            return False
        ended = self.ended_on
        return ended is None or ended >= day


class ServicePoint(TownRecord):
    """A town service desk inside a carrier (镇园联动孵化服务点): where the town's staff meet
    founders on given opening hours. Consultations can offer it as a booking place."""

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("所在载体"), on_delete=models.PROTECT, related_name="service_points"
    )
    name = models.CharField(_("名称"), max_length=100, unique=True)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=200)
    phone = models.CharField(_("服务电话"), max_length=20, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("驻点工作人员"), blank=True, related_name="service_points"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["carrier__name", "name"]
        verbose_name = _("孵化服务点")
        verbose_name_plural = _("孵化服务点")

    def __str__(self) -> str:
        return self.name


class Evaluation(TownRecord):
    """The yearly service evaluation (服务评估) of a carrier: six aspects scored 0–100, a grade
    A (优秀), B (合格) or C (不合格), the evaluator and notes. One per carrier and year; a carrier
    graded C in two consecutive years is flagged."""

    class Grade(models.TextChoices):
        A = "A", _("A（优秀）")
        B = "B", _("B（合格）")
        C = "C", _("C（不合格）")

    ASPECTS = (
        "score_facilities",
        "score_services",
        "score_incubation",
        "score_employment",
        "score_policy",
        "score_management",
    )
    GRADE_A_FROM = Decimal("85")
    GRADE_B_FROM = Decimal("60")

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("创业载体"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(
        _("评估年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    evaluated_on = models.DateField(_("评估日期"), db_index=True)
    score_facilities = models.PositiveSmallIntegerField(_("场地设施"), validators=[MaxValueValidator(100)])
    score_services = models.PositiveSmallIntegerField(_("服务体系"), validators=[MaxValueValidator(100)])
    score_incubation = models.PositiveSmallIntegerField(_("孵化成效"), validators=[MaxValueValidator(100)])
    score_employment = models.PositiveSmallIntegerField(_("带动就业"), validators=[MaxValueValidator(100)])
    score_policy = models.PositiveSmallIntegerField(_("政策落实"), validators=[MaxValueValidator(100)])
    score_management = models.PositiveSmallIntegerField(_("运营管理"), validators=[MaxValueValidator(100)])
    grade = models.CharField(_("等级"), max_length=1, choices=Grade.choices)
    evaluator = models.CharField(_("评估人/机构"), max_length=100)
    notes = models.TextField(_("评估意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["carrier__name", "-year"]
        verbose_name = _("服务评估")
        verbose_name_plural = _("服务评估")
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "year"],
                name="evaluation_one_per_carrier_year",
                violation_error_message=_("该载体本年度已有评估记录。"),
            ),
            models.CheckConstraint(
                name="evaluation_scores_in_range",
                condition=Q(score_facilities__lte=100)
                & Q(score_services__lte=100)
                & Q(score_incubation__lte=100)
                & Q(score_employment__lte=100)
                & Q(score_policy__lte=100)
                & Q(score_management__lte=100),
                violation_error_message=_("各项得分应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} · {self.year} · {self.grade}"

    @property
    def average_score(self) -> Decimal:
        total = sum(getattr(self, name) or 0 for name in self.ASPECTS)
        return (Decimal(total) / len(self.ASPECTS)).quantize(Decimal("0.1"))

    def aspect_scores(self) -> list[tuple[str, int]]:
        return [
            (str(getattr(self._meta.get_field(name), "verbose_name", name)), getattr(self, name))
            for name in self.ASPECTS
        ]

    @classmethod
    def grade_for(cls, average: Decimal) -> str:
        """The grade an average score earns: A from 85, B from 60, C below."""
        if average >= cls.GRADE_A_FROM:
            return cls.Grade.A
        if average >= cls.GRADE_B_FROM:
            return cls.Grade.B
        return cls.Grade.C


class Subsidy(TownRecord):
    """A grant (奖补) to a carrier: the date it was granted, the amount in yuan and its basis
    (the policy or decision it follows)."""

    carrier = models.ForeignKey(Carrier, verbose_name=_("创业载体"), on_delete=models.PROTECT, related_name="subsidies")
    granted_on = models.DateField(_("发放日期"), db_index=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=200)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("载体奖补")
        verbose_name_plural = _("载体奖补")
        constraints = [
            models.CheckConstraint(
                name="subsidy_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("奖补金额必须大于0。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} · {self.granted_on} · {self.amount}"


class ServiceOrganisation(TownRecord):
    """A signed partner service organisation (创服组织): law firms, accountants, financing and
    training providers that serve carriers and ventures under an agreement with the town."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    services = models.ManyToManyField(
        ServiceType, verbose_name=_("提供的服务事项"), blank=True, related_name="service_organisations"
    )
    service_description = models.TextField(_("服务内容"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("合作中"), default=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("创服组织")
        verbose_name_plural = _("创服组织")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubators:organisation_detail", kwargs={"pk": self.pk})


class ServiceAgreement(TimeStampedModel):
    """An agreement signed with a service organisation, with its term."""

    organisation = models.ForeignKey(
        ServiceOrganisation, verbose_name=_("创服组织"), on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("协议名称"), max_length=200)
    signed_on = models.DateField(_("签约日期"))
    expires_on = models.DateField(_("到期日期"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("服务协议")
        verbose_name_plural = _("服务协议")
        constraints = [
            models.CheckConstraint(
                name="agreement_expires_after_signed",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("signed_on")),
                violation_error_message=_("到期日期不能早于签约日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.signed_on <= day and (self.expires_on is None or self.expires_on >= day)


class ServiceMatch(TimeStampedModel):
    """A match of a service organisation with a carrier or a venture (对接): who is served, since
    when and with what. Matches with a venture follow the venture's committee for scoping."""

    organisation = models.ForeignKey(
        ServiceOrganisation, verbose_name=_("创服组织"), on_delete=models.CASCADE, related_name="matches"
    )
    carrier = models.ForeignKey(
        Carrier, verbose_name=_("创业载体"), null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    venture = models.ForeignKey(
        Venture,
        verbose_name=_("创业组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="service_matches",
    )
    matched_on = models.DateField(_("对接日期"))
    description = models.CharField(_("对接内容"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "venture__area"

    class Meta:
        ordering = ["-matched_on", "-id"]
        verbose_name = _("服务对接")
        verbose_name_plural = _("服务对接")
        constraints = [
            models.CheckConstraint(
                name="match_exactly_one_party",
                condition=(Q(carrier__isnull=False) & Q(venture__isnull=True))
                | (Q(carrier__isnull=True) & Q(venture__isnull=False)),
                violation_error_message=_("对接对象必须是一个载体或一个创业组织（二选一）。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.carrier or self.venture}"

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        """Carrier matches are read by all staff; venture matches follow the venture's committee."""
        condition = default_scope_filter(cls, user)
        if condition is None:
            return None
        if _staff_sees_all(user) is not None:
            return NOTHING
        carrier_matches = Q(carrier__isnull=False)
        return carrier_matches if condition == NOTHING else condition | carrier_matches
