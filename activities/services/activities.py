"""Writes of activities: record, change, delete, and their named participants."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from activities.models import Activity, ActivityParticipant, ActivityTargetGroup
from activities.services.common import _assign_fields, _staff_or_none
from activities.services.files import attachment_delete
from jobseekers.models import Person
from zhuqiao.models import Department, User

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "organiser",
    "planned_participants",
    "actual_participants",
    "employers",
    "posts_offered",
    "offers_made",
    "outcome",
)


def _set_target_groups(activity: Activity, groups: Iterable[str]) -> None:
    wanted = set(groups)
    activity.target_groups.exclude(group__in=wanted).delete()
    existing = set(activity.target_groups.values_list("group", flat=True))
    ActivityTargetGroup.objects.bulk_create(
        [ActivityTargetGroup(activity=activity, group=g) for g in sorted(wanted - existing)]
    )


@transaction.atomic
def activity_create(
    *,
    user: User | None,
    kind: str,
    title: str,
    held_on: datetime.date,
    place: str,
    organiser: Department,
    partners: Iterable[Department] = (),
    target_groups: Iterable[str] = (),
    planned_participants: int = 0,
    actual_participants: int = 0,
    employers: int = 0,
    posts_offered: int = 0,
    offers_made: int = 0,
    outcome: str = "",
    participants: Iterable[Person] = (),
) -> Activity:
    """Record an activity with its target groups, partner departments and named participants."""
    activity = Activity(
        kind=kind,
        title=title,
        held_on=held_on,
        place=place,
        organiser=organiser,
        planned_participants=planned_participants,
        actual_participants=actual_participants,
        employers=employers,
        posts_offered=posts_offered,
        offers_made=offers_made,
        outcome=outcome,
        created_by=_staff_or_none(user),
    )
    activity.full_clean()
    activity.save()
    activity.partners.set(list(partners))
    _set_target_groups(activity, target_groups)
    activity_participants_add(activity=activity, persons=participants)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    partners: Iterable[Department] | None = None,
    target_groups: Iterable[str] | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity's fields (those of ``ACTIVITY_FIELDS``), partners and target groups."""
    _assign_fields(activity, fields, ACTIVITY_FIELDS, "activity_update")
    if partners is not None:
        activity.partners.set(list(partners))
    if target_groups is not None:
        _set_target_groups(activity, target_groups)
    return activity


@transaction.atomic
def activity_participants_add(*, activity: Activity, persons: Iterable[Person]) -> int:
    """Name persons as participants of the activity; a person already named is not added twice.
    Returns how many were newly added."""
    wanted = {p.pk: p for p in persons}
    if not wanted:
        return 0
    already = set(activity.participations.filter(person_id__in=wanted).values_list("person_id", flat=True))
    added = 0
    for pk, person in wanted.items():
        if pk not in already:
            ActivityParticipant.objects.create(activity=activity, person=person)  # one by one: audited
            added += 1
    return added


def activity_participant_remove(*, activity: Activity, person_id: int) -> None:
    for participation in activity.participations.filter(person_id=person_id):
        participation.delete()  # one by one: audited


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete an activity with its participants and files (the files leave the disk too)."""
    for attachment in activity.attachments.all():
        attachment_delete(attachment=attachment)
    activity.delete()
