"""Pages of the rosters app: upload, preview, confirm, the blank template, and the Excel exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rosters import exports, selectors, services
from rosters.blank import blank_workbook
from rosters.excel import export_response
from rosters.forms import UploadForm
from rosters.importing.result import ImportResult
from zhuqiao.access import registrar, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.roles import Role
from zhuqiao.search_tokens import resolved_query

ERRORS_PER_PAGE = 200


@role_required(test=registrar)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    runs = Paginator(selectors.import_runs_for_user(user=request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "rosters/index.html",
        {"form": UploadForm(), "page": runs, "export_kinds": exports.KINDS.values()},
    )


@role_required(test=registrar)
@require_POST
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run = services.import_run_create(user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(run)
    runs = Paginator(selectors.import_runs_for_user(user=request.user), 20).get_page(1)
    return render(
        request,
        "rosters/index.html",
        {"form": form, "page": runs, "export_kinds": exports.KINDS.values()},
        status=400,
    )


def _run_context(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    result = ImportResult.from_json(run.result) if run.result else None
    errors_page = Paginator(result.errors if result else [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "run": run,
        "result": result,
        "page": errors_page,
        "error_count": run.result.get("error_count", 0) if run.result else 0,
        # Rows to verify before confirming (never blocking): the first page of them is listed.
        "warnings": result.warnings[:ERRORS_PER_PAGE] if result else [],
        "warning_count": run.result.get("warning_count", 0) if run.result else 0,
        "totals": run.result.get("totals", {}) if run.result else {},
        "progress": services.live_progress(run),
    }


@role_required(test=registrar)
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "rosters/run.html", _run_context(request, pk))


@role_required(test=registrar)
def run_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The HTMX fragment that polls while the run is checked or imported."""
    return render(request, "rosters/run.html#run-body", _run_context(request, pk))


@role_required(test=registrar)
@require_POST
def run_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    if services.import_run_confirm(run=run, user=request.user):
        run.refresh_from_db()
        if run.status == run.Status.DONE:
            messages.success(request, _("导入完成。"))
        elif run.status == run.Status.INVALID:
            messages.error(request, _("导入前复核发现错误，未写入任何数据。"))
    else:
        messages.warning(request, _("该文件当前不能导入（可能已导入或有错误）。"))
    return redirect(run)


@role_required(test=registrar)
def template_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(
        blank_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, "名册模板.xlsx")
    return response


@role_required(*Role)
def export(request: AuthenticatedHttpRequest, kind: str) -> HttpResponseBase:
    """An Excel file of a list page, with the same GET filters; masked unless the user may reveal."""
    selected = exports.KINDS.get(kind)
    if selected is None:
        raise Http404
    user = request.user
    reveal = bool(user.can_reveal) and not user.is_leader
    filters = resolved_query(request)  # a full ID or mobile number comes by token, never in the URL
    return export_response(
        user=user,
        kind=kind,
        title=str(selected.title),
        headers=[str(header) for header in selected.headers],
        rows=selected.rows(user, filters, reveal),
        filters={**{key: request.GET.get(key) for key in request.GET}, "revealed": reveal},
        filename=kind,
    )
