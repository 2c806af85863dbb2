"""Demo data of consultation booking: topics of several departments with their questions, the
centre, two committee offices and a carrier's service point, opening hours, slots for the next
14 days, the holiday calendar, and bookings (some today, for the day view)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from cases.models import ServiceType
from consultations import services
from consultations.holidays import preload_calendar
from consultations.models import Booking, CalendarDay, OpeningHours, Place, Slot, Topic, TriageQuestion
from zhuqiao.models import Area, Department

# code, name, department code, service type, slot minutes, capacity, what to bring, questions
TOPICS = [
    (
        "startup",
        "创业咨询",
        "service_centre",
        "政策咨询",
        30,
        2,
        "身份证；已有项目的请带简要计划书",
        [("您目前处于哪个阶段？", "choice", "还在想法阶段\n正在筹备\n已经开业"), ("拟从事的行业", "text", "")],
    ),
    (
        "policy",
        "政策咨询",
        "service_centre",
        "政策咨询",
        20,
        3,
        "身份证；营业执照（已开业的）",
        [("想了解哪类政策？", "choice", "创业补贴\n担保贷款\n场地房租补贴\n社保补贴\n其他")],
    ),
    (
        "diagnosis",
        "开业诊断",
        "market_supervision",
        "开业诊断",
        45,
        1,
        "身份证；经营场所租赁合同；项目简介",
        [("计划开业时间", "text", ""), ("经营场所是否已确定？", "choice", "已确定\n未确定")],
    ),
    (
        "employment",
        "就业指导",
        "service_centre",
        "职业指导",
        30,
        2,
        "身份证；个人简历（如有）",
        [("目前的就业状态", "choice", "失业\n在职想换工作\n应届毕业生\n其他")],
    ),
    (
        "tax",
        "税务咨询",
        "tax_27",
        "政策咨询",
        20,
        2,
        "营业执照；法人身份证",
        [("纳税人类型", "choice", "小规模纳税人\n一般纳税人\n个体工商户\n尚未登记")],
    ),
    (
        "registration",
        "市场主体登记",
        "market_supervision",
        "开业诊断",
        30,
        2,
        "全体股东身份证；经营场所证明；拟用名称 3 个",
        [("登记类型", "choice", "个体工商户\n有限责任公司\n个人独资企业\n合伙企业")],
    ),
    (
        "social-security",
        "社保开户",
        "service_centre",
        "社保开户",
        20,
        3,
        "营业执照；法人身份证；银行开户许可或基本户信息",
        [],
    ),
    (
        "youth-startup",
        "青年创业咨询",
        "youth_league",
        "政策咨询",
        30,
        2,
        "身份证；项目介绍（如有）",
        [("您的年龄段", "choice", "18-25 岁\n26-35 岁\n36-45 岁")],
    ),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"]
GIVEN += ["秀兰", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "雪梅", "佳怡", "子豪", "浩然", "欣怡"]


def _places() -> dict[str, Place]:
    centre, _created = Place.objects.get_or_create(
        name="祝桥镇社区事务受理服务中心",
        defaults={
            "kind": Place.Kind.CENTRE,
            "address": "浦东新区祝桥镇（演示地址）中心大厅 3 号窗口",
            "directions": "进门右手边，取号时说明“预约咨询”",
        },
    )
    places = {"centre": centre}
    for code in ("A01", "A02"):
        area = Area.objects.get(code=code)
        places[code], _created = Place.objects.get_or_create(
            name=f"{area.name}村委会办公室",
            defaults={
                "kind": Place.Kind.COMMITTEE,
                "area": area,
                "address": f"{area.name}村委会（演示地址）一楼服务站",
            },
        )
    try:
        from incubators.models import ServicePoint

        point = ServicePoint.objects.filter(is_active=True).order_by("pk").first()
    except ImportError:  # the carriers' app is optional for booking
        point = None
    if point is not None:
        places["point"], _created = Place.objects.get_or_create(
            name=point.name,
            defaults={
                "kind": Place.Kind.SERVICE_POINT,
                "service_point": point,
                "address": point.location or point.name,
            },
        )
    hours = {
        "centre": [(d, "09:00", "11:30") for d in range(5)] + [(d, "13:30", "16:30") for d in range(5)],
        "A01": [(1, "09:00", "11:00"), (3, "09:00", "11:00")],
        "A02": [(0, "14:00", "16:00"), (2, "14:00", "16:00")],
        "point": [(2, "13:30", "16:30"), (4, "13:30", "16:30")],
    }
    for key, place in places.items():
        for weekday, opens, closes in hours[key]:
            OpeningHours.objects.get_or_create(
                place=place,
                weekday=weekday,
                opens_at=datetime.time.fromisoformat(opens),
                defaults={"closes_at": datetime.time.fromisoformat(closes)},
            )
    return places


def _topics(places: dict[str, Place]) -> list[Topic]:
    topics = []
    for order, (code, name, dept, service, minutes, capacity, bring, questions) in enumerate(TOPICS, start=1):
        topic, created = Topic.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": Department.objects.get(code=dept),
                "service_type": ServiceType.objects.filter(name=service).first(),
                "slot_minutes": minutes,
                "capacity": capacity,
                "what_to_bring": bring,
                "description": f"{Department.objects.get(code=dept).name}工作人员一对一解答",
                "sort_order": order * 10,
            },
        )
        if created:
            topic.places.add(places["centre"])
            if code in ("startup", "employment", "policy"):
                topic.places.add(places["A01"], places["A02"])
            if code in ("startup", "diagnosis", "youth-startup") and "point" in places:
                topic.places.add(places["point"])
            for q_order, (text, kind, choices) in enumerate(questions, start=1):
                TriageQuestion.objects.create(
                    topic=topic, text=text, kind=kind, choices=choices, required=kind == "choice", sort_order=q_order
                )
        topics.append(topic)
    return topics


def _bookings(topics: list[Topic], today: datetime.date) -> None:
    if Booking.objects.filter(source="demo").exists():
        return
    rng = random.Random(20261128)
    slots = list(
        Slot.objects.filter(topic__in=topics, slot_date__gte=today, slot_date__lte=today + datetime.timedelta(days=7))
        .select_related("topic")
        .order_by("starts_at", "pk")
    )
    today_slots = [s for s in slots if s.slot_date == today]
    chosen = today_slots[:: max(1, len(today_slots) // 12)][:12] + rng.sample(slots, min(30, len(slots)))
    for slot in chosen:
        if slot.booked_count >= slot.capacity:
            continue
        topic = slot.topic
        answers = {}
        for question in topic.questions.all():
            answers[str(question.pk)] = (
                rng.choice(question.choice_list)
                if question.choice_list
                else rng.choice(["零售", "餐饮", "电商", "物流"])
            )
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        try:
            services.booking_create(
                slot_id=slot.pk,
                name=name,
                phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                consent=True,
                note=rng.choice(["", "", "想了解一下补贴怎么申请", "第一次创业，希望多指导"]),
                answers=answers,
                source="demo",
                now=slot.starts_at - datetime.timedelta(days=1),
            )
        except services.BookingError:
            continue
        slot.refresh_from_db()
    # A few of today's bookings already handled at the counter.
    for booking in Booking.objects.filter(source="demo", slot__slot_date=today).order_by("pk")[:3]:
        services.booking_check_in(booking=booking, user=None)


def load() -> None:
    preload_calendar(CalendarDay)
    places = _places()
    topics = _topics(places)
    today = timezone.localdate()
    for topic in topics:
        services.slots_generate(topic=topic, start=today, end=today + datetime.timedelta(days=14))
    _bookings(topics, today)
