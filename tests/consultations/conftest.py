"""Fixtures of the booking tests: a topic with a place and slots, fresh rate-limit counters."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from consultations import ratelimit
from consultations.models import Slot, Topic
from tests.factories.consultations import OpeningHoursFactory, PlaceFactory, SlotFactory, TopicFactory
from zhuqiao.sms import LocmemSmsBackend

# Wednesday 2026-12-02, 09:00 in Shanghai: a plain working week around it (no holiday).
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test counts attempts under its own keys (the test Redis outlives a test)."""
    monkeypatch.setattr(ratelimit, "KEY_PREFIX", f"consultations:rate:test-{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def empty_sms_outbox() -> None:
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def place(db: None):
    place = PlaceFactory(name="祝桥镇社区事务受理服务中心（测试）")
    for weekday in range(5):
        OpeningHoursFactory(place=place, weekday=weekday, opens_at=datetime.time(9), closes_at=datetime.time(11))
    return place


@pytest.fixture
def topic(place) -> Topic:
    return TopicFactory(code="policy", name="政策咨询", places=[place], capacity=2, cutoff_hours=2)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def slot(topic: Topic, place) -> Slot:
    """Friday 2026-12-04 10:00, capacity 2."""
    return SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 4), 10))


def booking_payload(slot: Slot, *, phone: str = "13912345678", **extra: object) -> dict:
    data = {"slot": slot.pk, "name": "张伟", "phone": phone, "consent": True}
    data.update(extra)
    return data
