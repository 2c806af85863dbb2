"""Pages of job matching: employers, vacancies, match lists, the pipeline and placements."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepreneurs.models import Industry
from jobmatching import selectors, services
from jobmatching.forms import CheckForm, EmployerForm, ProfileForm, StageForm, VacancyForm, VacancyImportForm
from jobmatching.importing import COLUMNS, vacancies_import
from jobmatching.models import Employer, JobSeekerProfile, PlacementCheck, Recommendation, Vacancy
from jobseekers.models import Person
from zhuqiao.access import editor, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import Area
from zhuqiao.redirects import safe_next_url
from zhuqiao.scoping import get_for_user_or_404


def _form_errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _form_page(
    request: HttpRequest, form: Any, title: str, save: Callable[[], str], success: str, **context: Any
) -> HttpResponse:
    """The edit page of ``jobmatching/form.html``: on a valid POST ``save`` calls the service and
    returns where to go next; a refusal of the service lands on the form, nothing typed is lost."""
    if request.method == "POST" and form.is_valid():
        target = form_service_call(form, save)
        if target is not None:
            messages.success(request, success)
            return redirect(target)
    return render(request, "jobmatching/form.html", {"form": form, "title": title, **context})


@login_required
def vacancy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    vacancies = selectors.vacancy_list(filters=request.GET.dict(), today=today)
    page = Paginator(vacancies, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "jobmatching/vacancy_list.html",
        {
            "page": page,
            "statuses": Vacancy.Status.choices,
            "industries": Industry.choices,
            "areas": Area.objects.filter(is_active=True),
            "filters": request.GET,
        },
    )


@login_required
def vacancy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "area", "created_by"), pk=pk)
    return render(
        request,
        "jobmatching/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "columns": selectors.pipeline(vacancy=vacancy, user=request.user),
            "stage_form": StageForm(initial={"on": timezone.localdate()}),
            "stage_choices": Recommendation.Stage.choices,
        },
    )


@role_required(test=editor)
def vacancy_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy, pk=pk) if pk else None
    # Only a new vacancy opens today: an initial value would override the saved date on edit.
    initial: dict[str, Any] = {} if vacancy else {"opens_on": timezone.localdate()}
    if request.GET.get("employer"):
        initial["employer"] = request.GET["employer"]
    form = VacancyForm(request.POST or None, instance=vacancy, initial=initial)

    def save() -> str:
        saved = services.vacancy_save(vacancy=form.instance, by=request.user)
        return reverse("jobmatching:vacancy_detail", args=[saved.pk])

    return _form_page(request, form, _("编辑岗位") if pk else _("新增岗位"), save, _("岗位已保存。"))


@role_required(test=editor)
def vacancy_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload an employer's sheet of vacancies; every row is checked, any error writes nothing."""
    form = VacancyImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            for chunk in form.cleaned_data["workbook"].chunks():
                handle.write(chunk)
            handle.flush()
            result = vacancies_import(path=handle.name, by=request.user)
        if not result.errors:
            messages.success(
                request,
                _("已导入岗位：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s。")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("jobmatching:vacancy_list")
    return render(
        request, "jobmatching/vacancy_import.html", {"form": form, "result": result, "columns": list(COLUMNS)}
    )


@login_required
def vacancy_candidates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "area"), pk=pk)
    today = timezone.localdate()
    candidates = selectors.candidates_for_vacancy(vacancy=vacancy, user=request.user, today=today)
    already = set(Recommendation.objects.filter(vacancy=vacancy).values_list("person_id", flat=True))
    return render(
        request,
        "jobmatching/vacancy_candidates.html",
        {"vacancy": vacancy, "candidates": candidates, "already": already, "open": vacancy.is_open_on(today)},
    )


@login_required
def employer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.employer_list(filters=request.GET.dict()), 30).get_page(request.GET.get("page"))
    return render(request, "jobmatching/employer_list.html", {"page": page, "filters": request.GET})


@login_required
def employer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.select_related("area", "caretaker", "venture"), pk=pk)
    vacancies = employer.vacancies.select_related("area").order_by("-opens_on")
    return render(request, "jobmatching/employer_detail.html", {"employer": employer, "vacancies": vacancies})


@role_required(test=editor)
def employer_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=pk) if pk else None
    form = EmployerForm(request.POST or None, instance=employer)

    def save() -> str:
        saved = services.employer_save(employer=form.instance)
        return reverse("jobmatching:employer_detail", args=[saved.pk])

    return _form_page(request, form, _("编辑用人单位") if pk else _("新增用人单位"), save, _("用人单位已保存。"))


@login_required
def person_matches(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_for_user_or_404(Person.objects.select_related("area"), request.user, pk=person_pk)
    today = timezone.localdate()
    matches = selectors.matches_for_person(person=person, today=today)
    recommended = set(Recommendation.objects.filter(person=person).values_list("vacancy_id", flat=True))
    profile = JobSeekerProfile.objects.filter(person=person).first()
    recommendations = selectors.recommendations_for_user(user=request.user).filter(person=person)
    return render(
        request,
        "jobmatching/person_matches.html",
        {
            "person": person,
            "profile": profile,
            "matches": matches,
            "recommended": recommended,
            "recommendations": recommendations,
        },
    )


@role_required(test=editor)
def profile_edit(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_for_user_or_404(Person, request.user, pk=person_pk)
    profile = JobSeekerProfile.objects.filter(person=person).first() or JobSeekerProfile(person=person)
    form = ProfileForm(request.POST or None, instance=profile)

    def save() -> str:
        services.profile_save(profile=form.instance)
        return reverse("jobmatching:person_matches", kwargs={"person_pk": person.pk})

    title = _("%(name)s 的求职意向") % {"name": person.name}
    return _form_page(request, form, title, save, _("求职意向已保存。"), person=person)


@role_required(test=editor)
@require_POST
def recommend(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = get_for_user_or_404(Person, request.user, pk=request.POST.get("person"))
    vacancy = get_object_or_404(Vacancy, pk=request.POST.get("vacancy"))
    score = request.POST.get("score")
    try:
        services.recommendation_create(
            person=person,
            vacancy=vacancy,
            by=request.user,
            today=timezone.localdate(),
            score=int(score) if score and score.lstrip("-").isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        messages.success(
            request, _("已将 %(name)s 推荐到“%(title)s”。") % {"name": person.name, "title": vacancy.title}
        )
    return redirect(safe_next_url(request, reverse("jobmatching:person_matches", args=[person.pk])))


@role_required(test=editor)
@require_POST
def recommendation_stage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = get_for_user_or_404(Recommendation, request.user, pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新阶段和日期。"))
    else:
        try:
            services.recommendation_move(
                recommendation=recommendation,
                by=request.user,
                **form.cleaned_data,  # to_stage, on, reason
            )
        except ValidationError as error:
            messages.error(request, _form_errors(error))
        else:
            messages.success(request, _("推荐阶段已更新。"))
    return redirect("jobmatching:vacancy_detail", pk=recommendation.vacancy_id)


@login_required
def placement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(r, selectors.placement_lasted(r)) for r in selectors.placements(user=request.user)[:200]]
    return render(
        request,
        "jobmatching/placement_list.html",
        {
            "rows": rows,
            "due": selectors.checks_due(user=request.user, today=today),
            "check_form": CheckForm(initial={"checked_on": today}),
            "today": today,
        },
    )


@role_required(test=editor)
@require_POST
def check_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check = get_for_user_or_404(PlacementCheck, request.user, pk=pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        services.placement_check_record(
            check=check,
            by=request.user,
            **form.cleaned_data,  # checked_on, still_employed, note
        )
        messages.success(request, _("回访已记录。"))
    else:
        messages.error(request, _("请填写回访日期和是否仍在岗。"))
    return redirect("jobmatching:placement_list")


@login_required
def person_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fragment for the person page: recommendations so far and a link to the match list."""
    person = get_for_user_or_404(Person, request.user, pk=request.GET.get("person"))
    recommendations = selectors.recommendations_for_user(user=request.user).filter(person=person)
    return render(request, "jobmatching/person_panel.html", {"person": person, "recommendations": recommendations})
