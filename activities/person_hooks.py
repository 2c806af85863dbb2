"""What the activities app adds to the jobseekers app: job fairs attended, activities on a
person's timeline, the trainees target group (registered in ActivitiesConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from activities.models import ActivityParticipant, Enrolment
from jobseekers import extensions

if TYPE_CHECKING:
    from zhuqiao.models import User


def help_counts(person: Any) -> dict[str, int]:
    return {"fairs": ActivityParticipant.objects.filter(person=person, activity__kind="job_fair").count()}


def timeline(person: Any, user: User, limit: int) -> list[dict[str, Any]]:
    return [
        {
            "on": p.activity.held_on,
            "kind": "activity",
            "text": p.activity.title,
            "verb": p.activity.get_kind_display(),
        }
        for p in ActivityParticipant.objects.filter(person=person).select_related("activity")[:limit]
    ]


def trainees(day: Any) -> Q:
    """Persons enrolled in a training cohort."""
    return Q(Exists(Enrolment.objects.filter(person_id=OuterRef("pk"))))


def register() -> None:
    extensions.register_help_counter(help_counts)
    extensions.register_timeline_source(timeline)
    extensions.register_group_condition("trainees", trainees)
