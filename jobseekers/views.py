"""Pages of the people register: persons, households, target groups, employment and the
clearance worklists. Every lookup goes through the scoped selectors; every write through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobseekers import selectors, services, worklists
from jobseekers.forms import (
    CertificationForm,
    EmploymentForm,
    HouseholdForm,
    MembershipForm,
    PersonFilterForm,
    PersonForm,
    TransferForm,
    UnemploymentDeregistrationForm,
    UnemploymentRegistrationForm,
    WorklistProfileForm,
)
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, UnemploymentRegistration
from jobseekers.validators import id_region_known, validate_id_number, validate_mobile
from zhuqiao.access import editor, registrar, require, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.pagination import CountedPaginator
from zhuqiao.periods import period_from
from zhuqiao.scoping import get_for_user_or_404
from zhuqiao.search_tokens import resolved_query

if TYPE_CHECKING:
    pass

PAGE_SIZE = 25


# --- persons -------------------------------------------------------------------------------


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


# --- memberships and employment ------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: Any, *, title: str, template: str = "jobseekers/record_form.html", **context: Any
) -> HttpResponse:
    """A form page; a bound form with errors answers 400."""
    return render(
        request,
        template,
        {"form": form, "title": title, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


def _record_form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    saved: str,
    then: Any = None,
    person: Any = None,
    household: Any = None,
) -> HttpResponse:
    """A record form: on a valid POST run ``save`` (a service) and go to ``then`` (or to what it saved)."""
    if request.method == "POST" and form.is_valid():
        result = form_service_call(form, lambda: save(form.cleaned_data))
        if result is not None:
            messages.success(request, saved)
            return redirect(then if then is not None else result)
    return _form_page(request, form, title=title, person=person, household=household)


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


# --- households ----------------------------------------------------------------------------


@login_required
def household_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    households = selectors.household_list(user=request.user, filters=request.GET)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobseekers/household_list.html",
        {"page": page, "q": request.GET.get("q", ""), "can_register": registrar(request.user)},
    )


@login_required
def household_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    household = selectors.household_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    certifications = list(household.certifications.order_by("-certified_on"))
    cleared = {c.pk: c.is_cleared_as_of(today) for c in certifications[:10]}
    return render(
        request,
        "jobseekers/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(household),
            "certifications": [(c, cleared.get(c.pk)) for c in certifications],
            "today": today,
            "can_edit": user.can_edit,
        },
    )


@role_required(test=registrar)
def household_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None, user=request.user)
    return _record_form(
        request,
        form,
        title=_("登记家庭"),
        save=lambda data: services.household_create(**data),
        saved=_("已登记家庭。"),
    )


@role_required(test=editor)
def household_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    form = HouseholdForm(request.POST or None, user=request.user, instance=household)
    return _record_form(
        request,
        form,
        title=_("修改家庭信息"),
        save=lambda data: services.household_update(household=household, **data),
        saved=_("已保存。"),
        then=household,
        household=household,
    )


@role_required(test=editor)
def certification_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    form = CertificationForm(request.POST or None, household=household)
    return _record_form(
        request,
        form,
        title=_("零就业家庭认定"),
        save=lambda data: services.certification_add(household=household, **data),
        saved=_("已记录零就业家庭认定。"),
        then=household,
        household=household,
    )


@login_required
def certification_conflicts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Zero-employment certifications made while a working-age member had a job that day."""
    conflicts = selectors.certification_conflicts(user=request.user)
    page = Paginator(conflicts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobseekers/certification_conflicts.html", {"page": page, "total": len(conflicts)})


@login_required
def suspected_households(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.conf import settings

    households = selectors.suspected_zero_employment_households(user=request.user)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobseekers/suspected.html",
        {
            "page": page,
            "age_min": settings.WORKING_AGE_MIN,
            "age_max_male": settings.WORKING_AGE_MAX_MALE,
            "age_max_female": settings.WORKING_AGE_MAX_FEMALE,
        },
    )


# --- worklists -----------------------------------------------------------------------------


def _goal(code: str) -> worklists.Goal:
    try:
        return worklists.GOALS[code]
    except KeyError:
        raise Http404 from None


@login_required
def worklist_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = period_from(request.GET, today=timezone.localdate())
    year, as_of = period.year, period.as_of
    goals = []
    for goal in worklists.GOALS.values():
        taken = worklists.snapshot(goal=goal, user=request.user, year=year, as_of=as_of)
        total, open_ = sum(taken.base_by_area.values()), len(taken.open_ids)
        goals.append({"goal": goal, "base": total, "open": open_, "done": total - open_})
    return render(request, "jobseekers/worklist_index.html", {"goals": goals, "year": year, "as_of": as_of})


@login_required
def worklist(request: AuthenticatedHttpRequest, goal: str) -> HttpResponse:
    selected = _goal(goal)
    period = period_from(request.GET, today=timezone.localdate())
    year, as_of = period.year, period.as_of
    taken = worklists.snapshot(goal=selected, user=request.user, year=year, as_of=as_of)
    filters = resolved_query(request)  # a full ID or mobile number comes by token, never in the URL
    rows = worklists.worklist_rows(
        goal=selected, user=request.user, year=year, as_of=as_of, filters=filters, taken=taken
    )
    # the snapshot counted them already (when it did): spare the database a COUNT
    paginator = CountedPaginator(rows, PAGE_SIZE, count=worklists.known_count(taken, filters))
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    for row in page.object_list:
        row.days_since_contact = (today - row.last_contact_on).days if row.last_contact_on else None
    summary = worklists.committee_summary(goal=selected, user=request.user, year=year, as_of=as_of, taken=taken)
    return render(
        request,
        "jobseekers/worklist.html",
        {
            "goal": selected,
            "page": page,
            "summary": summary,
            "year": year,
            "as_of": as_of,
            "sort": request.GET.get("sort", "area"),
            "area": request.GET.get("area", ""),
            "q": filters.get("q", ""),
            "areas": [(row["code"], row["name"]) for row in summary],
            "query": request.GET.urlencode(),
            "profile_form": None
            if selected.households
            else WorklistProfileForm(request.GET or None, graduates=selected.code == "graduate"),
        },
    )


@login_required
def worklist_flow(request: AuthenticatedHttpRequest, goal: str) -> HttpResponse:
    selected = _goal(goal)
    period = period_from(request.GET, today=timezone.localdate())
    year, as_of = period.year, period.as_of
    rows = worklists.monthly_flow(goal=selected, user=request.user, year=year, as_of=as_of)
    context: dict[str, Any] = {"goal": selected, "rows": rows, "year": year, "as_of": as_of}
    try:
        month = int(request.GET.get("month") or 0)
    except ValueError:
        month = 0
    if any(r["month"] == month for r in rows):
        joined, left = worklists.month_movements(goal=selected, user=request.user, year=year, month=month, as_of=as_of)
        context.update(month=month, joined=joined, left=left)
    return render(request, "jobseekers/worklist_flow.html", context)


# --- departments' own groups ---------------------------------------------------------------


@login_required
def department_groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A department's own groups, town-wide, masked and read only (the person's page opens only
    for persons with a case of the department); town-wide roles see every department's."""
    from jobseekers import groups

    visible = groups.groups_for(request.user)
    require(bool(visible))
    today = timezone.localdate()
    selected = next((g for g in visible if g.code == request.GET.get("group")), visible[0])
    persons = groups.members(selected, day=today).select_related("area").order_by("area_id", "name", "pk")
    area = (request.GET.get("area") or "").strip()
    if area:
        persons = persons.filter(area__code=area)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    user = request.user
    openable = groups.own_case_ids(user, rows)
    for person in rows:
        person.age = person.age_on(today)  # type: ignore[attr-defined]
        person.openable = person.pk in openable or user.sees_whole_town  # type: ignore[attr-defined]
    counts = [(g, groups.members(g, day=today).count()) for g in visible]
    return render(
        request,
        "jobseekers/department_groups.html",
        {"selected": selected, "page": page, "rows": rows, "counts": counts, "today": today, "area": area},
    )
