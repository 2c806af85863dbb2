"""The leadership dashboard (驾驶舱), its drill-downs, the on-demand recompute and the annual
assessment report."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from metrics import definitions as d
from metrics import freshness, selectors
from metrics.dashboard import build_dashboard, cache_vary, is_rendered
from metrics.models import RecomputeRun
from metrics.permissions import (
    dashboard_area_ids,
    dashboard_required,
    may_recompute,
    recompute_required,
)
from metrics.services import WorkerUnavailable, metrics_schedule_recompute
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import Area, Department
from zhuqiao.periods import period_from
from zhuqiao.roles import Role


def _selected_year(request: HttpRequest) -> int:
    return period_from(request.GET, today=timezone.localdate()).year


def _selected_as_of(request: HttpRequest) -> datetime.date | None:
    """The as-of date the query chose within the year; None for the year's latest snapshot."""
    period = period_from(request.GET, today=timezone.localdate())
    return period.as_of if period.as_of_chosen else None


def _selected_area(request: AuthenticatedHttpRequest) -> Area | None:
    """The committee the dashboard shows: committee staff always their own; others may choose."""
    user = request.user
    if user.role == Role.COMMITTEE and not user.is_superuser:
        code = request.GET.get("area")
        # a committee user always has an area (constraint user_committee_has_area)
        if code and code != user.area.code:  # type: ignore[union-attr]
            raise Http404
        return user.area
    code = request.GET.get("area")
    if not code:
        return None
    return get_object_or_404(Area, code=code)


@dashboard_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    year, as_of, area = _selected_year(request), _selected_as_of(request), _selected_area(request)
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    context: dict[str, Any] = {
        "year": year,
        "area": area,
        "snapshot": snapshot,
        "years": sorted({year, timezone.localdate().year, *selectors.available_years()}, reverse=True),
        "as_of_dates": selectors.as_of_dates(year),
        "may_recompute": may_recompute(user),
        "recompute_run": selectors.recompute_run_shown(year=year, user=user),
        "areas": Area.objects.order_by("code") if dashboard_area_ids(user) is None else [],
        "whole_town": area is None,
        "follows_edits": snapshot is not None and as_of is None and year == timezone.localdate().year,
        "refresh": freshness.refresh_status(year),
    }
    if snapshot is None:
        return render(request, "metrics/dashboard.html", context)
    context["cache_vary"] = vary = cache_vary(snapshot, area)
    if not is_rendered(vary):
        board = build_dashboard(snapshot=snapshot, area=area, area_ids=dashboard_area_ids(user))
        context.update(
            {
                "dashboard": board,
                "chart_data": board.chart_data,
                "trend_codes": [(code, d.METRICS[code].label) for code in board.chart_data["trend_labels"]],
                "ranking_codes": board.chart_data["ranking_codes"].items(),
                "period_note": d.PERIOD_NOTE,
            }
        )
    return render(request, "metrics/dashboard.html", context)


@dashboard_required
@require_GET
def freshness_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The banner of the current year's dashboard, polled: says when a recompute after edits is
    pending or running, and reloads the page (HX-Refresh) once a newer snapshot is current."""
    year = _selected_year(request)
    snapshot = selectors.snapshot_current(year=year)
    shown = request.GET.get("snapshot")
    if snapshot is not None and shown and shown != str(snapshot.pk):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"year": year, "snapshot": snapshot, "refresh": freshness.refresh_status(year), "follows_edits": True}
    return render(request, "metrics/dashboard.html#refresh-banner", context)


@dashboard_required
@require_GET
def drill(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The records behind a number: ventures, persons or households (masked), the rated cases
    with their comments, or the records of indicators 2–7; the clearance numbers offer the base,
    the employed and the worklist."""
    user = request.user
    if code not in d.METRICS:
        raise Http404
    metric = d.METRICS[code]
    year, as_of, area = _selected_year(request), _selected_as_of(request), _selected_area(request)
    department = None
    if request.GET.get("department") and metric.per_department:
        department = get_object_or_404(Department, code=request.GET["department"])
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    as_of = snapshot.as_of if snapshot else (as_of or d.default_as_of(year, timezone.localdate()))
    family, key, last, default_list = selectors.drill_spec(code)
    if area is not None and not metric.per_area:
        raise Http404  # a town-wide number (e.g. activities): not counted per committee
    which = request.GET.get("list") or default_list
    kind, queryset = selectors.drill_records(
        code=code,
        year=year,
        as_of=as_of,
        which=which,
        area_id=area.pk if area else None,
        department_id=department.pk if department else None,
    )
    if queryset is not None and kind not in ("record", "rating"):
        queryset = selectors.records_queryset(queryset, user)
    records: Any = queryset if queryset is not None else []
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    value = None
    if snapshot is not None and department is not None:
        value = selectors.department_values(snapshot).get(department.pk, {}).get(code)
    elif snapshot is not None:
        value = (
            selectors.snapshot_values(snapshot, area_ids=[area.pk] if area else [])
            .get(area.pk if area else None, {})
            .get(code)
        )
    period_year = year - 1 if last else year
    period_end = d.year_earlier(as_of) if last else as_of
    context = {
        "code": code,
        "metric": metric,
        "headline": d.METRICS[metric.headline],
        "department": department,
        "value": d.json_number(code, value),
        "computed_at": snapshot.computed_at if snapshot else None,
        "year": year,
        "as_of": as_of,
        "period_start": datetime.date(period_year, 1, 1),
        "period_end": period_end,
        "area": area,
        "kind": kind,
        "page": page,
        "missing": queryset is None,
        "family": family,
        "which": which if family == "clearance" else "",
        "lists": selectors.DRILL_LISTS.items() if family == "clearance" else [],
        "group_label": d.GROUP_LABELS.get(key) if family == "clearance" else None,
    }
    return render(request, "metrics/drill.html", context)


@recompute_required
@require_POST
def recompute(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = period_from(request.POST, today=timezone.localdate()).year
    try:
        run = metrics_schedule_recompute(reason="dashboard", year=year, user=request.user)
    except WorkerUnavailable:
        # the queue (Redis) does not answer: say so at once; the numbers shown stay as they are
        return render(request, "metrics/dashboard.html#run-status", {"run": None, "year": year, "unavailable": True})
    run.refresh_from_db()
    return render(request, "metrics/dashboard.html#run-status", {"run": run, "year": year})


@dashboard_required
@require_GET
def recompute_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(RecomputeRun, pk=pk)
    return render(request, "metrics/dashboard.html#run-status", {"run": run, "year": run.year})
