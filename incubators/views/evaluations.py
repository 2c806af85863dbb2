"""Pages of a carrier's yearly evaluations, grants (奖补) and service points."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from incubators import services
from incubators.forms import EvaluationForm, ServicePointForm, SubsidyForm
from incubators.models import Evaluation, ServicePoint
from incubators.views.common import MANAGERS_ONLY, _carrier_or_404, _form_page, _submit
from zhuqiao.access import role_required, town_editor
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


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
