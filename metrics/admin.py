from __future__ import annotations

from django.contrib import admin

from metrics.models import RecomputeRun, Snapshot, Target
from zhuqiao.admin import ReadOnlyAdmin


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "code", "value", "note", "updated_at"]
    list_filter = ["year"]
    search_fields = ["code", "note"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["year", "as_of", "computed_at", "status", "is_current", "is_month_end"]
    list_filter = ["year", "is_current", "is_month_end"]
    readonly_fields = ["year", "as_of", "computed_at", "status", "is_current", "is_month_end", "notes"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(RecomputeRun)
class RecomputeRunAdmin(ReadOnlyAdmin):
    list_display = ["year", "status", "progress", "reason", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "year"]
    readonly_fields = [f.name for f in RecomputeRun._meta.fields]
