"""Pages of activities, training cohorts, brands, the evidence dossier and the month calendar.

Every page needs a login; every record is fetched through its scoped queryset (404 outside the
scope); every change is a call to a service and is allowed only to staff who may edit the record
(centre staff, and department staff for their own department's records).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import dossier, selectors, services
from activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    BrandForm,
    CalendarForm,
    CohortForm,
    CompleteForm,
    CoverageForm,
    DecisionCloseForm,
    DecisionForm,
    EnrolForm,
    EvidenceForm,
    ParticipantsForm,
    PlacementForm,
)
from activities.models import (
    Activity,
    Attachment,
    Brand,
    BrandCoverage,
    Enrolment,
    Evidence,
    MeetingDecision,
    TrainingCohort,
)
from jobseekers.models import Person
from zhuqiao.scoping import get_for_user_or_404


def _may_create(user: Any) -> bool:
    """Centre staff and department staff record activities, cohorts, brands and evidence."""
    return bool(user.can_edit and (user.sees_whole_town or user.role == "department"))


def _require_create(user: Any) -> None:
    if not _may_create(user):
        raise PermissionDenied


def _require_edit(obj: Any, user: Any) -> None:
    if not obj.can_be_edited_by(user):
        raise PermissionDenied


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _submit(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], Any], success: str
) -> HttpResponse | None:
    """On a valid POST, hand a copy of the cleaned data to ``save`` (a service call) and redirect to
    what it returns. None when the page is to be shown again: a GET, an invalid form, or a
    ValidationError from the service, which lands on the form so nothing typed is lost."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        target = save(dict(form.cleaned_data))
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success)
    return redirect(target)


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    """Run a service call of a POST-only action; its ValidationError becomes an error message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)


def _require_organiser(user: Any, department: Any) -> None:
    """Department staff record work only in their own department's name."""
    if not (user.sees_whole_town or department.pk == user.department_id):
        raise PermissionDenied


# --- activities ------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.activity_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    return render(
        request, "activities/activity_list.html", {"form": form, "page": page, "may_create": _may_create(request.user)}
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    _require_create(request.user)
    form = ActivityForm(request.POST or None, user=request.user)

    def save(data: dict[str, Any]) -> Activity:
        _require_organiser(request.user, data["organiser"])
        return services.activity_create(user=request.user, participants=data.pop("participant_ids"), **data)

    return _submit(request, form, save, _("活动已登记。")) or render(
        request, "activities/activity_form.html", {"form": form}
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _require_edit(activity, request.user)
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
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _require_edit(activity, request.user)
    services.activity_delete(activity=activity)
    messages.success(request, _("活动已删除。"))
    return redirect("activities:activity_list")


@login_required
@require_POST
def activity_participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _require_edit(activity, request.user)
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
def activity_participant_remove(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _require_edit(activity, request.user)
    services.activity_participant_remove(activity=activity, person_id=person_id)
    messages.success(request, _("已移除该参与者。"))
    return redirect(activity)


# --- files -----------------------------------------------------------------------------------


def _upload(request: HttpRequest, owner: Any, editable_by: Any) -> None:
    if not editable_by.can_be_edited_by(request.user):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.attachment_add(
                owner=owner, upload=data["file"], user=request.user, caption=data["caption"]
            ),
            _("文件已上传。"),
        )
    else:
        _flash_form_errors(request, form)


@login_required
@require_POST
def activity_upload(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _upload(request, activity, activity)
    return redirect(activity)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    _upload(request, evidence, evidence)
    return redirect(evidence)


@login_required
@require_POST
def coverage_upload(request: HttpRequest, pk: int) -> HttpResponse:
    coverage = get_for_user_or_404(BrandCoverage.objects.select_related("brand"), request.user, pk=pk)
    _upload(request, coverage, coverage.brand)
    return redirect("activities:brand_detail", pk=coverage.brand_id)


@login_required
@require_POST
def cohort_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    _upload(request, cohort, cohort)
    return redirect(cohort)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a stored file to staff who may see its record; images inline, the rest as downloads."""
    attachment = get_for_user_or_404(Attachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = attachment.is_image and not request.GET.get("download")
    response = FileResponse(
        handle, as_attachment=not inline, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_for_user_or_404(
        Attachment.objects.select_related("activity", "evidence", "coverage__brand", "cohort"), request.user, pk=pk
    )
    if not services.attachment_owner_editable_by(attachment, request.user):
        raise PermissionDenied
    owner: Any = attachment.owner
    target = owner.brand.get_absolute_url() if isinstance(owner, BrandCoverage) else owner.get_absolute_url()
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("文件已删除。"))
    return redirect(target)


# --- training cohorts ------------------------------------------------------------------------


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.cohort_list(user=request.user), 25).get_page(request.GET.get("page"))
    for cohort in page:
        cohort.rates = selectors.cohort_rates(cohort)  # type: ignore[attr-defined]
    return render(request, "activities/cohort_list.html", {"page": page, "may_create": _may_create(request.user)})


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    _require_create(request.user)
    form = CohortForm(request.POST or None, user=request.user)
    return _submit(request, form, lambda data: services.cohort_create(**data), _("培训班已登记。")) or render(
        request, "activities/cohort_form.html", {"form": form}
    )


@login_required
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    _require_edit(cohort, request.user)
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.cohort_update(cohort=TrainingCohort.objects.get(pk=cohort.pk), **data),
        _("培训班已保存。"),
    ) or render(request, "activities/cohort_form.html", {"form": form, "cohort": cohort})


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    _require_edit(cohort, request.user)
    form = EnrolForm(request.POST)
    if form.is_valid():
        added = services.cohort_enrol(
            cohort=cohort, persons=form.cleaned_data["id_numbers"], enrolled_on=form.cleaned_data["enrolled_on"]
        )
        messages.success(request, _("已报名 %(n)d 名学员。") % {"n": added})
    else:
        _flash_form_errors(request, form)
    return redirect(cohort)


def _enrolment_for_edit(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = get_for_user_or_404(Enrolment.objects.select_related("cohort", "person"), request.user, pk=pk)
    _require_edit(enrolment.cohort, request.user)
    return enrolment


@login_required
@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
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
def enrolment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for_edit(request, pk)
    _attempt(request, lambda: services.enrolment_drop(enrolment=enrolment), _("已标记为中途退出。"))
    return redirect(enrolment.cohort)


@login_required
@require_POST
def enrolment_place(request: HttpRequest, pk: int) -> HttpResponse:
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


# --- brands ----------------------------------------------------------------------------------


@login_required
def brand_list(request: HttpRequest) -> HttpResponse:
    brands = Brand.objects.for_user(request.user).select_related("owner").prefetch_related("coverage").order_by("name")
    return render(request, "activities/brand_list.html", {"brands": brands, "may_create": _may_create(request.user)})


@login_required
def brand_create(request: HttpRequest) -> HttpResponse:
    _require_create(request.user)
    form = BrandForm(request.POST or None, user=request.user)
    return _submit(request, form, lambda data: services.brand_create(**data), _("服务品牌已登记。")) or render(
        request, "activities/brand_form.html", {"form": form}
    )


@login_required
def brand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    brand = get_for_user_or_404(Brand, request.user, pk=pk)
    _require_edit(brand, request.user)
    form = BrandForm(request.POST or None, instance=brand, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.brand_update(brand=Brand.objects.get(pk=brand.pk), **data),
        _("服务品牌已保存。"),
    ) or render(request, "activities/brand_form.html", {"form": form, "brand": brand})


@login_required
def brand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    brand = get_for_user_or_404(Brand.objects.select_related("owner"), request.user, pk=pk)
    can_edit = brand.can_be_edited_by(request.user)
    form = CoverageForm(request.POST or None, brand=brand) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied

        def save(data: dict[str, Any]) -> Brand:
            services.brand_coverage_add(brand=brand, **data)
            return brand

        done = _submit(request, form, save, _("媒体报道已登记。"))
        if done:
            return done
    coverage = brand.coverage.prefetch_related("attachments").order_by("-published_on")
    context = {
        "brand": brand,
        "coverage": coverage,
        "form": form,
        "can_edit": can_edit,
        "attachment_form": AttachmentForm() if can_edit else None,
    }
    return render(request, "activities/brand_detail.html", context)


# --- evidence and the dossier ----------------------------------------------------------------


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def evidence_overview(request: HttpRequest) -> HttpResponse:
    """The year's dossier at a glance: one line per indicator, the checklist, the download."""
    year = _year_from(request)
    checklist = dossier.dossier_checklist(year)
    counts = {
        row["indicator"]: row["n"]
        for row in Evidence.objects.filter(year=year).values("indicator").annotate(n=Count("id")).order_by()
    }
    indicators = [{"value": i.value, "label": i.label, "count": counts.get(i.value, 0)} for i in Evidence.Indicator]
    context = {
        "year": year,
        "years": range(timezone.localdate().year + 1, 2020, -1),
        "indicators": indicators,
        "checklist": checklist,
        "complete": dossier.is_complete(checklist),
        "may_create": _may_create(request.user),
    }
    return render(request, "activities/evidence_overview.html", context)


@login_required
def evidence_indicator(request: HttpRequest, year: int, indicator: int) -> HttpResponse:
    if indicator not in Evidence.Indicator.values or not 2000 <= year <= 2100:
        raise Http404
    section = dossier.indicator_section(indicator, year)
    # A busy year holds hundreds of activities: list them a page at a time (the zip has them all).
    page = None
    if indicator == Evidence.Indicator.ATMOSPHERE:
        page = Paginator(section.activities, 50).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "section": section,
        "page": page,
        "indicators": Evidence.Indicator,
        "may_create": _may_create(request.user),
        "decisions": selectors.decisions_of_year(year) if indicator == Evidence.Indicator.ORGANISATION else None,
    }
    return render(request, "activities/evidence_indicator.html", context)


@login_required
def evidence_create(request: HttpRequest) -> HttpResponse:
    _require_create(request.user)
    initial = {k: request.GET[k] for k in ("indicator", "year", "kind") if k in request.GET}
    form = EvidenceForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Evidence:
        _require_organiser(request.user, data["department"])
        return services.evidence_create(user=request.user, **data)

    return _submit(request, form, save, _("佐证材料已登记，请上传相关文件。")) or render(
        request, "activities/evidence_form.html", {"form": form}
    )


@login_required
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(
        Evidence.objects.select_related("department", "brand", "created_by").prefetch_related("attachments"),
        request.user,
        pk=pk,
    )
    can_edit = evidence.can_be_edited_by(request.user)
    decisions = list(evidence.decisions.select_related("owner")) if evidence.is_meeting else []
    for decision in decisions:
        decision.closable = _may_close_decision(request.user, decision)  # type: ignore[attr-defined]
    return render(
        request,
        "activities/evidence_detail.html",
        {
            "evidence": evidence,
            "can_edit": can_edit,
            "attachment_form": AttachmentForm() if can_edit else None,
            "decisions": decisions,
            "decision_form": DecisionForm() if can_edit and evidence.is_meeting else None,
            "close_form": DecisionCloseForm(initial={"closed_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


def _may_close_decision(user: Any, decision: MeetingDecision) -> bool:
    """The owner department's staff close its items; centre staff and administrators any."""
    if not user.can_edit or decision.status != MeetingDecision.Status.OPEN:
        return False
    return user.sees_whole_town or (user.role == "department" and user.department_id == decision.owner_id)


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision or action item of a meeting."""
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    _require_edit(evidence, request.user)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(meeting=evidence, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已登记议定事项。"))
    else:
        messages.error(request, _("请填写议定事项、责任部门和完成期限。"))
    return redirect(evidence)


@login_required
@require_POST
def decision_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a decision as carried out or dropped (its owner department, or centre staff)."""
    decision = MeetingDecision.objects.select_related("meeting").filter(pk=pk).first()
    if decision is None:
        raise Http404
    get_for_user_or_404(Evidence, request.user, pk=decision.meeting_id)
    if not _may_close_decision(request.user, decision):
        raise PermissionDenied
    form = DecisionCloseForm(request.POST)
    if form.is_valid():
        try:
            services.decision_close(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("议定事项已办结。"))
    else:
        messages.error(request, _("请选择结果并填写办结日期和说明。"))
    return redirect(decision.meeting)


@login_required
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    _require_edit(evidence, request.user)
    form = EvidenceForm(request.POST or None, instance=evidence, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.evidence_update(evidence=Evidence.objects.get(pk=evidence.pk), **data),
        _("佐证材料已保存。"),
    ) or render(request, "activities/evidence_form.html", {"form": form, "evidence": evidence})


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    _require_edit(evidence, request.user)
    year, indicator = evidence.year, evidence.indicator
    services.evidence_delete(evidence=evidence)
    messages.success(request, _("佐证材料已删除。"))
    return redirect("activities:evidence_indicator", year=year, indicator=indicator)


@login_required
def dossier_download(request: HttpRequest, year: int) -> FileResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    out, _summary = dossier.dossier_export(year=year, user=request.user)
    return FileResponse(
        out, as_attachment=True, filename=dossier.dossier_filename(year), content_type="application/zip"
    )


# --- calendar and the person panel -----------------------------------------------------------


@login_required
def activity_calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.GET or None)
    today = timezone.localdate()
    month = today.replace(day=1)
    department = None
    if form.is_valid():
        month = form.cleaned_data["month"]
        department = form.cleaned_data["department"]
    weeks = selectors.calendar_month(year=month.year, month=month.month, department=department)
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
        "weekdays": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
    }
    return render(request, "activities/calendar.html", context)


@login_required
def person_panel(request: HttpRequest) -> HttpResponse:
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
