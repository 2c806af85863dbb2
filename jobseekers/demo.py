"""Demo register: about 1,500 residents over the 74 demo committees (more in A01 and A02, so the
committee demo logins see life), their households, target-group memberships of every group
(some not willing, with reasons and re-confirmation dates), employment records and
zero-employment household certifications, some cleared and some not.

Deterministic (one seeded ``random.Random``) and idempotent: persons are keyed by their ID
number's keyed hash, households by number, memberships and employments by their natural keys,
so a second run adds nothing. Rows are written in bulk (demo data is not a staff action, so it is
not written to the audit log row by row; the command runs under the ``demo`` audit source).
ID numbers are valid for python-stdnum, which checks that the region code existed in the birth
year: 310225 (南汇县) for births 1982-1991, 310115 (浦东新区) from 1992, city districts before 1982.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from stdnum.cn import ric

from jobseekers.models import (
    Employment,
    Household,
    Person,
    TargetGroupMembership,
    UnemploymentRegistration,
    ZeroEmploymentCertification,
)
from zhuqiao.models import Area
from zhuqiao.personal_data import encrypt, mask_id_number, phone_columns

SEED = 20260303
TOTAL = 1500
HEAVY = {"A01": 150, "A02": 120}

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欣晨阳东亮文博")
GIVEN_FEMALE = list("芳娜敏静丽艳娟霞秀燕玲桂丹萍红玉兰英梅琳雪慧莹颖倩婷佳悦欣怡琪晶洁")
STREETS = ["祝桥镇", "东海村", "星火村", "邓三村", "营前村", "施湾", "川六公路", "航城路", "空港一路", "晨阳路"]
EMPLOYERS = [
    "上海浦东国际机场货运站",
    "东方航空物流股份有限公司",
    "上海祝桥空港物流有限公司",
    "中国商飞总装制造中心",
    "上海航城智慧物流有限公司",
    "祝桥镇社区卫生服务中心",
    "上海东航食品有限公司",
    "浦东新区祝桥镇市容环境管理所",
    "上海星火农业科技有限公司",
    "顺丰速运（祝桥站）",
]
UNWILLING_REASONS = [
    "照顾家中老人",
    "照顾年幼子女",
    "身体原因暂不就业",
    "在读继续教育",
    "准备自主创业考察中",
    "家庭务农",
]


def _name(rng: random.Random, female: bool) -> str:
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _id_number(rng: random.Random, birth: datetime.date, female: bool, taken: set[str]) -> str:
    # python-stdnum checks the region existed in the birth year: 310225 (南汇县, which Zhuqiao
    # belonged to) for 1982-2001, 310115 (浦东新区) from 1992; earlier births got city district codes.
    if birth.year < 1982:
        region = rng.choice(["310101", "310104", "310110"])
    elif birth.year < 1992:
        region = "310225"
    else:
        region = rng.choice(["310115", "310115", "310225"]) if birth.year <= 2001 else "310115"
    while True:
        seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
        body = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return number


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(0, (end - start).days + 1))


def _plan_counts(areas: list[Area]) -> dict[str, int]:
    rest = [a for a in areas if a.code not in HEAVY]
    per_area = (TOTAL - sum(HEAVY.values())) // max(len(rest), 1)
    counts = {a.code: per_area for a in rest}
    counts.update({code: n for code, n in HEAVY.items() if any(a.code == code for a in areas)})
    return counts


def load() -> None:
    rng = random.Random(SEED)
    year = timezone.localdate().year  # every date of the demo is relative to today
    areas = list(Area.objects.filter(code__regex=r"^A\d\d$").order_by("code"))
    if not areas:
        return
    counts = _plan_counts(areas)
    taken: set[str] = set()
    households: dict[str, Household] = {
        h.household_no: h for h in Household.objects.filter(household_no__startswith="A")
    }
    existing_hashes = set(Person.objects.values_list("id_number_hash", flat=True))
    planned: list[tuple[Person, str]] = []  # (person, role in the plan)
    new_households: list[Household] = []

    for area in areas:
        n = counts.get(area.code, 0)
        made = 0
        house_no = 0
        while made < n:
            house_no += 1
            number = f"{area.code}-{house_no:04d}"
            size = min(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]), n - made)
            address = (
                f"浦东新区{rng.choice(STREETS)}{rng.randrange(1, 300)}号"  # drawn always: keeps the run deterministic
            )
            household = households.get(number)
            if household is None:
                household = Household(household_no=number, area=area, address=address)
                households[number] = household
                new_households.append(household)
            for member in range(size):
                female = rng.random() < 0.5
                if member == 0:
                    birth = _day(rng, datetime.date(year - 60, 1, 1), datetime.date(year - 36, 12, 31))
                elif member == 1:
                    birth = _day(rng, datetime.date(year - 58, 1, 1), datetime.date(year - 34, 12, 31))
                else:
                    birth = _day(rng, datetime.date(year - 31, 1, 1), datetime.date(year - 18, 6, 30))
                person = Person(
                    name=_name(rng, female),
                    area=area,
                    household=household,
                    **phone_columns(f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"),
                )
                number_ = _id_number(rng, birth, female, taken)
                person.id_number_hash = Person.hash_id_number(number_)
                person.id_number_last4 = number_[-4:]
                person.id_number_masked = mask_id_number(number_)
                person.birth_date = birth
                person.sex = Person.Sex.FEMALE if female else Person.Sex.MALE
                person._demo_number = number_  # type: ignore[attr-defined]
                planned.append((person, number_))
                made += 1

    Household.objects.bulk_create(new_households)
    fresh = [p for p, _n in planned if p.id_number_hash not in existing_hashes]
    for person in fresh:
        person.id_number_encrypted = encrypt(person._demo_number)  # type: ignore[attr-defined]
        person.household_id = person.household.pk if person.household else None
    Person.objects.bulk_create(fresh, batch_size=500)

    by_hash = dict(Person.objects.values_list("id_number_hash", "pk"))
    _records(rng, [(by_hash[p.id_number_hash], p) for p, _n in planned])
    _certifications(rng, households)
    _unemployment_registrations()


def _records(rng: random.Random, persons: list[tuple[int, Person]]) -> None:
    """Memberships of every group and employment records, in the shape the town reports on."""
    existing_m = set(TargetGroupMembership.objects.values_list("person_id", "group", "start_date"))
    existing_e = set(Employment.objects.values_list("person_id", "start_date"))
    memberships: list[TargetGroupMembership] = []
    employments: list[Employment] = []
    today = timezone.localdate()
    year = today.year

    def membership(pk: int, group: str, start: datetime.date, **extra: object) -> None:
        if (pk, group, start) not in existing_m:
            existing_m.add((pk, group, start))
            memberships.append(TargetGroupMembership(person_id=pk, group=group, start_date=start, **extra))

    def job(pk: int, start: datetime.date, end: datetime.date | None = None) -> None:
        kind = rng.choices(list(Employment.Kind.values), weights=[60, 20, 10, 10])[0]
        employer = rng.choice(EMPLOYERS)
        if (pk, start) not in existing_e:
            existing_e.add((pk, start))
            employer = employer if kind in ("employed", "public_welfare") else ""
            note = {"flexible": "网约配送", "self_employed": "个体经营"}.get(kind, "")
            employments.append(
                Employment(person_id=pk, start_date=start, end_date=end, kind=kind, employer=employer, note=note)
            )

    G = TargetGroupMembership.Group
    for pk, person in persons:
        age = today.year - person.birth_date.year
        # the two committees with demo logins carry a heavier caseload, so their worklists show life
        roll = rng.random() * (0.6 if person.area.code in HEAVY else 1.0)
        if 21 <= age <= 24 and roll < 0.5:
            graduated = datetime.date(rng.choice([year - 1, year]), rng.choice([6, 7]), rng.choice([15, 30]))
            if graduated > today:
                graduated = graduated.replace(year=year - 1)
            membership(pk, G.GRADUATE, graduated)
            if rng.random() < 0.7:
                job(pk, graduated + datetime.timedelta(days=rng.randrange(10, 120)))
            continue
        if age < 16 or age > 62:
            continue
        if roll < 0.12:
            group = G.UNEMPLOYED
        elif roll < 0.21:
            group = G.DIFFICULTY
        elif roll < 0.23:
            group = G.VETERAN
        elif roll < 0.25:
            group = G.LAID_OFF
        else:
            if rng.random() < 0.55:
                job(pk, _day(rng, datetime.date(year - 14, 1, 1), datetime.date(year - 1, 12, 31)))
            continue
        start = _day(rng, datetime.date(year - 2, 3, 1), today - datetime.timedelta(days=32))
        ended = rng.random() < 0.1
        if rng.random() < 0.12:
            membership(
                pk,
                group,
                start,
                willing=False,
                unwilling_reason=rng.choice(UNWILLING_REASONS),
                reconfirm_on=_day(rng, today - datetime.timedelta(days=31), today + datetime.timedelta(days=150)),
            )
            continue
        membership(pk, group, start, end_date=_day(rng, start, today) if ended else None)
        luck = rng.random()
        if luck < 0.55:
            job(pk, start + datetime.timedelta(days=rng.randrange(15, 200)))
        elif luck < 0.65:
            first = start + datetime.timedelta(days=rng.randrange(5, 60))
            job(pk, first, first + datetime.timedelta(days=rng.randrange(30, 150)))
    TargetGroupMembership.objects.bulk_create(memberships, batch_size=500)
    Employment.objects.bulk_create([e for e in employments if e.start_date <= today], batch_size=500)


def _unemployment_registrations() -> None:
    """Every demo 登记失业人员 membership as the 失业登记 that opened it; an ended one was 注销 on its
    end date (on finding a job when the person has one starting by then, otherwise at their request)."""
    open_per_person: set[int] = set()
    rows: list[UnemploymentRegistration] = []
    memberships = TargetGroupMembership.objects.filter(
        group=TargetGroupMembership.Group.UNEMPLOYED, unemployment_registration__isnull=True
    ).order_by("person_id", "start_date")
    for m in memberships:
        if m.end_date is None:
            if m.person_id in open_per_person:
                continue
            open_per_person.add(m.person_id)
        reason = ""
        if m.end_date is not None:
            employed = Employment.objects.filter(person_id=m.person_id, start_date__lte=m.end_date).exists()
            reason = UnemploymentRegistration.Reason.EMPLOYED if employed else UnemploymentRegistration.Reason.REQUESTED
        rows.append(
            UnemploymentRegistration(
                person_id=m.person_id,
                registered_on=m.start_date,
                deregistered_on=m.end_date,
                reason=reason,
                membership=m,
            )
        )
    UnemploymentRegistration.objects.bulk_create(rows, batch_size=500)


def _certifications(rng: random.Random, households: dict[str, Household]) -> None:
    """About 60 zero-employment certifications, each of a household where no member of working
    age has a job on the certification day (as a certifier would check); a job of a member after
    one clears it."""
    from jobseekers.selectors import is_working_age

    existing = set(ZeroEmploymentCertification.objects.values_list("household_id", "certified_on"))
    chosen = [households[no] for no in sorted(households) if rng.random() < 0.3]
    chosen += [households[no] for no in sorted(households) if no[:3] in ("A01", "A02") and no[-1] in "37"]
    jobs: dict[int, list[tuple[datetime.date, str, datetime.date, datetime.date | None]]] = {}
    for household_id, birth_date, sex, start, end in Employment.objects.filter(
        person__household__in=chosen
    ).values_list("person__household_id", "person__birth_date", "person__sex", "start_date", "end_date"):
        jobs.setdefault(household_id, []).append((birth_date, sex, start, end))

    def someone_works(household_id: int, day: datetime.date) -> bool:
        return any(
            start <= day and (end is None or end >= day) and is_working_age(birth_date, sex, day)
            for birth_date, sex, start, end in jobs.get(household_id, [])
        )

    today = timezone.localdate()
    made = 0
    certifications = []
    clearing_jobs = []
    existing_e = set(Employment.objects.values_list("person_id", "start_date"))
    members: dict[int, list[int]] = {}
    for member_pk, household_id in Person.objects.filter(household__in=chosen).values_list("pk", "household_id"):
        if household_id is not None:
            members.setdefault(household_id, []).append(member_pk)
    for household in dict.fromkeys(chosen):
        # every draw happens whether or not the row exists, so a second run draws the same values
        # certified before the job-matching demo's hires (the months before "today"), so that a
        # hire never predates a certification of its household
        certified_on = _day(rng, datetime.date(today.year - 2, 9, 1), today - datetime.timedelta(days=200))
        willing = rng.random() < 0.9
        clears = rng.random() < 0.55
        start = certified_on + datetime.timedelta(days=rng.randrange(20, 180))
        people = sorted(members.get(household.pk, []))
        pk = rng.choice(people) if people else None
        if made >= 60 or someone_works(household.pk, certified_on):
            continue
        made += 1
        if (household.pk, certified_on) in existing:
            continue
        existing.add((household.pk, certified_on))
        certifications.append(
            ZeroEmploymentCertification(household=household, certified_on=certified_on, willing=willing)
        )
        if pk is not None and clears and start <= today and (pk, start) not in existing_e:
            existing_e.add((pk, start))
            clearing_jobs.append(
                Employment(
                    person_id=pk, start_date=start, kind=Employment.Kind.PUBLIC_WELFARE, employer="祝桥镇公益性岗位"
                )
            )
    ZeroEmploymentCertification.objects.bulk_create(certifications)
    Employment.objects.bulk_create(clearing_jobs)
