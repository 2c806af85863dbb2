"""The clearance worklists (index, list, monthly flow) and the departments' own group lists."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jobseekers import worklists
from jobseekers.forms import WorklistProfileForm
from jobseekers.views.common import PAGE_SIZE
from zhuqiao.access import require
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.pagination import CountedPaginator
from zhuqiao.periods import period_from
from zhuqiao.search_tokens import resolved_query


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
