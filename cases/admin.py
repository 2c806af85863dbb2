from django.contrib import admin

from cases.models import Attachment, Case, CaseTransition, FollowUp, SatisfactionRating, ServiceType
from zhuqiao.admin import ReadOnlyAdmin


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "default_department", "is_startup_service", "is_active", "sort_order"]
    list_filter = ["category", "is_startup_service", "is_active"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["ref", "service", "area", "department", "status", "opened_on", "closed_on"]
    list_filter = ["status", "category", "service"]
    search_fields = ["ref"]
    raw_id_fields = ["person", "venture", "owner"]
    list_select_related = ["service", "area", "department"]
    readonly_fields = ["rating_code"]


@admin.register(CaseTransition)
class CaseTransitionAdmin(ReadOnlyAdmin):
    list_display = ["case", "action", "from_status", "to_status", "actor", "at"]
    raw_id_fields = ["case"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["case", "noted_on", "next_follow_up_on", "author"]
    raw_id_fields = ["case"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["case", "original_name", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["case"]


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(admin.ModelAdmin):
    list_display = ["case", "score", "rated_at"]
    raw_id_fields = ["case"]
