from django.urls import path

from jobseekers import views

app_name = "jobseekers"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("check/", views.person_check, name="person_check"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/panels/<str:panel>/", views.person_panel, name="person_panel"),
    path("<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("<int:pk>/transfer/", views.person_transfer, name="person_transfer"),
    path("<int:pk>/memberships/new/", views.membership_create, name="membership_create"),
    path("<int:pk>/unemployment/new/", views.unemployment_register, name="unemployment_register"),
    path("unemployment/<int:pk>/deregister/", views.unemployment_deregister, name="unemployment_deregister"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("<int:pk>/employments/new/", views.employment_create, name="employment_create"),
    path("employments/<int:pk>/edit/", views.employment_edit, name="employment_edit"),
    path("reconfirmations/", views.reconfirmations, name="reconfirmations"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/suspected/", views.suspected_households, name="suspected_households"),
    path("households/certification-conflicts/", views.certification_conflicts, name="certification_conflicts"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/certifications/new/", views.certification_create, name="certification_create"),
    path("groups/", views.department_groups, name="department_groups"),
    path("worklists/", views.worklist_index, name="worklist_index"),
    path("worklists/<str:goal>/", views.worklist, name="worklist"),
    path("worklists/<str:goal>/flow/", views.worklist_flow, name="worklist_flow"),
]
