"""Job matching (岗位撮合): local employers, their vacancies, job seekers' wishes, recommendations
of people to vacancies and the checks after a placement."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import Industry, Venture
from jobseekers.models import Employment, Person
from zhuqiao.audit import AuditedModel
from zhuqiao.models import Area, EncryptedPhoneModel, TimeStampedModel
from zhuqiao.scoping import ScopedQuerySet


class Education(models.TextChoices):
    """Education levels, in increasing order (the order is used to compare requirements)."""

    NONE = "none", _("不限")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专")
    VOCATIONAL = "vocational", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("研究生")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}


class Hours(models.TextChoices):
    FULL_TIME = "full_time", _("全日制")
    PART_TIME = "part_time", _("非全日制")
    SHIFT = "shift", _("倒班")
    FLEXIBLE = "flexible", _("弹性工时")


class Employer(TimeStampedModel, EncryptedPhoneModel):
    """A local employer: a venture of the register or another organisation with its credit code.
    The contact's phone is stored encrypted (``contact_phone`` reads and writes it in clear)."""

    name = models.CharField(_("单位名称"), max_length=200, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    venture = models.OneToOneField(
        Venture,
        verbose_name=_("对应创业组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employer",
    )
    industry = models.CharField(_("行业"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="employers")
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    caretaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("对接工作人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers_cared_for",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="employer_credit_code_unique"
            ),
        ]

    @property
    def contact_phone(self) -> str:
        return self.phone

    @contact_phone.setter
    def contact_phone(self, value: str | None) -> None:
        self.phone = value

    def __str__(self) -> str:
        return self.name


# What staff fill in for a vacancy (the form and the API share them).
VACANCY_FIELDS = (
    "employer",
    "title",
    "posts",
    "pay_min",
    "pay_max",
    "hours",
    "education_min",
    "age_min",
    "age_max",
    "skills",
    "certificates",
    "industry",
    "area",
    "place",
    "opens_on",
    "closes_on",
    "status",
)


class Vacancy(TimeStampedModel):
    """A job an employer offers: posts, pay, hours, requirements, place and open dates."""

    class Status(models.TextChoices):
        OPEN = "open", _("招聘中")
        PAUSED = "paused", _("暂停")
        FILLED = "filled", _("已招满")
        CLOSED = "closed", _("已关闭")

    employer = models.ForeignKey(
        Employer, verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="vacancies"
    )
    title = models.CharField(_("岗位名称"), max_length=100)
    posts = models.PositiveSmallIntegerField(_("招聘人数"), default=1)
    pay_min = models.PositiveIntegerField(_("月薪下限（元）"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("月薪上限（元）"), null=True, blank=True)
    hours = models.CharField(_("工作时间"), max_length=16, choices=Hours.choices, default=Hours.FULL_TIME)
    education_min = models.CharField(_("最低学历"), max_length=16, choices=Education.choices, default=Education.NONE)
    age_min = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    skills = models.CharField(_("技能要求"), max_length=300, blank=True, help_text=_("多个技能用逗号或顿号分隔"))
    certificates = models.CharField(_("证书要求"), max_length=200, blank=True)
    industry = models.CharField(_("行业"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    area = models.ForeignKey(
        Area, verbose_name=_("工作地点（居村委）"), on_delete=models.PROTECT, related_name="vacancies"
    )
    place = models.CharField(_("详细地点"), max_length=200, blank=True)
    opens_on = models.DateField(_("开始招聘日期"))
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.CheckConstraint(
                name="vacancy_pay_range",
                condition=Q(pay_min__isnull=True) | Q(pay_max__isnull=True) | Q(pay_max__gte=models.F("pay_min")),
                violation_error_message=_("月薪上限不能低于下限。"),
            ),
            models.CheckConstraint(
                name="vacancy_age_range",
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=models.F("age_min")),
                violation_error_message=_("最高年龄不能低于最低年龄。"),
            ),
            models.CheckConstraint(
                name="vacancy_close_after_open",
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                violation_error_message=_("截止日期不能早于开始日期。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_on"], name="vacancy_open_idx")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.title}"

    def is_open_on(self, day: datetime.date) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.opens_on <= day
            and (self.closes_on is None or self.closes_on >= day)
        )

    @property
    def skill_list(self) -> list[str]:
        return split_terms(self.skills)


class JobSeekerProfile(AuditedModel, TimeStampedModel):
    """A job seeker's wishes and abilities, recorded by staff on the person's profile."""

    person = models.OneToOneField(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="job_profile")
    desired_job = models.CharField(_("意向岗位"), max_length=200, blank=True, help_text=_("多个岗位用逗号分隔"))
    industries = models.JSONField(_("意向行业"), default=list, blank=True)
    hours = models.CharField(_("意向工作时间"), max_length=16, choices=Hours.choices, blank=True)
    pay_expected = models.PositiveIntegerField(_("期望月薪（元）"), null=True, blank=True)
    skills = models.CharField(_("技能"), max_length=300, blank=True, help_text=_("多个技能用逗号或顿号分隔"))
    certificates = models.CharField(_("证书"), max_length=200, blank=True)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, default=Education.NONE)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "person__area"

    class Meta:
        verbose_name = _("求职意向")
        verbose_name_plural = _("求职意向")

    def __str__(self) -> str:
        return str(_("%(name)s 的求职意向") % {"name": self.person})


class Recommendation(TimeStampedModel):
    """A recommendation (推荐) of a person to a vacancy and its stages until hired or not."""

    class Stage(models.TextChoices):
        RECOMMENDED = "recommended", _("已推荐")
        INTERVIEW = "interview", _("面试")
        HIRED = "hired", _("录用")
        NOT_HIRED = "not_hired", _("未录用")
        DECLINED = "declined", _("放弃")

    class Source(models.TextChoices):
        STAFF = "staff", _("工作人员推荐")
        JOB_FAIR = "job_fair", _("招聘会意向")

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="recommendations")
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="recommendations"
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.STAFF)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.RECOMMENDED, db_index=True)
    recommended_on = models.DateField(_("推荐日期"))
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推荐人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interview_on = models.DateField(_("面试日期"), null=True, blank=True)
    decided_on = models.DateField(_("结果日期"), null=True, blank=True)
    reason = models.CharField(_("未录用/放弃原因"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("推荐时匹配分"), null=True, blank=True)
    employment = models.OneToOneField(
        Employment,
        verbose_name=_("就业记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendation",
    )

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "person__area"

    class Meta:
        ordering = ["-recommended_on", "-id"]
        verbose_name = _("岗位推荐")
        verbose_name_plural = _("岗位推荐")
        constraints = [
            models.UniqueConstraint(fields=["person", "vacancy"], name="recommendation_once_per_vacancy"),
            models.CheckConstraint(
                name="recommendation_refusal_has_reason",
                condition=~Q(stage__in=["not_hired", "declined"]) | ~Q(reason=""),
                violation_error_message=_("未录用或放弃必须填写原因。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.vacancy}"

    #: Allowed moves of the pipeline; anything else is refused with a message.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        "recommended": ("interview", "hired", "not_hired", "declined"),
        "interview": ("hired", "not_hired", "declined"),
        "hired": (),
        "not_hired": (),
        "declined": (),
    }

    def can_move_to(self, stage: str) -> bool:
        return stage in self.TRANSITIONS.get(self.stage, ())


class RecommendationTransition(models.Model):
    """One move of a recommendation through the pipeline: who, when, from and to."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("原阶段"), max_length=16)
    to_stage = models.CharField(_("新阶段"), max_length=16)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("推荐阶段变更")
        verbose_name_plural = _("推荐阶段变更")

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_stage} → {self.to_stage}"


class PlacementCheck(TimeStampedModel):
    """The follow-up of a placement 3 and 6 months after hiring: is the person still employed?"""

    class Kind(models.TextChoices):
        THREE_MONTHS = "3m", _("3个月回访")
        SIX_MONTHS = "6m", _("6个月回访")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("岗位推荐"), on_delete=models.CASCADE, related_name="checks"
    )
    kind = models.CharField(_("回访类型"), max_length=4, choices=Kind.choices)
    due_on = models.DateField(_("应回访日期"), db_index=True)
    checked_on = models.DateField(_("回访日期"), null=True, blank=True)
    still_employed = models.BooleanField(_("仍在岗"), null=True, blank=True)
    note = models.CharField(_("回访记录"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "recommendation__person__area"

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("稳岗回访")
        verbose_name_plural = _("稳岗回访")
        constraints = [models.UniqueConstraint(fields=["recommendation", "kind"], name="placement_check_once")]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_kind_display()}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.checked_on is None and self.due_on < today


_SEPARATORS = re.compile(r"[,，、；;/]")


def split_terms(text: str) -> list[str]:
    """Split a free-text list of skills or jobs on Chinese and Latin separators."""
    return [term for term in (part.strip() for part in _SEPARATORS.split(text)) if term] if text else []


def education_meets(have: str, need: str) -> bool:
    return EDUCATION_RANK.get(have, 0) >= EDUCATION_RANK.get(need, 0)
