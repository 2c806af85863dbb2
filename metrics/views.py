"""The leadership dashboard (驾驶舱), its drill-downs, the on-demand recompute and the annual
assessment report."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metrics import definitions as d
from metrics import selectors
from metrics.models import RecomputeRun, Target
from metrics.services import metrics_schedule_recompute
from zhuqiao.models import Area

DASHBOARD_ROLES = ("centre", "committee", "leader", "admin")
TREND_CODES = [
    "policy_ventures",
    "successful_entrepreneurs",
    *[f"clearance_{group}_rate" for group in d.CLEARANCE_GROUPS],
]


def may_see_dashboard(user: Any) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or (user.role in DASHBOARD_ROLES and (user.role != "committee" or user.area_id)))


def may_recompute(user: Any) -> bool:
    return may_see_dashboard(user) and user.can_edit and user.sees_whole_town


def dashboard_area_ids(user: Any) -> list[int] | None:
    """The committees whose figures the user may see: None for all, else a list."""
    if user.role == "committee" and not user.is_superuser:
        return [user.area_id]
    return None


def _require_dashboard(request: HttpRequest) -> None:
    if not may_see_dashboard(request.user):
        raise PermissionDenied(_("您没有查看指标驾驶舱的权限。"))


def _selected_year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404(_("年度格式错误。")) from None
    if not 2000 <= year <= 2100:
        raise Http404(_("年度超出范围。"))
    return year


def _selected_as_of(request: HttpRequest) -> datetime.date | None:
    text = request.GET.get("as_of")
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404(_("日期格式应为 YYYY-MM-DD。")) from None


def _selected_area(request: HttpRequest) -> Area | None:
    """The committee the dashboard shows: committee staff always their own; others may choose."""
    user: Any = request.user
    if user.role == "committee" and not user.is_superuser:
        code = request.GET.get("area")
        if code and code != user.area.code:
            raise Http404
        return user.area
    code = request.GET.get("area")
    if not code:
        return None
    return get_object_or_404(Area, code=code)


def _completion(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    return d.ratio(value, target) if target else None


def _drill_links(year: int, as_of: datetime.date, area: Area | None) -> Any:
    """A function code -> drill-down URL (one reverse() for the page, not one per number)."""
    from urllib.parse import urlencode

    base = reverse("metrics:drill", args=["__code__"])
    params = {"year": year, "as_of": as_of.isoformat()}
    if area is not None:
        params["area"] = area.code

    def link(code: str, **extra: str) -> str:
        return base.replace("__code__", code) + "?" + urlencode({**params, **extra})

    return link


def _cards(
    values: dict[str, Any], targets: dict[str, Decimal], *, town: bool, link: Any = None
) -> list[dict[str, Any]]:
    cards = []
    for code in d.HEADLINES:
        metric = d.METRICS[code]
        if code in d.RECORD_CODES and not town:
            continue
        value = values.get(code)
        if code.startswith("clearance_"):
            group = code.split("_")[1]
            yoy_code, last_code, yoy_unit = f"{code}_yoy", f"{code}_last", _("个百分点")
            done = "cleared" if group == "household" else "employed"
            detail = {
                "base": d.json_number(f"clearance_{group}_base", values.get(f"clearance_{group}_base")),
                "done": d.json_number(f"clearance_{group}_{done}", values.get(f"clearance_{group}_{done}")),
                "base_code": f"clearance_{group}_base",
                "done_code": f"clearance_{group}_{done}",
                "done_label": d.METRICS[f"clearance_{group}_{done}"].label,
            }
            if detail["base"] is not None and detail["done"] is not None:
                detail["worklist"] = detail["base"] - detail["done"]
        else:
            yoy_code, last_code, yoy_unit, detail = f"{code}_yoy", f"{code}_last", "%", {}
        target = values.get("successful_entrepreneurs_target") if code == "successful_entrepreneurs" else None
        if target is None and town:
            target = targets.get(code)
        yoy = values.get(yoy_code)
        cards.append(
            {
                "code": code,
                "metric": metric,
                "indicator": d.INDICATOR_LABELS[metric.indicator],
                "value": d.json_number(code, value),
                "unit": "%" if metric.kind == d.PERCENT else "",
                "last": d.json_number(last_code, values.get(last_code)),
                "last_code": last_code,
                "yoy": d.json_number(yoy_code, yoy),
                "yoy_code": yoy_code,
                "yoy_unit": yoy_unit,
                "yoy_direction": None if yoy is None else ("up" if yoy > 0 else "down" if yoy < 0 else "flat"),
                "target": d.json_number(code, target) if target is not None else None,
                "completion": d.json_number("x_rate", _completion(value, target)),
                "detail": detail,
            }
        )
        if link is not None:
            card = cards[-1]
            card["href"], card["last_href"] = link(code), link(last_code)
            card["worklist_href"] = link(code, list="worklist")
            if detail:
                detail["base_href"], detail["done_href"] = link(detail["base_code"]), link(detail["done_code"])
    return cards


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request)
    user: Any = request.user
    year, as_of, area = _selected_year(request), _selected_as_of(request), _selected_area(request)
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    context: dict[str, Any] = {
        "year": year,
        "area": area,
        "snapshot": snapshot,
        "years": sorted({year, timezone.localdate().year, *selectors.available_years()}, reverse=True),
        "as_of_dates": selectors.as_of_dates(year),
        "may_recompute": may_recompute(user),
        "active_run": RecomputeRun.objects.filter(year=year, status__in=RecomputeRun.ACTIVE).first(),
        "areas": Area.objects.order_by("code") if dashboard_area_ids(user) is None else [],
        "whole_town": area is None,
    }
    if snapshot is None:
        return render(request, "metrics/dashboard.html", context)
    # A snapshot never changes: its cards and charts are rendered once per committee, language
    # and version of the year's targets, then served from the cache (the "dashboard" fragment).
    targets_version = Target.objects.filter(year=year).aggregate(v=Max("updated_at"))["v"]
    vary = [snapshot.pk, area.pk if area else 0, translation.get_language(), str(targets_version or "")]
    context.update(zip(("cache_snapshot", "cache_area", "cache_language", "cache_targets"), vary, strict=True))
    if cache.get(make_template_fragment_key("metrics-dashboard", vary)) is not None:
        return render(request, "metrics/dashboard.html", context)
    values = selectors.snapshot_values(snapshot, area_ids=dashboard_area_ids(user))
    scope_values = values.get(area.pk if area else None, {})
    targets = selectors.targets_for(year)
    link = _drill_links(year, snapshot.as_of, area)
    cards = _cards(scope_values, targets, town=area is None, link=link)
    ranking_codes = {
        code: str(d.METRICS[code].label)
        for code in ["policy_ventures", "successful_entrepreneurs"]
        + [f"clearance_{g}_{k}" for g in d.CLEARANCE_GROUPS for k in ("rate", "base")]
    }
    ranking: list[dict[str, Any]] = []
    if area is None and dashboard_area_ids(user) is None:
        for area_id, code, name in Area.objects.order_by("code").values_list("pk", "code", "name"):
            if area_id not in values:
                continue  # a committee created after this snapshot was computed
            area_values = values[area_id]
            numbers = {c: d.json_number(c, area_values.get(c)) for c in ranking_codes}
            ranking.append(
                {
                    "code": code,
                    "name": name,
                    "values": numbers,
                }
            )
    worklists = [
        {
            "group": group,
            "label": str(d.GROUP_LABELS[group]),
            "size": card["detail"].get("worklist"),
            "code": f"clearance_{group}_rate",
            "href": link(f"clearance_{group}_rate", list="worklist"),
        }
        for group, card in zip(
            d.CLEARANCE_GROUPS, [c for c in cards if c["code"].startswith("clearance_")], strict=True
        )
    ]
    chart_data = {
        "year": year,
        "trend": selectors.month_end_series(
            years=[year, year - 1], codes=TREND_CODES, area_id=area.pk if area else None
        ),
        "trend_labels": {code: str(d.METRICS[code].label) for code in TREND_CODES},
        "ranking": [{key: row[key] for key in ("code", "name", "values")} for row in ranking],
        "ranking_codes": ranking_codes,
        "worklists": [{**row, "size": None if row["size"] is None else int(row["size"])} for row in worklists],
        "labels": {
            "this_year": _("%(year)s年") % {"year": year},
            "last_year": _("%(year)s年") % {"year": year - 1},
            "worklist": _("待帮扶人数（户数）"),
            "months": [_("%(m)s月") % {"m": m} for m in range(1, 13)],
        },
    }
    context.update(
        {
            "cards": cards,
            "worklists": worklists,
            "ranking": ranking,
            "chart_data": chart_data,
            "trend_codes": [(code, d.METRICS[code].label) for code in TREND_CODES],
            "ranking_codes": ranking_codes.items(),
            "period_note": d.PERIOD_NOTE,
            "indicator_groups": _group_cards(cards),
        }
    )
    return render(request, "metrics/dashboard.html", context)


def _group_cards(cards: list[dict[str, Any]]) -> list[tuple[Any, list[dict[str, Any]]]]:
    groups: dict[int, list[dict[str, Any]]] = {}
    for card in cards:
        groups.setdefault(card["metric"].indicator, []).append(card)
    order = [1, 0, 2, 3, 4, 5, 6, 7]
    return [(d.INDICATOR_LABELS[i], groups[i]) for i in order if i in groups]


@login_required
@require_GET
def drill(request: HttpRequest, code: str) -> HttpResponse:
    """The records behind a number: ventures, persons or households (masked), or the records of
    indicators 2–7; the clearance numbers offer the base, the employed and the worklist."""
    _require_dashboard(request)
    user: Any = request.user
    if code not in d.METRICS:
        raise Http404
    year, as_of, area = _selected_year(request), _selected_as_of(request), _selected_area(request)
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    as_of = snapshot.as_of if snapshot else (as_of or d.default_as_of(year, timezone.localdate()))
    family, key, last, default_list = selectors.drill_spec(code)
    if family == "record" and dashboard_area_ids(user) is not None:
        raise Http404  # indicators 2–7 are town-wide numbers, not on a committee's dashboard
    which = request.GET.get("list") or default_list
    kind, queryset = selectors.drill_records(
        code=code, year=year, as_of=as_of, which=which, area_id=area.pk if area else None
    )
    if queryset is not None and kind != "record":
        queryset = selectors.records_queryset(queryset, user)
    records: Any = queryset if queryset is not None else []
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    value = None
    if snapshot is not None:
        value = (
            selectors.snapshot_values(snapshot, area_ids=[area.pk] if area else [])
            .get(area.pk if area else None, {})
            .get(code)
        )
    metric = d.METRICS[code]
    period_year = year - 1 if last else year
    period_end = d.year_earlier(as_of) if last else as_of
    context = {
        "code": code,
        "metric": metric,
        "headline": d.METRICS.get(key, metric) if family != "clearance" else d.METRICS[f"clearance_{key}_rate"],
        "value": d.json_number(code, value),
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


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    if not may_recompute(request.user):
        raise PermissionDenied(_("只有中心工作人员和管理员可以重新计算。"))
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    run = metrics_schedule_recompute(reason="dashboard", year=year, user=request.user)
    run.refresh_from_db()
    return render(request, "metrics/dashboard.html#run-status", {"run": run, "year": year})


@login_required
@require_GET
def recompute_status(request: HttpRequest, pk: int) -> HttpResponse:
    _require_dashboard(request)
    run = get_object_or_404(RecomputeRun, pk=pk)
    return render(request, "metrics/dashboard.html#run-status", {"run": run, "year": run.year})
