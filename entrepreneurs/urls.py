from django.urls import path

from entrepreneurs import extensions, views

app_name = "entrepreneurs"

urlpatterns = [
    path("", views.venture_list, name="venture_list"),
    path("new/", views.venture_create, name="venture_create"),
    path("founders/", views.founder_search, name="founder_search"),
    path("<int:pk>/", views.venture_detail, name="venture_detail"),
    path("<int:pk>/edit/", views.venture_edit, name="venture_edit"),
    path("<int:pk>/benefits/new/", views.benefit_create, name="benefit_create"),
    path("<int:pk>/role-models/new/", views.role_model_create, name="role_model_create"),
    path("addresses/", views.shared_addresses, name="shared_addresses"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/", views.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/register/", views.team_register, name="team_register"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("role-models/", views.role_model_list, name="role_model_list"),
    path("role-models/<int:pk>/", views.role_model_detail, name="role_model_detail"),
    path("role-models/photos/<int:pk>/", views.role_model_photo, name="role_model_photo"),
]
# Logging a start-up service of a venture and a team's help as cases: served by the cases app
# (cases.startup, registered in CasesConfig.ready()), keeping these names and paths.
urlpatterns += extensions.routes
