"""Activities, training cohorts and the evidence (佐证材料) behind assessment indicators 2 to 7.

Activities (活动) and their participants feed indicator 5 (氛围营造); service brands and their
media coverage feed indicator 4 (品牌打造); meetings, rules and funds recorded as evidence feed
indicator 2 (组织实施). Training cohorts (培训班) are the "创业、就业、培训三位一体" courses whose
graduates are matched to local employers. Files (photos, minutes, documents) are stored under
generated names and served only through a permission-checked view.
"""

from __future__ import annotations

import datetime
import os
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobseekers.models import Employment, Person
from zhuqiao.audit import AuditedModel
from zhuqiao.models import Department, TimeStampedModel, User
from zhuqiao.roles import Role
from zhuqiao.scoping import NOTHING, ScopedQuerySet


class TargetGroup(models.TextChoices):
    """The target groups (重点群体) of DOMAIN.md an activity or cohort may be aimed at."""

    DIFFICULTY = "difficulty", _("就业困难人员")
    UNEMPLOYED = "unemployed", _("登记失业人员")
    GRADUATE = "graduate", _("应届毕业生")
    VETERAN = "veteran", _("退役军人")
    LAID_OFF = "laid_off", _("新退工人员")
    YOUTH = "youth", _("青年")
    WOMEN = "women", _("妇女")


def _staff_can_see(user: User | None) -> Q | None:
    """Activities, cohorts and evidence are the town's public work: every active staff member
    (and the leaders) may read them. Named participants stay scoped like their person."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role in (Role.CENTRE, Role.ADMIN, Role.LEADER, Role.COMMITTEE, Role.DEPARTMENT):
        return None
    return NOTHING


def may_record_for(user: User, department_id: int | None) -> bool:
    """May record work in the name of this department: centre staff and administrators for any,
    department staff for their own (leaders read only)."""
    if not getattr(user, "is_authenticated", False) or not user.can_edit:
        return False
    if user.sees_whole_town:
        return True
    return user.role == Role.DEPARTMENT and user.department_id is not None and user.department_id == department_id


class DepartmentWork(TimeStampedModel):
    """The town's public work run by one department (an activity, a training cohort, a brand, an
    evidence record): every staff member reads it; centre staff and the responsible department
    change it. ``responsible_field`` names the foreign key to that department."""

    responsible_field: ClassVar[str]

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        return _staff_can_see(user)

    def can_be_edited_by(self, user: User) -> bool:
        return may_record_for(user, getattr(self, f"{self.responsible_field}_id"))


class Activity(DepartmentWork):
    """An event the town or a department holds: a contest, a salon, a job fair, a training camp.

    ``actual_participants`` is the head count of the day, named participants included; the named
    participants (persons of the register) are recorded where known. Job fairs also record the
    employers present, the posts offered and the offers made.
    """

    class Kind(models.TextChoices):
        CONTEST = "contest", _("创业大赛")
        INTERVIEW_DAY = "interview_day", _("访谈日")
        SHOWCASE_DAY = "showcase_day", _("展示日")
        SALON = "salon", _("行业沙龙")
        MENTOR_TRAINING = "mentor_training", _("导师培训")
        JOB_FAIR = "job_fair", _("专场招聘会")
        CAREER_DAY = "career_day", _("职业体验日")
        YOUTH_CAMP = "youth_camp", _("青年训练营")
        POLICY_BRIEFING = "policy_briefing", _("政策宣讲")
        OTHER = "other", _("其他")

    kind = models.CharField(_("活动类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("活动日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200)
    organiser = models.ForeignKey(
        Department, verbose_name=_("主办部门"), on_delete=models.PROTECT, related_name="organised_activities"
    )
    partners = models.ManyToManyField(
        Department, verbose_name=_("协办部门"), blank=True, related_name="partner_activities"
    )
    planned_participants = models.PositiveIntegerField(_("计划参与人数"), default=0)
    actual_participants = models.PositiveIntegerField(
        _("实际参与人数"), default=0, help_text=_("当天到场总人数，含已登记姓名的参与者")
    )
    employers = models.PositiveIntegerField(_("参会用人单位数"), default=0)
    posts_offered = models.PositiveIntegerField(_("提供岗位数"), default=0)
    offers_made = models.PositiveIntegerField(_("达成录用意向数"), default=0)
    outcome = models.TextField(_("活动成效"), blank=True)
    participants = models.ManyToManyField(
        Person, verbose_name=_("已登记参与者"), through="ActivityParticipant", related_name="activities", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    responsible_field = "organiser"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        indexes = [models.Index(fields=["organiser", "held_on"], name="activity_organiser_date_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def is_job_fair(self) -> bool:
        return self.kind == self.Kind.JOB_FAIR


class ActivityTargetGroup(models.Model):
    """One target group an activity was aimed at (an activity may reach several)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="target_groups"
    )
    group = models.CharField(_("重点群体"), max_length=16, choices=TargetGroup.choices)

    class Meta:
        ordering = ["activity", "group"]
        verbose_name = _("活动面向群体")
        verbose_name_plural = _("活动面向群体")
        constraints = [models.UniqueConstraint(fields=["activity", "group"], name="activity_group_unique")]

    def __str__(self) -> str:
        return self.get_group_display()


class ActivityParticipant(AuditedModel):
    """A named participant of an activity: a person of the register, recorded once per activity.

    Naming a person links personal data to the activity, so each addition and removal is audited."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="activity_participations"
    )
    added_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["activity", "person__name"]
        verbose_name = _("活动参与者")
        verbose_name_plural = _("活动参与者")
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="activity_participant_unique")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.person}"


class TrainingCohort(DepartmentWork):
    """A training course (培训班) of the "创业、就业、培训三位一体" model: persons enrol, complete
    it, and graduates are matched to local employers; each placement links the graduate's
    employment record back to the cohort."""

    class Kind(models.TextChoices):
        ENTREPRENEURSHIP = "entrepreneurship", _("创业培训")
        EMPLOYMENT = "employment", _("就业技能培训")
        YOUTH_CAMP = "youth_camp", _("青年训练营")
        OTHER = "other", _("其他")

    name = models.CharField(_("班级名称"), max_length=200)
    kind = models.CharField(_("培训类型"), max_length=20, choices=Kind.choices)
    organiser = models.ForeignKey(
        Department, verbose_name=_("主办部门"), on_delete=models.PROTECT, related_name="training_cohorts"
    )
    trainer = models.CharField(_("合作培训机构"), max_length=200, blank=True)
    start_date = models.DateField(_("开班日期"))
    end_date = models.DateField(_("结业日期"))
    capacity = models.PositiveIntegerField(_("计划人数"), default=0)

    responsible_field = "organiser"

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        constraints = [
            models.CheckConstraint(
                name="cohort_end_after_start",
                condition=Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("结业日期不能早于开班日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:cohort_detail", args=[self.pk])


class Enrolment(AuditedModel, TimeStampedModel):
    """A person's place in a training cohort, and whether they completed (结业) it (audited)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("在读")
        COMPLETED = "completed", _("已结业")
        DROPPED = "dropped", _("中途退出")

    cohort = models.ForeignKey(
        TrainingCohort, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="enrolments")
    enrolled_on = models.DateField(_("报名日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "person__name"]
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_unique"),
            models.CheckConstraint(
                name="enrolment_completed_has_date",
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                violation_error_message=_("已结业的学员必须填写结业日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.person}"


class CohortPlacement(AuditedModel):
    """The link from a graduate's employment record back to the cohort that placed them.

    One employment belongs to at most one cohort; the jobseekers register is left untouched.
    """

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("培训报名"), on_delete=models.CASCADE, related_name="placements"
    )
    employment = models.OneToOneField(
        Employment, verbose_name=_("就业记录"), on_delete=models.CASCADE, related_name="cohort_placement"
    )
    matched_on = models.DateField(_("推荐日期"))

    class Meta:
        ordering = ["-matched_on"]
        verbose_name = _("培训后就业适配")
        verbose_name_plural = _("培训后就业适配")

    def __str__(self) -> str:
        return f"{self.enrolment} → {self.employment.employer}"


class Brand(DepartmentWork):
    """A named service brand (服务品牌) the town cultivates, active from launch until retired."""

    name = models.CharField(_("品牌名称"), max_length=100, unique=True)
    description = models.TextField(_("品牌简介"), blank=True)
    owner = models.ForeignKey(Department, verbose_name=_("负责部门"), on_delete=models.PROTECT, related_name="brands")
    launched_on = models.DateField(_("创立日期"))
    retired_on = models.DateField(_("停用日期"), null=True, blank=True)

    responsible_field = "owner"

    class Meta:
        ordering = ["launched_on", "name"]
        verbose_name = _("服务品牌")
        verbose_name_plural = _("服务品牌")
        constraints = [
            models.CheckConstraint(
                name="brand_retired_after_launch",
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=models.F("launched_on")),
                violation_error_message=_("停用日期不能早于创立日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:brand_detail", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return self.launched_on <= day and (self.retired_on is None or self.retired_on >= day)


class BrandCoverage(TimeStampedModel):
    """One media coverage item (媒体报道) of a service brand: a report, broadcast or post."""

    class Medium(models.TextChoices):
        PRINT = "print", _("报刊")
        TV = "tv", _("电视/广播")
        ONLINE = "online", _("网络媒体")
        SOCIAL = "social", _("微信公众号/新媒体")

    brand = models.ForeignKey(Brand, verbose_name=_("服务品牌"), on_delete=models.CASCADE, related_name="coverage")
    medium = models.CharField(_("媒体类型"), max_length=16, choices=Medium.choices)
    outlet = models.CharField(_("媒体名称"), max_length=100)
    title = models.CharField(_("报道标题"), max_length=200)
    published_on = models.DateField(_("发布日期"), db_index=True)
    link = models.URLField(_("链接"), blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("品牌媒体报道")
        verbose_name_plural = _("品牌媒体报道")
        constraints = [
            models.UniqueConstraint(fields=["brand", "outlet", "title"], name="brand_coverage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}《{self.title}》"


class Evidence(DepartmentWork):
    """A dated record (佐证材料) attached to an assessment indicator and year: a meeting with its
    attendees and minutes, a rule adopted, money invested, a brand, media coverage, role-model
    publicity or a local-characteristic result. The on-site assessment reads these."""

    class Indicator(models.IntegerChoices):
        POLICY = 1, _("指标一 政策落实")
        ORGANISATION = 2, _("指标二 组织实施")
        CARRIERS = 3, _("指标三 载体建设")
        BRAND = 4, _("指标四 品牌打造")
        ATMOSPHERE = 5, _("指标五 氛围营造")
        ROLE_MODELS = 6, _("指标六 典型培育")
        CHARACTERISTICS = 7, _("指标七 特色成效")

    class Kind(models.TextChoices):
        LEADING_GROUP_MEETING = "leading_group_meeting", _("领导小组会议")
        JOINT_MEETING = "joint_meeting", _("联席会议")
        RULE = "rule", _("制度文件")
        FUNDS = "funds", _("资金投入")
        SERVICE_BRAND = "service_brand", _("服务品牌")
        MEDIA_COVERAGE = "media_coverage", _("媒体报道")
        ROLE_MODEL = "role_model", _("典型宣传")
        CHARACTERISTIC = "characteristic", _("特色成效")
        OTHER = "other", _("其他材料")

    MEETING_KINDS = (Kind.LEADING_GROUP_MEETING, Kind.JOINT_MEETING)

    indicator = models.PositiveSmallIntegerField(_("评估指标"), choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("材料类型"), max_length=24, choices=Kind.choices)
    dated_on = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("提交部门"), on_delete=models.PROTECT, related_name="evidence"
    )
    attendees = models.TextField(_("参会人员"), blank=True)
    minutes = models.TextField(_("会议纪要/内容摘要"), blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    brand = models.ForeignKey(
        Brand, verbose_name=_("相关品牌"), null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    responsible_field = "department"

    class Meta:
        ordering = ["indicator", "dated_on", "id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        indexes = [models.Index(fields=["year", "indicator"], name="evidence_year_indicator_idx")]
        constraints = [
            models.CheckConstraint(name="evidence_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)),
            models.CheckConstraint(
                name="evidence_funds_have_amount",
                condition=~Q(kind="funds") | Q(amount__gt=0),
                violation_error_message=_("资金投入必须填写大于零的金额。"),
            ),
            models.CheckConstraint(
                name="evidence_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                violation_error_message=_("金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dated_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:evidence_detail", args=[self.pk])

    @property
    def is_meeting(self) -> bool:
        return self.kind in self.MEETING_KINDS


class MeetingDecision(AuditedModel, TimeStampedModel):
    """A decision or action item of a joint meeting (联席会议) or a leading-group meeting: the
    department that owns it, its due date, its status and a closing note. Overdue items show on
    the owner department's home page; the indicator-2 page counts how many were carried out.
    Audited: who recorded, changed or closed a decision is accountability the leading group reads."""

    class Status(models.TextChoices):
        OPEN = "open", _("落实中")
        DONE = "done", _("已落实")
        DROPPED = "dropped", _("已撤销")

    meeting = models.ForeignKey(Evidence, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("议定事项"))
    owner = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="meeting_decisions"
    )
    due_on = models.DateField(_("完成期限"), db_index=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_note = models.TextField(_("办结说明"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        constraints = [
            models.CheckConstraint(
                name="decision_closed_has_date_and_note",
                condition=(Q(status="open") & Q(closed_on__isnull=True))
                | (~Q(status="open") & Q(closed_on__isnull=False) & ~Q(closing_note="")),
                violation_error_message=_("办结或撤销须填写日期和说明；落实中的事项不填办结日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def can_be_closed_by(self, user: User) -> bool:
        """An open item is closed by its owner department's staff, or by centre staff and admins."""
        return self.status == self.Status.OPEN and may_record_for(user, self.owner_id)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk (only its extension)."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"activities/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file (photo or document) of an activity, evidence record, brand coverage item or cohort.

    Stored under a generated name outside any public URL; served through a view that checks
    the user may see the record it belongs to.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        DOCUMENT = "document", _("文件")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件格式"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    coverage = models.ForeignKey(
        BrandCoverage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    cohort = models.ForeignKey(
        TrainingCohort, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [
            models.CheckConstraint(
                name="attachment_has_exactly_one_owner",
                condition=(
                    Q(activity__isnull=False, evidence__isnull=True, coverage__isnull=True, cohort__isnull=True)
                    | Q(activity__isnull=True, evidence__isnull=False, coverage__isnull=True, cohort__isnull=True)
                    | Q(activity__isnull=True, evidence__isnull=True, coverage__isnull=False, cohort__isnull=True)
                    | Q(activity__isnull=True, evidence__isnull=True, coverage__isnull=True, cohort__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("activities:attachment", args=[self.pk])

    @classmethod
    def scope_filter(cls, user: User) -> Q | None:
        return _staff_can_see(user)

    @property
    def owner(self) -> models.Model | None:
        return self.activity or self.evidence or self.coverage or self.cohort

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
