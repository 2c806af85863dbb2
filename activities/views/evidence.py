"""Indicator evidence and the annual dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import dossier, selectors, services
from activities.forms import AttachmentForm, DecisionCloseForm, DecisionForm, EvidenceForm
from activities.models import Evidence, MeetingDecision, may_record_for
from activities.views.common import _submit
from zhuqiao.access import recorder, require, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.periods import period_from
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    pass

# --- evidence and the dossier ----------------------------------------------------------------


@login_required
def evidence_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's dossier at a glance: one line per indicator, the checklist, the download."""
    today = timezone.localdate()
    year = period_from(request.GET, today=today, latest_year=today.year + 1).year  # next year's may be begun
    checklist = dossier.dossier_checklist(year)
    counts = {
        row["indicator"]: row["n"]
        for row in Evidence.objects.filter(year=year).values("indicator").annotate(n=Count("id")).order_by()
    }
    indicators = [{"value": i.value, "label": i.label, "count": counts.get(i.value, 0)} for i in Evidence.Indicator]
    context = {
        "year": year,
        "years": range(today.year + 1, 2020, -1),
        "indicators": indicators,
        "checklist": checklist,
        "complete": dossier.is_complete(checklist),
        "may_create": recorder(request.user),
    }
    return render(request, "activities/evidence_overview.html", context)


@login_required
def evidence_indicator(request: AuthenticatedHttpRequest, year: int, indicator: int) -> HttpResponse:
    if indicator not in Evidence.Indicator.values or not 2000 <= year <= 2100:
        raise Http404
    section = dossier.indicator_section(indicator, year)
    # A busy year holds hundreds of activities: list them a page at a time (the zip has them all).
    page = None
    if indicator == Evidence.Indicator.ATMOSPHERE:
        page = Paginator(section.activities, 50).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "section": section,
        "page": page,
        "indicators": Evidence.Indicator,
        "may_create": recorder(request.user),
        "decisions": selectors.decisions_of_year(year) if indicator == Evidence.Indicator.ORGANISATION else None,
    }
    return render(request, "activities/evidence_indicator.html", context)


@role_required(test=recorder)
def evidence_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in ("indicator", "year", "kind") if k in request.GET}
    form = EvidenceForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Evidence:
        require(may_record_for(request.user, data["department"].pk))
        return services.evidence_create(user=request.user, **data)

    return _submit(request, form, save, _("佐证材料已登记，请上传相关文件。")) or render(
        request, "activities/evidence_form.html", {"form": form}
    )


@login_required
def evidence_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(
        Evidence.objects.select_related("department", "brand", "created_by").prefetch_related("attachments"),
        request.user,
        pk=pk,
    )
    can_edit = evidence.can_be_edited_by(request.user)
    decisions = list(evidence.decisions.select_related("owner")) if evidence.is_meeting else []
    for decision in decisions:
        decision.closable = decision.can_be_closed_by(request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "activities/evidence_detail.html",
        {
            "evidence": evidence,
            "can_edit": can_edit,
            "attachment_form": AttachmentForm() if can_edit else None,
            "decisions": decisions,
            "decision_form": DecisionForm() if can_edit and evidence.is_meeting else None,
            "close_form": DecisionCloseForm(initial={"closed_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def decision_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a decision or action item of a meeting."""
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    require(evidence.can_be_edited_by(request.user))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(meeting=evidence, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已登记议定事项。"))
    else:
        messages.error(request, _("请填写议定事项、责任部门和完成期限。"))
    return redirect(evidence)


@login_required
@require_POST
def decision_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Close a decision as carried out or dropped (its owner department, or centre staff)."""
    decision = MeetingDecision.objects.select_related("meeting").filter(pk=pk).first()
    if decision is None:
        raise Http404
    get_for_user_or_404(Evidence, request.user, pk=decision.meeting_id)
    require(decision.can_be_closed_by(request.user))
    form = DecisionCloseForm(request.POST)
    if form.is_valid():
        try:
            services.decision_close(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("议定事项已办结。"))
    else:
        messages.error(request, _("请选择结果并填写办结日期和说明。"))
    return redirect(decision.meeting)


@login_required
def evidence_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    require(evidence.can_be_edited_by(request.user))
    form = EvidenceForm(request.POST or None, instance=evidence, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.evidence_update(evidence=Evidence.objects.get(pk=evidence.pk), **data),
        _("佐证材料已保存。"),
    ) or render(request, "activities/evidence_form.html", {"form": form, "evidence": evidence})


@login_required
@require_POST
def evidence_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    require(evidence.can_be_edited_by(request.user))
    year, indicator = evidence.year, evidence.indicator
    services.evidence_delete(evidence=evidence)
    messages.success(request, _("佐证材料已删除。"))
    return redirect("activities:evidence_indicator", year=year, indicator=indicator)


@login_required
def dossier_download(request: AuthenticatedHttpRequest, year: int) -> FileResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    out, _summary = dossier.dossier_export(year=year, user=request.user)
    return FileResponse(
        out, as_attachment=True, filename=dossier.dossier_filename(year), content_type="application/zip"
    )


# --- calendar and the person panel -----------------------------------------------------------
