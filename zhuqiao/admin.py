from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhuqiao.audit_display import describe, object_type_label
from zhuqiao.http import authenticated_user
from zhuqiao.models import Area, AuditArchive, AuditEntry, Department, User
from zhuqiao.services import user_set_active

admin.site.site_header = _("祝桥镇特色创业服务社区 · 管理")
admin.site.site_title = _("祝桥镇创业服务社区")
admin.site.index_title = _("配置管理")


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_centre", "is_active", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "area", "department", "is_active", "last_login"]
    list_filter = ["role", "is_active", "area", "department"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("岗位与范围"), {"fields": ("display_name", "phone", "role", "area", "department")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("岗位与范围"), {"fields": ("display_name", "role", "area", "department")}),
    )
    actions = ["disable_users", "reset_two_factor"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change and "is_active" in form.changed_data:
            wanted = obj.is_active
            obj.is_active = not wanted
            super().save_model(request, obj, form, change)
            user_set_active(user=obj, active=wanted, by=authenticated_user(request))
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("停用所选用户并结束其登录会话"))
    def disable_users(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            user_set_active(user=user, active=False, by=authenticated_user(request))

    @admin.action(description=_("重置所选用户的两步验证（下次登录时重新绑定）"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        from zhuqiao.two_factor import two_factor_reset

        for user in queryset:
            two_factor_reset(user=user, by=authenticated_user(request))


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened (audit entries, case transitions, recompute and import runs):
    the admin shows it, nobody adds, changes or deletes it there, not even a superuser."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditArchive)
class AuditArchiveAdmin(ReadOnlyAdmin):
    list_display = ["archived_at", "archived_by", "up_to_id", "entry_count", "file_name"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read like the audit log page (zhuqiao.audit_display): the model's name, one line per change."""

    list_display = ["at", "actor_name", "ip_address", "action", "object_type_name", "object_repr"]
    fields = [
        "at",
        "actor_name",
        "ip_address",
        "action",
        "object_type_name",
        "object_type",
        "object_id",
        "object_repr",
        "change_lines",
        "detail",
        "prev_hash",
        "entry_hash",
    ]
    readonly_fields = ["object_type_name", "change_lines", "prev_hash", "entry_hash"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    @admin.display(description=_("对象类型"), ordering="object_type")
    def object_type_name(self, entry: AuditEntry) -> str:
        return object_type_label(entry.object_type)

    @admin.display(description=_("变更内容"))
    def change_lines(self, entry: AuditEntry) -> str:
        return "\n".join(str(line) for line in describe([entry])[0].changes) or "—"  # one line each
