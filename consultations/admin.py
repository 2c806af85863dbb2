"""Configuration of booking for administrators: topics and their questions, places and their
opening hours, the holiday calendar; bookings and slots are shown read-mostly."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Booking, CalendarDay, NoShowBlock, OpeningHours, Place, Slot, Topic, TriageQuestion
from consultations.services import slots_generate


class TriageQuestionInline(admin.TabularInline):
    model = TriageQuestion
    extra = 1


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "department", "service_type", "slot_minutes", "capacity", "max_days_ahead"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["places"]
    inlines = [TriageQuestionInline]
    actions = ["generate_slots"]

    @admin.action(description=_("按开放时间生成预约窗口内的时段"))
    def generate_slots(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        today = timezone.localdate()
        created = sum(slots_generate(topic=topic, start=today, end=topic.window_on(today)[1]) for topic in queryset)
        self.message_user(request, _("已生成 %(n)s 个时段。") % {"n": created}, messages.SUCCESS)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "address", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]
    inlines = [OpeningHoursInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["topic", "place", "starts_at", "capacity", "booked_count"]
    list_filter = ["topic", "place"]
    date_hierarchy = "slot_date"
    readonly_fields = ["booked_count"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings change only through the day view's services (capacity is kept there)."""

    list_display = ["code", "topic", "slot", "masked_phone", "status"]
    list_filter = ["status", "topic"]
    search_fields = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NoShowBlock)
class NoShowBlockAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason", "lifted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
