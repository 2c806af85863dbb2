from django.contrib import admin

from incubators.models import (
    Carrier,
    Evaluation,
    Residency,
    ServiceAgreement,
    ServiceMatch,
    ServiceOrganisation,
    ServicePoint,
    Subsidy,
)


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "classification", "area", "established_on", "closed_on", "is_demo"]
    list_filter = ["kind", "classification", "is_demo"]
    search_fields = ["name", "operator"]


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = ["venture", "carrier", "stage", "notified_on", "entered_on", "graduated_on", "left_on"]
    list_filter = ["stage", "carrier"]
    search_fields = ["venture__name", "venture__credit_code"]
    raw_id_fields = ["venture", "services"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["carrier", "year", "grade", "evaluated_on", "evaluator"]
    list_filter = ["year", "grade"]


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    list_display = ["carrier", "granted_on", "amount", "basis"]
    list_filter = ["carrier"]


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "carrier", "opening_hours", "is_active"]
    filter_horizontal = ["staff"]


class ServiceAgreementInline(admin.TabularInline):
    model = ServiceAgreement
    extra = 0


@admin.register(ServiceOrganisation)
class ServiceOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "is_active", "is_demo"]
    inlines = [ServiceAgreementInline]
    filter_horizontal = ["services"]


@admin.register(ServiceMatch)
class ServiceMatchAdmin(admin.ModelAdmin):
    list_display = ["organisation", "carrier", "venture", "matched_on"]
    raw_id_fields = ["venture"]
