"""Training cohorts and their enrolments: enrol, complete, drop, place in a job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors, services
from activities.forms import (
    AttachmentForm,
    CohortForm,
    CompleteForm,
    EnrolForm,
    PlacementForm,
)
from activities.models import Enrolment, TrainingCohort
from activities.views.common import _attempt, _flash_form_errors, _submit
from jobseekers.models import Person
from zhuqiao.access import recorder, require, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

# --- training cohorts ------------------------------------------------------------------------


@login_required
def cohort_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.cohort_list(user=request.user), 25).get_page(request.GET.get("page"))
    for cohort in page:
        cohort.rates = selectors.cohort_rates(cohort)  # type: ignore[attr-defined]
    return render(request, "activities/cohort_list.html", {"page": page, "may_create": recorder(request.user)})


@role_required(test=recorder)
def cohort_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None, user=request.user)
    return _submit(request, form, lambda data: services.cohort_create(**data), _("培训班已登记。")) or render(
        request, "activities/cohort_form.html", {"form": form}
    )


@login_required
def cohort_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    require(cohort.can_be_edited_by(request.user))
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.cohort_update(cohort=TrainingCohort.objects.get(pk=cohort.pk), **data),
        _("培训班已保存。"),
    ) or render(request, "activities/cohort_form.html", {"form": form, "cohort": cohort})


@login_required
def cohort_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(selectors.cohort_list(user=request.user), request.user, pk=pk)
    can_edit = cohort.can_be_edited_by(request.user)
    visible = set(Person.objects.for_user(request.user).filter(enrolments__cohort=cohort).values_list("pk", flat=True))
    enrolments = selectors.cohort_enrolments(cohort=cohort)
    if not can_edit:  # outside the scope a count only; the organiser keeps masked rows to record results
        enrolments = enrolments.filter(person_id__in=visible)
    context = {
        "cohort": cohort,
        "rates": selectors.cohort_rates(cohort),
        "enrolments": enrolments,
        "outside_count": cohort.enrolled_count - len(visible),  # type: ignore[attr-defined]
        "visible_person_ids": visible,
        "attachments": cohort.attachments.all(),
        "can_edit": can_edit,
        "enrol_form": EnrolForm() if can_edit else None,
        "complete_form": CompleteForm(initial={"completed_on": cohort.end_date}) if can_edit else None,
        "placement_form": PlacementForm() if can_edit else None,
        "attachment_form": AttachmentForm() if can_edit else None,
    }
    return render(request, "activities/cohort_detail.html", context)


@login_required
@require_POST
def cohort_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    require(cohort.can_be_edited_by(request.user))
    form = EnrolForm(request.POST)
    if form.is_valid():
        added = services.cohort_enrol(
            cohort=cohort, persons=form.cleaned_data["id_numbers"], enrolled_on=form.cleaned_data["enrolled_on"]
        )
        messages.success(request, _("已报名 %(n)d 名学员。") % {"n": added})
    else:
        _flash_form_errors(request, form)
    return redirect(cohort)


def _enrolment_for_edit(request: AuthenticatedHttpRequest, pk: int) -> Enrolment:
    enrolment = get_for_user_or_404(Enrolment.objects.select_related("cohort", "person"), request.user, pk=pk)
    require(enrolment.cohort.can_be_edited_by(request.user))
    return enrolment


@login_required
@require_POST
def enrolment_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for_edit(request, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        completed_on = form.cleaned_data["completed_on"]
        _attempt(
            request,
            lambda: services.enrolment_complete(enrolment=enrolment, completed_on=completed_on),
            _("已标记为结业。"),
        )
    else:
        messages.error(request, _("请填写有效的结业日期。"))
    return redirect(enrolment.cohort)


@login_required
@require_POST
def enrolment_drop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for_edit(request, pk)
    _attempt(request, lambda: services.enrolment_drop(enrolment=enrolment), _("已标记为中途退出。"))
    return redirect(enrolment.cohort)


@login_required
@require_POST
def enrolment_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for_edit(request, pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.placement_record(enrolment=enrolment, **data),
            _("已登记培训后就业，就业记录已关联到本培训班。"),
        )
    else:
        _flash_form_errors(request, form)
    return redirect(enrolment.cohort)
