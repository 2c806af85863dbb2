from django.urls import path

from metrics import reports, scorecards, views

app_name = "metrics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/<str:code>/", views.drill, name="drill"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/status/", views.recompute_status, name="recompute_status"),
    path("freshness/", views.freshness_status, name="freshness"),
    path("report/<int:year>/", reports.report_html, name="report"),
    path("report/<int:year>/pdf/", reports.report_pdf, name="report_pdf"),
    path("report/<int:year>/xlsx/", reports.report_xlsx, name="report_xlsx"),
    path("report/", reports.report_index, name="report_index"),
    # scorecards, month-end sign-off and the dashboard's official panel (metrics.scorecards)
    path("scorecards/<str:kind>/", scorecards.scorecard, name="scorecard"),
    path("scorecards/<str:kind>/xlsx/", scorecards.scorecard_xlsx, name="scorecard_xlsx"),
    path("official/", scorecards.official_panel, name="official_panel"),
    path("signoffs/", scorecards.signoffs, name="signoffs"),
    path("snapshots/<int:pk>/sign/", scorecards.sign, name="sign"),
]
