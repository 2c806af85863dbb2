"""Day-one defects of booking: check-in only on the day of the booking; a mobile number that does
not start with 1 is told so, not asked for "11 digits" it already has."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from consultations import services
from consultations.models import Booking
from tests.consultations.conftest import NOW, booking_payload, local
from tests.factories.consultations import BookingFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_booking_of_a_later_day_cannot_be_checked_in_yet(topic, place, client_for, centre_user):
    later = BookingFactory(slot=SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 4), 10)))
    with pytest.raises(services.NotChangeable) as info:
        services.booking_check_in(booking=later, user=centre_user)
    assert "当天" in str(info.value.message)
    response = client_for(centre_user).post(f"/consultations/bookings/{later.pk}/check-in/")
    later.refresh_from_db()
    assert later.status == Booking.Status.BOOKED and response.status_code in (302, 400, 409)
    page = client_for(centre_user).get("/consultations/", {"date": "2026-12-04"}).content.decode()
    assert "/check-in/" not in page and later.name in page


def test_a_booking_of_today_is_checked_in_and_the_button_is_shown(topic, place, client_for, centre_user):
    today = BookingFactory(slot=SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 2), 15)))
    assert (
        f"/consultations/bookings/{today.pk}/check-in/"
        in client_for(centre_user).get("/consultations/").content.decode()
    )
    services.booking_check_in(booking=today, user=centre_user)
    today.refresh_from_db()
    assert today.status == Booking.Status.CHECKED_IN


@pytest.mark.parametrize(
    ("phone", "message"),
    [("23912340001", "以1开头"), ("1391234000", "11位"), ("12912340001", "第二位"), ("139abc40001", "数字")],
)
def test_a_wrong_mobile_number_is_told_what_is_wrong(slot, phone, message):
    response = APIClient().post("/api/v1/consultations/bookings/", booking_payload(slot, phone=phone), format="json")
    assert response.status_code == 400
    assert message in str(response.json()["phone"]) and "请填写 11 位" not in str(response.json())
    with pytest.raises(services.BookingError) as info:
        services.booking_create(slot_id=slot.pk, name="张伟", phone=phone, consent=True)
    assert message in str(info.value.message)
