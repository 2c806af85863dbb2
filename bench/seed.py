"""Town-sized synthetic data for the benchmarks, loaded with PostgreSQL COPY.

``seed_town()`` ensures, idempotently, a town of 74 committees with 200,000 persons, 80,000
households, 20,000 target-group memberships (with employments for part of them), zero-employment
certifications, 5,000 ventures, 20,000 policy benefits and 300,000 cases, plus six staff users.
``seed_town(scale=10)`` makes a district ten times larger (740 committees, ...).

Rows go in through COPY with every concrete column of the model: columns that a later migration
adds are filled from the field's default (or NULL), so the seeder keeps working as apps grow.
Data are deterministic (fixed random seed); ID numbers and credit codes are valid.
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from cases.models import Case, Category, ServiceType
from entrepreneurs.models import Industry, Policy, PolicyBenefit, Venture
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from rosters.importing.copying import copy_text
from zhuqiao.models import Area, Department, User
from zhuqiao.personal_data import encrypt, keyed_hash, mask_id_number, phone_columns

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉建国晨浩宇欣怡子涵梓轩雨欣佳豪俊杰思远志强海燕春梅晓东雪梅"
BATCH = 20_000
STAFF = ["bench_centre", "bench_committee", "bench_department", "bench_leader", "bench_admin", "bench_centre2"]


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> list[int]:
    """COPY rows (dicts of attname → value) into the model's table; return the new ids in order."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
        for chunk in _chunks(rows, BATCH):
            buffer = io.StringIO()
            for row in chunk:
                values = []
                for field in fields:
                    if field.attname in row:
                        value = row[field.attname]
                    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                        value = now
                    else:  # the field's default; "" for a blank text field, else None
                        value = field.get_default()
                    values.append(copy_text(value))
                buffer.write("\t".join(values) + "\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)  # type: ignore[attr-defined]
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [before])  # noqa: S608
        ids = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
        )
    return ids


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _id_number(rng: random.Random, serial: int) -> tuple[str, datetime.date, str]:
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 45))
    region = "310104"  # valid for every birth year in python-stdnum's history
    seq = serial % 1000
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    number = body + ric.calc_check_digit(body + "0")
    return number, birth, "M" if seq % 2 else "F"


def _credit_code(serial: int) -> str:
    body = f"913101{serial:011d}"
    return body + uscc.calc_check_digit(body)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


@transaction.atomic
def seed_town(*, scale: int = 1, seed: int = 20260101) -> dict[str, int]:
    """Ensure a town (scale 1) or a district (scale 10) of synthetic records; return the counts."""
    rng = random.Random(seed + scale)
    area_count = 74 * scale
    width = 2 if scale == 1 else 3
    codes = [f"A{n:0{width}d}" for n in range(1, area_count + 1)]
    target_persons = 200_000 * scale
    if Person.objects.count() >= target_persons and Case.objects.count() >= 300_000 * scale:
        return counts()

    for n, code in enumerate(codes, start=1):
        Area.objects.get_or_create(
            code=code,
            defaults={
                "name": f"基准{code}{'村' if n % 3 else '居委'}",
                "kind": Area.Kind.VILLAGE if n % 3 else Area.Kind.RESIDENTIAL,
            },
        )
    areas = list(Area.objects.filter(code__in=codes).values_list("id", flat=True))
    departments = list(Department.objects.values_list("id", flat=True))
    staff = []
    for username, role in zip(STAFF, ["centre", "committee", "department", "leader", "admin", "centre"], strict=True):
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "area_id": areas[0] if role == "committee" else None,
                "department_id": departments[2] if role == "department" else None,
                "is_superuser": role == "admin",
                "is_staff": role == "admin",
            },
        )
        staff.append(user.pk)

    # Households: 80,000 per town, spread evenly over the committees.
    household_count = 80_000 * scale
    household_area = [areas[i % len(areas)] for i in range(household_count)]
    household_ids = copy_rows(
        Household,
        (
            {"household_no": f"B{scale}H{i:08d}", "area_id": household_area[i], "address": ""}
            for i in range(household_count)
        ),
    )

    # Persons: each in a household of their committee (about 2.5 per household).
    def person_rows() -> Iterator[dict[str, Any]]:
        for i in range(target_persons):
            number, birth, sex = _id_number(rng, i)
            h = i % household_count
            yield {
                "name": _name(rng),
                "id_number_encrypted": encrypt(number),
                # keyed hash of a serial-unique string: the synthetic numbers repeat across 200k
                "id_number_hash": keyed_hash(f"{number}#{scale}#{i}"),
                "id_number_last4": number[-4:],
                "id_number_masked": mask_id_number(number),
                "sex": sex,
                "birth_date": birth,
                **phone_columns(f"13{rng.randrange(10**9):09d}"),
                "area_id": household_area[h],
                "household_id": household_ids[h],
            }

    person_ids = copy_rows(Person, person_rows())
    person_area = {pid: household_area[i % household_count] for i, pid in enumerate(person_ids)}

    # Target-group members (20,000 per town), about 60 % of them employed since.
    groups = [g for g, _ in TargetGroupMembership.Group.choices]
    members = rng.sample(person_ids, 20_000 * scale)
    memberships, employments = [], []
    for pid in members:
        group = rng.choices(groups, weights=[30, 40, 20, 5, 5])[0]
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 900))
        willing = rng.random() < 0.9
        ended = rng.random() < 0.15
        memberships.append(
            {
                "person_id": pid,
                "group": group,
                "start_date": start,
                "end_date": start + datetime.timedelta(days=rng.randrange(30, 400)) if ended else None,
                "willing": willing,
                "unwilling_reason": "" if willing else "照顾家庭",
                "reconfirm_on": None if willing else start + datetime.timedelta(days=180),
            }
        )
        if rng.random() < 0.6:
            job_start = start + datetime.timedelta(days=rng.randrange(10, 300))
            employments.append(
                {
                    "person_id": pid,
                    "start_date": job_start,
                    "end_date": job_start + datetime.timedelta(days=rng.randrange(60, 500))
                    if rng.random() < 0.2
                    else None,
                    "kind": rng.choice([k for k, _ in Employment.Kind.choices]),
                    "employer": f"上海基准企业{rng.randrange(2000)}有限公司",
                    "note": "",
                }
            )
    copy_rows(TargetGroupMembership, memberships)
    copy_rows(Employment, employments)
    copy_rows(
        ZeroEmploymentCertification,
        (
            {
                "household_id": hid,
                "certified_on": datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 900)),
                "willing": rng.random() < 0.85,
            }
            for hid in rng.sample(household_ids, 1_500 * scale)
        ),
    )

    # Ventures and policy benefits.
    industries = [i for i, _ in Industry.choices]
    founders = rng.sample(person_ids, 5_000 * scale)
    venture_ids = copy_rows(
        Venture,
        (
            {
                "credit_code": _credit_code(scale * 10_000_000 + i),
                "name": f"上海祝桥基准{i}科技有限公司",
                "kind": rng.choice([k for k, _ in Venture.Kind.choices]),
                "registered_on": datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(0, 2100)),
                "area_id": person_area[pid],
                "industry": rng.choice(industries),
                "founder_id": pid,
                "jobs_created": rng.randrange(0, 30),
                "status": Venture.Status.OPERATING,
                "deregistered_on": None,
            }
            for i, pid in enumerate(founders)
        ),
    )
    venture_area = dict(zip(venture_ids, (person_area[p] for p in founders), strict=True))
    policies = []
    for name, level in [
        ("基准房租补贴", "district"),
        ("基准担保贷款贴息", "city"),
        ("基准社保补贴", "city"),
        ("基准镇级奖励", "town"),
    ]:
        policy, _ = Policy.objects.get_or_create(name=name, defaults={"level": level, "window_months": 36})
        policies.append(policy.pk)
    benefit_keys = set()
    benefits = []
    while len(benefits) < 20_000 * scale:
        key = (
            rng.choice(venture_ids),
            rng.choice(policies),
            datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1400)),
        )
        if key in benefit_keys:
            continue
        benefit_keys.add(key)
        benefits.append(
            {
                "venture_id": key[0],
                "policy_id": key[1],
                "granted_on": key[2],
                "amount": Decimal(rng.randrange(1000, 200000)),
            }
        )
    copy_rows(PolicyBenefit, benefits)

    # Cases: 300,000 per town, 90 % about persons, 10 % about ventures.
    services = []
    for name, category in [
        ("基准政策咨询", Category.STARTUP),
        ("基准职业指导", Category.EMPLOYMENT),
        ("基准开业诊断", Category.STARTUP),
    ]:
        service, _ = ServiceType.objects.get_or_create(name=name, defaults={"category": category})
        services.append((service.pk, category))
    statuses = [s for s, _ in Case.Status.choices]

    def case_rows() -> Iterator[dict[str, Any]]:
        for i in range(300_000 * scale):
            service_id, category = rng.choice(services)
            opened = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1400))
            status = rng.choices(statuses, weights=[15, 25, 5, 50, 5])[0]
            about_venture = rng.random() < 0.1
            subject = rng.choice(venture_ids) if about_venture else rng.choice(person_ids)
            yield {
                "ref": f"ZQB{scale}-{i:08d}",
                "category": category,
                "service_id": service_id,
                "person_id": None if about_venture else subject,
                "venture_id": subject if about_venture else None,
                "area_id": venture_area[subject] if about_venture else person_area[subject],
                "department_id": rng.choice(departments),
                "owner_id": rng.choice(staff),
                "opened_on": opened,
                "status": status,
                "outcome": "",
                "closed_on": opened + datetime.timedelta(days=rng.randrange(0, 60)) if status == "closed" else None,
            }

    copy_rows(Case, case_rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts()


def counts() -> dict[str, int]:
    return {
        "areas": Area.objects.count(),
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "memberships": TargetGroupMembership.objects.count(),
        "employments": Employment.objects.count(),
        "ventures": Venture.objects.count(),
        "benefits": PolicyBenefit.objects.count(),
        "cases": Case.objects.count(),
    }
