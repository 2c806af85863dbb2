"""Reads of activities, cohorts, brands and evidence: the lists behind the pages and the API,
the indicator pages of the evidence dossier, the month calendar and the person panel."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityParticipant,
    Attachment,
    Brand,
    BrandCoverage,
    CohortPlacement,
    Enrolment,
    Evidence,
    TargetGroup,
    TrainingCohort,
)
from jobseekers.models import Person
from zhuqiao.models import Department, User
from zhuqiao.roles import Role


def named_count() -> Any:
    """Named participants of each activity, as a correlated subquery (no join, no GROUP BY on
    the activities, so counting and paginating stay cheap)."""
    rows = (
        ActivityParticipant.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def photo_count() -> Any:
    rows = (
        Attachment.objects.filter(activity_id=OuterRef("pk"), kind=Attachment.Kind.PHOTO)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def percent(numerator: int, base: int) -> Decimal | None:
    """A rate in percent, one decimal, half away from zero (METRICS.md); None when the base is 0."""
    if not base:
        return None
    return (Decimal(numerator) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_period(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """METRICS.md's period of a year: 1 January to today for the current year, else to 31 December."""
    today = today or timezone.localdate()
    end = today if year == today.year else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), end


# --- activities ------------------------------------------------------------------------------


def activity_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Activity]:
    """Activities the user may see, filtered, with organiser, target groups and photo count loaded."""
    filters = filters or {}
    qs = (
        Activity.objects.for_user(user)
        .select_related("organiser")
        .prefetch_related("target_groups")
        .annotate(named_count=named_count(), photo_count=photo_count())
    )
    if filters.get("year"):
        qs = qs.filter(held_on__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("group"):
        qs = qs.filter(target_groups__group=filters["group"])
    if filters.get("department"):
        department = filters["department"]
        qs = qs.filter(
            Q(organiser=department)
            | Exists(Activity.partners.through.objects.filter(activity_id=OuterRef("pk"), department=department))
        )
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(place__icontains=filters["q"]))
    return qs.order_by("-held_on", "-id")


def activity_detail_queryset(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.for_user(user)
        .select_related("organiser", "created_by")
        .prefetch_related("partners", "target_groups", "attachments")
    )


@dataclass
class ParticipantView:
    """The named participants of an activity as one user may see them: names of persons within
    the user's scope, only masked ID numbers for the others."""

    visible: list[ActivityParticipant] = field(default_factory=list)
    masked: list[ActivityParticipant] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.visible) + len(self.masked)


def activity_participants_for(*, activity: Activity, user: User) -> ParticipantView:
    visible_ids = Person.objects.for_user(user).filter(activity_participations__activity=activity).values("pk")
    rows = (
        activity.participations.select_related("person", "person__area")
        .annotate(in_scope=Exists(visible_ids.filter(pk=OuterRef("person_id"))))
        .order_by("person__name")
    )
    view = ParticipantView()
    for row in rows:
        (view.visible if row.in_scope else view.masked).append(row)
    return view


# --- cohorts ---------------------------------------------------------------------------------


def with_cohort_counts(qs: QuerySet[TrainingCohort]) -> QuerySet[TrainingCohort]:
    """Annotate enrolled, completed and placed counts (placed: graduates with at least one
    employment linked back to the cohort)."""
    completed = Q(enrolments__status=Enrolment.Status.COMPLETED)
    return qs.select_related("organiser").annotate(
        enrolled_count=Count("enrolments", distinct=True),
        completed_count=Count("enrolments", filter=completed, distinct=True),
        placed_count=Count("enrolments", filter=completed & Q(enrolments__placements__isnull=False), distinct=True),
    )


def cohort_list(*, user: User) -> QuerySet[TrainingCohort]:
    return with_cohort_counts(TrainingCohort.objects.for_user(user)).order_by("-start_date", "-id")


def cohort_rates(cohort: Any) -> dict[str, Decimal | None]:
    """Completion rate = graduates / all enrolments (dropped ones included) × 100; placement
    rate = graduates with a linked employment / graduates × 100. Needs ``cohort_list``'s counts."""
    return {
        "completion_rate": percent(cohort.completed_count, cohort.enrolled_count),
        "placement_rate": percent(cohort.placed_count, cohort.completed_count),
    }


def cohort_enrolments(*, cohort: TrainingCohort) -> QuerySet[Enrolment]:
    return (
        cohort.enrolments.select_related("person", "person__area")
        .prefetch_related(
            Prefetch("placements", queryset=CohortPlacement.objects.select_related("employment").order_by("matched_on"))
        )
        .order_by("person__name")
    )


# --- evidence per indicator ------------------------------------------------------------------


def evidence_for(*, year: int, indicator: int | None = None) -> QuerySet[Evidence]:
    qs = (
        Evidence.objects.filter(year=year)
        .select_related("department", "brand")
        .prefetch_related("attachments")
        .order_by("indicator", "dated_on", "id")
    )
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs


def activities_of_year(year: int) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(held_on__year=year)
        .select_related("organiser")
        .prefetch_related("target_groups", "attachments", "partners")
        .annotate(named_count=named_count())
        .order_by("held_on", "id")
    )


def brands_of_year(year: int) -> QuerySet[Brand]:
    """Brands active at some time during the year, each with that year's coverage."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    coverage = BrandCoverage.objects.filter(published_on__year=year).prefetch_related("attachments")
    return (
        Brand.objects.filter(Q(retired_on__isnull=True) | Q(retired_on__gte=start), launched_on__lte=end)
        .select_related("owner")
        .prefetch_related(Prefetch("coverage", queryset=coverage, to_attr="year_coverage"))
        .order_by("launched_on", "name")
    )


def cohorts_of_year(year: int) -> QuerySet[TrainingCohort]:
    """Cohorts that started in the year, with their counts (see ``cohort_rates``)."""
    return with_cohort_counts(TrainingCohort.objects.filter(start_date__year=year)).order_by("start_date", "id")


# --- month calendar --------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)
    meetings: list[Evidence] = field(default_factory=list)


def calendar_month(*, year: int, month: int, department: Department | None = None) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the activities held and the meetings
    (leading-group and joint) that day; limited to one department's when given (organiser or
    partner of an activity, submitting department of a meeting). Two queries whatever the month."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    activities, meetings = _calendar_entries(department)
    activities = activities.filter(held_on__gte=first, held_on__lte=last).order_by("held_on", "id")
    meetings = meetings.filter(dated_on__gte=first, dated_on__lte=last).order_by("dated_on", "id")
    by_day: dict[datetime.date, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_day[activity.held_on].append(activity)
    meetings_by_day: dict[datetime.date, list[Evidence]] = defaultdict(list)
    for meeting in meetings:
        meetings_by_day[meeting.dated_on].append(meeting)
    return [
        [CalendarDay(day=d, in_month=d.month == month, activities=by_day[d], meetings=meetings_by_day[d]) for d in week]
        for week in weeks
    ]


def _calendar_entries(department: Department | None) -> tuple[QuerySet[Activity], QuerySet[Evidence]]:
    """What the calendar shows: every activity and meeting, or one department's when given."""
    activities = Activity.objects.all()
    meetings = Evidence.objects.filter(kind__in=Evidence.MEETING_KINDS)
    if department is not None:
        activities = activities.filter(
            Q(organiser=department)
            | Exists(Activity.partners.through.objects.filter(activity_id=OuterRef("pk"), department=department))
        )
        meetings = meetings.filter(department=department)
    return activities, meetings


def nearest_calendar_month(*, month: datetime.date, department: Department | None = None) -> datetime.date | None:
    """The first day of the month nearest to ``month`` (before or after it) that has an activity
    or a meeting on the calendar, for the link shown under an empty month; None when there is none.
    Two queries (the latest activity and meeting before the month and the earliest after it)."""
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    activities, meetings = _calendar_entries(department)
    found = [
        activities.aggregate(
            before=Max("held_on", filter=Q(held_on__lt=month)), after=Min("held_on", filter=Q(held_on__gte=following))
        ),
        meetings.aggregate(
            before=Max("dated_on", filter=Q(dated_on__lt=month)),
            after=Min("dated_on", filter=Q(dated_on__gte=following)),
        ),
    ]
    before = [row["before"] for row in found if row["before"] is not None]
    after = [row["after"] for row in found if row["after"] is not None]
    candidates = ([max(before)] if before else []) + ([min(after)] if after else [])
    if not candidates:
        return None
    # months apart; on a tie the earlier month (its records are complete) wins
    nearest = min(candidates, key=lambda day: (abs((day.year - month.year) * 12 + day.month - month.month), day))
    return nearest.replace(day=1)


# --- person panel ----------------------------------------------------------------------------


def person_activities(person: Person) -> QuerySet[Activity]:
    return person.activities.select_related("organiser").order_by("-held_on", "-id")


def person_enrolments(person: Person) -> QuerySet[Enrolment]:
    return (
        person.enrolments.select_related("cohort", "cohort__organiser")
        .prefetch_related(Prefetch("placements", queryset=CohortPlacement.objects.select_related("employment")))
        .order_by("-cohort__start_date")
    )


def target_group_labels(codes: list[str]) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels.get(code, code)) for code in codes]


def overdue_decisions(*, user: User, today: datetime.date | None = None) -> QuerySet[Any]:
    """Open meeting decisions past their due date: a department's own, or all for town-wide roles."""
    from activities.models import MeetingDecision

    today = today or timezone.localdate()
    qs = MeetingDecision.objects.filter(status=MeetingDecision.Status.OPEN, due_on__lt=today).select_related(
        "meeting", "owner"
    )
    if getattr(user, "sees_whole_town", False) or getattr(user, "is_superuser", False):
        return qs
    if getattr(user, "role", None) == Role.DEPARTMENT and user.department_id:
        return qs.filter(owner_id=user.department_id)
    return qs.none()


def decisions_of_year(year: int) -> dict[str, Any]:
    """The decisions of the year's meetings and how many were carried out (indicator 2)."""
    from activities.models import MeetingDecision

    decisions = list(
        MeetingDecision.objects.filter(meeting__year=year).select_related("meeting", "owner").order_by("due_on", "id")
    )
    return {
        "decisions": decisions,
        "total": len(decisions),
        "done": sum(1 for d in decisions if d.status == MeetingDecision.Status.DONE),
        "overdue": sum(1 for d in decisions if d.is_overdue(timezone.localdate())),
    }
