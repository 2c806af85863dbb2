"""Admin of activities, cohorts and evidence: configuration and corrections by administrators."""

from __future__ import annotations

from django.contrib import admin

from activities.models import (
    Activity,
    ActivityTargetGroup,
    Attachment,
    Brand,
    BrandCoverage,
    CohortPlacement,
    Enrolment,
    Evidence,
    TrainingCohort,
)


class TargetGroupInline(admin.TabularInline):
    model = ActivityTargetGroup
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["held_on", "title", "kind", "organiser", "actual_participants"]
    list_filter = ["kind", "organiser"]
    search_fields = ["title", "place"]
    date_hierarchy = "held_on"
    filter_horizontal = ["partners"]
    inlines = [TargetGroupInline]


@admin.register(TrainingCohort)
class TrainingCohortAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organiser", "start_date", "end_date"]
    list_filter = ["kind", "organiser"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["cohort", "person", "status", "completed_on"]
    list_filter = ["status"]
    raw_id_fields = ["person"]


@admin.register(CohortPlacement)
class CohortPlacementAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "employment", "matched_on"]
    raw_id_fields = ["enrolment", "employment"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "launched_on", "retired_on"]


@admin.register(BrandCoverage)
class BrandCoverageAdmin(admin.ModelAdmin):
    list_display = ["published_on", "brand", "outlet", "title"]
    list_filter = ["brand", "medium"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["dated_on", "indicator", "year", "kind", "title", "department"]
    list_filter = ["indicator", "year", "kind"]
    search_fields = ["title"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "content_type", "size", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size"]
