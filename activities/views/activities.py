"""Activities: list, create, edit, delete, participants; the month calendar and the person panel."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors, services
from activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    CalendarForm,
    ParticipantsForm,
)
from activities.models import Activity, may_record_for
from activities.views.common import _submit
from jobseekers.models import Person
from zhuqiao.access import recorder, require, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

# --- activities ------------------------------------------------------------------------------


@login_required
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.activity_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    return render(
        request, "activities/activity_list.html", {"form": form, "page": page, "may_create": recorder(request.user)}
    )


@role_required(test=recorder)
def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, user=request.user)

    def save(data: dict[str, Any]) -> Activity:
        require(may_record_for(request.user, data["organiser"].pk))
        return services.activity_create(user=request.user, participants=data.pop("participant_ids"), **data)

    return _submit(request, form, save, _("活动已登记。")) or render(
        request, "activities/activity_form.html", {"form": form}
    )


@login_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(selectors.activity_detail_queryset(request.user), request.user, pk=pk)
    can_edit = activity.can_be_edited_by(request.user)
    participants = selectors.activity_participants_for(activity=activity, user=request.user)
    context = {
        "activity": activity,
        "participants": participants,
        # outside the scope a count only; the organiser (who may edit) keeps masked rows to manage
        "outside_rows": participants.masked if can_edit else [],
        "can_edit": can_edit,
        "participants_form": ParticipantsForm() if can_edit else None,
        "attachment_form": AttachmentForm() if can_edit else None,
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    require(activity.can_be_edited_by(request.user))
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)

    def save(data: dict[str, Any]) -> Activity:
        return services.activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            partners=data.pop("partners"),
            target_groups=data.pop("target_groups"),
            **data,
        )

    return _submit(request, form, save, _("活动已保存。")) or render(
        request, "activities/activity_form.html", {"form": form, "activity": activity}
    )


@login_required
@require_POST
def activity_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    require(activity.can_be_edited_by(request.user))
    services.activity_delete(activity=activity)
    messages.success(request, _("活动已删除。"))
    return redirect("activities:activity_list")


@login_required
@require_POST
def activity_participants_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    require(activity.can_be_edited_by(request.user))
    form = ParticipantsForm(request.POST)
    if form.is_valid():
        added = services.activity_participants_add(activity=activity, persons=form.cleaned_data["id_numbers"])
        messages.success(request, _("已添加 %(n)d 名参与者。") % {"n": added})
    else:
        for error in form.errors.get("id_numbers", []):
            messages.error(request, str(error))
    return redirect(activity)


@login_required
@require_POST
def activity_participant_remove(request: AuthenticatedHttpRequest, pk: int, person_id: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    require(activity.can_be_edited_by(request.user))
    services.activity_participant_remove(activity=activity, person_id=person_id)
    messages.success(request, _("已移除该参与者。"))
    return redirect(activity)


@login_required
def activity_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CalendarForm(request.GET or None)
    today = timezone.localdate()
    month = today.replace(day=1)
    department = None
    if form.is_valid():
        month = form.cleaned_data["month"]
        department = form.cleaned_data["department"]
    weeks = selectors.calendar_month(year=month.year, month=month.month, department=department)
    if form.is_valid() or not form.is_bound:  # the fields show the month and department shown
        form = CalendarForm(initial={"month": f"{month:%Y-%m}", "department": department})
    empty = not any(cell.activities or cell.meetings for week in weeks for cell in week if cell.in_month)
    nearest = selectors.nearest_calendar_month(month=month, department=department) if empty else None
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "form": form,
        "month": month,
        "weeks": weeks,
        "today": today,
        "department": department,
        "previous": previous,
        "following": following,
        "empty": empty,
        "nearest": nearest,
        "weekdays": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
    }
    return render(request, "activities/calendar.html", context)


@login_required
def person_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The fragment the person page loads with HTMX: activities attended and cohorts enrolled.
    The person is looked up within the user's scope: outside it, 404 as for the person page."""
    try:
        person_id = int(request.GET.get("person", ""))
    except ValueError:
        raise Http404 from None
    person = get_for_user_or_404(Person, request.user, pk=person_id)
    context = {
        "person": person,
        "activities": selectors.person_activities(person),
        "enrolments": selectors.person_enrolments(person),
    }
    return render(request, "activities/person_panel.html#panel", context)
