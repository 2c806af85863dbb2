"""Reads of the people register: the scoped lists behind the list pages, the worklists, the
rosters app's Excel export and the API, and the single-record lookups of detail pages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, DateField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Reverse
from django.db.models.lookups import StartsWith
from django.utils import timezone

from jobseekers import clearance, extensions
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from zhuqiao.personal_data import normalise_id_number, phone_hash
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    from zhuqiao.models import User

Group = TargetGroupMembership.Group

#: Sort keys accepted by ``person_list`` (``sort=`` in the query string; ``-`` prefix for descending).
PERSON_SORTS = {"name": "name", "area": "area_id", "birth": "birth_date", "created": "created_at"}
HOUSEHOLD_SORTS = {"no": "household_no", "area": "area__code", "members": "member_count"}

_DIGITS = re.compile(r"^\d+$")


def household_member_count() -> Coalesce:
    """For a household queryset: how many persons belong to the household (0 when none)."""
    members = Person.objects.filter(household_id=OuterRef("pk")).order_by().values("household_id")
    return Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0))


def _truthy(value: str | None) -> bool | None:
    """'1'/'yes'/'true' → True, '0'/'no'/'false' → False, anything else (or empty) → None."""
    if value is None:
        return None
    value = value.strip().lower()
    if value in ("1", "yes", "true", "y"):
        return True
    if value in ("0", "no", "false", "n"):
        return False
    return None


def _today() -> datetime.date:
    return timezone.localdate()


def active_membership_filter(day: datetime.date, **extra: Any) -> Q:
    return Q(start_date__lte=day, **extra) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def search_filter(q: str) -> Q:
    """What the search box understands: a name (or part), the last 4 characters of the ID number,
    a whole mobile number or a whole ID number (both matched by keyed hash, never in clear)."""
    q = q.strip()
    if not q:
        return Q()
    compact = normalise_id_number(q)
    if len(compact) == 18 and _DIGITS.match(compact[:17]):
        return Q(id_number_hash=Person.hash_id_number(compact))
    if len(compact) == 4 and re.match(r"^\d{3}[\dX]$", compact):
        return Q(id_number_last4=compact)
    if _DIGITS.match(compact):
        # mobile numbers are stored encrypted: a whole number is found by its keyed hash;
        # a part of one cannot be searched
        return Q(phone_hash=phone_hash(compact)) if len(compact) == 11 else Q(pk__in=[])
    # The beginning of a name (surname, or the whole name) or its end (a given name alone), each
    # served by an index (on PostgreSQL the end by one on the reversed name, see migration
    # jobseekers 0003); a search in the middle of names would scan the whole register.
    return Q(name__startswith=q) | Q(StartsWith(Reverse("name"), q[::-1]))


#: Age bands of the list filters (``age=16-24``): inclusive ages in whole years on the day.
AGE_BANDS = {"16-24": (16, 24), "25-35": (25, 35), "36-45": (36, 45), "46-59": (46, 59), "60-": (60, None)}


def born_for_age(day: datetime.date, low: int, high: int | None) -> Q:
    """Persons aged ``low`` to ``high`` (inclusive, whole years) on ``day``, as a birth-date range."""
    from dateutil.relativedelta import relativedelta

    condition = Q(birth_date__lte=day - relativedelta(years=low))
    if high is not None:
        condition &= Q(birth_date__gt=day - relativedelta(years=high + 1))
    return condition


def profile_filter(filters: Mapping[str, str], *, day: datetime.date) -> Q:
    """The person filters the duties need, shared by the person list and the worklists:

    - ``sex``: ``M`` or ``F``;
    - ``age``: an age band of ``AGE_BANDS`` on ``day``;
    - ``graduated``: a year: persons with an 应届毕业生 membership starting (graduating) in it.
    """
    condition = Q()
    sex = (filters.get("sex") or "").strip()
    if sex in Person.Sex.values:
        condition &= Q(sex=sex)
    band = AGE_BANDS.get((filters.get("age") or "").strip())
    if band is not None:
        condition &= born_for_age(day, *band)
    year = (filters.get("graduated") or "").strip()
    if year.isdigit() and 2000 <= int(year) <= 2100:
        graduates = TargetGroupMembership.objects.filter(
            group=Group.GRADUATE, start_date__year=int(year), person_id=OuterRef("pk")
        )
        condition &= Q(Exists(graduates))
    return condition


def person_list(*, user: User, filters: Mapping[str, str]) -> QuerySet[Person]:
    """Persons the user may see, filtered by the request's GET parameters (all strings, all optional):

    - ``q``: search (name, its beginning, or its end: a given name alone; last 4 of the ID
      number; a whole mobile number; a whole ID number, matched exactly through its keyed
      hash);
    - ``area``: committee code (``A01``);
    - ``group``: target group value (``difficulty``, ``unemployed``, ``graduate``, ``veteran``,
      ``laid_off``): a membership of that group running today;
    - ``willing``: ``1`` persons with a running membership that is willing, ``0`` with one that is not;
    - ``employed``: ``1`` employed today, ``0`` not employed today;
    - ``household``: household number (``户号``);
    - ``sex``, ``age``, ``graduated``: see ``profile_filter``;
    - ``sort``: one of ``name``, ``area``, ``birth``, ``created``, ``-`` prefix for descending.

    Unknown or malformed values are ignored rather than failing, so a shared link never errors.
    The rosters app's Excel export uses this same function with the same query string.
    """
    today = _today()
    qs = Person.objects.for_user(user).select_related("area", "household")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(search_filter(q))
    area = (filters.get("area") or "").strip()
    if area:
        qs = qs.filter(area__code=area)
    household = (filters.get("household") or "").strip()
    if household:
        qs = qs.filter(household__household_no=household)
    group = (filters.get("group") or "").strip()
    running = active_membership_filter(today)
    if group in Group.values:
        running &= Q(group=group)
    willing = _truthy(filters.get("willing"))
    if group in Group.values or willing is not None:
        if willing is not None:
            running &= Q(willing=willing)
        qs = qs.filter(Exists(TargetGroupMembership.objects.filter(running, person_id=OuterRef("pk"))))
    qs = qs.filter(profile_filter(filters, day=today))
    employed = _truthy(filters.get("employed"))
    if employed is True:
        qs = qs.filter(clearance.employed_as_of(today))
    elif employed is False:
        qs = qs.filter(~clearance.employed_as_of(today))
    sort = (filters.get("sort") or "").strip()
    key = PERSON_SORTS.get(sort.lstrip("-"))
    # Default: committees in the order they were set up (A01, A02, ...), which the (area, name)
    # index serves without sorting the town.
    order = (f"-{key}" if sort.startswith("-") else key) if key else "area_id"
    return qs.order_by(order, "name", "pk") if not key else qs.order_by(order, "pk")


def household_list(*, user: User, filters: Mapping[str, str]) -> QuerySet[Household]:
    """Households the user may see, filtered by the request's GET parameters (strings, optional):

    - ``q``: household number (or its beginning) or part of the address;
    - ``area``: committee code (``A01``);
    - ``certified``: ``1`` households with a zero-employment certification, ``0`` without;
    - ``sort``: ``no``, ``area`` or ``members``, ``-`` prefix for descending.

    Each household carries ``member_count``.
    """
    qs: QuerySet[Any] = Household.objects.for_user(user).select_related("area")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(household_no__startswith=q) | Q(address__contains=q))
    area = (filters.get("area") or "").strip()
    if area:
        qs = qs.filter(area__code=area)
    certified = _truthy(filters.get("certified"))
    if certified is not None:
        has_cert = Exists(ZeroEmploymentCertification.objects.filter(household_id=OuterRef("pk")))
        qs = qs.filter(has_cert if certified else ~has_cert)
    qs = qs.annotate(member_count=household_member_count())
    sort = (filters.get("sort") or "").strip()
    key = HOUSEHOLD_SORTS.get(sort.lstrip("-"))
    order = (f"-{key}" if sort.startswith("-") else key) if key else "household_no"
    return qs.order_by(order, "pk")


def person_get_for_user(*, user: User, pk: int) -> Person:
    """One person the user may see (404 and an audited probe otherwise)."""
    return get_for_user_or_404(Person.objects.select_related("area", "household"), user, pk=pk)


def household_get_for_user(*, user: User, pk: int) -> Household:
    return get_for_user_or_404(Household.objects.select_related("area"), user, pk=pk)


def person_memberships(person: Person) -> QuerySet[TargetGroupMembership]:
    return person.memberships.order_by("-start_date", "group")


def person_employments(person: Person) -> QuerySet[Employment]:
    return person.employments.order_by("-start_date")


def household_members(household: Household) -> QuerySet[Person]:
    today = _today()
    return (
        household.members.select_related("area")
        .annotate(is_employed=clearance.employed_as_of(today))
        .order_by("birth_date")
    )


def annotate_contact(qs: QuerySet[Any], *, person_path: str = "person_id") -> QuerySet[Any]:
    """Add ``open_cases``, ``last_contact_on`` and ``next_followup_on`` to a queryset of persons
    (``person_path="person_id"``) or of households (``person_path="person__household_id"``).

    The cases app registers the annotation (see cases/person_hooks.py); without it, none."""
    for annotate in extensions.contact_annotations:
        qs = annotate(qs, person_path)
    if not extensions.contact_annotations:
        qs = qs.annotate(
            open_cases=Value(0), last_contact_on=Value(None, DateField()), next_followup_on=Value(None, DateField())
        )
    return qs


def working_age_range_for(day: datetime.date) -> tuple[int, int, int]:
    """(minimum age, maximum age of men, maximum age of women) on ``day`` from settings."""
    return settings.WORKING_AGE_MIN, settings.WORKING_AGE_MAX_MALE, settings.WORKING_AGE_MAX_FEMALE


def working_age_filter(day: datetime.date, *, prefix: str = "") -> Q:
    """Persons of working age on ``day``: at least ``WORKING_AGE_MIN`` and below the statutory
    retirement age (``WORKING_AGE_MAX_MALE`` for men, ``WORKING_AGE_MAX_FEMALE`` for women)."""
    min_age, max_male, max_female = working_age_range_for(day)
    birth = f"{prefix}birth_date"
    sex = f"{prefix}sex"
    return Q(**{f"{birth}__lte": _years_before(day, min_age)}) & (
        Q(**{sex: Person.Sex.MALE, f"{birth}__gt": _years_before(day, max_male)})
        | Q(**{sex: Person.Sex.FEMALE, f"{birth}__gt": _years_before(day, max_female)})
    )


def is_working_age(birth_date: datetime.date, sex: str, day: datetime.date) -> bool:
    """``working_age_filter`` for one person, in Python."""
    min_age, max_male, max_female = working_age_range_for(day)
    oldest = _years_before(day, max_male if sex == Person.Sex.MALE else max_female)
    return (
        birth_date <= _years_before(day, min_age)
        and birth_date > oldest
        and sex in (Person.Sex.MALE, Person.Sex.FEMALE)
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def unwilling_on(day: datetime.date, *, person_ref: str = "pk") -> Exists:
    """The outer person has a running membership declared not willing to work (无就业意愿)."""
    return Exists(
        TargetGroupMembership.objects.filter(
            active_membership_filter(day), person_id=OuterRef(person_ref), willing=False
        )
    )


def suspected_zero_employment_households(*, user: User, day: datetime.date | None = None) -> QuerySet[Household]:
    """Households that look like zero-employment households but have no certification.

    A household is suspected when it has at least one member of working age who is willing to work
    (no running 无就业意愿 declaration), none of those members is employed on ``day``, and it has
    never been certified. Working age comes from settings (statutory defaults: 16 to below 60 for
    men, below 55 for women).
    """
    day = day or _today()
    candidates = Person.objects.filter(working_age_filter(day), household_id=OuterRef("pk")).filter(~unwilling_on(day))
    return (
        Household.objects.for_user(user)
        .filter(Exists(candidates))
        .filter(~Exists(candidates.filter(clearance.employed_as_of(day))))
        .filter(~Exists(ZeroEmploymentCertification.objects.filter(household_id=OuterRef("pk"))))
        .select_related("area")
        .annotate(member_count=household_member_count())
        .order_by("area__code", "household_no")
    )


def working_members_on(*, household_id: int, day: datetime.date) -> QuerySet[Person]:
    """Members of working age on ``day`` who have an employment open that day: a household with
    one of them is not a zero-employment household on that day."""
    return (
        Person.objects.filter(working_age_filter(day), household_id=household_id)
        .filter(clearance.employed_as_of(day))
        .order_by("name", "pk")
    )


def certification_conflicts(*, user: User) -> list[ZeroEmploymentCertification]:
    """Certifications made on a day when a working-age member of the household had an employment
    open that day (so the household was not without work), oldest committee first; each with
    ``working_members``, the names of those members. Two queries whatever the number of rows."""
    employment_open = Employment.objects.filter(
        person__household_id=OuterRef("household_id"), start_date__lte=OuterRef("certified_on")
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("certified_on")))
    candidates = list(
        ZeroEmploymentCertification.objects.for_user(user)
        .filter(Exists(employment_open))
        .select_related("household", "household__area")
        .order_by("household__area__code", "household__household_no", "certified_on")
    )
    jobs: dict[int, list[tuple[str, datetime.date, str, datetime.date, datetime.date | None]]] = {}
    rows = Employment.objects.filter(person__household_id__in={c.household_id for c in candidates}).values_list(
        "person__household_id", "person__name", "person__birth_date", "person__sex", "start_date", "end_date"
    )
    for household_id, name, birth_date, sex, start, end in rows:
        jobs.setdefault(household_id, []).append((name, birth_date, sex, start, end))
    conflicts = []
    for certification in candidates:
        day = certification.certified_on
        names = sorted(
            {
                name
                for name, birth_date, sex, start, end in jobs.get(certification.household_id, [])
                if start <= day and (end is None or end >= day) and is_working_age(birth_date, sex, day)
            }
        )
        if names:
            certification.working_members = names  # type: ignore[attr-defined]
            conflicts.append(certification)
    return conflicts


def reconfirmations_due(*, user: User, within_days: int = 30, day: datetime.date | None = None) -> QuerySet[Any]:
    """Running 无就业意愿 memberships whose re-confirmation date is past or within ``within_days``."""
    day = day or _today()
    return (
        TargetGroupMembership.objects.for_user(user)
        .filter(
            active_membership_filter(day), willing=False, reconfirm_on__lte=day + datetime.timedelta(days=within_days)
        )
        .select_related("person", "person__area")
        .order_by("reconfirm_on", "pk")
    )


def person_help_counts(person: Person) -> dict[str, int]:
    """The help a person has had: 职业指导 sessions and 岗位撮合 (job recommendations) as cases of
    those services, and job fairs (专场招聘会) attended as a named participant. The apps that
    record the help register their counts (see extensions)."""
    counts = {"guidance": 0, "recommendations": 0, "cases": 0, "fairs": 0}
    for counter in extensions.help_counters:
        counts.update(counter(person))
    return counts


def person_timeline(*, person: Person, user: User, limit: int = 60) -> list[dict[str, Any]]:
    """The person's history, newest first: memberships and employments beginning and ending,
    cases opened (those the user may see) and activities attended. A fixed number of queries."""
    events: list[dict[str, Any]] = []
    for m in person_memberships(person):
        events.append({"on": m.start_date, "kind": "membership", "text": m.get_group_display(), "verb": "start"})
        if m.end_date:
            events.append({"on": m.end_date, "kind": "membership", "text": m.get_group_display(), "verb": "end"})
    for e in person_employments(person):
        label = f"{e.get_kind_display()} {e.employer}".strip()
        events.append({"on": e.start_date, "kind": "employment", "text": label, "verb": "start"})
        if e.end_date:
            events.append({"on": e.end_date, "kind": "employment", "text": label, "verb": "end"})
    for source in extensions.timeline_sources:  # cases and activities (see extensions)
        events.extend(source(person, user, limit))
    events.sort(key=lambda ev: ev["on"], reverse=True)
    return events[:limit]
