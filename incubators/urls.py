from django.urls import path

from incubators import views

app_name = "incubators"

urlpatterns = [
    path("", views.carrier_list, name="carrier_list"),
    path("new/", views.carrier_create, name="carrier_create"),
    path("<int:pk>/", views.carrier_detail, name="carrier_detail"),
    path("<int:pk>/edit/", views.carrier_edit, name="carrier_edit"),
    path("<int:pk>/residencies/new/", views.residency_open, name="residency_open"),
    path("<int:pk>/evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("<int:pk>/subsidies/new/", views.subsidy_create, name="subsidy_create"),
    path("<int:pk>/points/new/", views.service_point_edit, name="service_point_create"),
    path("<int:pk>/points/<int:point_pk>/edit/", views.service_point_edit, name="service_point_edit"),
    path("residencies/", views.residency_list, name="residency_list"),
    path("residencies/<int:pk>/", views.residency_detail, name="residency_detail"),
    path("residencies/<int:pk>/enter/", views.residency_enter, name="residency_enter"),
    path("residencies/<int:pk>/graduate/", views.residency_graduate, name="residency_graduate"),
    path("residencies/<int:pk>/leave/", views.residency_leave, name="residency_leave"),
    path("residencies/<int:pk>/services/", views.residency_services, name="residency_services"),
    path("teams/<int:pk>/notify/", views.team_notify, name="team_notify"),
    path("space/<int:case_pk>/", views.space_match, name="space_match"),
    path("panel/", views.venture_panel, name="venture_panel"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("organisations/<int:pk>/matches/new/", views.match_create, name="match_create"),
]
