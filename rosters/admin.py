from django.contrib import admin

from rosters.models import ImportRun
from zhuqiao.admin import ReadOnlyAdmin


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    """Import history, read-only: a run is changed only by the import itself."""

    list_display = ["created_at", "original_name", "created_by", "area", "status", "finished_at"]
    list_filter = ["status", "area"]
    search_fields = ["original_name", "created_by__username"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]
