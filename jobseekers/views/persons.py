"""Pages of a person: list, page and panels, reveal, register, edit, transfer, the inline check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobseekers import selectors, services
from jobseekers.forms import PersonFilterForm, PersonForm, TransferForm
from jobseekers.models import Household, Person
from jobseekers.validators import id_region_known, validate_id_number, validate_mobile
from jobseekers.views.common import PAGE_SIZE, _form_page, _record_form
from zhuqiao.access import editor, registrar, require, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.search_tokens import resolved_query


@login_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = resolved_query(request)  # a full ID or mobile number comes by token, never in the URL
    form = PersonFilterForm(filters or None, user=request.user)
    persons = selectors.person_list(user=request.user, filters=filters)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobseekers/person_list.html",
        {"form": form, "page": page, "can_register": registrar(request.user), "query": request.GET.urlencode()},
    )


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = selectors.person_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    memberships = list(selectors.person_memberships(person))
    employments = list(selectors.person_employments(person))
    members = list(selectors.household_members(person.household).exclude(pk=person.pk)) if person.household else []
    # Links only to what this user may open: department staff see a person their department
    # helps, not the household or the other members (those pages would be a 404).
    household_visible = (
        person.household_id is not None and Household.objects.for_user(user).filter(pk=person.household_id).exists()
    )
    openable = set(Person.objects.for_user(user).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True))
    context = {
        "person": person,
        "household_visible": household_visible,
        "openable_members": openable,
        "today": today,
        "age": person.age_on(today),
        "memberships": memberships,
        "employments": employments,
        "registrations": list(person.unemployment_registrations.order_by("-registered_on")),
        "employed_now": any(e.is_active_on(today) for e in employments),
        "members": members,
        "help": selectors.person_help_counts(person),
        "timeline": selectors.person_timeline(person=person, user=request.user),
        "can_reveal": user.can_reveal and not user.is_leader,
        "can_edit": user.can_edit,
        "can_transfer": services.may_transfer(user),
    }
    return render(request, "jobseekers/person_detail.html", context)


# The panels of a person's page that other apps' actions change: re-rendered when the page hears
# the event (``caseLogged`` when a case is logged from the page's case panel).
PERSON_PANELS = {"help": "help_panel", "timeline": "timeline_panel"}


@login_required
def person_panel(request: AuthenticatedHttpRequest, pk: int, panel: str) -> HttpResponse:
    """One panel of the person's page (counters of help had, or the timeline), same scope as the page."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    if panel not in PERSON_PANELS:
        raise Http404
    if panel == "help":
        context: dict[str, Any] = {"help": selectors.person_help_counts(person)}
    else:
        context = {"timeline": selectors.person_timeline(person=person, user=request.user)}
    response = render(request, f"jobseekers/person_detail.html#{PERSON_PANELS[panel]}", {"person": person, **context})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def person_reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    field = "phone" if request.POST.get("field") == "phone" else "id_number"
    value = services.person_reveal(person=person, user=request.user, field=field)
    response = render(
        request, "jobseekers/person_detail.html#revealed", {"person": person, "value": value, "field": field}
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(test=registrar)
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_url = reverse("jobseekers:person_check")
    form = PersonForm(request.POST or None, user=request.user, check_url=check_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = form_service_call(
            form,
            lambda: services.person_create(
                name=data["name"],
                id_number=data["id_number"],
                area=data["area"],
                phone=data["phone"],
                household=data["household_no"],
            ),
        )
        if person is not None:
            messages.success(request, _("已登记人员 %(name)s。") % {"name": person.name})
            return redirect(person)
    return _form_page(
        request,
        form,
        title=_("登记人员"),
        template="jobseekers/person_form.html",
        duplicate=form.duplicate,
        duplicate_visible=form.duplicate_visible,
    )


@role_required(test=editor)
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = PersonForm(
        request.POST or None, user=request.user, instance=person, check_url=reverse("jobseekers:person_check")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = form_service_call(
            form,
            lambda: services.person_update(
                person=person, name=data["name"], area=data["area"], phone=data["phone"], household=data["household_no"]
            ),
        )
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect(person)
    return _form_page(request, form, title=_("修改人员信息"), template="jobseekers/person_form.html", person=person)


@role_required(test=editor)
def person_transfer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """转出/转入: the centre moves a person (by default with the household) to another committee."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require(services.may_transfer(request.user))
    form = TransferForm(request.POST or None, person=person)
    return _record_form(
        request,
        form,
        title=_("转出/转入"),
        save=lambda data: services.person_transfer(
            person=person,
            to_area=data["to_area"],
            by=request.user,
            reason=data["reason"],
            with_household=bool(data.get("with_household")),
        ),
        saved=_("已办理转出/转入。"),
        then=person,
        person=person,
    )


@require_POST
@login_required
def person_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Inline check of one field as the user leaves it; the answer never repeats the value."""
    field = request.GET.get("field", "")
    value = request.POST.get(field, "")
    message, ok, duplicate = "", False, None
    try:
        if field == "id_number":
            number = validate_id_number(value)
            existing = services.person_find_duplicate(id_number=number)
            if existing is not None:
                from jobseekers.models import Person

                if Person.objects.for_user(request.user).filter(pk=existing.pk).exists():
                    duplicate = existing
                message = _("该身份证号已登记。")
            elif not id_region_known(number):
                message = _("身份证号中的地区代码不在国家行政区划代码中，请与证件核对；核对无误可在保存时确认。")
            else:
                ok, message = True, _("身份证号有效。")
        elif field == "phone":
            if value.strip():
                validate_mobile(value)
                ok, message = True, _("手机号有效。")
        else:
            raise Http404
    except ValidationError as exc:
        message = exc.messages[0]
    return render(request, "jobseekers/person_form.html#check", {"message": message, "ok": ok, "duplicate": duplicate})
