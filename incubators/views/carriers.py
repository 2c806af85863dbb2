"""Pages of carriers: the list with the overview, register, edit, the carrier page, carriers for a space need."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from incubators import selectors, services
from incubators.forms import CarrierFilterForm, CarrierForm
from incubators.indicators import active_carriers_q
from incubators.models import Carrier
from incubators.views.common import MANAGERS_ONLY, _carrier_or_404, _form_page, _submit
from zhuqiao.access import editor, role_required, town_editor
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


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
