"""Pages of the venture register: list, page and forms of ventures, the policy catalogue with
its grants, the policy-opportunity worklist, role models and their permission-checked photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from entrepreneurs import extensions, selectors, services
from entrepreneurs.forms import (
    OpportunityFilterForm,
    PolicyBenefitForm,
    PolicySelfCheckForm,
    RoleModelForm,
    RoleModelPhotoForm,
    SharedAddressForm,
    TeamCaseForm,
    TeamFilterForm,
    TeamForm,
    TeamMemberForm,
    TeamRegisterForm,
    VentureFilterForm,
    VentureForm,
)
from entrepreneurs.models import FoundingTeam, Policy, RoleModel, SharedAddress, Venture
from jobseekers.models import Person
from zhuqiao.access import editor, has_role, require, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import User
from zhuqiao.roles import Role
from zhuqiao.scoping import get_for_user_or_404

PAGE_SIZE = 50


# Leaders read only; department staff handle ventures through the cases referred to them.
READ_ONLY = gettext_lazy("您的账号只能查看，不能修改创业组织信息。")
VIA_CASES = gettext_lazy("部门工作人员通过服务个案办理创业组织事项，不能在此登记或修改。")
REGISTER_KEEPERS = (Role.CENTRE, Role.COMMITTEE, Role.ADMIN)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page; a POST that comes back to it was refused (400)."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)


# --- ventures -------------------------------------------------------------------------------------


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


# --- policies -------------------------------------------------------------------------------------


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


# --- role models ----------------------------------------------------------------------------------


@login_required
def role_model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    year = request.GET.get("year", "")
    role_models = selectors.role_models_for_user(user=user, year=int(year) if year.isdigit() else None)
    years = RoleModel.objects.for_user(user).order_by("-year").values_list("year", flat=True).distinct()
    page = Paginator(role_models, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entrepreneurs/role_model_list.html", {"page": page, "year": year, "years": list(years)})


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_http_methods(["GET", "POST"])
def role_model_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    venture = get_for_user_or_404(Venture.objects.select_related("founder"), user, pk=pk)
    form = RoleModelForm(request.POST or None, venture=venture)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role_model = form_service_call(
            form,
            lambda: services.role_model_designate(
                year=data["year"],
                title=data["title"],
                story=data["story"],
                venture=venture if data["subject"] == "venture" else None,
                person=venture.founder if data["subject"] == "founder" else None,
            ),
        )
        if role_model is not None:
            messages.success(request, _("已选树为创业典型，可继续上传照片。"))
            return redirect(role_model)
    return _form_page(request, "entrepreneurs/role_model_form.html", {"form": form, "venture": venture})


@login_required
@require_http_methods(["GET", "POST"])
def role_model_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    role_model = get_for_user_or_404(
        RoleModel.objects.select_related("venture", "person", "area").prefetch_related("photos"), user, pk=pk
    )
    form = RoleModelPhotoForm()
    status = 200
    if request.method == "POST":
        require(editor(user), READ_ONLY)
        require(has_role(user, *REGISTER_KEEPERS), VIA_CASES)
        form = RoleModelPhotoForm(request.POST, request.FILES)
        if form.is_valid():
            photo = form_service_call(
                form,
                lambda: services.role_model_photo_add(
                    role_model=role_model, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
                ),
            )
            if photo is not None:
                messages.success(request, _("照片已上传。"))
                return redirect(role_model)
        status = 400
    ventures_of_person: list[Venture] = []
    if role_model.person_id:
        ventures_of_person = list(Venture.objects.for_user(user).filter(founder_id=role_model.person_id))
    return render(
        request,
        "entrepreneurs/role_model_detail.html",
        {"role_model": role_model, "form": form, "ventures_of_person": ventures_of_person},
        status=status,
    )


@login_required
def role_model_photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A role model's photo, only to users who may see the role model; never a public URL."""
    photo = selectors.role_model_photo_for_user(user=request.user, pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}"'
    return response


# --- founding teams before registration ----------------------------------------------------------


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


# --- the public policies page (no login) ---------------------------------------------------------


def public_policies(request: HttpRequest) -> HttpResponse:
    """Policies for residents, without an account, phone first: the catalogue in plain words and a
    short self-check whose matching policies each lead to booking a consultation on its topic."""
    from django.apps import apps

    form = PolicySelfCheckForm(request.GET or None)
    matched = None
    if form.is_valid():
        matched = selectors.policies_for_self_check(stage=form.cleaned_data["stage"], needs=form.cleaned_data["needs"])
    bookable = set(
        apps.get_model("consultations", "Topic").objects.filter(is_active=True).values_list("code", flat=True)
    )
    return render(
        request,
        "entrepreneurs/public_policies.html",
        {
            "form": form,
            "matched": matched,
            "policies": selectors.public_policies(),
            "bookable": bookable,
        },
    )


# --- shared registration addresses (招商中心) --------------------------------------------------


def _address_keeper(user: User) -> bool:
    """Who keeps the register of shared registration addresses: the 招商中心 and centre staff."""
    if not user.can_edit:
        return False
    department = user.department if user.role == User.Role.DEPARTMENT else None
    return user.sees_whole_town or (department is not None and department.code == "investment_centre")


@login_required
def shared_addresses(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register of shared registration addresses (集中注册地址) and the ventures at each."""
    user = request.user
    keeper = _address_keeper(user)
    require(user.sees_whole_town or keeper)
    require(keeper or request.method != "POST")
    form = SharedAddressForm(request.POST or None) if keeper else None
    if request.method == "POST" and form is not None:
        address = None
        if form.is_valid():
            address = form_service_call(form, lambda: services.shared_address_register(**form.cleaned_data))
        if address is not None:
            messages.success(request, _("已登记集中注册地址：%(address)s。") % {"address": address})
            return redirect("entrepreneurs:shared_addresses")
    addresses = SharedAddress.objects.annotate(
        venture_count=Count("ventures", filter=Q(ventures__status=Venture.Status.OPERATING))
    ).prefetch_related(Prefetch("ventures", queryset=Venture.objects.order_by("-registered_on")))
    return render(
        request,
        "entrepreneurs/shared_addresses.html",
        {"addresses": addresses, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
