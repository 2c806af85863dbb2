"""Scorecards (committees × indicators, departments × indicators), the month-end sign-off pages
and the dashboard's "official" panel (sign-off state and expected score).

Kept apart from ``metrics.views`` (the dashboard): these pages only read snapshots through
``metrics.selectors``, targets through ``metrics.targets``, and sign through ``metrics.signoff``.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metrics import scoring, selectors, signoff, targets
from metrics.models import Snapshot
from metrics.permissions import dashboard_area_ids, dashboard_required
from metrics.views import _selected_area, _selected_as_of, _selected_year
from zhuqiao.audit import audit_record
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import Area, AuditEntry

KINDS = {"committees": _("居村委计分卡"), "departments": _("部门计分卡")}


def _scorecard(request: AuthenticatedHttpRequest, kind: str) -> dict[str, Any]:
    if kind not in KINDS:
        raise Http404
    year, as_of = _selected_year(request), _selected_as_of(request)
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    area_ids = dashboard_area_ids(request.user)
    if kind == "departments" and area_ids is not None:
        raise Http404  # a committee's staff see their own committee's row, not the departments
    rows: list[dict[str, Any]] = []
    codes = targets.COMMITTEE_CODES if kind == "committees" else list(targets.DEPARTMENT_CODES)
    if snapshot is not None:
        rows = (
            targets.committee_scorecard(snapshot, area_ids=area_ids)
            if kind == "committees"
            else targets.department_scorecard(snapshot)
        )
    return {
        "kind": kind,
        "title": KINDS[kind],
        "kinds": KINDS.items(),
        "year": year,
        "snapshot": snapshot,
        "columns": [(code, targets.label(code)) for code in codes],
        "rows": rows,
        "as_of_dates": selectors.as_of_dates(year),
        "years": sorted({year, timezone.localdate().year, *selectors.available_years()}, reverse=True),
    }


@dashboard_required
@require_GET
def scorecard(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    context = _scorecard(request, kind)
    return render(request, "metrics/scorecard.html", context)


@dashboard_required
@require_GET
def scorecard_xlsx(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    context = _scorecard(request, kind)
    content = render_scorecard_xlsx(context)
    audit_record(
        action=AuditEntry.Action.EXPORT,
        object_type="metrics.scorecard",
        object_id=f"{kind}:{context['year']}",
        detail="Excel",
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="zhuqiao-scorecard-{kind}-{context["year"]}.xlsx"'
    return response


BAND_FILLS = {"band-met": "C6EFCE", "band-near": "FFEB9C", "band-behind": "FFC7CE"}


def scorecard_sheet(workbook: Any, context: dict[str, Any], *, title: str) -> None:
    """One scorecard as a worksheet: per indicator three columns (value, target, completion),
    the completion cell filled with its colour band."""
    from openpyxl.styles import Font, PatternFill

    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    as_of = context["snapshot"].as_of.isoformat() if context["snapshot"] else ""
    sheet.append([str(context["title"]), _("数据截至"), as_of])
    header: list[str] = [_("编码"), _("名称")]
    for _code, label in context["columns"]:
        header += [f"{label} {_('数值')}", f"{label} {_('目标')}", f"{label} {_('完成率（%）')}"]
    sheet.append(header)
    for item in sheet[2]:
        item.font = bold
    for row in context["rows"]:
        line: list[Any] = [row["key"], row["name"]]
        for one in row["cells"]:
            line += [one.value, one.target, one.completion]
        sheet.append(line)
        for index, one in enumerate(row["cells"]):
            fill = BAND_FILLS.get(one.band)
            if fill:
                sheet.cell(row=sheet.max_row, column=3 + index * 3 + 2).fill = PatternFill("solid", fgColor=fill)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 24


def render_scorecard_xlsx(context: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    scorecard_sheet(workbook, context, title=str(context["title"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the dashboard's official panel: sign-off state and expected score ------------------------------


@dashboard_required
@require_GET
def official_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fragment loaded by the dashboard: is this snapshot signed (已确认, by whom, when), may the
    user sign it, and the expected score (town only)."""
    year, as_of, area = _selected_year(request), _selected_as_of(request), _selected_area(request)
    snapshot = selectors.snapshot_current(year=year, as_of=as_of)
    context: dict[str, Any] = {"snapshot": snapshot, "area": area, "year": year}
    if snapshot is not None:
        signed = signoff.signoff_for(snapshot=snapshot, area_id=area.pk if area else None)
        # a period signed earlier whose current snapshot is a later recompute
        earlier = None
        if signed is None:
            earlier = (
                signoff.Signoff.objects.filter(year=snapshot.year, as_of=snapshot.as_of, area=area)
                .select_related("snapshot")
                .first()
            )
        context.update(
            {
                "signed": signed,
                "signed_earlier": earlier,
                "may_sign": snapshot.is_month_end
                and signed is None
                and earlier is None
                and signoff.may_sign(request.user, area),
            }
        )
        if area is None:
            values = selectors.snapshot_values(snapshot, area_ids=[]).get(None, {})
            context["score"] = scoring.expected_score(values, selectors.targets_for(year))
    return render(request, "metrics/official_panel.html", context)


@dashboard_required
@require_POST
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(Snapshot, pk=pk)
    code = request.POST.get("area") or ""
    area = get_object_or_404(Area, code=code) if code else None
    if area is not None and dashboard_area_ids(request.user) not in (None, [area.pk]):
        raise Http404
    try:
        signoff.signoff_sign(snapshot=snapshot, area=area, user=request.user, note=request.POST.get("note", ""))
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已确认 %(day)s 的月末数据。") % {"day": snapshot.as_of.isoformat()})
    params = f"?year={snapshot.year}&as_of={snapshot.as_of.isoformat()}" + (f"&area={area.code}" if area else "")
    return redirect(reverse("metrics:dashboard") + params)


@dashboard_required
@require_GET
def signoffs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The month-end sign-offs of a year (town and committees) and the changes after sign-off."""
    year = _selected_year(request)
    area_ids = dashboard_area_ids(request.user)
    rows = signoff.Signoff.objects.filter(year=year).select_related("area").order_by("as_of", "area__code")
    if area_ids is not None:
        rows = rows.filter(area_id__in=area_ids)
    changes = signoff.changes_after_signoff(area_ids=area_ids).filter(signoff__year=year)[:500]
    until = min(timezone.localdate(), datetime.date(year, 12, 31))
    return render(
        request,
        "metrics/signoffs.html",
        {
            "year": year,
            "signoffs": rows,
            "changes": [(change, targets.label(change.code)) for change in changes],
            "unsigned_months": signoff.unsigned_months(year=year, until=until) if area_ids is None else [],
            "years": sorted({year, timezone.localdate().year, *selectors.available_years()}, reverse=True),
        },
    )
