"""/api/v1/: the core endpoints, then each domain app's ``api_urls`` module where it has one."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from zhuqiao.api import AreaViewSet, DepartmentViewSet, MeView

router = DefaultRouter()
router.register("areas", AreaViewSet)
router.register("departments", DepartmentViewSet)


def _docs_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The docs pages: public in the DEBUG demo, behind the login page in production."""
    return view if settings.API_SCHEMA_PUBLIC else login_required(view)


urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", _docs_page(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("redoc/", _docs_page(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("me/", MeView.as_view(), name="api-me"),
]

for installed in settings.INSTALLED_APPS:
    if "." in installed or installed == "zhuqiao":
        continue
    if importlib.util.find_spec(f"{installed}.api_urls") is not None:
        urlpatterns.append(path("", include(f"{installed}.api_urls")))

urlpatterns.append(path("", include(router.urls)))
