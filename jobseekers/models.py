"""The people register: persons, households, target-group memberships, employment records and
zero-employment household certifications. The four clearance goals are counted from these."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuqiao.audit import AuditedModel
from zhuqiao.models import Area, EncryptedPhoneModel, TimeStampedModel, User
from zhuqiao.personal_data import decrypt, encrypt, keyed_hash, mask_id_number, normalise_id_number
from zhuqiao.roles import Role
from zhuqiao.scoping import NOTHING, ScopedQuerySet, default_scope_filter


class Household(AuditedModel, TimeStampedModel):
    """A household (户): the persons sharing one household number, in one committee."""

    household_no = models.CharField(_("户号"), max_length=32, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="households")
    address = models.CharField(_("地址"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"

    class Meta:
        ordering = ["household_no"]
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")
        indexes = [models.Index(fields=["id", "area"], name="household_id_area_idx")]

    def __str__(self) -> str:
        return str(_("户号 %(no)s") % {"no": self.household_no})

    def get_absolute_url(self) -> str:
        return reverse("jobseekers:household_detail", args=[self.pk])


class Person(AuditedModel, TimeStampedModel, EncryptedPhoneModel):
    """A resident known to the centre, identified by the 居民身份证号.

    The ID number is stored only encrypted (``id_number_encrypted``), beside a keyed hash for
    uniqueness and exact search and its last four characters for masked display and search.
    Sex and date of birth are derived from the number, never typed.
    """

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    id_number_encrypted = models.TextField(_("身份证号（加密）"), editable=False)
    id_number_hash = models.CharField(_("身份证号摘要"), max_length=64, unique=True, editable=False)
    id_number_last4 = models.CharField(_("身份证号后四位"), max_length=4, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号（脱敏）"), max_length=18, editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    # no index of its own: person_area_name_idx (area, name) serves every lookup by committee
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), on_delete=models.PROTECT, related_name="persons", db_index=False
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("家庭"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "area"
    audit_exclude: ClassVar[set[str]] = {"id_number_encrypted", "id_number_hash", "phone_encrypted", "phone_hash"}
    encrypted_fields: ClassVar[tuple[str, ...]] = ("id_number_encrypted", "phone_encrypted")

    class Meta:
        ordering = ["area__code", "name"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        indexes = [
            models.Index(fields=["area", "name"], name="person_area_name_idx"),
            # lets the clearance goals fetch a person's committee by index alone at town size
            models.Index(fields=["id", "area"], name="person_id_area_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobseekers:person_detail", args=[self.pk])

    def audit_repr(self) -> str:
        return f"{self.name} ({self.masked_id_number})"

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        """Committee staff see their committee's persons; department staff the persons who are
        the subject of a case their department may see (handled by it or referred to it: the
        case's own scope rule decides); town-wide roles everyone."""
        condition = default_scope_filter(cls, user)
        department_staff = getattr(user, "role", None) == Role.DEPARTMENT and getattr(user, "department_id", None)
        if condition is not None and condition == NOTHING and department_staff and user.is_active:
            from jobseekers import extensions  # filled in by the cases app's ready()

            for rule in extensions.department_scope_rules:
                found = rule(user)
                if found is not None:
                    return found
        return condition

    @staticmethod
    def hash_id_number(value: str) -> str:
        return keyed_hash(normalise_id_number(value))

    @classmethod
    def id_number_columns(cls, value: str) -> dict[str, Any]:
        """The stored columns of a validated ID number: ciphertext, hash, last 4, mask, and the
        derived birth date and sex (for ``set_id_number`` and the roster import's bulk inserts)."""
        from stdnum.cn import ric

        number = normalise_id_number(value)
        return {
            "id_number_encrypted": encrypt(number),
            "id_number_hash": cls.hash_id_number(number),
            "id_number_last4": number[-4:],
            "id_number_masked": mask_id_number(number),
            "birth_date": ric.get_birth_date(number),
            "sex": cls.Sex.MALE if int(number[16]) % 2 == 1 else cls.Sex.FEMALE,
        }

    def set_id_number(self, value: str) -> None:
        """Store a validated ID number: ciphertext, hash, last 4, and the derived sex and birth date."""
        for name, column in self.id_number_columns(value).items():
            setattr(self, name, column)

    @property
    def id_number(self) -> str:
        """The full number in clear. Only for users with the reveal permission; audit the reveal."""
        return decrypt(self.id_number_encrypted)

    @property
    def masked_id_number(self) -> str:
        return self.id_number_masked

    def age_on(self, day: datetime.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class TargetGroupMembership(AuditedModel, TimeStampedModel):
    """A person's membership of a target group (重点群体) from a start date, with willingness.

    "Not willing" (无就业意愿) always carries a reason and a date to re-confirm it, so that the
    claim "every willing person is employed" can be checked.
    """

    class Group(models.TextChoices):
        DIFFICULTY = "difficulty", _("就业困难人员")
        UNEMPLOYED = "unemployed", _("登记失业人员")
        GRADUATE = "graduate", _("应届毕业生")
        VETERAN = "veteran", _("退役军人")
        LAID_OFF = "laid_off", _("新退工人员")

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="memberships")
    group = models.CharField(_("类别"), max_length=16, choices=Group.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    willing = models.BooleanField(_("有就业意愿"), default=True)
    unwilling_reason = models.CharField(_("无就业意愿原因"), max_length=200, blank=True)
    reconfirm_on = models.DateField(_("意愿复核日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "person__area"

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("重点群体身份")
        verbose_name_plural = _("重点群体身份")
        constraints = [
            models.UniqueConstraint(fields=["person", "group", "start_date"], name="membership_natural_key"),
            models.CheckConstraint(
                name="membership_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                name="membership_unwilling_has_reason",
                condition=Q(willing=True) | (~Q(unwilling_reason="") & Q(reconfirm_on__isnull=False)),
                violation_error_message=_("无就业意愿必须填写原因和意愿复核日期。"),
            ),
        ]
        indexes = [models.Index(fields=["group", "start_date"], name="membership_group_start_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_group_display()}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Employment(AuditedModel, TimeStampedModel):
    """A job, self-employment or flexible employment of a person, with start and end dates."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("单位就业")
        FLEXIBLE = "flexible", _("灵活就业")
        SELF_EMPLOYED = "self_employed", _("自主创业")
        PUBLIC_WELFARE = "public_welfare", _("公益性岗位")

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="employments")
    start_date = models.DateField(_("就业日期"))
    end_date = models.DateField(_("离职日期"), null=True, blank=True)
    kind = models.CharField(_("就业形式"), max_length=16, choices=Kind.choices)
    employer = models.CharField(_("单位名称"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "person__area"

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("就业记录")
        verbose_name_plural = _("就业记录")
        constraints = [
            models.UniqueConstraint(fields=["person", "start_date"], name="employment_natural_key"),
            models.CheckConstraint(
                name="employment_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("离职日期不能早于就业日期。"),
            ),
        ]
        indexes = [models.Index(fields=["person", "start_date", "end_date"], name="employment_span_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.start_date}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class ZeroEmploymentCertification(AuditedModel, TimeStampedModel):
    """A certification (认定) of a household as a zero-employment household on a date.

    Whether it is cleared is computed, never typed: cleared as of X when a member is employed as
    of X by an employment that started on or after the certification date (METRICS.md).
    """

    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.CASCADE, related_name="certifications"
    )
    certified_on = models.DateField(_("认定日期"))
    willing = models.BooleanField(_("有就业意愿成员"), default=True)
    conflict_reason = models.CharField(
        _("成员在岗仍认定的理由"),
        max_length=300,
        blank=True,
        help_text=_("认定当天有劳动年龄内成员在岗时必须说明理由（记入审计日志）。"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "household__area"

    class Meta:
        ordering = ["-certified_on"]
        verbose_name = _("零就业家庭认定")
        verbose_name_plural = _("零就业家庭认定")
        constraints = [
            models.UniqueConstraint(fields=["household", "certified_on"], name="certification_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.certified_on}"

    def is_cleared_as_of(self, day: datetime.date) -> bool:
        return Employment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day),
            person__household_id=self.household_id,
            start_date__gte=self.certified_on,
            start_date__lte=day,
        ).exists()


class UnemploymentRegistration(AuditedModel, TimeStampedModel):
    """A 失业登记 as a record: registered on a date, and 注销 on a later date with a reason.

    Entered once: registering opens the person's 登记失业人员 membership from the registration
    date, and the 注销 ends it on the 注销 date (``jobseekers.services``). A person has at most one
    registration that is not yet 注销.
    """

    class Reason(models.TextChoices):
        EMPLOYED = "employed", _("实现就业")
        RETIRED = "retired", _("达到法定退休年龄")
        MOVED = "moved", _("户籍或常住地迁出")
        REQUESTED = "requested", _("本人申请注销")
        OTHER = "other", _("其他")

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="unemployment_registrations"
    )
    registered_on = models.DateField(_("失业登记日期"))
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)
    reason = models.CharField(_("注销原因"), max_length=16, choices=Reason.choices, blank=True)
    membership = models.OneToOneField(
        TargetGroupMembership,
        verbose_name=_("登记失业人员身份"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unemployment_registration",
    )

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "person__area"

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("失业登记")
        verbose_name_plural = _("失业登记")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(deregistered_on__isnull=True),
                name="unemployment_one_open_per_person",
                violation_error_message=_("该人员已有一条未注销的失业登记。"),
            ),
            models.CheckConstraint(
                name="unemployment_deregistered_after_registered",
                condition=Q(deregistered_on__isnull=True) | Q(deregistered_on__gte=models.F("registered_on")),
                violation_error_message=_("注销日期不能早于失业登记日期。"),
            ),
            models.CheckConstraint(
                name="unemployment_deregistered_has_reason",
                condition=(Q(deregistered_on__isnull=True) & Q(reason=""))
                | (Q(deregistered_on__isnull=False) & ~Q(reason="")),
                violation_error_message=_("注销必须填写注销日期和原因。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.registered_on}"

    @property
    def is_open(self) -> bool:
        return self.deregistered_on is None
