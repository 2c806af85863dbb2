from django.contrib import admin

from jobmatching.models import Employer, PlacementCheck, Recommendation, Vacancy


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "area", "caretaker"]
    list_filter = ["industry"]
    search_fields = ["name", "credit_code"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "posts", "status", "opens_on", "closes_on"]
    list_filter = ["status", "industry", "hours"]
    search_fields = ["title", "employer__name"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "stage", "recommended_on", "decided_on"]
    list_filter = ["stage", "source"]
    raw_id_fields = ["person", "vacancy", "employment"]


@admin.register(PlacementCheck)
class PlacementCheckAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "kind", "due_on", "checked_on", "still_employed"]
    list_filter = ["kind", "still_employed"]
