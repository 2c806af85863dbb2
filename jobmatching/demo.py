"""Demo data of job matching: local employers, open vacancies, job seekers' wishes,
recommendations at every stage and placements with their 3- and 6-month checks."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from entrepreneurs.models import Industry, Venture
from jobmatching import services
from jobmatching.models import Education, Employer, Hours, JobSeekerProfile, Recommendation, Vacancy
from jobmatching.selectors import WORKLIST_GROUPS
from jobseekers.clearance import clearance_worklist
from jobseekers.models import Person
from zhuqiao.models import Area, User
from zhuqiao.personal_data import phone_columns

EMPLOYERS = [
    ("东方航空物流股份有限公司祝桥分公司（演示）", Industry.AVIATION_LOGISTICS, "A03"),
    ("上海祝桥航空配套制造有限公司（演示）", Industry.AVIATION_SUPPLY, "A05"),
    ("浦东智慧仓储服务有限公司（演示）", Industry.SMART_LOGISTICS, "A01"),
    ("祝桥物联网科技有限公司（演示）", Industry.IOT, "A12"),
    ("祝桥商贸城管理有限公司（演示）", Industry.COMMERCE, "A02"),
    ("祝桥绿色果蔬专业合作社（演示）", Industry.AGRITECH, "A20"),
]
JOBS = [
    ("仓库管理员", "仓储管理、叉车", Education.SENIOR, 5500, 7000, Hours.SHIFT, 20, 50),
    ("机务辅助工", "钳工、机械维修", Education.VOCATIONAL, 6500, 8500, Hours.SHIFT, 20, 45),
    ("客服专员", "沟通、电脑操作", Education.SENIOR, 5000, 6500, Hours.FULL_TIME, 18, 40),
    ("分拣员", "分拣", Education.NONE, 4800, 6000, Hours.SHIFT, 18, 55),
    ("电工", "电工证、维修", Education.SENIOR, 6500, 9000, Hours.FULL_TIME, 20, 55),
    ("收银员", "收银、沟通", Education.JUNIOR, 4500, 5500, Hours.PART_TIME, 18, 50),
    ("物联网运维工程师", "网络、Python、传感器", Education.BACHELOR, 9000, 14000, Hours.FULL_TIME, 22, 40),
    ("果蔬种植技术员", "种植、农机", Education.NONE, 4500, 6000, Hours.FLEXIBLE, 18, 60),
    ("行政助理", "办公软件、沟通", Education.VOCATIONAL, 5000, 6500, Hours.FULL_TIME, 20, 40),
    ("快递驾驶员", "C1驾照、驾驶", Education.JUNIOR, 6000, 8000, Hours.SHIFT, 22, 50),
]
WISHES = [
    ("仓库管理员,分拣员", [Industry.SMART_LOGISTICS, Industry.AVIATION_LOGISTICS], "仓储管理、叉车", Education.SENIOR),
    ("客服专员,行政助理", [Industry.COMMERCE], "沟通、电脑操作、办公软件", Education.VOCATIONAL),
    ("电工", [Industry.AVIATION_SUPPLY], "电工证、维修", Education.SENIOR),
    ("物联网运维工程师", [Industry.IOT], "网络、Python", Education.BACHELOR),
    ("收银员", [Industry.COMMERCE], "收银、沟通", Education.JUNIOR),
    ("快递驾驶员", [Industry.SMART_LOGISTICS], "C1驾照、驾驶", Education.JUNIOR),
]


def load() -> None:
    rng = random.Random(11)
    today = timezone.localdate()
    centre = User.objects.filter(username="centre").first()
    committee = User.objects.filter(username="committee_a01").first()
    ventures = list(Venture.objects.order_by("pk")[:4])
    employers = []
    for index, (name, industry, code) in enumerate(EMPLOYERS):
        area = Area.objects.filter(code=code).first() or Area.objects.order_by("code").first()
        if area is None:
            return
        employer, _ = Employer.objects.get_or_create(
            name=name,
            defaults={
                "industry": industry,
                "area": area,
                "contact_name": rng.choice(["沈经理", "陆主管", "顾女士", "朱先生"]),
                **phone_columns(f"1380021{index:04d}"),
                "caretaker": centre,
            },
        )
        employers.append(employer)
    for venture in ventures:
        employer, _ = Employer.objects.get_or_create(
            name=venture.name,
            defaults={"venture": venture, "industry": venture.industry, "area": venture.area, "caretaker": committee},
        )
        employers.append(employer)
    if Vacancy.objects.exists():
        return  # vacancies and recommendations below are loaded once
    vacancies = []
    for index, employer in enumerate(employers):
        for title, skills, education, pay_min, pay_max, hours, age_min, age_max in rng.sample(JOBS, 3):
            vacancy = Vacancy(
                employer=employer,
                title=title,
                posts=rng.choice([1, 2, 3, 5]),
                pay_min=pay_min,
                pay_max=pay_max,
                hours=hours,
                education_min=education,
                age_min=age_min,
                age_max=age_max,
                skills=skills,
                industry=employer.industry,
                area=employer.area,
                opens_on=today - datetime.timedelta(days=rng.randrange(5, 60)),
                closes_on=today + datetime.timedelta(days=rng.randrange(10, 90)) if index % 4 else None,
            )
            vacancies.append(services.vacancy_save(vacancy=vacancy, by=centre))

    seekers: list[Person] = []
    # Not the founder of a venture registered this year or last: a founder is not hired as an
    # employee in the year the venture starts (hires below start within the last 200 days).
    recent_founders = Venture.objects.filter(registered_on__year__gte=today.year - 1, founder__isnull=False).values(
        "founder_id"
    )
    for group in WORKLIST_GROUPS:
        worklist = clearance_worklist(group=group, year=today.year, as_of=today).exclude(pk__in=recent_founders)
        seekers += list(worklist.order_by("area__code", "pk")[:40])
    for person in seekers:
        job, industries, skills, education = rng.choice(WISHES)
        JobSeekerProfile.objects.get_or_create(
            person=person,
            defaults={
                "desired_job": job,
                "industries": [str(i) for i in industries],
                "hours": rng.choice([h for h, _ in Hours.choices]),
                "pay_expected": rng.choice([5000, 6000, 7000, 8000]),
                "skills": skills,
                "education": education,
            },
        )
    # Recommendations at every stage; hires leave the worklist and get their checks.
    plan = ["recommended", "interview", "not_hired", "declined", "hired", "hired", "interview", "recommended"]
    for person, stage in zip(seekers[::3], plan * 3, strict=False):
        vacancy = rng.choice([v for v in vacancies if v.is_open_on(today)])
        if Recommendation.objects.filter(person=person, vacancy=vacancy).exists():
            continue
        started = today - datetime.timedelta(days=rng.randrange(20, 200))
        recommendation = services.recommendation_create(
            person=person, vacancy=vacancy, by=committee or centre, today=today, score=rng.randrange(30, 90)
        )
        Recommendation.objects.filter(pk=recommendation.pk).update(recommended_on=started)
        if stage == "recommended":
            continue
        if stage in ("interview", "hired"):
            recommendation = services.recommendation_move(
                recommendation=recommendation,
                to_stage="interview",
                by=centre,
                on=started + datetime.timedelta(days=5),
            )
        if stage == "interview":
            continue
        vacancy.refresh_from_db()
        if stage == "hired" and vacancy.status != Vacancy.Status.OPEN:
            continue
        services.recommendation_move(
            recommendation=recommendation,
            to_stage=stage,
            by=centre,
            on=started + datetime.timedelta(days=12),
            reason="" if stage == "hired" else rng.choice(["专业技能不符", "本人嫌通勤太远", "已另找工作"]),
        )
    # One placement that did not last, so the placements page shows what staff must follow up.
    short = Recommendation.objects.filter(
        stage="hired", checks__checked_on__isnull=True, checks__due_on__lt=today
    ).first()
    if short is not None:
        check = short.checks.order_by("due_on").first()
        if check is not None:
            services.placement_check_record(
                check=check, checked_on=today, still_employed=False, note="本人已离职，需重新推荐", by=centre
            )
