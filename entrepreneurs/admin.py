"""Configuration: administrators maintain the support-policy catalogue here.

Ventures, benefits and role models are kept through the portal's own pages (which validate
and scope them); the admin shows them read-only for support.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from entrepreneurs.models import Policy, PolicyBenefit, PolicyWindowNotice, RoleModel, SharedAddress, Venture


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "window_months", "is_active"]
    list_filter = ["level", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "description"]


@admin.register(SharedAddress)
class SharedAddressAdmin(admin.ModelAdmin):
    list_display = ["address", "manager", "capacity", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["address", "manager"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Venture)
class VentureAdmin(ReadOnlyAdmin):
    list_display = ["name", "credit_code", "kind", "industry", "area", "registered_on", "status"]
    list_filter = ["kind", "industry", "status"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["area"]


@admin.register(PolicyBenefit)
class PolicyBenefitAdmin(ReadOnlyAdmin):
    list_display = ["venture", "policy", "granted_on", "amount"]
    list_filter = ["policy__level", "policy"]
    list_select_related = ["venture", "policy"]


@admin.register(RoleModel)
class RoleModelAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "venture", "person", "area"]
    list_filter = ["year"]
    list_select_related = ["venture", "person", "area"]


@admin.register(PolicyWindowNotice)
class PolicyWindowNoticeAdmin(ReadOnlyAdmin):
    list_display = ["venture", "policy", "window_closes_on", "notified_at"]
    list_select_related = ["venture", "policy"]
