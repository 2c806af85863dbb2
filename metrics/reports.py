"""The annual assessment report (年度评估报告): all seven indicators and the four clearance goals
with last year's figures, targets and completion, and the evidence list; as a print-friendly
page, a PDF (Chinese font embedded) and an Excel workbook."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from metrics import definitions as d
from metrics import selectors
from metrics.permissions import report_required
from metrics.report_extras import add_extra_sheets, report_extras, report_snapshot
from zhuqiao.audit import audit_record
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import AuditEntry

REPORT_ROWS: list[tuple[int, list[str]]] = [
    (1, ["policy_ventures", "successful_entrepreneurs"]),
    *[(i, [code for code, ind, *_r in d.RECORD_METRICS if ind == i]) for i in range(2, 8)],
]


def evidence_for(year: int) -> list[Any]:
    """The evidence list of the activities app for the year, if that app keeps one."""
    try:
        from activities.models import Evidence
    except ImportError:
        return []
    return list(Evidence.objects.filter(year=year).select_related("department").order_by("indicator", "dated_on", "pk"))


def report_context(year: int) -> dict[str, Any]:
    # the signed figures when the centre has signed a month-end (metrics.report_extras)
    snapshot, town_signoff = report_snapshot(year)
    town: dict[str, Decimal | None] = {}
    if snapshot is not None:
        town = selectors.snapshot_values(snapshot, area_ids=[]).get(None, {})
    targets = selectors.targets_for(year)

    def row(code: str, *, rate: bool = False) -> dict[str, Any]:
        metric = d.METRICS[code]
        value = town.get(code)
        last_code = f"{code}_last"
        yoy_code = f"{code}_yoy"
        target = (
            town.get("successful_entrepreneurs_target") if code == "successful_entrepreneurs" else targets.get(code)
        )
        return {
            "code": code,
            "label": metric.label,
            "note": metric.note,
            "unit": "%" if metric.kind == d.PERCENT else (_("元") if metric.kind == d.MONEY else ""),
            "value": d.json_number(code, value),
            "last": d.json_number(last_code, town.get(last_code)),
            "yoy": d.json_number(yoy_code, town.get(yoy_code)),
            "yoy_unit": _("个百分点") if rate else "%",
            "target": None if target is None else d.json_number(code, target),
            "completion": d.json_number("x_rate", d.ratio(value, target) if target else None),
        }

    indicators = [
        {"number": number, "label": d.INDICATOR_LABELS[number], "rows": [row(code) for code in codes]}
        for number, codes in REPORT_ROWS
    ]
    goals = []
    for group in d.CLEARANCE_GROUPS:
        done = "cleared" if group == "household" else "employed"
        base, employed = town.get(f"clearance_{group}_base"), town.get(f"clearance_{group}_{done}")
        goals.append(
            {
                "label": d.GROUP_LABELS[group],
                "row": row(f"clearance_{group}_rate", rate=True),
                "base": None if base is None else int(base),
                "done": None if employed is None else int(employed),
            }
        )
    return {
        "year": year,
        "snapshot": snapshot,
        "indicators": indicators,
        "goals": goals,
        "evidence": evidence_for(year),
        "generated_at": timezone.localtime(),
        "period_note": d.PERIOD_NOTE,
        **report_extras(year, snapshot, town_signoff),
    }


@report_required
@require_GET
def report_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("metrics:report", year=timezone.localdate().year)


@report_required
@require_GET
def report_html(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    context = report_context(year)
    context["years"] = sorted({year, timezone.localdate().year, *selectors.available_years()}, reverse=True)
    return render(request, "metrics/report.html", context)


def render_report_pdf(year: int) -> bytes:
    from weasyprint import HTML

    html = render_to_string("metrics/report_pdf.html", report_context(year))
    return HTML(string=html).write_pdf()


@report_required
@require_GET
def report_pdf(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return _report_export(
        year, render_report_pdf(year), detail="PDF", content_type="application/pdf", disposition="inline", suffix="pdf"
    )


def _report_export(
    year: int, content: bytes, *, detail: str, content_type: str, disposition: str, suffix: str
) -> HttpResponse:
    """The assessment report of ``year`` as a file, the export audited."""
    audit_record(action=AuditEntry.Action.EXPORT, object_type="metrics.report", object_id=str(year), detail=detail)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="zhuqiao-assessment-{year}.{suffix}"'
    return response


def render_report_xlsx(year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    context = report_context(year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("评估指标")
    bold = Font(bold=True)
    as_of = context["snapshot"].as_of.isoformat() if context["snapshot"] else ""
    sheet.append([_("%(year)s年度评估报告") % {"year": year}, _("数据截至"), as_of])
    sheet["A1"].font = bold
    header = [_("指标"), _("项目"), _("本期"), _("上年同期"), _("同比"), _("年度目标"), _("完成率（%）"), _("口径说明")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = bold
    for indicator in context["indicators"]:
        for row in indicator["rows"]:
            sheet.append(
                [
                    str(indicator["label"]),
                    str(row["label"]),
                    row["value"],
                    row["last"],
                    row["yoy"],
                    row["target"],
                    row["completion"],
                    str(row["note"]),
                ]
            )
    goals = workbook.create_sheet(_("清零目标"))
    goals.append(
        [
            _("目标"),
            _("基数"),
            _("已就业/已清零"),
            _("清零率（%）"),
            _("上年同期（%）"),
            _("同比（百分点）"),
            _("年度目标（%）"),
            _("完成率（%）"),
        ]
    )
    for cell in goals[1]:
        cell.font = bold
    for goal in context["goals"]:
        row = goal["row"]
        goals.append(
            [
                str(goal["label"]),
                goal["base"],
                goal["done"],
                row["value"],
                row["last"],
                row["yoy"],
                row["target"],
                row["completion"],
            ]
        )
    evidence = workbook.create_sheet(_("佐证材料"))
    evidence.append([_("评估指标"), _("材料类型"), _("日期"), _("标题"), _("提交部门"), _("金额（元）")])
    for cell in evidence[1]:
        cell.font = bold
    for item in context["evidence"]:
        evidence.append(
            [
                str(item.get_indicator_display()),
                str(item.get_kind_display()),
                item.dated_on,
                item.title,
                str(item.department),
                None if item.amount is None else float(item.amount),
            ]
        )
    add_extra_sheets(workbook, context)  # per committee, scorecards, satisfaction, score, signatures
    for ws in workbook.worksheets:
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = 18
        ws.freeze_panes = "A2" if ws is not sheet else "A3"
    sheet.column_dimensions["H"].width = 60
    for cells in sheet.iter_rows(min_row=3, min_col=8, max_col=8):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@report_required
@require_GET
def report_xlsx(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return _report_export(
        year,
        render_report_xlsx(year),
        detail="Excel",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disposition="attachment",
        suffix="xlsx",
    )
