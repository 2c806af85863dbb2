"""Demo data of activities, cohorts, brands and evidence over this year and the two before.

Activities of every kind each year, with named participants drawn from the demo persons (the
jobseekers demo loads first; without persons only head counts are recorded), training cohorts
with enrolments, graduates and placements, service brands with media coverage, and evidence
for every indicator of last year and this one, each with a file, so that last year's dossier is
complete. Every date is computed from ``timezone.localdate()`` and none lies after today.
Idempotent (natural keys, files only added to records without any) and deterministic.
"""

from __future__ import annotations

import datetime
import io
import random
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities import services
from activities.models import Activity, Brand, BrandCoverage, Evidence, TrainingCohort
from jobseekers.models import Person, ZeroEmploymentCertification
from zhuqiao.models import Department

SEED = 20260507

ATTENDEES = "镇分管领导、社建办、社区事务受理服务中心、工会、团委、妇联、商会、市场监督管理所、税务局第二十七税务所、招商中心、经济发展服务中心"

# kind, organiser, partners, title pattern, place, target groups
ACTIVITY_PLANS: list[tuple[str, str, list[str], str, str, list[str]]] = [
    (
        Activity.Kind.CONTEST,
        "service_centre",
        ["youth_league", "chamber_of_commerce"],
        "{y}年祝桥镇“空港杯”创新创业大赛",
        "祝桥镇创业孵化实验基地",
        ["youth", "graduate"],
    ),
    (
        Activity.Kind.INTERVIEW_DAY,
        "chamber_of_commerce",
        ["service_centre"],
        "{y}年创业者访谈日：航空配套企业家面对面",
        "祝桥镇商会会议室",
        ["youth", "women"],
    ),
    (
        Activity.Kind.SHOWCASE_DAY,
        "investment_centre",
        ["service_centre"],
        "{y}年孵化企业项目展示日",
        "空港孵化器路演厅",
        ["graduate", "youth"],
    ),
    (
        Activity.Kind.SALON,
        "economic_centre",
        ["chamber_of_commerce"],
        "{y}年智慧物流与物联网行业沙龙",
        "祝桥镇经济发展服务中心",
        ["youth", "laid_off"],
    ),
    (
        Activity.Kind.MENTOR_TRAINING,
        "service_centre",
        ["trade_union"],
        "{y}年创业导师培训班",
        "祝桥镇社区事务受理服务中心",
        ["unemployed"],
    ),
    (
        Activity.Kind.JOB_FAIR,
        "service_centre",
        ["veterans_station", "trade_union"],
        "{y}年退役军人及新退工人员专场招聘会",
        "祝桥镇文体活动中心",
        ["veteran", "laid_off", "difficulty"],
    ),
    (
        Activity.Kind.CAREER_DAY,
        "veterans_station",
        ["service_centre"],
        "{y}年航空物流职业体验日",
        "浦东机场西货运区",
        ["veteran", "laid_off"],
    ),
    (
        Activity.Kind.YOUTH_CAMP,
        "youth_league",
        ["service_centre"],
        "{y}年“青创祝桥”青年训练营",
        "祝桥镇青年中心",
        ["youth", "graduate"],
    ),
    (
        Activity.Kind.POLICY_BRIEFING,
        "service_centre",
        ["tax_27", "market_supervision"],
        "{y}年市区两级创业扶持政策宣讲会",
        "祝桥镇社区事务受理服务中心",
        ["unemployed", "difficulty", "women"],
    ),
    (
        Activity.Kind.OTHER,
        "womens_federation",
        ["service_centre"],
        "{y}年“巾帼创业”女性创业分享会",
        "祝桥镇妇女之家",
        ["women"],
    ),
]

EXTRA_JOB_FAIRS = [
    ("youth_league", "{y}年高校毕业生专场招聘会", ["graduate", "youth"]),
    ("womens_federation", "{y}年女性灵活就业专场招聘会", ["women", "difficulty"]),
]

# name, owner, launched (years before this one, month, day), description
BRANDS: list[tuple[str, str, tuple[int, int, int], str]] = [
    (
        "祝桥创业荟",
        "service_centre",
        (4, 6, 1),
        "镇创业服务品牌：政策咨询、开业诊断、融资对接一站式服务。",
    ),
    ("镇园联动孵化服务点", "investment_centre", (3, 3, 15), "在孵化器内设服务点，招商与孵化联动。"),
    ("家门口就业服务站", "service_centre", (2, 4, 1), "74个居村委家门口就业服务。"),
    ("青创祝桥", "youth_league", (1, 4, 20), "面向青年的创业训练营与导师辅导品牌。"),
]
OUTLETS = [
    (BrandCoverage.Medium.PRINT, "浦东时报"),
    (BrandCoverage.Medium.ONLINE, "上海浦东门户网站"),
    (BrandCoverage.Medium.SOCIAL, "“祝桥发布”微信公众号"),
    (BrandCoverage.Medium.TV, "浦东电视台"),
]

# name pattern, kind, organiser, start (years before this one, month, day; None: 75 days ago), size
COHORTS: list[tuple[str, str, str, tuple[int, int, int] | None, int]] = [
    ("{y}年第一期创业培训班", TrainingCohort.Kind.ENTREPRENEURSHIP, "service_centre", (2, 4, 8), 12),
    ("{y}年航空物流就业技能培训班", TrainingCohort.Kind.EMPLOYMENT, "service_centre", (1, 3, 3), 20),
    ("{y}年“青创祝桥”青年训练营", TrainingCohort.Kind.YOUTH_CAMP, "youth_league", (1, 7, 7), 16),
    ("{y}年智慧物流就业技能培训班", TrainingCohort.Kind.EMPLOYMENT, "service_centre", None, 18),
]
EMPLOYERS = ["东方航空物流股份有限公司", "上海祝桥航空配套有限公司", "上海空港智慧物流有限公司", "上海祝桥商贸有限公司"]


def _png(seed: int) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (160, 100), (rng.randrange(120, 230), rng.randrange(120, 230), rng.randrange(120, 230)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, 140), rng.randrange(0, 80)
        draw.rectangle([x, y, x + rng.randrange(10, 40), y + rng.randrange(10, 30)], fill=(rng.randrange(256), 90, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"photo-{seed}.png", buffer.getvalue(), content_type="image/png")


def _pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF (ASCII body; the Chinese title is in the record and the file name)."""
    text = f"Zhuqiao evidence document {zlib.crc32(title.encode()) % 100000}".encode()
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{title[:40]}.pdf", body, content_type="application/pdf")


def _ensure_file(
    owner: Activity | Evidence | BrandCoverage | TrainingCohort, upload: SimpleUploadedFile, caption: str
) -> None:
    if not owner.attachments.exists():
        services.attachment_add(owner=owner, upload=upload, caption=caption)


def _activities(
    rng: random.Random, departments: dict[str, Department], persons: list[Person], today: datetime.date
) -> None:
    serial = 0
    women = [person for person in persons if person.sex == Person.Sex.FEMALE]
    for year, last_month in ((today.year - 2, 12), (today.year - 1, 12), (today.year, today.month)):
        plans = list(ACTIVITY_PLANS)
        if year >= today.year - 1:
            for organiser, title, groups in EXTRA_JOB_FAIRS:
                plans.append(
                    (Activity.Kind.JOB_FAIR, organiser, ["service_centre"], title, "祝桥镇文体活动中心", groups)
                )
        for index, (kind, organiser, partners, title, place, groups) in enumerate(plans):
            serial += 1
            month = 1 + (index * last_month) // len(plans)
            held_on = min(today, datetime.date(year, month, rng.randrange(3, 27)))
            planned = rng.randrange(40, 220)
            actual = max(10, planned - rng.randrange(-20, 40))
            activity = Activity.objects.filter(title=title.format(y=year), held_on__year=year).first()
            if activity is None:
                is_fair = kind == Activity.Kind.JOB_FAIR
                employers = rng.randrange(15, 45) if is_fair else 0
                posts = employers * rng.randrange(6, 14) if is_fair else 0
                offers = rng.randrange(posts // 10, posts // 5) if is_fair else 0
                activity = services.activity_create(
                    user=None,
                    kind=kind,
                    title=title.format(y=year),
                    held_on=held_on,
                    place=place,
                    organiser=departments[organiser],
                    partners=[departments[p] for p in partners],
                    target_groups=groups,
                    planned_participants=planned,
                    actual_participants=actual,
                    employers=employers,
                    posts_offered=posts,
                    offers_made=offers,
                    outcome=(
                        f"到场用人单位{employers}家，提供岗位{posts}个，现场达成录用意向{offers}人。"
                        if is_fair
                        else "活动反响良好，参与者对政策和服务的知晓度明显提升。"
                    ),
                )
                # The attendees of an activity for women are women (the ID number says so).
                pool = women if "women" in groups else persons
                if pool:
                    named = rng.sample(pool, k=min(len(pool), rng.randrange(3, 12)))
                    services.activity_participants_add(activity=activity, persons=named)
            _ensure_file(activity, _png(SEED + serial), "活动现场照片")


def _cohorts(
    rng: random.Random, departments: dict[str, Department], persons: list[Person], today: datetime.date
) -> None:
    founders = _founding_years()
    for number, (pattern, kind, organiser, planned, size) in enumerate(COHORTS):
        if planned is None:
            start = today - datetime.timedelta(days=75)
        else:
            back, month, day = planned
            start = min(today - datetime.timedelta(days=75), datetime.date(today.year - back, month, day))
        name = pattern.format(y=start.year)
        cohort = TrainingCohort.objects.filter(name=name).first()
        if cohort is None:
            cohort = services.cohort_create(
                name=name,
                kind=kind,
                organiser=departments[organiser],
                start_date=start,
                end_date=start + datetime.timedelta(days=26),
                trainer="浦东新区职业技能培训中心",
                capacity=size,
            )
        _ensure_file(cohort, _png(SEED + 500 + number), "开班合影")
        if not persons or cohort.enrolments.exists():
            continue
        trainees = rng.sample(persons, k=min(len(persons), size))
        services.cohort_enrol(cohort=cohort, persons=trainees, enrolled_on=start - datetime.timedelta(days=10))
        for enrolment in cohort.enrolments.select_related("person", "cohort").order_by("person_id"):
            roll = rng.random()
            if roll < 0.1:
                services.enrolment_drop(enrolment=enrolment)
            elif cohort.end_date <= today and (roll < 0.9 or cohort.end_date < today - datetime.timedelta(days=180)):
                services.enrolment_complete(enrolment=enrolment, completed_on=cohort.end_date)
                if rng.random() < 0.7:
                    start_date = cohort.end_date + datetime.timedelta(days=rng.randrange(5, 60))
                    # no job from before a zero-employment certification of the trainee's
                    # household: the household had no one working when it was certified
                    certified_later = enrolment.person.household_id is not None and (
                        ZeroEmploymentCertification.objects.filter(
                            household_id=enrolment.person.household_id, certified_on__gte=start_date
                        ).exists()
                    )
                    # nor a job in the year the trainee registered a venture of their own
                    founder_that_year = start_date.year in founders.get(enrolment.person_id, set())
                    if (
                        start_date <= today
                        and not certified_later
                        and not founder_that_year
                        and not enrolment.person.employments.filter(start_date=start_date).exists()
                    ):
                        services.placement_record(
                            enrolment=enrolment,
                            start_date=start_date,
                            employer=rng.choice(EMPLOYERS),
                            matched_on=cohort.end_date,
                        )


def _brands(rng: random.Random, departments: dict[str, Department], today: datetime.date) -> list[Brand]:
    brands = []
    first = today.year - 2
    for name, owner, (back, month, day), description in BRANDS:
        launched_on = datetime.date(today.year - back, month, day)
        brand = Brand.objects.filter(name=name).first() or services.brand_create(
            name=name, owner=departments[owner], launched_on=launched_on, description=description
        )
        brands.append(brand)
        for year in (first, first + 1, first + 2):
            if datetime.date(year, 12, 31) < launched_on:
                continue
            for n, (medium, outlet) in enumerate(OUTLETS[: 2 + (year - first) % 3]):
                serial = len(BRANDS) * 10 * (year - first) + brands.index(brand) * 10 + n
                title = f"{name}：{year}年{['服务成效', '走进基层', '创业故事', '年度回顾'][n]}"
                coverage = BrandCoverage.objects.filter(brand=brand, outlet=outlet, title=title).first()
                published = max(launched_on, datetime.date(year, 2 + n * 3, rng.randrange(1, 28)))
                if coverage is None and published > today:
                    continue
                if coverage is None:
                    coverage = services.brand_coverage_add(
                        brand=brand, medium=medium, outlet=outlet, title=title, published_on=published
                    )
                _ensure_file(coverage, _png(SEED + 1000 + serial), "报道截图")
    return brands


def _evidence(year: int, departments: dict[str, Department], brands: list[Brand], today: datetime.date) -> None:
    centre, shejianban = departments["service_centre"], departments["shejianban"]
    last_quarter = 4
    items: list[dict] = []
    for half, month in ((1, 2), (2, 8)):
        items.append(
            {
                "indicator": 2,
                "kind": Evidence.Kind.LEADING_GROUP_MEETING,
                "dated_on": datetime.date(year, month, 12),
                "title": f"{year}年第{half}次创建工作领导小组会议",
                "department": shejianban,
                "attendees": "镇党委副书记（组长）、分管副镇长（副组长）、社建办、社区事务受理服务中心及各成员单位负责人",
                "minutes": f"听取{year}年创建工作进展汇报，部署下阶段重点任务，明确各成员单位职责分工。",
            }
        )
    for quarter in range(1, last_quarter + 1):
        items.append(
            {
                "indicator": 2,
                "kind": Evidence.Kind.JOINT_MEETING,
                "dated_on": datetime.date(year, quarter * 3, 20),
                "title": f"{year}年第{quarter}季度就业创业工作联席会议",
                "department": centre,
                "attendees": ATTENDEES,
                "minutes": "通报重点群体就业和清零进度，协调解决创业企业开办、融资和场地等难点问题。",
            }
        )
    items += [
        {
            "indicator": 2,
            "kind": Evidence.Kind.RULE,
            "dated_on": datetime.date(year, 3, 1),
            "title": f"祝桥镇{year}年创建特色创业服务社区工作方案",
            "department": shejianban,
        },
        {
            "indicator": 2,
            "kind": Evidence.Kind.RULE,
            "dated_on": datetime.date(year, 5, 10),
            "title": f"祝桥镇就业创业联席会议制度（{year}年修订）",
            "department": shejianban,
        },
        {
            "indicator": 2,
            "kind": Evidence.Kind.FUNDS,
            "dated_on": datetime.date(year, 4, 15),
            "title": f"{year}年创业孵化实验基地运营经费",
            "department": centre,
            "amount": Decimal("350000.00") + (year - today.year + 1) * Decimal("50000"),
        },
        {
            "indicator": 2,
            "kind": Evidence.Kind.FUNDS,
            "dated_on": datetime.date(year, 6, 30),
            "title": f"{year}年就业创业活动专项经费",
            "department": centre,
            "amount": Decimal("128600.00"),
        },
        {
            "indicator": 1,
            "kind": Evidence.Kind.OTHER,
            "dated_on": datetime.date(year, 7, 5),
            "title": f"{year}年上半年市区两级创业扶持政策落实情况汇报",
            "department": centre,
        },
        {
            "indicator": 3,
            "kind": Evidence.Kind.OTHER,
            "dated_on": datetime.date(year, 9, 18),
            "title": f"{year}年创业载体服务保障及分类评估报告",
            "department": departments["investment_centre"],
        },
        {
            "indicator": 4,
            "kind": Evidence.Kind.SERVICE_BRAND,
            "dated_on": datetime.date(year, 4, 28),
            "title": f"“祝桥创业荟”品牌{year}年建设计划",
            "department": centre,
            "brand": brands[0],
        },
        {
            "indicator": 5,
            "kind": Evidence.Kind.OTHER,
            "dated_on": datetime.date(year, 11, 20),
            "title": f"{year}年就业创业氛围营造活动总结",
            "department": centre,
        },
        {
            "indicator": 6,
            "kind": Evidence.Kind.ROLE_MODEL,
            "dated_on": datetime.date(year, 10, 10),
            "title": f"{year}年祝桥镇自主创业典型事迹汇编",
            "department": departments["youth_league"],
        },
        {
            "indicator": 6,
            "kind": Evidence.Kind.MEDIA_COVERAGE,
            "dated_on": datetime.date(year, 10, 25),
            "title": f"创业典型专题报道（{year}）",
            "department": centre,
        },
        {
            "indicator": 7,
            "kind": Evidence.Kind.CHARACTERISTIC,
            "dated_on": datetime.date(year, 8, 30),
            "title": f"{year}年航空配套与航空物流产业创业孵化成效",
            "department": departments["economic_centre"],
        },
        {
            "indicator": 7,
            "kind": Evidence.Kind.CHARACTERISTIC,
            "dated_on": datetime.date(year, 9, 5),
            "title": f"{year}年科技农业创业项目帮扶成效",
            "department": departments["economic_centre"],
        },
    ]
    for item in items:
        if item["dated_on"] > today:
            continue  # not held or written yet
        evidence = Evidence.objects.filter(year=year, title=item["title"]).first()
        if evidence is None:
            evidence = services.evidence_create(year=year, **item)
        _ensure_file(evidence, _pdf(item["title"]), item["title"])


#: Decisions of the joint meetings: (text, owner department code, days after the meeting it is due).
DECISIONS = [
    ("梳理本季度登记失业人员名单，逐人落实岗位推荐。", "service_centre", 30),
    ("对接空港园区，摸排可供初创企业使用的空余工位和房间。", "investment_centre", 45),
    ("组织应届高校毕业生专场招聘会一场。", "youth_league", 60),
    ("开展女性创业技能培训班一期。", "womens_federation", 75),
    ("走访退役军人创业项目，收集融资需求。", "veterans_station", 40),
    ("在税务所办事大厅设置创业企业税收优惠政策宣传点。", "tax_27", 20),
]


def _founding_years() -> dict[int, set[int]]:
    """The years in which each founder registered a venture: {person id: {year, …}}."""
    from entrepreneurs.models import Venture

    years: dict[int, set[int]] = {}
    for person_id, registered_on in Venture.objects.filter(founder__isnull=False).values_list(
        "founder_id", "registered_on"
    ):
        years.setdefault(person_id, set()).add(registered_on.year)
    return years


def _decisions(departments: dict[str, Department]) -> None:
    """Decisions and action items of each joint meeting: the older ones carried out (one of them
    dropped), the recent ones open, some past their due date (they show on the owner's home)."""
    from django.utils import timezone

    from activities.models import MeetingDecision

    today = timezone.localdate()
    meetings = Evidence.objects.filter(kind=Evidence.Kind.JOINT_MEETING, decisions__isnull=True).order_by("dated_on")
    for index, meeting in enumerate(meetings):
        for offset in range(2):
            text, owner_code, days = DECISIONS[(index * 2 + offset) % len(DECISIONS)]
            owner = departments.get(owner_code)
            if owner is None:
                continue
            due_on = meeting.dated_on + datetime.timedelta(days=days)
            decision = MeetingDecision(meeting=meeting, text=text, owner=owner, due_on=due_on)
            age = (today - meeting.dated_on).days
            if age > 120 and (index + offset) % 5:
                decision.status = MeetingDecision.Status.DONE
                decision.closed_on = min(due_on, today)
                decision.closing_note = "已按期落实，材料已归档。"
            elif age > 120:
                decision.status = MeetingDecision.Status.DROPPED
                decision.closed_on = min(due_on, today)
                decision.closing_note = "经下次联席会议研究，并入其他事项办理。"
            decision.save()


def load() -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    persons = list(Person.objects.order_by("pk")[:400])
    _activities(rng, departments, persons, today)
    _cohorts(rng, departments, persons, today)
    brands = _brands(rng, departments, today)
    for year in (today.year - 1, today.year):
        _evidence(year, departments, brands, today)
    _decisions(departments)
