"""What the cases app adds to the jobseekers app's person pages, scope and worklists
(registered in CasesConfig.ready() through jobseekers.extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, DateField, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Case, FollowUp
from jobseekers import extensions

if TYPE_CHECKING:
    from zhuqiao.models import User

OPEN_CASE_STATUSES = ("new", "in_progress", "referred")


def department_scope(user: User) -> Q:
    """Department staff see the persons who are the subject of a case their department may see
    (handled by it or referred to it: the case's own scope rule decides)."""
    return Q(Exists(Case.objects.for_user(user).filter(person_id=OuterRef("pk"))))


def help_counts(person: Any) -> dict[str, int]:
    return Case.objects.filter(person=person).aggregate(
        guidance=Count("pk", filter=Q(service__name="职业指导")),
        recommendations=Count("pk", filter=Q(service__name="岗位撮合")),
        cases=Count("pk"),
    )


def timeline(person: Any, user: User, limit: int) -> list[dict[str, Any]]:
    return [
        {
            "on": case.opened_on,
            "kind": "case",
            "text": f"{case.ref} {case.service}",
            "verb": case.get_status_display(),
        }
        for case in Case.objects.for_user(user).filter(person=person).select_related("service")[:limit]
    ]


def annotate_contact(qs: QuerySet[Any], person_path: str) -> QuerySet[Any]:
    """Last contact is the latest follow-up of any of the cases, or the opening date of a case
    without follow-ups (a case is itself a contact); next follow-up is the earliest planned
    follow-up date on or after today. One correlated subquery each, so a page's query count is
    fixed whatever its rows."""
    cases = Case.objects.filter(**{person_path: OuterRef("pk")}).order_by()
    open_cases = cases.filter(status__in=OPEN_CASE_STATUSES).values(person_path).annotate(n=Count("pk")).values("n")[:1]
    last = (
        cases.values(person_path)
        .annotate(d=Max(Coalesce("follow_ups__noted_on", "opened_on", output_field=DateField())))
        .values("d")[:1]
    )
    upcoming = (
        FollowUp.objects.filter(
            **{f"case__{person_path}": OuterRef("pk"), "next_follow_up_on__gte": timezone.localdate()}
        )
        .order_by("next_follow_up_on")
        .values("next_follow_up_on")[:1]
    )
    return qs.annotate(
        open_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0)),
        last_contact_on=Subquery(last),
        next_followup_on=Subquery(upcoming),
    )


def persons_with_cases(user: User, person_ids: list[int]) -> set[int]:
    return set(Case.objects.for_user(user).filter(person_id__in=person_ids).values_list("person_id", flat=True))


def register() -> None:
    extensions.register_department_scope(department_scope)
    extensions.register_help_counter(help_counts)
    extensions.register_timeline_source(timeline)
    extensions.register_contact_annotation(annotate_contact)
    extensions.register_case_persons(persons_with_cases)
