"""Pages of a person's records: memberships, employments, unemployment registration, reconfirmations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobseekers import selectors, services
from jobseekers.forms import (
    EmploymentForm,
    MembershipForm,
    UnemploymentDeregistrationForm,
    UnemploymentRegistrationForm,
)
from jobseekers.models import Employment, TargetGroupMembership, UnemploymentRegistration
from jobseekers.views.common import PAGE_SIZE, _record_form
from zhuqiao.access import editor, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


@role_required(test=editor)
def membership_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = MembershipForm(request.POST or None)
    return _record_form(
        request,
        form,
        title=_("添加重点群体身份"),
        save=lambda data: services.membership_add(person=person, **data),
        saved=_("已添加重点群体身份。"),
        then=person,
        person=person,
    )


@role_required(test=editor)
def unemployment_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = UnemploymentRegistrationForm(request.POST or None)
    return _record_form(
        request,
        form,
        title=_("失业登记"),
        save=lambda data: services.unemployment_register(person=person, **data),
        saved=_("已办理失业登记，已纳入登记失业人员。"),
        then=person,
        person=person,
    )


@role_required(test=editor)
def unemployment_deregister(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = get_for_user_or_404(UnemploymentRegistration.objects.select_related("person"), request.user, pk=pk)
    form = UnemploymentDeregistrationForm(request.POST or None)
    return _record_form(
        request,
        form,
        title=_("注销失业登记"),
        save=lambda data: services.unemployment_deregister(registration=registration, **data),
        saved=_("已注销失业登记，登记失业人员身份同日结束。"),
        then=registration.person,
        person=registration.person,
    )


@role_required(test=editor)
def membership_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user_or_404(TargetGroupMembership.objects.select_related("person"), request.user, pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    return _record_form(
        request,
        form,
        title=_("修改重点群体身份"),
        save=lambda data: services.membership_update(
            membership=membership, **{k: v for k, v in data.items() if k != "group"}
        ),
        saved=_("已保存。"),
        then=membership.person,
        person=membership.person,
    )


@role_required(test=editor)
def employment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = EmploymentForm(request.POST or None)
    return _record_form(
        request,
        form,
        title=_("记录就业"),
        save=lambda data: services.employment_record(person=person, **data),
        saved=_("已记录就业。"),
        then=person,
        person=person,
    )


@role_required(test=editor)
def employment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employment = get_for_user_or_404(Employment.objects.select_related("person"), request.user, pk=pk)
    form = EmploymentForm(request.POST or None, instance=employment)
    return _record_form(
        request,
        form,
        title=_("修改就业记录"),
        save=lambda data: services.employment_update(employment=employment, **data),
        saved=_("已保存。"),
        then=employment.person,
        person=employment.person,
    )


@login_required
def reconfirmations(request: AuthenticatedHttpRequest) -> HttpResponse:
    due = selectors.reconfirmations_due(user=request.user)
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobseekers/reconfirmations.html", {"page": page, "today": timezone.localdate()})
