"""Online consultation booking (在线预约咨询): what residents and founders can book, where, when,
and the bookings themselves, with the calendar of holidays and make-up working days (调休)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhuqiao.audit import AuditedModel
from zhuqiao.models import Area, Department, EncryptedPhoneModel, TimeStampedModel
from zhuqiao.scoping import ScopedQuerySet


class Place(TimeStampedModel):
    """Where a consultation happens: the service centre, a committee office or a service point."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("社区事务受理服务中心")
        COMMITTEE = "committee", _("居村委办公室")
        SERVICE_POINT = "service_point", _("载体服务点")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.CENTRE)
    area = models.ForeignKey(
        Area,
        verbose_name=_("所属居村委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_places",
        help_text=_("居村委办公室须填写，其工作人员可查看在此办理的预约"),
    )
    service_point = models.ForeignKey(
        "incubators.ServicePoint",
        verbose_name=_("对应载体服务点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_places",
    )
    address = models.CharField(_("地址"), max_length=200)
    directions = models.CharField(_("到达指引"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("办理地点")
        verbose_name_plural = _("办理地点")
        constraints = [
            models.CheckConstraint(
                name="place_committee_has_area",
                condition=~Q(kind="committee") | Q(area__isnull=False),
                violation_error_message=_("居村委办公室必须指定所属居村委。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One opening period of a place on one weekday (a place may open twice a day)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")
        SATURDAY = 5, _("星期六")
        SUNDAY = 6, _("星期日")

    place = models.ForeignKey(Place, verbose_name=_("办理地点"), on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens_at = models.TimeField(_("开始时间"))
    closes_at = models.TimeField(_("结束时间"))

    class Meta:
        ordering = ["place", "weekday", "opens_at"]
        verbose_name = _("开放时间")
        verbose_name_plural = _("开放时间")
        constraints = [
            models.CheckConstraint(
                name="opening_hours_closes_after_opens",
                condition=Q(closes_at__gt=F("opens_at")),
                violation_error_message=_("结束时间必须晚于开始时间。"),
            ),
            models.UniqueConstraint(fields=["place", "weekday", "opens_at"], name="opening_hours_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday, or a make-up working day
    (调休上班). Preloaded from the chinese_calendar package; administrators correct it."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=64, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}".strip()


class Topic(TimeStampedModel):
    """A bookable consultation subject (创业咨询, 政策咨询, 开业诊断, ...), run by one department at
    one or more places, with its slot length, capacity, booking window and cut-off."""

    code = models.SlugField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="consultation_topics"
    )
    service_type = models.ForeignKey(
        "cases.ServiceType",
        verbose_name=_("对应服务事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_topics",
        help_text=_("转为服务个案时使用的服务事项"),
    )
    places = models.ManyToManyField(Place, verbose_name=_("办理地点"), related_name="topics", blank=True)
    what_to_bring = models.TextField(_("需携带材料"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("每个时段（分钟）"), default=30)
    capacity = models.PositiveSmallIntegerField(_("每个时段可约人数"), default=2)
    min_days_ahead = models.PositiveSmallIntegerField(
        _("最早提前天数"), default=0, help_text=_("0 表示可预约当天（仍受截止时间限制）")
    )
    max_days_ahead = models.PositiveSmallIntegerField(_("最多提前天数"), default=14)
    cutoff_hours = models.PositiveSmallIntegerField(
        _("截止时间（开始前小时数）"), default=2, help_text=_("距开始不足该小时数时不能预约、取消或改约")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("咨询事项")
        verbose_name_plural = _("咨询事项")
        constraints = [
            models.CheckConstraint(
                name="topic_window_ordered",
                condition=Q(max_days_ahead__gte=F("min_days_ahead")),
                violation_error_message=_("最多提前天数不能小于最早提前天数。"),
            ),
            models.CheckConstraint(
                name="topic_slot_positive",
                condition=Q(slot_minutes__gte=5) & Q(capacity__gte=1),
                violation_error_message=_("时段至少 5 分钟，可约人数至少 1 人。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def window_on(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """First and last day open for booking, seen from ``today``."""
        return today + datetime.timedelta(days=self.min_days_ahead), today + datetime.timedelta(
            days=self.max_days_ahead
        )


class TriageQuestion(models.Model):
    """A question asked when booking a topic, so the right person is ready (set by staff)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("文字回答")
        CHOICE = "choice", _("单项选择")

    topic = models.ForeignKey(Topic, verbose_name=_("咨询事项"), on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("问题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("选项"), blank=True, help_text=_("单项选择题的选项，每行一个"))
    required = models.BooleanField(_("必答"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=10)

    class Meta:
        ordering = ["topic", "sort_order", "id"]
        verbose_name = _("预约问题")
        verbose_name_plural = _("预约问题")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Slot(models.Model):
    """A bookable time of one topic at one place. ``booked_count`` counts the bookings holding a
    place; it changes only under a row lock on the slot, and the database refuses it above
    ``capacity``."""

    topic = models.ForeignKey(Topic, verbose_name=_("咨询事项"), on_delete=models.CASCADE, related_name="slots")
    place = models.ForeignKey(Place, verbose_name=_("办理地点"), on_delete=models.PROTECT, related_name="slots")
    slot_date = models.DateField(_("日期"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可约人数"))
    booked_count = models.PositiveSmallIntegerField(_("已约人数"), default=0)

    class Meta:
        ordering = ["starts_at", "place_id"]
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        constraints = [
            models.UniqueConstraint(fields=["topic", "place", "starts_at"], name="slot_unique_start"),
            models.CheckConstraint(
                name="slot_not_overbooked",
                condition=Q(booked_count__lte=F("capacity")),
                violation_error_message=_("已约人数不能超过可约人数。"),
            ),
            models.CheckConstraint(
                name="slot_ends_after_start",
                condition=Q(ends_at__gt=F("starts_at")),
                violation_error_message=_("结束时间必须晚于开始时间。"),
            ),
        ]
        indexes = [models.Index(fields=["topic", "slot_date"], name="slot_topic_date_idx")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.topic} {local:%Y-%m-%d %H:%M} {self.place}"

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.booked_count)


class Booking(AuditedModel, TimeStampedModel, EncryptedPhoneModel):
    """One resident's booking of a slot, made without an account: a name, a mobile number and
    the answers to the topic's questions. The short code and the last four digits of the phone
    let the resident view, cancel or reschedule it."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CHECKED_IN = "checked_in", _("已签到")
        NO_SHOW = "no_show", _("未到")
        LAPSED = "lapsed", _("已过期未处理")
        CANCELLED = "cancelled", _("已取消")

    code = models.CharField(_("预约码"), max_length=12, unique=True)
    slot = models.ForeignKey(Slot, verbose_name=_("时段"), on_delete=models.PROTECT, related_name="bookings")
    topic = models.ForeignKey(Topic, verbose_name=_("咨询事项"), on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(_("姓名"), max_length=64)
    email = models.EmailField(_("电子邮箱"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    triage_answers = models.JSONField(_("预约问题回答"), default=list, blank=True)
    consent_at = models.DateTimeField(_("同意个人信息处理时间"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(_("来源"), max_length=16, default="web")
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("服务个案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_bookings",
    )
    # Empty while the resident is owed the notice; set when it is claimed for sending (see
    # services.booking_notify). A reschedule owes a new confirmation and new reminders.
    confirmation_sent_at = models.DateTimeField(_("预约确认通知时间"), null=True, blank=True)
    reminder_evening_sent_at = models.DateTimeField(_("前一晚提醒时间"), null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(_("提前一小时提醒时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_area_path = "slot__place__area"
    scope_department_path = "topic__department"
    audit_exclude = {
        "confirmation_sent_at",
        "reminder_evening_sent_at",
        "reminder_hour_sent_at",
        "phone_encrypted",
        "phone_hash",
    }

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        constraints = [
            # At most one active booking per phone per topic, held by the database.
            models.UniqueConstraint(
                fields=["phone_hash", "topic"],
                condition=Q(status="booked"),
                name="booking_one_active_per_phone_topic",
                violation_error_message=_("该手机号已有此事项的有效预约。"),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "slot"], name="booking_status_slot_idx"),
            # The confirmation sweep every few seconds reads only the bookings still owed one.
            models.Index(
                fields=["slot"],
                condition=Q(status="booked", confirmation_sent_at__isnull=True),
                name="booking_confirmation_owed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def audit_repr(self) -> str:
        return f"{self.code} {self.name} ({self.phone_masked})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:booking_detail", args=[self.pk])

    def changeable_at(self, now: datetime.datetime) -> bool:
        """Whether the resident may still cancel or reschedule (before the topic's cut-off)."""
        cutoff = self.slot.starts_at - datetime.timedelta(hours=self.topic.cutoff_hours)
        return self.status == self.Status.BOOKED and now < cutoff


class NoShowBlock(AuditedModel, TimeStampedModel, EncryptedPhoneModel):
    """A phone number barred from online booking after repeated no-shows (default: 2 in 30 days
    block 90 days). Staff may lift it; lifting is audited."""

    blocked_until_at = models.DateTimeField(_("限制截止时间"))
    reason = models.CharField(_("原因"), max_length=200)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lift_reason = models.CharField(_("解除原因"), max_length=200, blank=True)

    audit_exclude = {"phone_encrypted", "phone_hash"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("爽约限制")
        verbose_name_plural = _("爽约限制")

    def __str__(self) -> str:
        return f"{self.phone_masked} → {timezone.localtime(self.blocked_until_at):%Y-%m-%d}"

    def audit_repr(self) -> str:
        return str(self)

    def is_active_at(self, now: datetime.datetime) -> bool:
        return self.lifted_at is None and self.blocked_until_at > now
