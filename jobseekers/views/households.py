"""Pages of households: list, page, register, edit, certifications, conflicts, suspected households."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobseekers import selectors, services
from jobseekers.forms import CertificationForm, HouseholdForm
from jobseekers.views.common import PAGE_SIZE, _record_form
from zhuqiao.access import editor, registrar, role_required
from zhuqiao.http import AuthenticatedHttpRequest


@login_required
def household_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    households = selectors.household_list(user=request.user, filters=request.GET)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobseekers/household_list.html",
        {"page": page, "q": request.GET.get("q", ""), "can_register": registrar(request.user)},
    )


@login_required
def household_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    household = selectors.household_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    certifications = list(household.certifications.order_by("-certified_on"))
    cleared = {c.pk: c.is_cleared_as_of(today) for c in certifications[:10]}
    return render(
        request,
        "jobseekers/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(household),
            "certifications": [(c, cleared.get(c.pk)) for c in certifications],
            "today": today,
            "can_edit": user.can_edit,
        },
    )


@role_required(test=registrar)
def household_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None, user=request.user)
    return _record_form(
        request,
        form,
        title=_("登记家庭"),
        save=lambda data: services.household_create(**data),
        saved=_("已登记家庭。"),
    )


@role_required(test=editor)
def household_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    form = HouseholdForm(request.POST or None, user=request.user, instance=household)
    return _record_form(
        request,
        form,
        title=_("修改家庭信息"),
        save=lambda data: services.household_update(household=household, **data),
        saved=_("已保存。"),
        then=household,
        household=household,
    )


@role_required(test=editor)
def certification_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    form = CertificationForm(request.POST or None, household=household)
    return _record_form(
        request,
        form,
        title=_("零就业家庭认定"),
        save=lambda data: services.certification_add(household=household, **data),
        saved=_("已记录零就业家庭认定。"),
        then=household,
        household=household,
    )


@login_required
def certification_conflicts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Zero-employment certifications made while a working-age member had a job that day."""
    conflicts = selectors.certification_conflicts(user=request.user)
    page = Paginator(conflicts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobseekers/certification_conflicts.html", {"page": page, "total": len(conflicts)})


@login_required
def suspected_households(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.conf import settings

    households = selectors.suspected_zero_employment_households(user=request.user)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobseekers/suspected.html",
        {
            "page": page,
            "age_min": settings.WORKING_AGE_MIN,
            "age_max_male": settings.WORKING_AGE_MAX_MALE,
            "age_max_female": settings.WORKING_AGE_MAX_FEMALE,
        },
    )
