"""/api/v1/: the core endpoints, then each domain app's ``api_urls`` module where it has one."""

from __future__ import annotations

import importlib.util

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from zhuqiao.api import AreaViewSet, DepartmentViewSet, MeView

router = DefaultRouter()
router.register("areas", AreaViewSet)
router.register("departments", DepartmentViewSet)

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("me/", MeView.as_view(), name="api-me"),
]

for installed in settings.INSTALLED_APPS:
    if "." in installed or installed == "zhuqiao":
        continue
    if importlib.util.find_spec(f"{installed}.api_urls") is not None:
        urlpatterns.append(path("", include(f"{installed}.api_urls")))

urlpatterns.append(path("", include(router.urls)))
