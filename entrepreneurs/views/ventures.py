"""Ventures: the list, register and edit (with the founder search), the venture page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entrepreneurs import extensions, selectors, services
from entrepreneurs.forms import PolicyBenefitForm, VentureFilterForm, VentureForm
from entrepreneurs.models import Venture
from entrepreneurs.views.common import PAGE_SIZE, READ_ONLY, REGISTER_KEEPERS, VIA_CASES, _form_page
from jobseekers.models import Person
from zhuqiao.access import editor, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


@login_required
def venture_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = VentureFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    ventures = selectors.venture_list(user=user, filters=filters)
    page = Paginator(ventures, PAGE_SIZE).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "entrepreneurs/venture_list.html",
        {"form": form, "page": page, "export_query": export_query.urlencode(), "today": timezone.localdate()},
    )


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_http_methods(["GET", "POST"])
def venture_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial: dict[str, Any] = {}
    if request.GET.get("founder"):
        initial["founder"] = get_for_user_or_404(Person, user, pk=request.GET["founder"])
    form = VentureForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        venture = form_service_call(
            form,
            lambda: services.venture_register(
                credit_code=data["credit_code"],
                name=data["name"],
                kind=data["kind"],
                registered_on=data["registered_on"],
                area=data["area"],
                industry=data["industry"],
                founder=data["founder"],
                jobs_created=data["jobs_created"] or 0,
            ),
        )
        if venture is not None:
            messages.success(request, _("创业组织“%(name)s”已登记。") % {"name": venture.name})
            return redirect(venture)
    return _venture_form_page(request, form, venture=None)


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_http_methods(["GET", "POST"])
def venture_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    venture = get_for_user_or_404(Venture.objects.select_related("founder"), user, pk=pk)
    form = VentureForm(request.POST or None, user=user, instance=venture)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        updated = form_service_call(
            form, lambda: services.venture_update(venture=Venture.objects.get(pk=venture.pk), **fields)
        )
        if updated is not None:
            messages.success(request, _("创业组织信息已保存。"))
            return redirect("entrepreneurs:venture_detail", pk=venture.pk)
    return _venture_form_page(request, form, venture=venture)


def _venture_form_page(
    request: AuthenticatedHttpRequest, form: VentureForm, *, venture: Venture | None
) -> HttpResponse:
    user = request.user
    founder = None
    value = form["founder"].value()
    if value:
        founder = Person.objects.for_user(user).select_related("area").filter(pk=value).first()
    duplicate = form.duplicate_of
    duplicate_visible = duplicate is not None and Venture.objects.for_user(user).filter(pk=duplicate.pk).exists()
    return _form_page(
        request,
        "entrepreneurs/venture_form.html",
        {
            "form": form,
            "venture": venture,
            "founder": founder,
            "duplicate": duplicate,
            "duplicate_visible": duplicate_visible,
        },
    )


@login_required
def founder_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: persons the user may see, by name (prefix) or the last four of the ID number."""
    user = request.user
    q = request.GET.get("founder_q", "").strip()
    persons: list[Person] = []
    if q:
        found = Person.objects.for_user(user).select_related("area")
        if len(q) == 4 and (q[:3].isdigit() and (q[3].isdigit() or q[3] in "xX")):
            found = found.filter(id_number_last4=q.upper())
        else:
            found = found.filter(name__startswith=q)
        persons = list(found.order_by("name", "pk")[:20])
    return render(
        request,
        "entrepreneurs/venture_form.html#founder_results",
        {"persons": persons, "q": q, "selected": request.GET.get("founder", "")},
    )


@login_required
def venture_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    venture = selectors.venture_detail_for_user(user=user, pk=pk)
    today = timezone.localdate()
    benefits = list(venture.benefits.all())
    context: dict[str, Any] = {
        "venture": venture,
        "benefits": benefits,
        "benefit_total": sum((b.amount or 0) for b in benefits),
        "role_models": list(venture.role_models.all()),
        "opportunities": selectors.venture_open_policies(venture=venture, today=today),
        "in_startup_phase": venture.in_startup_phase_on(today),
        "benefit_form": PolicyBenefitForm(venture=venture),
        "today": today,
    }
    for extend in extensions.venture_contexts:  # the start-up services checklist (cases.startup)
        context.update(extend(venture))
    return render(request, "entrepreneurs/venture_detail.html", context)
