"""Core pages: home per role, health check, audit log browser, error pages."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from zhuqiao.audit import audit_record
from zhuqiao.audit_display import describe
from zhuqiao.desk import desk_for, home_panels
from zhuqiao.forms import AuditFilterForm
from zhuqiao.health import health_report
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import AuditEntry, User
from zhuqiao.selectors import audit_entries_filtered

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "zhuqiao/public_home.html")
    queues, goals = desk_for(request.user, timezone.localdate())
    return render(
        request,
        "zhuqiao/home.html",
        {
            "role_template": f"zhuqiao/home_{request.user.role}.html",
            "queues": queues,
            "goals": goals,
            **home_panels(request.user),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, Redis and Celery worker status, for monitoring and for the on-call check.

    The public answer is only ``{"status": "ok"|"fail"}``; staff who see the whole town (and
    administrators) get the details: which parts answered, how, and which are down.
    """
    healthy, report = health_report()
    if not _may_see_health_details(request.user):
        return JsonResponse({"status": "ok" if healthy else "fail"}, status=200 if healthy else 503)
    return JsonResponse(report, status=200 if healthy else 503)


def _may_see_health_details(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.sees_whole_town))


@login_required
@permission_required("zhuqiao.view_audit_log", raise_exception=True)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_filtered(form.cleaned_data if form.is_valid() else {})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "zhuqiao/audit_log.html", {"form": form, "page": page, "rows": describe(page)})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    user = getattr(request, "user", None)
    audit_record(
        action=AuditEntry.Action.PERMISSION_DENIED,
        user=user,
        object_type="path",
        object_repr=request.path[:200],
        detail="403",
    )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # API clients get the JSON shape the schema documents
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
