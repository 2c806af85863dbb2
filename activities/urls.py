from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/participants/", views.activity_participants_add, name="activity_participants_add"),
    path(
        "<int:pk>/participants/<int:person_id>/remove/",
        views.activity_participant_remove,
        name="activity_participant_remove",
    ),
    path("<int:pk>/files/", views.activity_upload, name="activity_upload"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("panel/", views.person_panel, name="person_panel"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/files/", views.cohort_upload, name="cohort_upload"),
    path("cohorts/enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("cohorts/enrolments/<int:pk>/drop/", views.enrolment_drop, name="enrolment_drop"),
    path("cohorts/enrolments/<int:pk>/place/", views.enrolment_place, name="enrolment_place"),
    path("brands/", views.brand_list, name="brand_list"),
    path("brands/new/", views.brand_create, name="brand_create"),
    path("brands/<int:pk>/", views.brand_detail, name="brand_detail"),
    path("brands/<int:pk>/edit/", views.brand_edit, name="brand_edit"),
    path("brands/coverage/<int:pk>/files/", views.coverage_upload, name="coverage_upload"),
    path("evidence/", views.evidence_overview, name="evidence_overview"),
    path("evidence/new/", views.evidence_create, name="evidence_create"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("evidence/<int:pk>/files/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/decisions/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/close/", views.decision_close, name="decision_close"),
    path("evidence/<int:year>/indicator/<int:indicator>/", views.evidence_indicator, name="evidence_indicator"),
    path("evidence/<int:year>/dossier.zip", views.dossier_download, name="dossier_download"),
]
