"""Demo venture register: about 300 ventures over the demo committees (founders are demo persons
of the people register, none employed by someone else in the year of registration), every kind
and industry, policy benefits of every level over this year and the two before so that the
year-on-year numbers move, role models with generated photos, and a few ventures whose policy
windows close within the next weeks. (Their start-up services logged as cases are the cases demo's,
loaded next: ``cases.demo``.)

Deterministic (one seeded ``random.Random``) and idempotent: ventures are keyed by their credit
code, benefits by (venture, policy, date), role models by (subject, year); a second run adds
nothing. Dates near "today" (the closing windows) are relative to the day of the first load.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.cn import uscc

from entrepreneurs.models import (
    CHARACTERISTIC_INDUSTRIES,
    Industry,
    Policy,
    PolicyBenefit,
    RoleModel,
    SharedAddress,
    Venture,
    earliest_registration_inside,
)
from jobseekers.models import Employment, Person
from zhuqiao.models import Area

SEED = 20260505
TOTAL = 300

# Registration authority + entity type prefixes of GB 32100 for each kind, Pudong region code.
CODE_PREFIX: dict[str, str] = {
    Venture.Kind.ENTERPRISE: "91310115MA",
    Venture.Kind.INDIVIDUAL: "92310115MA",
    Venture.Kind.COOPERATIVE: "93310115MA",
    Venture.Kind.NON_ENTERPRISE: "52310115MJ",
}
KIND_WEIGHTS = [
    (Venture.Kind.ENTERPRISE, 55),
    (Venture.Kind.INDIVIDUAL, 30),
    (Venture.Kind.COOPERATIVE, 10),
    (Venture.Kind.NON_ENTERPRISE, 5),
]
INDUSTRY_WORDS: dict[str, list[str]] = {
    Industry.AVIATION_SUPPLY: ["航空配件", "航材科技", "飞机内饰", "航空零部件", "机载设备"],
    Industry.AVIATION_LOGISTICS: ["航空物流", "空港货运", "国际货运代理", "航空速运"],
    Industry.SMART_LOGISTICS: ["智慧物流", "云仓供应链", "智能仓储", "冷链配送"],
    Industry.IOT: ["物联网科技", "智能传感", "智联科技", "数字孪生"],
    Industry.COMMERCE: ["商贸", "跨境电商", "贸易", "食品商行"],
    Industry.AGRITECH: ["农业科技", "生态农业", "智慧农场", "种苗科技"],
    Industry.OTHER: ["文化传播", "餐饮管理", "家政服务", "教育科技", "设计工作室"],
}
BRAND = list("航祝桥东海星火晨阳盐仓滨海施湾营前川沙临空启明汇鑫恒泰瑞丰嘉禾")
PRODUCE = ["蔬菜", "葡萄", "草莓", "水稻", "桃", "西甜瓜", "花卉苗木"]
TRAINING = ["职业技能培训中心", "社区服务中心", "青少年发展中心", "养老服务社"]

AMOUNTS = {
    "创业场地房租补贴": (6000, 36000),
    "创业担保贷款及贴息": (8000, 60000),
    "初创期创业组织社会保险费补贴": (3000, 24000),
    "一次性创业补贴": (8000, 8000),
    "创业带动就业补贴": (2000, 30000),
    "创业孵化基地入驻补贴": (5000, 20000),
    "镇级创业扶持奖励": (2000, 10000),
}
ROLE_MODEL_TITLES = [
    "祝桥镇创业之星",
    "优秀返乡创业带头人",
    "空港特色产业创业典型",
    "青年创业标兵",
    "巾帼创业能手",
    "带动就业先进创业组织",
]
STORIES = [
    "{name}从一间十几平方米的办公室起步，在镇创业服务站指导下完成开业诊断、申领房租补贴，"
    "两年内业务覆盖浦东机场周边物流园区，吸纳本镇居民{jobs}人就业。",
    "{name}扎根{area}，依托镇园联动孵化服务点获得融资对接和场地支持，坚持技术创新，带动周边{jobs}户家庭增收。",
    "{name}在创业大赛中脱颖而出，享受初创期社会保险费补贴后稳步扩张，优先招用本镇就业困难人员和应届毕业生共{jobs}人。",
]


def _credit_code(kind: str, n: int) -> str:
    body = f"{CODE_PREFIX[kind]}{2_000_000 + n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def _venture_name(rng: random.Random, kind: str, industry: str, founder: Person | None, area: Area) -> str:
    word = rng.choice(INDUSTRY_WORDS[industry])
    brand = rng.choice(BRAND) + rng.choice(BRAND)
    surname = founder.name[0] if founder else rng.choice(BRAND)
    if kind == Venture.Kind.INDIVIDUAL:
        return f"浦东新区祝桥镇{surname}记{word}经营部"
    if kind == Venture.Kind.COOPERATIVE:
        return f"上海{area.name[:4]}{rng.choice(PRODUCE)}专业合作社"
    if kind == Venture.Kind.NON_ENTERPRISE:
        return f"上海浦东{brand}{rng.choice(TRAINING)}"
    return f"上海{brand}{word}有限公司"


def _photo(rng: random.Random) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (rng.randint(20, 90), rng.randint(60, 120), rng.randint(120, 200)))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        x = rng.randint(0, 400)
        draw.rectangle((x, 180 - i * 20, x + 80, 320), fill=(230, 230 - i * 20, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


#: Shared registration addresses (集中注册地址) of the 招商中心's register (fictitious).
SHARED_ADDRESSES = [
    ("浦东新区祝桥镇航城路88号（集中登记地·演示）", "上海祝桥航城企业服务有限公司（演示）", "张经理 021-58100001", 300),
    ("浦东新区祝桥镇空港一路199号（集中登记地·演示）", "祝桥空港园区管理方（演示）", "李经理 021-58100002", 200),
    ("浦东新区祝桥镇晨阳路66号（集中登记地·演示）", "祝桥镇招商中心（演示）", "", None),
]


def _shared_addresses() -> None:
    """The register of shared addresses and about one venture in six registered at one of them."""
    if SharedAddress.objects.exists():
        return
    addresses = [
        SharedAddress.objects.create(address=address, manager=manager, contact=contact, capacity=capacity)
        for address, manager, contact, capacity in SHARED_ADDRESSES
    ]
    ventures = list(Venture.objects.filter(kind=Venture.Kind.ENTERPRISE).order_by("credit_code")[::6][:60])
    for index, venture in enumerate(ventures):
        venture.shared_address = addresses[index % 2 if index % 7 else 2]
    Venture.objects.bulk_update(ventures, ["shared_address"])


def load() -> None:
    from entrepreneurs.services import role_model_photo_add

    rng = random.Random(SEED)
    today = timezone.localdate()
    areas = {a.code: a for a in Area.objects.all()}
    if not areas:
        return
    persons = list(Person.objects.select_related("area").order_by("pk")[:3000])
    rng.shuffle(persons)
    # A founder is not also someone's employee in the year the venture is registered.
    employed_years: dict[int, set[int]] = {}
    for person_id, started in Employment.objects.filter(kind=Employment.Kind.EMPLOYED).values_list(
        "person_id", "start_date"
    ):
        employed_years.setdefault(person_id, set()).add(started.year)
    pool = iter(persons)
    policies = {p.name: p for p in Policy.objects.all()}
    industries = list(Industry.values)
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    start = datetime.date(today.year - 7, 1, 1)
    span = (today - start).days

    ventures: list[Venture] = []
    for n in range(TOTAL):
        # Every kind and industry appears; afterwards chance decides.
        kind = kinds[n] if n < len(kinds) else rng.choices(kinds, weights)[0]
        industry = industries[n] if n < len(industries) else rng.choice(industries)
        if kind == Venture.Kind.COOPERATIVE and n >= len(industries):
            industry = Industry.AGRITECH
        if n < 8:
            # Windows closing soon: registered just inside the 36-month window, in A01/A02.
            close_in = 12 + n * 9
            registered_on = earliest_registration_inside(today + datetime.timedelta(days=close_in), 36)
        elif rng.random() < 0.55:
            registered_on = today - datetime.timedelta(days=rng.randint(20, 36 * 30))  # recent
        else:
            registered_on = start + datetime.timedelta(days=rng.randint(0, span))
        founder = next((p for p in pool if registered_on.year not in employed_years.get(p.pk, set())), None)
        area = founder.area if founder else areas[f"A{n % 74 + 1:02d}"]
        if n < 8:
            area = areas.get("A01" if n % 2 == 0 else "A02", area)
        name = _venture_name(rng, kind, industry, founder, area)
        jobs = rng.choice([0, 1, 2, 3, 3, 5, 6, 8, 12, 20])
        deregistered = n >= 8 and rng.random() < 0.06 and registered_on < today - datetime.timedelta(days=400)
        venture, _created = Venture.objects.get_or_create(
            credit_code=_credit_code(kind, n),
            defaults={
                "name": name,
                "kind": kind,
                "registered_on": registered_on,
                "area": area,
                "industry": industry,
                "founder": founder,
                "jobs_created": jobs,
                "status": Venture.Status.DEREGISTERED if deregistered else Venture.Status.OPERATING,
                "deregistered_on": registered_on + datetime.timedelta(days=rng.randint(200, 390))
                if deregistered
                else None,
            },
        )
        ventures.append(venture)

    # Benefits over this year and the two before, at every level; the first eight keep their
    # closing opportunities.
    grant_start = datetime.date(today.year - 2, 1, 1)
    benefit_rows = []
    existing = set(PolicyBenefit.objects.values_list("venture_id", "policy_id", "granted_on"))
    for n, venture in enumerate(ventures):
        if n < 8 or rng.random() > 0.5:
            continue
        for policy_name in rng.sample(list(AMOUNTS), rng.choice([1, 1, 2, 2, 3])):
            policy = policies.get(policy_name)
            if policy is None:
                continue
            first = max(venture.registered_on + datetime.timedelta(days=30), grant_start)
            last = today
            if policy.window_months:
                last = min(last, _add_months(venture.registered_on, policy.window_months))
            if venture.deregistered_on:
                last = min(last, venture.deregistered_on)
            if first > last:
                continue
            granted_on = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            low, high = AMOUNTS[policy_name]
            amount = Decimal(rng.randrange(low, high + 1, 500) if high > low else low)
            key = (venture.pk, policy.pk, granted_on)
            if key in existing:
                continue
            existing.add(key)
            benefit_rows.append(PolicyBenefit(venture=venture, policy=policy, granted_on=granted_on, amount=amount))
    PolicyBenefit.objects.bulk_create(benefit_rows)

    # Role models: a few a year, ventures and founders, mostly in the characteristic industries.
    candidates = [v for v in ventures if v.status == Venture.Status.OPERATING and v.registered_on.year < today.year]
    candidates.sort(key=lambda v: (v.industry not in CHARACTERISTIC_INDUSTRIES, -v.jobs_created, v.pk))
    designated = 0
    for year, count in ((today.year - 2, 4), (today.year - 1, 5), (today.year, 4)):
        for venture in candidates[designated : designated + count]:
            designated += 1
            as_founder = venture.founder_id is not None and designated % 3 == 0
            lookup = {"person": venture.founder, "year": year} if as_founder else {"venture": venture, "year": year}
            role_model, created = RoleModel.objects.get_or_create(
                **lookup,
                defaults={
                    "area": venture.area,
                    "title": ROLE_MODEL_TITLES[designated % len(ROLE_MODEL_TITLES)],
                    "story": STORIES[designated % len(STORIES)].format(
                        name=venture.founder.name if as_founder and venture.founder else venture.name,
                        area=venture.area.name,
                        jobs=max(venture.jobs_created, 3),
                    ),
                },
            )
            if created and designated % 2 == 1:
                photo_rng = random.Random(SEED + role_model.year * 100 + designated)  # the main rng stays in step
                role_model_photo_add(role_model=role_model, image=_photo(photo_rng), caption="开业仪式现场")

    _shared_addresses()


def demo_ventures() -> list[Venture]:
    """The demo's ventures in the order ``load`` makes them (the number in their credit code); the
    cases demo logs start-up services for the recent ones (``cases.demo``)."""
    numbers = {_credit_code(kind, n): n for n in range(TOTAL) for kind in CODE_PREFIX}
    return sorted(Venture.objects.filter(credit_code__in=numbers), key=lambda v: numbers[v.credit_code])
