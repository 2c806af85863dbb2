"""Core pages: home per role, health check, audit log browser, error pages."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from zhuqiao.audit import audit_record
from zhuqiao.desk import desk_for
from zhuqiao.forms import AuditFilterForm
from zhuqiao.models import AuditEntry
from zhuqiao.selectors import audit_entries_filtered

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "zhuqiao/public_home.html")
    queues, goals = desk_for(request.user, timezone.localdate())
    return render(
        request,
        "zhuqiao/home.html",
        {"role_template": f"zhuqiao/home_{request.user.role}.html", "queues": queues, "goals": goals},
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, Redis and Celery worker status, for monitoring and for the on-call check."""
    report: dict[str, Any] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # the whole point is to report it, not to crash
        healthy = False
        report["database"] = {"ok": False, "error": exc.__class__.__name__}
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "1", 5)
            report["redis"] = {"ok": cache.get("healthz") == "1"}
        except Exception as exc:
            report["redis"] = {"ok": False, "error": exc.__class__.__name__}
        healthy = healthy and report["redis"]["ok"]
    else:
        report["redis"] = {"ok": True, "mode": "not configured (local memory cache)"}
    from zhuqiao.celery import app

    if app.conf.task_always_eager:
        report["celery"] = {"ok": True, "mode": "eager (tasks run in the web process)"}
    else:
        try:
            replies = app.control.ping(timeout=1.0)
        except Exception as exc:
            replies, report["celery_error"] = [], exc.__class__.__name__
        report["celery"] = {"ok": bool(replies), "workers": len(replies)}
        healthy = healthy and bool(replies)
    report["status"] = "ok" if healthy else "degraded"
    return JsonResponse(report, status=200 if healthy else 503)


@login_required
@permission_required("zhuqiao.view_audit_log", raise_exception=True)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_filtered(form.cleaned_data if form.is_valid() else {})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "zhuqiao/audit_log.html", {"form": form, "page": page})


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
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
