"""Demo carriers of the town and what happens in them.

The carriers, service points and service organisations are invented (marked ``is_demo``); their
names follow the kinds of carrier the town's plan names. Residencies are given to the ventures of
the entrepreneurs demo (loaded before this one), with services taken from their cases; yearly
evaluations of the last four years (空港智慧物流众创空间 fails the two before this one) and grants
complete the picture.

Idempotent (natural keys: carrier name, point name, carrier + year, carrier + date + basis, one
residency history per venture) and deterministic (one seeded ``random.Random``).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from cases.models import Case, ServiceType
from entrepreneurs.models import Industry, Venture
from incubators import services
from incubators.models import (
    Carrier,
    Evaluation,
    Residency,
    ServiceAgreement,
    ServiceMatch,
    ServiceOrganisation,
    ServicePoint,
    Subsidy,
)
from zhuqiao.models import Area, User

SEED = 20260606
MAX_RESIDENCIES = 48
D = datetime.date

# name, kind, classification, operator, address, area code, focus industries, established, desks, rooms
CARRIERS = [
    (
        "祝桥航空产业孵化器",
        Carrier.Kind.INCUBATOR,
        Carrier.Classification.DISTRICT,
        "上海祝桥空港产业发展有限公司",
        "浦东新区祝桥镇金闻路88号",
        "A01",
        [Industry.AVIATION_SUPPLY, Industry.AVIATION_LOGISTICS, Industry.IOT],
        D(2016, 9, 1),
        40,
        18,
    ),
    (
        "祝桥镇创业孵化实验基地",
        Carrier.Kind.EXPERIMENT_BASE,
        Carrier.Classification.CITY,
        "祝桥镇社区事务受理服务中心",
        "浦东新区祝桥镇卫亭路120号",
        "A02",
        [Industry.COMMERCE, Industry.SMART_LOGISTICS, Industry.IOT],
        D(2018, 3, 15),
        30,
        10,
    ),
    (
        "东方航空物流众创空间",
        Carrier.Kind.MAKERSPACE,
        Carrier.Classification.DISTRICT,
        "上海东航空港众创服务有限公司",
        "浦东新区祝桥镇空港七路36号",
        "A05",
        [Industry.AVIATION_LOGISTICS, Industry.SMART_LOGISTICS],
        D(2019, 6, 1),
        50,
        0,
    ),
    (
        "祝桥农业科技基地",
        Carrier.Kind.AGRICULTURAL_BASE,
        Carrier.Classification.TOWN,
        "上海祝桥农业综合开发有限公司",
        "浦东新区祝桥镇星光村农业园区",
        "A12",
        [Industry.AGRITECH],
        D(2017, 4, 1),
        0,
        16,
    ),
    (
        "祝桥镇创业见习基地",
        Carrier.Kind.TRAINEE_BASE,
        Carrier.Classification.TOWN,
        "祝桥镇就业促进中心",
        "浦东新区祝桥镇南祝路1000号",
        "A03",
        [Industry.COMMERCE],
        D(2020, 1, 1),
        12,
        4,
    ),
    (
        "空港智慧物流众创空间",
        Carrier.Kind.MAKERSPACE,
        Carrier.Classification.UNRATED,
        "上海空港智链企业管理有限公司",
        "浦东新区祝桥镇东靖路5000号",
        "A08",
        [Industry.SMART_LOGISTICS, Industry.IOT],
        D(2021, 5, 1),
        24,
        0,
    ),
]
FAILING_CARRIER = "空港智慧物流众创空间"

POINTS = [
    (
        "祝桥航空产业孵化器",
        "镇园联动孵化服务点（航空产业孵化器）",
        "一楼服务大厅3号窗口",
        "周一至周五 9:00–11:30，13:30–16:30",
    ),
    ("祝桥镇创业孵化实验基地", "镇园联动孵化服务点（创业孵化实验基地）", "二楼创业服务站", "周二、周四 9:00–16:30"),
    ("东方航空物流众创空间", "镇园联动孵化服务点（东航众创空间）", "共享办公区前台旁", "周三 13:30–16:30"),
]

ORGANISATIONS = [
    (
        "上海祝桥创业法律服务中心（演示）",
        ["政策咨询", "开业诊断"],
        "公司设立、合同审查、劳动用工合规咨询",
        "顾律师",
    ),
    ("浦东空港财税代理服务社（演示）", ["开业诊断", "社保开户"], "代理记账、税务登记、社保开户辅导", "沈会计"),
    ("临空产业投融资服务联盟（演示）", ["融资对接"], "创业担保贷款辅导、天使投资路演对接", "陆经理"),
]

EVALUATORS = ["浦东新区人力资源和社会保障局评估组", "第三方评估机构：上海创评咨询有限公司"]
GRADE_SHAPE = {"A": (86, 96), "B": (66, 84), "C": (40, 58)}


def _rng(*key: object) -> random.Random:
    """A generator of its own for each record: a second run, which skips what exists, draws
    the same values for what is still missing."""
    return random.Random("-".join(str(part) for part in (SEED, *key)))


def _cap(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


def load() -> None:
    today = timezone.localdate()
    areas = {area.code: area for area in Area.objects.all()}
    carriers = _carriers(areas)
    _service_points(carriers)
    _evaluations(carriers, today)
    _subsidies(carriers, today)
    _residencies(list(carriers.values()), today)
    _organisations(carriers, today)
    _founding_teams(list(carriers.values()), today)


def _carriers(areas: dict[str, Area]) -> dict[str, Carrier]:
    carriers = {}
    for name, kind, classification, operator, address, area_code, focus, established, desks, rooms in CARRIERS:
        carrier = Carrier.objects.filter(name=name).first()
        if carrier is None:
            carrier = services.carrier_create(
                name=name,
                kind=kind,
                classification=classification,
                operator=operator,
                address=address,
                area=areas.get(area_code),
                focus_industries=[str(code) for code in focus],
                established_on=established,
                capacity_desks=desks,
                capacity_rooms=rooms,
                contact_name="载体运营联系人",
                is_demo=True,
            )
        carriers[name] = carrier
    return carriers


def _service_points(carriers: dict[str, Carrier]) -> None:
    staff = list(User.objects.filter(username__in=["centre", "committee_a01", "committee_a02"]).order_by("username"))
    for index, (carrier_name, name, location, hours) in enumerate(POINTS):
        if ServicePoint.objects.filter(name=name).exists():
            continue
        services.service_point_save(
            carrier=carriers[carrier_name],
            name=name,
            location=location,
            opening_hours=hours,
            phone=f"021-5810{index:04d}",
            staff=staff[index % len(staff) :][:2] if staff else [],
        )


def _grade_for_year(rng: random.Random, carrier: Carrier, year: int, this_year: int) -> str:
    """Grades of the last four years; the failing carrier fails two years ago and last year."""
    if carrier.name == FAILING_CARRIER:
        return "C" if year in (this_year - 2, this_year - 1) else "B"
    return rng.choices(["A", "B", "C"], weights=[4, 6, 1])[0] if year != this_year - 1 else rng.choice(["A", "B"])


def _evaluations(carriers: dict[str, Carrier], today: datetime.date) -> None:
    for carrier in carriers.values():
        for year in range(today.year - 3, today.year + 1):
            rng = _rng("evaluation", carrier.name, year)
            grade = _grade_for_year(rng, carrier, year, today.year)
            low, high = GRADE_SHAPE[grade]
            scores = {name: rng.randint(low, high) for name in Evaluation.ASPECTS}
            evaluated_on = D(year, 11, 20) + datetime.timedelta(days=rng.randint(0, 5))
            if evaluated_on > today or Evaluation.objects.filter(carrier=carrier, year=year).exists():
                continue
            services.evaluation_record(
                carrier=carrier,
                year=year,
                evaluated_on=evaluated_on,
                scores=scores,
                grade=grade,
                evaluator=EVALUATORS[year % 2],
                notes={
                    "A": "服务体系完善，孵化成效显著。",
                    "B": "总体合格，建议加强入驻企业跟踪服务。",
                    "C": "入驻率偏低，服务台账不完整，限期整改。",
                }[grade],
            )


def _subsidies(carriers: dict[str, Carrier], today: datetime.date) -> None:
    for carrier in carriers.values():
        for year in range(today.year - 3, today.year + 1):
            rng = _rng("subsidy", carrier.name, year)
            granted_on = D(year, 6, 28)
            basis = f"{year}年度祝桥镇创业载体运营奖补"
            if (
                granted_on > today
                or Subsidy.objects.filter(carrier=carrier, granted_on=granted_on, basis=basis).exists()
            ):
                continue
            amount = Decimal(rng.randrange(30, 201) * 1000)
            if carrier.name == FAILING_CARRIER and year >= today.year - 1:
                continue  # no grant after failing the evaluation
            services.subsidy_grant(carrier=carrier, granted_on=granted_on, amount=amount, basis=basis)


def _residencies(carriers: list[Carrier], today: datetime.date) -> None:
    ventures = list(
        Venture.objects.filter(registered_on__gte=D(today.year - 5, 7, 1), status=Venture.Status.OPERATING).order_by(
            "credit_code"
        )[: MAX_RESIDENCIES * 2]
    )
    _rng("ventures").shuffle(ventures)
    housed = set(Residency.objects.filter(venture__in=ventures).values_list("venture_id", flat=True))
    by_focus = {
        carrier.pk: set(carrier.focus_industries or []) for carrier in carriers if carrier.name != FAILING_CARRIER
    }
    for venture in ventures[:MAX_RESIDENCIES]:
        if venture.pk in housed:
            continue
        rng = _rng("residency", venture.credit_code)
        fitting = [c for c in carriers if venture.industry in by_focus.get(c.pk, set())]
        carrier = rng.choice(fitting or carriers)
        notified_on = venture.registered_on - datetime.timedelta(days=rng.randint(10, 60))
        entered_on = venture.registered_on + datetime.timedelta(days=rng.randint(0, 30))
        if entered_on > today or notified_on < carrier.established_on:
            continue
        roll = rng.random()
        if roll < 0.12 and venture.registered_on > today - datetime.timedelta(days=90):
            services.residency_open(
                venture=venture, carrier=carrier, stage=Residency.Stage.NOTIFIED, notified_on=notified_on
            )
            continue
        residency = services.residency_open(
            venture=venture,
            carrier=carrier,
            stage=Residency.Stage.RESIDENT,
            notified_on=notified_on,
            entered_on=entered_on,
            space=f"{rng.choice('ABC')}-{rng.randint(101, 420)}",
            place=_free_place(carrier, rng),
            services=Case.objects.filter(venture=venture, opened_on__gte=notified_on).order_by("opened_on")[:3],
        )
        graduated_on = entered_on + datetime.timedelta(days=rng.randint(365, 900))
        if roll < 0.45:
            if graduated_on > today:
                continue  # still in residence
            services.residency_graduate(
                residency=residency,
                graduated_on=graduated_on,
                jobs_created=rng.randint(2, 25),
                revenue_band=rng.choice([v for v in Residency.RevenueBand.values if v != "none"]),
                funding_raised=Decimal(rng.choice([0, 0, 200000, 500000, 1000000, 3000000])),
            )
        elif roll < 0.55:
            left_on = _cap(entered_on + datetime.timedelta(days=rng.randint(60, 300)), today)
            services.residency_leave(
                residency=residency,
                left_on=left_on,
                reason=rng.choice(["经营地址迁出祝桥", "业务调整，转为居家办公", "经营困难，暂停营业"]),
                jobs_created=rng.randint(0, 3),
            )


def _free_place(carrier: Carrier, rng: random.Random) -> str:
    """A desk most of the time, a room for some; none when the carrier is full."""
    free = carrier.free_places()
    wanted = "room" if rng.random() < 0.3 else "desk"
    if free[wanted]:
        return wanted
    return next((kind for kind in ("desk", "room") if free[kind]), "")


#: Founding teams before registration (注册前有告知, 培育创业团队): (name, idea, industry, stage,
#: committee, days before today of the first contact, carrier index told about or None).
TEAMS = [
    (
        "航材追溯小程序",
        "为航空维修企业做航材批次追溯的小程序，两名应届毕业生发起。",
        Industry.AVIATION_SUPPLY,
        "intention",
        "A01",
        20,
        None,
    ),
    ("社区生鲜前置仓", "在祝桥老镇区开设生鲜前置仓，一小时送达。", Industry.COMMERCE, "intention", "A02", 35, None),
    ("农机共享合作", "几户农户合伙购置植保无人机，对外提供飞防服务。", Industry.AGRITECH, "intention", "A03", 12, None),
    (
        "跨境小包集运",
        "面向空港周边电商卖家的跨境小包集运与报关代理。",
        Industry.AVIATION_LOGISTICS,
        "preparing",
        "A01",
        80,
        0,
    ),
    ("冷链温控标签", "物联网温控标签，用于医药冷链运输全程记录。", Industry.IOT, "preparing", "A02", 65, 1),
    ("民宿运营工作室", "为东海村闲置农房提供托管与民宿运营。", Industry.OTHER, "preparing", "A04", 50, None),
]


def _founding_teams(carriers: list[Carrier], today: datetime.date) -> None:
    """Teams at every stage: 意向 and 筹备 ones with help logged as cases (some told about a
    carrier), and two that have registered, their cases and notification carried over."""
    from cases.services import case_open
    from entrepreneurs import services as venture_services
    from entrepreneurs.models import FoundingTeam
    from jobseekers.models import Person

    if FoundingTeam.objects.exists() or not carriers:
        return
    consult = ServiceType.objects.filter(name="政策咨询").first()
    diagnose = ServiceType.objects.filter(name="开业诊断").first() or consult
    if consult is None or diagnose is None:
        return
    areas = {area.code: area for area in Area.objects.filter(code__in=[t[4] for t in TEAMS] + ["A01", "A02"])}
    young = Person.objects.filter(birth_date__gte=D(today.year - 38, 1, 1), birth_date__lte=D(today.year - 21, 12, 31))
    for index, (name, idea, industry, stage, code, days, carrier_index) in enumerate(TEAMS):
        area = areas.get(code)
        members = list(young.filter(area=area).order_by("id")[index % 3 : index % 3 + (2 if index % 2 else 1)])
        if area is None or not members:
            continue
        first = today - datetime.timedelta(days=days)
        team = venture_services.team_create(
            name=name, idea=idea, industry=industry, stage=stage, area=area, first_contact_on=first, members=members
        )
        case_open(service=consult, opened_by=None, team=team, opened_on=first, outcome="讲解创业扶持政策与注册流程。")
        if stage == "preparing":
            case_open(service=diagnose, opened_by=None, team=team, opened_on=first + datetime.timedelta(days=14))
        if carrier_index is not None:
            services.residency_open(
                team=team,
                carrier=carriers[carrier_index % len(carriers)],
                stage=Residency.Stage.NOTIFIED,
                notified_on=first + datetime.timedelta(days=7),
            )
    # Two teams that registered this year after help: their history carries over to the venture.
    registered = (
        Venture.objects.filter(
            registered_on__gte=max(D(today.year, 1, 1), today - datetime.timedelta(days=300)),
            registered_on__lte=today,
            founding_team__isnull=True,
            status=Venture.Status.OPERATING,
            area__code__in=["A01", "A02"],
        )
        .exclude(residencies__stage__in=Residency.OPEN_STAGES)
        .order_by("registered_on", "pk")[:2]
    )
    for venture in registered:
        members = [venture.founder] if venture.founder else list(young.filter(area=venture.area).order_by("-id")[:1])
        if not members:
            continue
        first = venture.registered_on - datetime.timedelta(days=75)
        team = venture_services.team_create(
            name=f"{venture.name}（筹备组）",
            idea="注册前的创业团队，经镇创服团队开业诊断后办理注册。",
            industry=venture.industry,
            stage="preparing",
            area=venture.area,
            first_contact_on=first,
            members=members,
        )
        case_open(
            service=diagnose, opened_by=None, team=team, opened_on=first, outcome="开业诊断，确定注册类型与经营范围。"
        )
        fitting = [c for c in carriers if venture.industry in (c.focus_industries or [])] or carriers
        if fitting[0].is_active_on(first + datetime.timedelta(days=10)):
            services.residency_open(
                team=team,
                carrier=fitting[0],
                stage=Residency.Stage.NOTIFIED,
                notified_on=first + datetime.timedelta(days=10),
            )
        venture_services.team_register(team=team, venture=venture)


def _organisations(carriers: dict[str, Carrier], today: datetime.date) -> None:
    service_types = {service.name: service for service in ServiceType.objects.all()}
    carrier_list = list(carriers.values())
    # Not the founding teams' residencies (made after this step): a second load picks the same six.
    ventures = list(
        Residency.objects.filter(carrier__in=carrier_list, team__isnull=True).order_by("venture__credit_code")[:6]
    )
    for index, (name, service_names, description, contact) in enumerate(ORGANISATIONS):
        organisation = ServiceOrganisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = services.organisation_save(
                name=name,
                services=[service_types[n] for n in service_names if n in service_types],
                service_description=description,
                contact_name=contact,
                is_demo=True,
            )
        signed_on = D(today.year - 2, 3 + index, 1)
        if not ServiceAgreement.objects.filter(organisation=organisation, signed_on=signed_on).exists():
            services.agreement_add(
                organisation=organisation,
                title="祝桥镇创业服务合作协议",
                signed_on=signed_on,
                expires_on=D(today.year + index % 2, 12, 31),
            )
        carrier = carrier_list[index % len(carrier_list)]
        matched_on = _cap(D(today.year - 1, 4 + index, 10), today)
        if not ServiceMatch.objects.filter(organisation=organisation, carrier=carrier).exists():
            services.match_create(
                organisation=organisation, carrier=carrier, matched_on=matched_on, description="入驻企业集中服务日"
            )
        for residency in ventures[index::3]:
            if not ServiceMatch.objects.filter(organisation=organisation, venture=residency.venture_id).exists():
                services.match_create(
                    organisation=organisation,
                    venture=residency.venture,
                    matched_on=matched_on,
                    description=description.split("、")[0],
                )
