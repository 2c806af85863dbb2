from __future__ import annotations

from django.contrib import admin

from metrics.models import ChangeAfterSignoff, RecomputeRun, ScoringRule, Signoff, Snapshot, Target
from zhuqiao.admin import ReadOnlyAdmin


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "code", "area", "department", "value", "note", "updated_at"]
    list_filter = ["year", "department"]
    list_select_related = ["area", "department"]
    autocomplete_fields = ["area"]
    search_fields = ["code", "note", "area__code", "area__name"]


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin):
    """The scoring sheet: rules marked 示例 are demo defaults to replace with the district's."""

    list_display = ["code", "indicator", "max_points", "method", "thresholds", "is_example", "updated_at"]
    list_filter = ["indicator", "method", "is_example"]
    list_editable = ["max_points"]


@admin.register(Signoff)
class SignoffAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "area", "signed_by_name", "signed_at", "snapshot"]
    list_filter = ["year"]


@admin.register(ChangeAfterSignoff)
class ChangeAfterSignoffAdmin(ReadOnlyAdmin):
    list_display = ["signoff", "code", "signed_value", "new_value", "found_at", "recomputed_by"]


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
