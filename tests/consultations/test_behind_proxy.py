"""Behind nginx: the booking rate limits count each resident's own address, as the trusted proxy
reports it, and a forwarded address sent by anyone else changes nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from tests.consultations.conftest import NOW, booking_payload
from tests.factories.consultations import SlotFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/consultations/bookings/"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _book(slot, phone: str, *, remote: str, forwarded: str | None = None) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return APIClient().post(URL, booking_payload(slot, phone=phone), format="json", **extra).status_code


@override_settings(TRUSTED_PROXIES=[PROXY], BOOKING_RATE_PER_PHONE=(100, 3600), BOOKING_RATE_PER_ADDRESS=(2, 3600))
def test_two_residents_behind_the_same_proxy_are_limited_separately(topic, place):
    slot = SlotFactory(topic=topic, place=place, capacity=20, starts_at=NOW + datetime.timedelta(days=1))
    first = [_book(slot, f"1390000001{i}", remote=PROXY, forwarded="203.0.113.7") for i in range(3)]
    assert first[:2] == [201, 201]
    assert first[2] == 429
    # Another resident, through the same nginx, still books.
    assert _book(slot, "13900000020", remote=PROXY, forwarded="203.0.113.8") == 201


@override_settings(TRUSTED_PROXIES=[PROXY], BOOKING_RATE_PER_PHONE=(100, 3600), BOOKING_RATE_PER_ADDRESS=(2, 3600))
def test_a_forwarded_address_from_outside_the_trusted_proxy_is_ignored(topic, place):
    slot = SlotFactory(topic=topic, place=place, capacity=20, starts_at=NOW + datetime.timedelta(days=1))
    # One client at 198.51.100.9 claims a new address each time: all three count against its own.
    statuses = [_book(slot, f"1390000003{i}", remote="198.51.100.9", forwarded=f"203.0.113.{i + 1}") for i in range(3)]
    assert statuses == [201, 201, 429]
