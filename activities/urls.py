from django.urls import path

from activities.views import activities, brands, cohorts, evidence, files

app_name = "activities"

urlpatterns = [
    path("", activities.activity_list, name="activity_list"),
    path("new/", activities.activity_create, name="activity_create"),
    path("<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("<int:pk>/participants/", activities.activity_participants_add, name="activity_participants_add"),
    path(
        "<int:pk>/participants/<int:person_id>/remove/",
        activities.activity_participant_remove,
        name="activity_participant_remove",
    ),
    path("<int:pk>/files/", files.activity_upload, name="activity_upload"),
    path("files/<int:pk>/", files.attachment_download, name="attachment"),
    path("files/<int:pk>/delete/", files.attachment_delete, name="attachment_delete"),
    path("calendar/", activities.activity_calendar, name="calendar"),
    path("panel/", activities.person_panel, name="person_panel"),
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/enrol/", cohorts.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/files/", files.cohort_upload, name="cohort_upload"),
    path("cohorts/enrolments/<int:pk>/complete/", cohorts.enrolment_complete, name="enrolment_complete"),
    path("cohorts/enrolments/<int:pk>/drop/", cohorts.enrolment_drop, name="enrolment_drop"),
    path("cohorts/enrolments/<int:pk>/place/", cohorts.enrolment_place, name="enrolment_place"),
    path("brands/", brands.brand_list, name="brand_list"),
    path("brands/new/", brands.brand_create, name="brand_create"),
    path("brands/<int:pk>/", brands.brand_detail, name="brand_detail"),
    path("brands/<int:pk>/edit/", brands.brand_edit, name="brand_edit"),
    path("brands/coverage/<int:pk>/files/", files.coverage_upload, name="coverage_upload"),
    path("evidence/", evidence.evidence_overview, name="evidence_overview"),
    path("evidence/new/", evidence.evidence_create, name="evidence_create"),
    path("evidence/<int:pk>/", evidence.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", evidence.evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path("evidence/<int:pk>/files/", files.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/decisions/", evidence.decision_create, name="decision_create"),
    path("decisions/<int:pk>/close/", evidence.decision_close, name="decision_close"),
    path("evidence/<int:year>/indicator/<int:indicator>/", evidence.evidence_indicator, name="evidence_indicator"),
    path("evidence/<int:year>/dossier.zip", evidence.dossier_download, name="dossier_download"),
]
