"""Help given to ventures and founding teams, logged as cases, on the entrepreneurs app's pages.

The venture page's start-up public services checklist (法人一证通激活, 社保开户, 银行开户咨询, 政策咨询,
...): which of them the venture had as cases, 已服务 only once a case is 已办结, and one click to
log a missing one; and the help a founding team got before registration. Cases sits above
entrepreneurs and may import it, not the other way round: ``CasesConfig.ready()`` registers the
checklist and the two routes through ``entrepreneurs.extensions`` (the routes keep their names in
the entrepreneurs namespace, under /ventures/).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Case, ServiceType
from cases.services import case_open
from entrepreneurs import views as venture_views
from entrepreneurs.forms import TeamCaseForm
from entrepreneurs.models import Venture
from zhuqiao.access import editor, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import User
from zhuqiao.scoping import get_for_user_or_404

# --- the venture page's checklist -----------------------------------------------------------------


def startup_services_for_venture(*, venture: Venture) -> list[dict[str, Any]]:
    """The start-up public services (法人一证通激活, 社保开户, ...) and the cases the venture had of each."""
    services = list(ServiceType.objects.filter(is_startup_service=True, is_active=True).order_by("sort_order", "name"))
    cases_by_service: dict[int, list[Case]] = {}
    for case in Case.objects.filter(venture=venture, service__in=services).order_by("opened_on"):
        cases_by_service.setdefault(case.service_id, []).append(case)
    return [
        {
            "service": s,
            "cases": cases_by_service.get(s.pk, []),
            "state": startup_service_state(cases_by_service.get(s.pk, [])),
        }
        for s in services
    ]


def startup_service_state(cases: list[Case]) -> str:
    """Where a start-up service stands for a venture, from its cases: "given" once one case is
    已办结, "open" while a case is still being handled (新受理, 办理中, 已转介), else "missing"
    (never logged, or only withdrawn cases) so staff can log it."""
    statuses = {case.status for case in cases}
    if Case.Status.CLOSED in statuses:
        return "given"
    if statuses & {Case.Status.NEW, Case.Status.IN_PROGRESS, Case.Status.REFERRED}:
        return "open"
    return "missing"


def venture_context(venture: Venture) -> dict[str, Any]:
    """The venture page's variables of this module (``entrepreneurs/venture_detail.html``)."""
    return {"startup_services": startup_services_for_venture(venture=venture)}


def startup_service_log(*, venture: Venture, service: ServiceType, opened_by: User) -> Case:
    """Log a start-up public service (法人一证通激活, 社保开户, ...) for a venture as a case."""
    if not service.is_startup_service:
        raise ValidationError(_("该服务事项不是开业公益服务。"))
    return case_open(service=service, opened_by=opened_by, venture=venture)


# --- the routes under /ventures/ ------------------------------------------------------------------


@role_required(test=editor, message=venture_views.READ_ONLY)
@role_required(*venture_views.REGISTER_KEEPERS, message=venture_views.VIA_CASES)
@require_POST
def startup_service_log_view(request: AuthenticatedHttpRequest, pk: int, service_pk: int) -> HttpResponse:
    """Log a missing start-up service (法人一证通激活, 社保开户, ...) as a case of the venture."""
    user = request.user
    venture = get_for_user_or_404(Venture, user, pk=pk)
    service = get_object_or_404(ServiceType, pk=service_pk, is_startup_service=True, is_active=True)
    try:
        case = startup_service_log(venture=venture, service=service, opened_by=user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已为“%(service)s”登记个案 %(ref)s。") % {"service": service.name, "ref": case.ref})
    return redirect(venture)


@role_required(test=editor, message=venture_views.READ_ONLY)
@role_required(*venture_views.REGISTER_KEEPERS, message=venture_views.VIA_CASES)
@require_POST
def team_case_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Log help the team received as a case about the team."""
    user = request.user
    team = venture_views.team_or_404(user, pk)
    form = TeamCaseForm(request.POST)
    if form.is_valid():
        case = case_open(opened_by=user, team=team, **form.cleaned_data)
        messages.success(request, _("已登记个案 %(ref)s。") % {"ref": case.ref})
        return redirect(team)
    return venture_views.team_detail(request, pk, case_form=form)


def routes() -> list[URLPattern]:
    """Served under /ventures/ with the names they always had (``entrepreneurs:...``)."""
    return [
        path("<int:pk>/startup-services/<int:service_pk>/", startup_service_log_view, name="startup_service_log"),
        path("teams/<int:pk>/cases/", team_case_create, name="team_case_create"),
    ]
