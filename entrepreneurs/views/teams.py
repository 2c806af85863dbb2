"""Founding teams before registration: list, register, page, add a member, register as a venture."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepreneurs import extensions, selectors, services
from entrepreneurs.forms import TeamCaseForm, TeamFilterForm, TeamForm, TeamMemberForm, TeamRegisterForm
from entrepreneurs.models import FoundingTeam
from entrepreneurs.views.common import PAGE_SIZE, READ_ONLY, REGISTER_KEEPERS, VIA_CASES, _form_page
from zhuqiao.access import editor, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import User
from zhuqiao.scoping import get_for_user_or_404


@login_required
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Would-be founders and teams before registration, per committee, stage and carrier."""
    user = request.user
    form = TeamFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    teams = selectors.team_list(user=user, filters=filters)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entrepreneurs/team_list.html", {"form": form, "page": page})


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
def team_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = TeamForm(request.POST or None, user=user, initial={"first_contact_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        team = form_service_call(form, lambda: services.team_create(**form.cleaned_data))
        if team is not None:
            messages.success(request, _("已登记创业团队“%(name)s”。") % {"name": team.name})
            return redirect(team)
    return _form_page(request, "entrepreneurs/team_form.html", {"form": form, "title": _("登记创业团队")})


def team_or_404(user: User, pk: int) -> FoundingTeam:
    return get_for_user_or_404(FoundingTeam.objects.select_related("area", "venture"), user, pk=pk)


@login_required
def team_detail(request: AuthenticatedHttpRequest, pk: int, **forms: Any) -> HttpResponse:
    """A team's page: its people, idea and stage, the help it got (cases), the carrier it was told
    about, and the forms that add a member, log help, tell it about a carrier and register it."""
    from django.apps import apps

    user = request.user
    team = team_or_404(user, pk)
    Residency = apps.get_model("incubators", "Residency")
    today = timezone.localdate()
    context: dict[str, Any] = {
        "team": team,
        "members": team.members.select_related("area").order_by("name"),
        "cases": team.cases.select_related("service").order_by("-opened_on"),
        "residencies": Residency.objects.filter(team=team).select_related("carrier").order_by("-created_at"),
        "can_edit": user.can_edit and user.role != User.Role.DEPARTMENT,
    }
    if context["can_edit"]:
        context["member_form"] = forms.get("member_form") or TeamMemberForm(user=user)
        context["case_form"] = forms.get("case_form") or TeamCaseForm(initial={"opened_on": today})
        if team.venture_id is None:
            context["register_form"] = forms.get("register_form") or TeamRegisterForm(user=user)
            for name, make in extensions.team_forms.items():  # telling it about a carrier (incubators.teams)
                context[name] = forms.get(name) or make(today)
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "entrepreneurs/team_detail.html", context, status=status)


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_POST
def team_member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    team = team_or_404(user, pk)
    form = TeamMemberForm(request.POST, user=user)
    if form.is_valid():
        services.team_add_member(team=team, person=form.cleaned_data["id_number"])
        messages.success(request, _("已添加团队成员。"))
        return redirect(team)
    return team_detail(request, pk, member_form=form)


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_POST
def team_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The team registered: link it to its venture; its cases and residency carry over."""
    user = request.user
    team = team_or_404(user, pk)
    form = TeamRegisterForm(request.POST, user=user)
    if form.is_valid() and (
        form_service_call(form, lambda: services.team_register(team=team, venture=form.cleaned_data["credit_code"]))
        is not None
    ):
        messages.success(request, _("团队已登记注册，服务记录已转入创业组织。"))
        return redirect(team)
    return team_detail(request, pk, register_form=form)
