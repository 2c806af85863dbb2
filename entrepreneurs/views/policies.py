"""Policies and benefits: a grant to a venture, the catalogue with its grants, the opportunity worklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entrepreneurs import selectors, services
from entrepreneurs.forms import OpportunityFilterForm, PolicyBenefitForm
from entrepreneurs.models import Policy, Venture
from entrepreneurs.views.common import PAGE_SIZE, READ_ONLY, REGISTER_KEEPERS, VIA_CASES, _form_page
from zhuqiao.access import editor, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_http_methods(["GET", "POST"])
def benefit_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    venture = get_for_user_or_404(Venture, user, pk=pk)
    initial = {"policy": request.GET.get("policy")} if request.GET.get("policy") else None
    form = PolicyBenefitForm(request.POST or None, venture=venture, initial=initial)
    if request.method == "POST" and form.is_valid():
        benefit = form_service_call(form, lambda: services.policy_benefit_grant(venture=venture, **form.cleaned_data))
        if benefit is not None:
            messages.success(request, _("已记录“%(policy)s”享受。") % {"policy": benefit.policy.name})
            return redirect(venture)
    return _form_page(request, "entrepreneurs/benefit_form.html", {"form": form, "venture": venture})


@login_required
def policy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policies = selectors.policy_list_with_uptake(user=user)
    return render(
        request,
        "entrepreneurs/policy_list.html",
        {"policies": policies, "totals": selectors.benefit_totals(user=user)},
    )


@login_required
def policy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy = get_object_or_404(Policy, pk=pk)
    year = request.GET.get("year", "")
    benefits = selectors.policy_benefits(user=user, policy=policy, year=int(year) if year.isdigit() else None)
    page = Paginator(benefits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "entrepreneurs/policy_detail.html",
        {
            "policy": policy,
            "page": page,
            "year": year,
            "totals": selectors.benefit_totals(user=user, policy=policy),
        },
    )


@login_required
def opportunity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = OpportunityFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    pairs = selectors.policy_opportunities(
        user=user,
        today=today,
        policy=filters.get("policy"),
        area=filters.get("area"),
        closing_within_days=filters.get("within"),
    )
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "entrepreneurs/opportunity_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.opportunities_hydrate(list(page.object_list), today=today),
            "today": today,
        },
    )
