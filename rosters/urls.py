from django.urls import path

from rosters import views

app_name = "rosters"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("template.xlsx", views.template_download, name="template"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("export/<slug:kind>/", views.export, name="export"),
]
