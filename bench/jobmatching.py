"""Match-list times: one job seeker against 5,000 open vacancies, one vacancy against the
20,000 target-group members of the town (goal: under 200 ms each)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from bench.harness import Report, time_calls
from bench.seed import copy_rows, seed_town
from jobmatching.models import Education, Employer, Hours, JobSeekerProfile, Vacancy
from jobmatching.selectors import candidates_for_vacancy, matches_for_person, worklist_seekers
from jobseekers.models import TargetGroupMembership
from zhuqiao.models import Area, User

TITLES = ["仓库管理员", "分拣员", "电工", "客服专员", "收银员", "快递驾驶员", "行政助理", "机务辅助工"]
SKILLS = ["叉车", "仓储管理", "电工证", "沟通", "驾驶", "办公软件", "钳工", "Python"]


def run(report: Report) -> None:
    seed_town()
    rng = random.Random(7)
    today = timezone.localdate()
    areas = list(Area.objects.values_list("pk", flat=True))
    if Vacancy.objects.count() < 5_000:
        employer_ids = copy_rows(
            Employer,
            (
                {"name": f"基准用人单位{i}", "industry": "smart_logistics", "area_id": rng.choice(areas)}
                for i in range(500)
            ),
        )
        copy_rows(
            Vacancy,
            (
                {
                    "employer_id": rng.choice(employer_ids),
                    "title": rng.choice(TITLES),
                    "posts": rng.randrange(1, 6),
                    "pay_min": 4500,
                    "pay_max": rng.choice([5500, 6500, 8000, 12000]),
                    "hours": rng.choice(Hours.values),
                    "education_min": rng.choice(Education.values[:4]),
                    "age_min": 18,
                    "age_max": rng.choice([40, 50, 60]),
                    "skills": "、".join(rng.sample(SKILLS, 2)),
                    "industry": rng.choice(["smart_logistics", "commerce", "iot", "other"]),
                    "area_id": rng.choice(areas),
                    "opens_on": today - datetime.timedelta(days=30),
                    "status": "open",
                }
                for _ in range(5_000)
            ),
        )
    members = list(TargetGroupMembership.objects.values_list("person_id", flat=True).distinct())
    if JobSeekerProfile.objects.count() < 10_000:
        copy_rows(
            JobSeekerProfile,
            (
                {
                    "person_id": pid,
                    "desired_job": rng.choice(TITLES),
                    "industries": ["smart_logistics"],
                    "hours": rng.choice(Hours.values),
                    "pay_expected": rng.choice([5000, 6000, 7000]),
                    "skills": "、".join(rng.sample(SKILLS, 3)),
                    "education": rng.choice(Education.values),
                }
                for pid in members[: len(members) // 2]
            ),
        )
    centre = User.objects.get(username="bench_centre")
    seeker = JobSeekerProfile.objects.select_related("person").first().person
    vacancy = Vacancy.objects.first()
    open_count = Vacancy.objects.filter(status="open").count()
    report.add("jobmatching", "open vacancies", open_count, "rows")
    report.add("jobmatching", "worklist job seekers (town)", worklist_seekers(user=centre, today=today).count(), "rows")
    one = time_calls(lambda: matches_for_person(person=seeker, today=today), repeat=15)
    report.add("jobmatching", "matches for one job seeker p95", one["p95_ms"], "ms", goal=200)
    report.add("jobmatching", "matches for one job seeker queries", one["queries"], "queries")
    many = time_calls(lambda: candidates_for_vacancy(vacancy=vacancy, user=centre, today=today), repeat=15)
    report.add("jobmatching", "candidates for one vacancy p95", many["p95_ms"], "ms", goal=200)
    report.add("jobmatching", "candidates for one vacancy queries", many["queries"], "queries")
