"""Configuration of booking for administrators: topics and their questions, places and their
opening hours, the holiday calendar; bookings and slots are shown read-mostly."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from consultations.models import Booking, CalendarDay, NoShowBlock, OpeningHours, Place, Slot, Topic, TriageQuestion


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
