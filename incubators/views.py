"""Pages of the carriers app: carrier list and overview, carrier page, residency forms and stage
transitions, evaluations, grants, service points, service organisations, and the venture panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from entrepreneurs.models import FoundingTeam, Venture
from incubators import selectors, services
from incubators.forms import (
    AgreementForm,
    CarrierFilterForm,
    CarrierForm,
    EvaluationForm,
    MatchForm,
    OrganisationForm,
    ResidencyEnterForm,
    ResidencyGraduateForm,
    ResidencyLeaveForm,
    ResidencyOpenForm,
    ResidencyServicesForm,
    ServicePointForm,
    SubsidyForm,
    TeamNotifyForm,
)
from incubators.indicators import active_carriers_q
from incubators.models import Carrier, Evaluation, Residency, ServiceOrganisation, ServicePoint
from zhuqiao.access import editor, role_required, town_editor
from zhuqiao.forms import form_errors_add
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    from zhuqiao.models import User

MANAGERS_ONLY = gettext_lazy("只有中心工作人员和系统管理员可以维护创业载体。")
READ_ONLY = gettext_lazy("您的账号只能查看，不能修改。")


def _carrier_or_404(user: User, pk: int) -> Carrier:
    return get_for_user_or_404(Carrier, user, pk=pk)


def _submit(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    *,
    then: Any = None,
) -> HttpResponse | None:
    """On a valid POST, hand a copy of the cleaned data to ``save`` (one service call), say
    ``success`` (a text, or made from what ``save`` returned) and redirect to ``then`` or else to
    what ``save`` returned. None when the page is to be shown again: a GET, an invalid form, or a
    refusal by the service, whose messages land on the form so nothing typed is lost."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(dict(form.cleaned_data))
    except ValidationError as exc:
        form_errors_add(form, exc)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return redirect(saved if then is None else then)


def _form_page(request: HttpRequest, form: Any, title: str, parent: Any) -> HttpResponse:
    return render(request, "incubators/form_page.html", {"form": form, "title": title, "parent": parent})


# Carriers ----------------------------------------------------------------------------------


@login_required
@require_GET
def carrier_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CarrierFilterForm(request.GET or None)
    carriers = selectors.carrier_list(user=request.user, day=today)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            carriers = carriers.filter(Q(name__icontains=data["q"]) | Q(operator__icontains=data["q"]))
        if data["kind"]:
            carriers = carriers.filter(kind=data["kind"])
        if data["status"] == "active":
            carriers = carriers.filter(active_carriers_q(today))
        elif data["status"] == "closed":
            carriers = carriers.exclude(active_carriers_q(today))
        elif data["status"] == "flagged":
            carriers = carriers.filter(Q(failed_two_years=True))
    page = Paginator(carriers, 30).get_page(request.GET.get("page"))
    rows = [(carrier, selectors.occupancy_percent(carrier.in_residence, carrier.capacity)) for carrier in page]  # type: ignore[attr-defined]
    return render(
        request,
        "incubators/carrier_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "overview": selectors.carrier_overview(day=today),
            "can_manage": town_editor(request.user),
        },
    )


@role_required(test=town_editor, message=MANAGERS_ONLY)
def carrier_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CarrierForm(request.POST or None)
    return _submit(
        request,
        form,
        lambda data: services.carrier_create(**data),
        lambda carrier: _("已新增创业载体“%(name)s”。") % {"name": carrier.name},
    ) or _form_page(request, form, _("新增创业载体"), None)


@role_required(test=town_editor, message=MANAGERS_ONLY)
def carrier_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    carrier = _carrier_or_404(request.user, pk)
    form = CarrierForm(request.POST or None, instance=carrier)
    return _submit(
        request,
        form,
        lambda data: services.carrier_update(carrier=Carrier.objects.get(pk=carrier.pk), **data),
        _("已保存。"),
        then=carrier,
    ) or _form_page(request, form, _("编辑创业载体"), carrier)


@login_required
@require_GET
def carrier_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    carrier = selectors.carrier_detail(user=request.user, pk=pk).first()
    if carrier is None:
        _carrier_or_404(request.user, pk)  # audits a probe and raises 404
        raise Http404
    today = timezone.localdate()
    residencies = list(selectors.carrier_residencies(user=request.user, carrier=carrier))
    counts = selectors.carrier_counts(carrier=carrier, day=today)
    evaluations = list(carrier.evaluations.all())
    return render(
        request,
        "incubators/carrier_detail.html",
        {
            "carrier": carrier,
            "residencies": residencies,
            "counts": counts,
            "occupancy": selectors.occupancy_percent(counts["in_residence"], carrier.capacity),
            "free": carrier.free_places(),
            "evaluations": evaluations,
            "failed_pairs": selectors.failed_year_pairs(evaluations),
            "subsidies": list(carrier.subsidies.all()),
            "subsidy_total": sum((subsidy.amount for subsidy in carrier.subsidies.all()), start=0),
            "service_points": list(carrier.service_points.all()),
            "matches": list(carrier.matches.all()),
            "can_manage": town_editor(request.user),
            "can_edit": editor(request.user),
            "active": carrier.is_active_on(today),
        },
    )


# Residencies -------------------------------------------------------------------------------


@role_required(test=editor, message=READ_ONLY)
def residency_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    carrier = _carrier_or_404(request.user, pk)
    initial: dict[str, Any] = {"notified_on": timezone.localdate()}
    venture_id = request.GET.get("venture")
    if venture_id and venture_id.isdigit():
        venture = Venture.objects.for_user(request.user).filter(pk=int(venture_id)).first()
        if venture is not None:
            initial["venture"] = venture.credit_code
    form = ResidencyOpenForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Residency:
        return services.residency_open(
            venture=data["venture"],
            carrier=carrier,
            stage=data["stage"],
            notified_on=data["notified_on"],
            entered_on=data["entered_on"],
            space=data["space"],
            place=data["place"],
            notes=data["notes"],
        )

    return _submit(
        request, form, save, lambda residency: _("已登记入驻：%(residency)s。") % {"residency": residency}
    ) or _form_page(request, form, _("登记入驻"), carrier)


@login_required
@require_GET
def residency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    residencies = selectors.residencies_for_user(user=request.user).order_by("-created_at", "-id")
    stage = request.GET.get("stage", "")
    if stage in Residency.Stage.values:
        residencies = residencies.filter(stage=stage)
    page = Paginator(residencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "incubators/residency_list.html",
        {"page": page, "stage": stage, "stages": Residency.Stage.choices},
    )


def _residency_page(request: AuthenticatedHttpRequest, residency: Residency, **forms: Any) -> HttpResponse:
    user = request.user
    editable = editor(request.user)
    context: dict[str, Any] = {
        "residency": residency,
        "services": residency.services.select_related("service").order_by("-opened_on"),
        "can_edit": editable,
    }
    if editable:
        if residency.stage == Residency.Stage.NOTIFIED:
            context["enter_form"] = forms.get("enter_form") or ResidencyEnterForm(
                initial={"entered_on": timezone.localdate()}
            )
        if residency.stage == Residency.Stage.RESIDENT:
            context["graduate_form"] = forms.get("graduate_form") or ResidencyGraduateForm(
                initial={"graduated_on": timezone.localdate()}
            )
        if residency.is_open:
            context["leave_form"] = forms.get("leave_form") or ResidencyLeaveForm(
                initial={"left_on": timezone.localdate()}
            )
        context["services_form"] = forms.get("services_form") or ResidencyServicesForm(
            residency=residency, user=user, initial={"services": list(residency.services.all())}
        )
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "incubators/residency_detail.html", context, status=status)


def _residency_or_404(user: User, pk: int) -> Residency:
    return get_for_user_or_404(Residency.objects.select_related("venture", "venture__area", "carrier"), user, pk=pk)


def _residency_step(
    request: AuthenticatedHttpRequest,
    pk: int,
    step: str,
    form_class: type[Any],
    service: Callable[..., Any],
    success: str,
) -> HttpResponse:
    """A stage transition posted from the residency page (``step`` is enter, graduate or leave):
    on refusal the page is shown again with that step's form and its messages."""
    residency = _residency_or_404(request.user, pk)
    form = form_class(request.POST)
    return _submit(
        request, form, lambda data: service(residency=residency, **data), success, then=residency
    ) or _residency_page(request, residency, **{f"{step}_form": form})


@login_required
@require_GET
def residency_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _residency_page(request, _residency_or_404(request.user, pk))


@role_required(test=editor, message=READ_ONLY)
@require_POST
def residency_enter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _residency_step(request, pk, "enter", ResidencyEnterForm, services.residency_enter, _("已办理入驻。"))


@role_required(test=editor, message=READ_ONLY)
@require_POST
def residency_graduate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _residency_step(
        request, pk, "graduate", ResidencyGraduateForm, services.residency_graduate, _("已办理毕业。")
    )


@role_required(test=editor, message=READ_ONLY)
@require_POST
def residency_leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _residency_step(request, pk, "leave", ResidencyLeaveForm, services.residency_leave, _("已办理退出。"))


@role_required(test=editor, message=READ_ONLY)
@require_POST
def residency_services(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    residency = _residency_or_404(request.user, pk)
    form = ResidencyServicesForm(request.POST, residency=residency, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.residency_services_set(residency=residency, services=data["services"]),
        _("已保存获得的服务。"),
        then=residency,
    ) or _residency_page(request, residency, services_form=form)


@login_required
@require_GET
def venture_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The fragment the venture page lazy-loads: the venture's residencies and current stage."""
    venture_id = request.GET.get("venture", "")
    if not venture_id.isdigit():
        raise Http404
    venture = get_for_user_or_404(Venture, request.user, pk=int(venture_id))
    residencies = list(selectors.venture_residencies(user=request.user, venture=venture))
    current = next((residency for residency in residencies if residency.is_open), None)
    return render(
        request,
        "incubators/venture_panel.html#panel",
        {"venture": venture, "residencies": residencies, "current": current, "can_edit": editor(request.user)},
    )


# Evaluations, grants, service points ------------------------------------------------------


@role_required(test=town_editor, message=MANAGERS_ONLY)
def evaluation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    carrier = _carrier_or_404(request.user, pk)
    today = timezone.localdate()
    form = EvaluationForm(request.POST or None, initial={"year": today.year, "evaluated_on": today})

    def save(data: dict[str, Any]) -> Evaluation:
        return services.evaluation_record(
            carrier=carrier,
            year=data["year"],
            evaluated_on=data["evaluated_on"],
            scores={name: data[name] for name in Evaluation.ASPECTS},
            grade=data["grade"],
            evaluator=data["evaluator"],
            notes=data["notes"],
            recorded_by=request.user,
        )

    return _submit(
        request,
        form,
        save,
        lambda evaluation: _("已录入%(year)s年度服务评估。") % {"year": evaluation.year},
        then=carrier,
    ) or _form_page(request, form, _("录入服务评估"), carrier)


@role_required(test=town_editor, message=MANAGERS_ONLY)
def subsidy_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    carrier = _carrier_or_404(request.user, pk)
    form = SubsidyForm(request.POST or None, initial={"granted_on": timezone.localdate()})
    return _submit(
        request, form, lambda data: services.subsidy_grant(carrier=carrier, **data), _("已登记载体奖补。"), then=carrier
    ) or _form_page(request, form, _("登记载体奖补"), carrier)


@role_required(test=town_editor, message=MANAGERS_ONLY)
def service_point_edit(request: AuthenticatedHttpRequest, pk: int, point_pk: int | None = None) -> HttpResponse:
    carrier = _carrier_or_404(request.user, pk)
    point = get_for_user_or_404(ServicePoint, request.user, pk=point_pk, carrier=carrier) if point_pk else None
    form = ServicePointForm(request.POST or None, instance=point)
    return _submit(
        request,
        form,
        lambda data: services.service_point_save(service_point=point, carrier=carrier, **data),
        _("已保存孵化服务点。"),
        then=carrier,
    ) or _form_page(request, form, _("编辑孵化服务点") if point else _("新增孵化服务点"), carrier)


# Service organisations --------------------------------------------------------------------


@login_required
@require_GET
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list(user=request.user)
    page = Paginator(organisations, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "incubators/organisation_list.html",
        {"page": page, "can_manage": town_editor(request.user), "today": timezone.localdate()},
    )


@role_required(test=town_editor, message=MANAGERS_ONLY)
def organisation_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = get_for_user_or_404(ServiceOrganisation, request.user, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if organisation is not None:
        initial = {
            "name": organisation.name,
            "credit_code": organisation.credit_code,
            "services": list(organisation.services.all()),
            "service_description": organisation.service_description,
            "contact_name": organisation.contact_name,
            "contact_phone": organisation.contact_phone,
            "is_active": organisation.is_active,
        }
    form = OrganisationForm(request.POST or None, initial=initial or {"is_active": True})
    return _submit(
        request,
        form,
        lambda data: services.organisation_save(organisation=organisation, **data),
        _("已保存创服组织。"),
    ) or _form_page(request, form, _("编辑创服组织") if organisation else _("新增创服组织"), organisation)


def _organisation_page(
    request: AuthenticatedHttpRequest, organisation: ServiceOrganisation, **forms: Any
) -> HttpResponse:
    manage = town_editor(request.user)
    context = {
        "organisation": organisation,
        "agreements": list(organisation.agreements.all()),
        "matches": selectors.organisation_matches(user=request.user, organisation=organisation),
        "can_manage": manage,
        "can_edit": editor(request.user),
        "today": timezone.localdate(),
        "agreement_form": forms.get("agreement_form") or (AgreementForm() if manage else None),
        "match_form": forms.get("match_form")
        or (
            MatchForm(user=request.user, initial={"matched_on": timezone.localdate()}) if editor(request.user) else None
        ),
    }
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "incubators/organisation_detail.html", context, status=status)


@login_required
@require_GET
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_user_or_404(ServiceOrganisation, request.user, pk=pk)
    return _organisation_page(request, organisation)


@role_required(test=town_editor, message=MANAGERS_ONLY)
@require_POST
def agreement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_user_or_404(ServiceOrganisation, request.user, pk=pk)
    form = AgreementForm(request.POST)
    return _submit(
        request,
        form,
        lambda data: services.agreement_add(organisation=organisation, **data),
        _("已登记服务协议。"),
        then=organisation,
    ) or _organisation_page(request, organisation, agreement_form=form)


@role_required(test=editor, message=READ_ONLY)
@require_POST
def match_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_user_or_404(ServiceOrganisation, request.user, pk=pk)
    form = MatchForm(request.POST, user=request.user)
    if form.is_valid() and form.cleaned_data.get("carrier") and not town_editor(request.user):
        form.add_error("carrier", _("只有中心工作人员可以为创业载体对接创服组织。"))  # the form turns invalid
    return _submit(
        request,
        form,
        lambda data: services.match_create(organisation=organisation, **data),
        _("已登记服务对接。"),
        then=organisation,
    ) or _organisation_page(request, organisation, match_form=form)


@role_required(test=editor, message=READ_ONLY)
@require_POST
def team_notify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A founding team told about a carrier before registration: a residency at 告知 for the team."""
    team = get_for_user_or_404(FoundingTeam, request.user, pk=pk)
    form = TeamNotifyForm(request.POST)
    if form.is_valid():
        try:
            services.residency_open(
                team=team,
                carrier=form.cleaned_data["carrier"],
                stage=Residency.Stage.NOTIFIED,
                notified_on=form.cleaned_data["notified_on"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已登记告知：%(carrier)s。") % {"carrier": form.cleaned_data["carrier"]})
    else:
        messages.error(request, _("请选择载体并填写告知日期。"))
    return redirect(team)


@login_required
@require_GET
def space_match(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    """A space need (场地需求) case matched to the carriers with a free desk or room, those focused
    on the venture's (or team's) industry first."""
    from cases.models import Case

    case = get_for_user_or_404(
        Case.objects.select_related("venture", "team", "person", "service"), request.user, pk=case_pk
    )
    subject = case.venture or case.team
    industry = getattr(subject, "industry", "") or ""
    carriers = selectors.carriers_with_free_places(user=request.user, industry=industry)
    return render(
        request,
        "incubators/space_match.html",
        {"case": case, "subject": case.subject, "industry": industry, "carriers": carriers},
    )
