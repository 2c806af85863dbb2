from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("inbox/<str:kind>/", views.inbox, name="inbox"),
    path("new/", views.case_new, name="new"),
    path("panel/", views.subject_panel, name="panel"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/transition/", views.case_transition, name="transition"),
    path("<int:pk>/follow-ups/", views.follow_up_create, name="follow_up_create"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("rate/<str:code>/", views.rate, name="rate"),
]
