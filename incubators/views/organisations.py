"""Pages of service organisations (创服组织): list, edit, page, agreements and matches."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from incubators import selectors, services
from incubators.forms import AgreementForm, MatchForm, OrganisationForm
from incubators.models import ServiceOrganisation
from incubators.views.common import MANAGERS_ONLY, READ_ONLY, _form_page, _submit
from zhuqiao.access import editor, role_required, town_editor
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


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
