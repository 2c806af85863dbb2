from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhuqiao import two_factor, views
from zhuqiao.auth_forms import PortalAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit_log"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/2fa/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/2fa/verify/", two_factor.verify, name="two_factor_verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("zhuqiao.api_urls")),
    path("people/", include("jobseekers.urls")),
    path("ventures/", include("entrepreneurs.urls")),
    path("cases/", include("cases.urls")),
    path("carriers/", include("incubators.urls")),
    path("activities/", include("activities.urls")),
    path("consultations/", include("consultations.urls")),
    path("policies/", include("entrepreneurs.public_urls")),
    path("dashboard/", include("metrics.urls")),
    path("rosters/", include("rosters.urls")),
    path("jobs/", include("jobmatching.urls")),
]

handler403 = "zhuqiao.views.permission_denied"
handler404 = "zhuqiao.views.page_not_found"
handler500 = "zhuqiao.views.server_error"
