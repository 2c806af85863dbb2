"""Pages of casework: the inboxes, a case's page with its workflow, the subject panel, the
public satisfaction link, and the permission-checked attachment download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors, services
from cases.forms import AttachmentForm, FollowUpForm, QuickLogForm, RatingForm, TransitionForm
from cases.models import OPEN_STATUSES, Attachment, Case, Category, ServiceType
from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.access import editor, require, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import Area, Department, User
from zhuqiao.pagination import CountedPaginator
from zhuqiao.scoping import get_for_user_or_404

PAGE_SIZE = 25

INBOX_TITLES = {
    "mine": gettext_lazy("我的个案"),
    "department": gettext_lazy("本部门个案"),
    "committee": gettext_lazy("本居村委个案"),
    "town": gettext_lazy("全镇个案"),
}


def inboxes_for(user: User) -> list[str]:
    """The inboxes this user has: everyone their own, then their department's or committee's."""
    kinds = ["mine"] if user.can_edit else []
    if user.department_id:
        kinds.append("department")
    if user.role == User.Role.COMMITTEE and user.area_id:
        kinds.append("committee")
    if user.sees_whole_town or user.is_leader:
        kinds.append("town")
    return kinds


READ_ONLY = gettext_lazy("您的账号只能查看，不能办理个案。")


@login_required
def inbox(request: AuthenticatedHttpRequest, kind: str = "") -> HttpResponse:
    user = request.user
    kinds = inboxes_for(user)
    require(bool(kinds))
    if not kind:
        return redirect("cases:inbox", kind=kinds[0])
    if kind not in kinds:
        raise Http404
    filters = request.GET.dict()
    if kind == "mine":
        filters["owner"] = "me"
    base = selectors.case_list(user=user, filters={k: v for k, v in filters.items() if k != "status"})
    if kind == "department":
        assert user.department_id is not None
        # Handled here or referred here: never both (a constraint), so the counts add up.
        counts = selectors.case_status_counts(
            base.filter(department_id=user.department_id), base.filter(referred_to_id=user.department_id)
        )
        base = base.filter(Q(department_id=user.department_id) | Q(referred_to_id=user.department_id))
    else:
        if kind == "committee":
            base = base.filter(area=user.area)
        counts = selectors.case_status_counts(base)
    status = filters.get("status", "")
    if status == "open":
        listed, total = base.filter(status__in=OPEN_STATUSES), counts["open"]
    elif status in Case.Status.values:
        listed, total = base.filter(status=status), counts[status]
    else:
        status, listed, total = "", base, counts["all"]
    # Page through the ids alone, then fetch that page's rows with their relations: a deep page
    # then walks an index, not thousands of joined rows.
    paginator = CountedPaginator(listed.values_list("pk", flat=True), PAGE_SIZE, count=total)  # from the tabs' counts
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {case.pk: case for case in listed.filter(pk__in=ids)} if ids else {}
    cases = [rows[pk] for pk in ids if pk in rows]
    status_tabs = [("", _("全部"), counts["all"]), ("open", _("未办结"), counts["open"])] + [
        (value, label, counts[value]) for value, label in Case.Status.choices
    ]
    return render(
        request,
        "cases/inbox.html",
        {
            "kind": kind,
            "title": INBOX_TITLES[kind],
            "inbox_tabs": [(k, INBOX_TITLES[k]) for k in kinds],
            "filters": filters,
            "filter_selects": _filter_selects(kind, filters),
            "counts": counts,
            "status": status,
            "status_tabs": status_tabs,
            "page": page,
            "cases": cases,
        },
    )


def _filter_selects(kind: str, filters: dict[str, str]) -> list[dict[str, Any]]:
    """The inbox's select filters as plain (value, label) lists: rendering ~100 options through
    form widgets costs more than all the query work of the page."""
    selects: list[tuple[str, Any, Any, list[tuple[str, str]]]] = [
        ("category", _("类别"), _("全部类别"), [(str(v), str(label)) for v, label in Category.choices]),
        (
            "service",
            _("服务事项"),
            _("全部事项"),
            [(str(pk), n) for pk, n in ServiceType.objects.values_list("pk", "name")],
        ),
    ]
    if kind != "committee":
        areas = [(str(pk), n) for pk, n in Area.objects.values_list("pk", "name")]
        selects.append(("area", _("居村委"), _("全部居村委"), areas))
    if kind != "department":
        departments = [(str(pk), n) for pk, n in Department.objects.values_list("pk", "name")]
        selects.append(("department", _("部门"), _("全部部门"), departments))
    return [
        {"name": name, "label": label, "all_label": all_label, "options": options, "selected": filters.get(name, "")}
        for name, label, all_label, options in selects
    ]


def _detail_context(request: AuthenticatedHttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    user = request.user
    context = {
        "case": case,
        "today": timezone.localdate(),
        "transitions": case.transitions.select_related("actor", "department"),
        "follow_ups": selectors.case_follow_ups(case=case),
        "actions": services.case_allowed_actions(case=case, user=user),
        "follow_up_form": FollowUpForm(initial={"noted_on": timezone.localdate()}),
        "transition_form": TransitionForm(),
        "attachment_form": AttachmentForm(),
        "departments": Department.objects.filter(is_active=True).exclude(cases_handled_here(case)),
        "rating_url": request.build_absolute_uri(reverse("cases:rate", args=[case.rating_code]))
        if case.rating_code
        else "",
    }
    context.update(extra)
    return context


def cases_handled_here(case: Case) -> Q:
    """The department a case is with cannot be its referral target."""
    return Q(pk=case.department_id) if case.department_id else Q(pk__in=[])


@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_get_for_user(user=user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容有误，请检查后重试。"))
        return redirect(case)
    try:
        services.case_transition(
            case=case,
            user=user,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
            department=form.cleaned_data["department"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = render(request, "cases/detail.html", _detail_context(request, case), status=400)
        return response
    messages.success(request, _("已%(action)s。") % {"action": services.TRANSITIONS[form.cleaned_data["action"]].label})
    if not Case.objects.for_user(user).filter(pk=case.pk).exists():
        return redirect("cases:inbox")  # referred away and no longer in this user's scope
    return redirect(case)


def _case_form_post(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: Any,
    *,
    form_name: str,
    save: Callable[[], object],
    saved: str,
    error_field: str | None = None,
) -> HttpResponse:
    """A form posted from the case page: back to the case when ``save`` (a service) succeeds,
    else the case page again (400) with the form; a refusal lands on ``error_field`` or, without
    one, in the messages."""
    if form.is_valid():
        try:
            save()
        except ValidationError as error:
            if error_field is None:
                messages.error(request, " ".join(error.messages))
            else:
                form.add_error(error_field, error)
        else:
            messages.success(request, saved)
            return redirect(case)
    return render(request, "cases/detail.html", _detail_context(request, case, **{form_name: form}), status=400)


@role_required(test=editor, message=READ_ONLY)
@require_POST
def follow_up_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_get_for_user(user=user, pk=pk)
    form = FollowUpForm(request.POST)
    return _case_form_post(
        request,
        case,
        form,
        form_name="follow_up_form",
        save=lambda: services.follow_up_add(case=case, author=user, **form.cleaned_data),
        saved=_("已记录跟进。"),
    )


@role_required(test=editor, message=READ_ONLY)
@require_POST
def attachment_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_get_for_user(user=user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    return _case_form_post(
        request,
        case,
        form,
        form_name="attachment_form",
        save=lambda: services.attachment_add(case=case, upload=form.cleaned_data["file"], uploaded_by=user),
        saved=_("附件已上传。"),
        error_field="file",
    )


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Only to users who may see the case; never through a public URL."""
    attachment = get_object_or_404(Attachment.objects.only("case_id"), pk=pk)
    get_for_user_or_404(Case, request.user, pk=attachment.case_id)
    attachment = Attachment.objects.get(pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _subject_from(request: AuthenticatedHttpRequest) -> tuple[Person | None, Venture | None]:
    """The person or venture named by ``?person=`` / ``?venture=``, within the user's scope."""
    params = request.GET
    if params.get("person"):
        return get_for_user_or_404(Person, request.user, pk=params["person"]), None
    if params.get("venture"):
        return None, get_for_user_or_404(Venture, request.user, pk=params["venture"])
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def subject_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The fragment other apps lazy-load on a person's or venture's page: cases and quick log."""
    user = request.user
    person, venture = _subject_from(request)
    form = QuickLogForm(initial={"service": _default_service(person, venture)}, user=user)
    logged: Case | None = None
    status = 200
    if request.method == "POST":
        require(editor(user), READ_ONLY)
        form = QuickLogForm(request.POST, user=user)
        if form.is_valid():
            logged = services.case_quick_log(
                service=form.cleaned_data["service"],
                opened_by=user,
                note=form.cleaned_data["note"],
                person=person,
                venture=venture,
                department=form.cleaned_data["department"],
                next_follow_up_on=form.cleaned_data["next_follow_up_on"],
            )
            form = QuickLogForm(initial={"service": form.cleaned_data["service"]}, user=user)
        else:
            status = 400 if not request.headers.get("HX-Request") else 200
    subject_param = f"person={person.pk}" if person else f"venture={venture.pk}"  # type: ignore[union-attr]
    context = {
        "subject": person or venture,
        "subject_param": subject_param,
        "cases": selectors.subject_cases(user=user, person=person, venture=venture)[:20],
        "form": form,
        "logged": logged,
        "today": timezone.localdate(),
    }
    response = render(request, "cases/panel.html#panel", context, status=status)
    if logged is not None:
        # The subject's page refreshes what the new case changes (counters, timeline).
        response["HX-Trigger"] = "caseLogged"
    return response


def _default_service(person: Person | None, venture: Venture | None) -> ServiceType | None:
    name = "开业诊断" if venture is not None else "职业指导"
    return ServiceType.objects.filter(name=name).first()


@role_required(test=editor, message=READ_ONLY)
def case_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log a case for a person or venture: find the subject, then the quick-log panel."""
    user = request.user
    person = venture = None
    if request.GET.get("person") or request.GET.get("venture"):
        person, venture = _subject_from(request)
    q = request.GET.get("q", "").strip()
    persons: list[Person] = []
    ventures: list[Venture] = []
    if q and person is None and venture is None:
        persons = list(Person.objects.for_user(user).filter(name__startswith=q).select_related("area")[:20])
        ventures = list(Venture.objects.for_user(user).filter(name__icontains=q).select_related("area")[:20])
    return render(
        request,
        "cases/new.html",
        {"person": person, "venture": venture, "q": q, "persons": persons, "ventures": ventures},
    )


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The resident's satisfaction link: no account, works once, unknown codes are 404."""
    if len(code) < 20:
        raise Http404
    case = get_object_or_404(Case.objects.select_related("service", "rating"), rating_code=code)
    if hasattr(case, "rating"):
        return render(request, "cases/rate.html", {"case": case, "done": True, "already": True})
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        rating = None
        if form.is_valid():
            rating = form_service_call(
                form,
                lambda: services.rating_submit(
                    case=case, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
                ),
            )
        if rating is not None:
            return render(request, "cases/rate.html", {"case": case, "done": True})
        return render(request, "cases/rate.html", {"case": case, "form": form}, status=400)
    return render(request, "cases/rate.html", {"case": case, "form": form})
