from django.urls import path

from jobmatching import views

app_name = "jobmatching"

urlpatterns = [
    path("", views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", views.vacancy_edit, name="vacancy_create"),
    path("vacancies/import/", views.vacancy_import, name="vacancy_import"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/candidates/", views.vacancy_candidates, name="vacancy_candidates"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_edit, name="employer_create"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("people/<int:person_pk>/", views.person_matches, name="person_matches"),
    path("people/<int:person_pk>/profile/", views.profile_edit, name="profile_edit"),
    path("recommend/", views.recommend, name="recommend"),
    path("recommendations/<int:pk>/stage/", views.recommendation_stage, name="recommendation_stage"),
    path("placements/", views.placement_list, name="placement_list"),
    path("checks/<int:pk>/", views.check_record, name="check_record"),
    path("panel/", views.person_panel, name="person_panel"),
]
