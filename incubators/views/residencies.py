"""Pages of residencies: open (or notify a team), list, page, stage transitions, services, the venture panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entrepreneurs.models import FoundingTeam, Venture
from incubators import selectors, services
from incubators.forms import (
    ResidencyEnterForm,
    ResidencyGraduateForm,
    ResidencyLeaveForm,
    ResidencyOpenForm,
    ResidencyServicesForm,
    TeamNotifyForm,
)
from incubators.models import Residency
from incubators.views.common import READ_ONLY, _carrier_or_404, _form_page, _submit
from zhuqiao.access import editor, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    from zhuqiao.models import User


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
