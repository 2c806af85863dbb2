"""Demo casework: a few hundred cases over the demo persons and ventures, in every status.

Idempotent by natural key: a case is identified by its subject, service and opened date, so a
second run finds them all and adds nothing. Deterministic: one seeded ``random.Random``.
Cases land with committee A01 and A02, with 团委 and 市场监督管理所, and with the centre, so
that every demo login opens a non-empty inbox. First, start-up services (法人一证通激活, 社保开户,
...) are logged for recent demo ventures, so that their pages show services had and missing;
idempotent by (venture, service), checked on every run.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseTransition, FollowUp, SatisfactionRating, ServiceType
from cases.services import FIRST_FOLLOW_UP_DAYS, case_open, case_transition, follow_up_add, rating_submit
from entrepreneurs import demo as venture_demo
from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.models import Area, Department, User

SEED = 20260404
TARGET_CASES = 240

EMPLOYMENT_SERVICES = ["职业指导", "岗位撮合", "培训报名", "失业登记", "就业困难认定咨询", "创业培训", "政策咨询"]
STARTUP_SERVICES = [
    "开业诊断",
    "政策咨询",
    "法人一证通激活",
    "社保开户",
    "银行开户咨询",
    "融资对接",
    "场地需求",
    "创业培训",
]

NOTES = [
    "电话回访，了解近期求职情况。",
    "上门走访，本人表示希望在祝桥附近就业。",
    "已推荐空港物流园区两个仓储岗位，约定下周面试。",
    "讲解了创业担保贷款和一次性开业补贴政策。",
    "协助准备开业所需材料，提醒办理法人一证通。",
    "本人已参加面试，等待企业反馈。",
    "陪同前往社区事务受理服务中心办理社保开户。",
    "对接航空配套企业人事，推荐简历一份。",
    "联系培训机构，已报名叉车操作培训班。",
    "微信沟通，对方暂未回复，下周再联系。",
]
OUTCOMES = [
    "已在祝桥镇内企业稳定就业。",
    "已完成开业诊断，出具书面建议。",
    "法人一证通已激活，可办理网上业务。",
    "社保账户已开立。",
    "已获得创业场地，入驻镇园联动孵化服务点。",
    "已完成培训报名并开班。",
    "政策已解答，本人表示清楚。",
]
REFERRAL_NOTES = [
    "涉及营业执照变更，请协助办理。",
    "青年创业者，请团委跟进创业导师对接。",
    "需办理失业登记和就业困难认定，请中心受理。",
    "有融资需求，请经济发展服务中心对接银行。",
]
CANCEL_NOTES = ["本人已自行解决，不再需要服务。", "重复登记，撤销。", "对方已迁出本镇。"]

FALLBACK_SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
FALLBACK_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
]


def _id_number(rng: random.Random, born: datetime.date, serial: int) -> str:
    """A checksum-valid resident ID number (GB 11643) of Pudong, for fallback demo persons only."""
    body = f"310115{born:%Y%m%d}{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _fallback_persons(rng: random.Random) -> None:
    """Only when the people register is empty (the jobseekers demo did not run): a few persons."""
    from jobseekers.services import person_create

    areas = list(Area.objects.filter(code__in=["A01", "A02", "A03", "A04", "A05"]))
    for n in range(60):
        born = datetime.date(
            timezone.localdate().year - 56 + rng.randint(0, 35), rng.randint(1, 12), rng.randint(1, 28)
        )
        name = rng.choice(FALLBACK_SURNAMES) + "".join(rng.choice(FALLBACK_GIVEN) for _ in range(rng.randint(1, 2)))
        number = _id_number(rng, born, 100 + n)
        if not Person.objects.filter(id_number_hash=Person.hash_id_number(number)).exists():
            person_create(
                name=name, id_number=number, area=areas[n % len(areas)], phone=f"139{rng.randint(0, 99999999):08d}"
            )


def load() -> None:
    _startup_cases()
    if FollowUp.objects.filter(note__in=NOTES).exists():
        return  # loaded before (possibly on another day, so the dates would differ)
    if not Person.objects.exists():
        _fallback_persons(random.Random(SEED))
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["centre", "committee_a01", "committee_a02", "dept_youth", "dept_market"]
        )
    }
    centre = users.get("centre") or User.objects.filter(role=User.Role.CENTRE).first()
    if centre is None:
        return
    departments = {d.code: d for d in Department.objects.all()}
    services = {s.name: s for s in ServiceType.objects.all()}
    local = Q(area__code__in=["A01", "A02"])
    persons = list(Person.objects.filter(local).order_by("pk")[:120]) + list(
        Person.objects.exclude(local).order_by("pk")[:160]
    )
    ventures = list(Venture.objects.filter(local).order_by("pk")[:40]) + list(
        Venture.objects.exclude(local).order_by("pk")[:80]
    )
    subjects: list[Person | Venture] = [*persons, *ventures]
    if not subjects:
        return
    today = timezone.localdate()
    receivers = {"youth_league": users.get("dept_youth"), "market_supervision": users.get("dept_market")}

    for n in range(TARGET_CASES):
        rng = random.Random(SEED + n)  # one generator per case: a skipped case shifts no other
        subject = subjects[n % len(subjects)] if n < len(subjects) else rng.choice(subjects)
        is_venture = isinstance(subject, Venture)
        service = services[rng.choice(STARTUP_SERVICES if is_venture else EMPLOYMENT_SERVICES)]
        opened_on = today - datetime.timedelta(days=rng.randint(1, 330))
        outcome_roll = rng.random()
        key = {"venture" if is_venture else "person": subject, "service": service, "opened_on": opened_on}
        if Case.objects.filter(**key).exists():
            continue
        area_code = subject.area.code
        owner = users.get(f"committee_{area_code.lower()}") or centre
        department = None
        if not is_venture and rng.random() < 0.2:
            department = departments.get("youth_league")
        elif is_venture and rng.random() < 0.25:
            department = departments.get("market_supervision")
        case = case_open(
            service=service,
            opened_by=owner,
            person=None if is_venture else subject,  # type: ignore[arg-type]
            venture=subject if is_venture else None,  # type: ignore[arg-type]
            department=department,
            opened_on=opened_on,
        )
        age = (today - opened_on).days
        actor = owner
        # An open case's next follow-up: mostly planned ahead, about one in seven already overdue.
        ahead = rng.choices([-20, -6, 5, 12, 30], weights=[1, 1, 4, 4, 3])[0]
        # Where the case goes: new 15 %, in progress 25 %, referred 15 %, closed 35 %, cancelled 10 %.
        if outcome_roll < 0.15:
            target = "new"
        elif outcome_roll < 0.40:
            target = "in_progress"
        elif outcome_roll < 0.55:
            target = "referred"
        elif outcome_roll < 0.90:
            target = "closed"
        else:
            target = "cancelled"
        if target == "new":
            first_on = max(opened_on, today + datetime.timedelta(days=ahead))
            Case.objects.filter(pk=case.pk).update(next_follow_up_on=first_on)
        if target == "cancelled":
            case_transition(case=case, user=actor, action="cancel", note=rng.choice(CANCEL_NOTES))
        elif target != "new":
            referred = target == "referred" or rng.random() < 0.3
            if referred:
                choices = [
                    c
                    for c in ("youth_league", "market_supervision", "service_centre", "economic_centre")
                    if departments.get(c) and departments[c].pk != case.department_id
                ]
                to = departments[rng.choice(choices)]
                case_transition(case=case, user=actor, action="refer", department=to, note=rng.choice(REFERRAL_NOTES))
                if target != "referred":
                    actor = receivers.get(to.code) or centre
                    case_transition(case=case, user=actor, action="accept")
            else:
                case_transition(case=case, user=actor, action="start")
            for k in range(rng.randint(1, 3)):
                noted = opened_on + datetime.timedelta(days=min(age, 3 + 9 * k))
                next_on = max(noted, today + datetime.timedelta(days=ahead)) if target != "closed" else None
                follow_up_add(
                    case=case,
                    author=actor,
                    note=rng.choice(NOTES),
                    noted_on=noted,
                    next_follow_up_on=next_on if next_on and next_on >= noted else None,
                )
            if target == "closed":
                case_transition(case=case, user=actor, action="close", outcome=rng.choice(OUTCOMES))
                closed_on = min(today, opened_on + datetime.timedelta(days=rng.randint(2, 40)))
                # Demo history: date the closure when it happened, not today.
                Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
                if rng.random() < 0.6:
                    rating = rating_submit(
                        case=case,
                        score=rng.choice([5, 5, 5, 4, 4, 3, 2]),
                        comment=rng.choice(["", "", "服务很周到。", "办事效率高，谢谢！", "希望多推荐一些岗位。"]),
                    )
                    rated_at = timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(19, 30)))
                    SatisfactionRating.objects.filter(pk=rating.pk).update(rated_at=rated_at)
        backdate_transitions(case, opened_on, today)


def backdate_transitions(case: Case, opened_on: datetime.date, today: datetime.date) -> None:
    """Demo history: spread the workflow steps over the days after opening instead of 'now'."""
    for offset, step in enumerate(CaseTransition.objects.filter(case=case).order_by("id")):
        day = min(today, opened_on + datetime.timedelta(days=offset * 3))
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + offset % 8, 15)))
        CaseTransition.objects.filter(pk=step.pk).update(at=at)
    FollowUp.objects.filter(case=case, noted_on__gt=today).update(noted_on=today)


# The start-up cases of recent demo ventures: the first 40 registered within 540 days, drawn from
# the seed they always had (that of the ventures' demo, plus one).
STARTUP_SEED = venture_demo.SEED + 1
STARTUP_RECENT_DAYS = 540
STARTUP_VENTURES = 40
STARTUP_OUTCOME = "服务已办结，材料已归档。"


def _startup_cases() -> None:
    """Some start-up services logged for recent ventures, so their pages show had and missing."""
    rng = random.Random(STARTUP_SEED)
    today = timezone.localdate()
    recent_since = today - datetime.timedelta(days=STARTUP_RECENT_DAYS)
    ventures = [v for v in venture_demo.demo_ventures() if v.registered_on >= recent_since][:STARTUP_VENTURES]

    services = list(ServiceType.objects.filter(is_startup_service=True, is_active=True).order_by("sort_order"))
    centre = User.objects.filter(username="centre").first()
    if not services or centre is None:
        return
    had = set(Case.objects.filter(venture__in=ventures, service__in=services).values_list("venture_id", "service_id"))
    for venture in ventures:
        chosen = rng.sample(services, rng.randint(0, len(services)))
        # every draw happens whether or not the case exists, so a second run draws the same values
        opened_after = [(rng.randint(1, 20), rng.randint(1, 10)) for _service in chosen]
        for service, (days, took) in zip(chosen, opened_after, strict=True):
            if (venture.pk, service.pk) in had:
                continue
            opened_on = min(today, venture.registered_on + datetime.timedelta(days=days))
            case = case_open(service=service, opened_by=centre, venture=venture, opened_on=opened_on, outcome="")
            if opened_on + datetime.timedelta(days=FIRST_FOLLOW_UP_DAYS) < today:
                # A start-up service of past weeks was carried out (only the recent ones are open),
                # so the open cases are not mostly overdue.
                case_transition(case=case, user=centre, action="start")
                case_transition(case=case, user=centre, action="close", outcome=STARTUP_OUTCOME)
                done_on = min(today, opened_on + datetime.timedelta(days=took))
                Case.objects.filter(pk=case.pk).update(closed_on=done_on)
                backdate_transitions(case, opened_on, today)
