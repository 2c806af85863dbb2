"""Activities and evidence at a busy town's size: 3 years × 400 activities with up to 40 named
participants each (≈ 24,000 participations), 60 evidence records a year. Measures the indicator
functions the metrics engine calls (goal: p95 under 100 ms) and the pages staff open most
(activity list, month calendar, indicator-5 evidence page, person panel; goal: p95 under 150 ms).

Seeding uses bulk inserts (no audit entries): the data are synthetic and only the reads are
measured.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection

from activities import indicators
from activities.models import Activity, ActivityParticipant, ActivityTargetGroup, Evidence, TargetGroup
from bench.harness import Report, time_calls, time_page
from bench.seed import seed_town
from jobseekers.models import Person
from zhuqiao.models import Department, User

PER_YEAR = 400
YEARS = (2024, 2025, 2026)
INDICATOR_GOAL_MS = 100
PAGE_GOAL_MS = 150


def _seed(rng: random.Random) -> None:
    if Activity.objects.filter(title__startswith="基准活动").count() >= PER_YEAR * len(YEARS):
        return
    departments = list(Department.objects.all())
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:20000])
    kinds = [k for k, _ in Activity.Kind.choices]
    groups = [g for g, _ in TargetGroup.choices]
    activities = [
        Activity(
            kind=rng.choice(kinds),
            title=f"基准活动{year}-{n:04d}",
            held_on=datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 330)),
            place="祝桥镇",
            organiser=rng.choice(departments),
            planned_participants=rng.randrange(20, 200),
            actual_participants=rng.randrange(0, 200),
        )
        for year in YEARS
        for n in range(PER_YEAR)
    ]
    Activity.objects.bulk_create(activities, batch_size=1000)
    participants, targets = [], []
    for activity in activities:
        for person_id in rng.sample(person_ids, k=rng.randrange(0, 41)):
            participants.append(ActivityParticipant(activity=activity, person_id=person_id))
        for group in rng.sample(groups, k=rng.randrange(1, 4)):
            targets.append(ActivityTargetGroup(activity=activity, group=group))
    ActivityParticipant.objects.bulk_create(participants, batch_size=5000)
    ActivityTargetGroup.objects.bulk_create(targets, batch_size=5000)
    kinds_evidence = [k for k, _ in Evidence.Kind.choices]
    evidence = []
    for year in YEARS:
        for n in range(60):
            kind = rng.choice(kinds_evidence)
            evidence.append(
                Evidence(
                    indicator=rng.randrange(1, 8),
                    year=year,
                    kind=kind,
                    dated_on=datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 330)),
                    title=f"基准佐证{year}-{n:03d}",
                    department=rng.choice(departments),
                    attendees="各成员单位" if kind in Evidence.MEETING_KINDS else "",
                    minutes="纪要" if kind in Evidence.MEETING_KINDS else "",
                    amount=Decimal(rng.randrange(1000, 500000)) if kind == Evidence.Kind.FUNDS else None,
                )
            )
    Evidence.objects.bulk_create(evidence)
    with connection.cursor() as cursor:
        for table in ("activities_activity", "activities_activityparticipant", "activities_activitytargetgroup"):
            cursor.execute(f"ANALYZE {table}")


def run(report: Report) -> None:
    seed_town()
    _seed(random.Random(20260507))
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    for code in ("activities", "activity_participants", "activity_groups_reached", "meetings", "funds_invested"):
        function = indicators.INDICATORS[code]
        timing = time_calls(lambda function=function: function(start=start, end=end)[0], repeat=30)
        report.add("activities", f"indicator {code} p95", timing["p95_ms"], "ms", INDICATOR_GOAL_MS)
    report.add(
        "activities",
        "participations in 2025",
        indicators.activity_participants(start=start, end=end)[0],
        "",
    )
    centre = User.objects.get(username="bench_centre")
    committee = User.objects.get(username="bench_committee")
    person = Person.objects.filter(area_id=committee.area_id, activity_participations__isnull=False).first()
    pages = [
        ("activity list", centre, "/activities/"),
        ("activity list, year + kind", centre, "/activities/?year=2025&kind=job_fair"),
        ("calendar month", centre, "/activities/calendar/?month=2025-06"),
        ("indicator 5 page (400 activities)", centre, "/activities/evidence/2025/indicator/5/"),
        ("indicator 2 page", centre, "/activities/evidence/2025/indicator/2/"),
        ("evidence overview", centre, "/activities/evidence/?year=2025"),
    ]
    if person is not None:
        pages.append(("person panel (committee)", committee, f"/activities/panel/?person={person.pk}"))
    for label, user, url in pages:
        report.add_page("activities", label, time_page(user, url, repeat=20), PAGE_GOAL_MS)
