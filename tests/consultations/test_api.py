"""The public booking API: topics, slots, bookings (201/400/409/429), cancel with the phone's
last four digits; rate limits and their fail-open path; the honeypot."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from consultations import ratelimit, tasks
from consultations.models import Booking
from tests.consultations.conftest import NOW, booking_payload
from tests.factories.consultations import SlotFactory, TriageQuestionFactory
from zhuqiao.sms import LocmemSmsBackend

pytestmark = pytest.mark.django_db

URL = "/api/v1/consultations/bookings/"


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_topics_list_their_department_and_triage_questions(api, topic):
    TriageQuestionFactory(topic=topic, text="想了解哪类政策？", choices="创业补贴\n担保贷款")
    response = api.get("/api/v1/consultations/topics/")
    assert response.status_code == 200
    [item] = response.json()
    assert item["code"] == "policy" and item["name"] == "政策咨询"
    assert item["department"]["code"] == "service_centre"
    assert item["triage_questions"][0]["text"] == "想了解哪类政策？"
    assert item["triage_questions"][0]["choices"] == ["创业补贴", "担保贷款"]


def test_slots_of_a_topic_and_day_show_remaining_places(api, slot):
    api.post(URL, booking_payload(slot), format="json")
    response = api.get("/api/v1/consultations/slots/", {"topic": "policy", "date": "2026-12-04"})
    assert response.status_code == 200
    [item] = response.json()
    assert item["id"] == slot.pk
    assert (item["capacity"], item["remaining"]) == (2, 1)
    assert item["start"].startswith("2026-12-04T10:00:00")


def test_slots_without_a_valid_date_or_topic_are_a_400_with_field_errors(api, topic):
    response = api.get("/api/v1/consultations/slots/", {"topic": "nope", "date": "04/12/2026"})
    assert response.status_code == 400
    assert set(response.json()) == {"topic", "date"}
    impossible = api.get("/api/v1/consultations/slots/", {"topic": "policy", "date": "2026-02-30"})
    assert impossible.status_code == 400 and set(impossible.json()) == {"date"}


def test_booking_returns_201_with_a_code_and_the_sweep_texts_the_resident(
    api, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, booking_payload(slot, email="zhang@example.com"), format="json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    booking = Booking.objects.get(code=code)
    assert booking.source == "api" and booking.confirmation_sent_at is None
    assert LocmemSmsBackend.outbox == []  # one path for every confirmation: the sweep
    assert tasks.notices_dispatch.delay("confirmation").get() == 1
    [(phone, text)] = LocmemSmsBackend.outbox
    assert phone == "13912345678" and code in text
    from django.core import mail

    assert mail.outbox[0].to == ["zhang@example.com"]
    assert mail.outbox[0].attachments[0][0] == f"{code}.ics"


def test_full_slot_is_409(api, slot):
    api.post(URL, booking_payload(slot, phone="13900000001"), format="json")
    api.post(URL, booking_payload(slot, phone="13900000002"), format="json")
    response = api.post(URL, booking_payload(slot, phone="13900000003"), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "full"


def test_bad_input_is_400_with_field_errors_and_nothing_stored(api, slot):
    response = api.post(URL, {"slot": slot.pk, "name": "", "phone": "12345", "consent": False}, format="json")
    assert response.status_code == 400
    assert {"name", "phone", "consent"} <= set(response.json())
    assert not Booking.objects.exists()


def test_required_triage_answer_missing_is_400(api, slot):
    question = TriageQuestionFactory(topic=slot.topic)
    response = api.post(URL, booking_payload(slot), format="json")
    assert response.status_code == 400
    assert "answers" in response.json()
    response = api.post(URL, booking_payload(slot, answers={str(question.pk): "正在筹备"}), format="json")
    assert response.status_code == 201
    assert Booking.objects.get().triage_answers == [{"question": question.text, "answer": "正在筹备"}]


def test_second_booking_of_same_phone_and_topic_is_409(api, topic, place, slot):
    other = SlotFactory(topic=topic, place=place, starts_at=slot.starts_at + datetime.timedelta(hours=1))
    assert api.post(URL, booking_payload(slot), format="json").status_code == 201
    response = api.post(URL, booking_payload(other), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_booked"


def test_honeypot_filled_in_is_refused(api, slot):
    response = api.post(URL, booking_payload(slot, website="http://spam.example"), format="json")
    assert response.status_code == 400
    assert "website" in response.json()
    assert not Booking.objects.exists()


def test_cancel_with_the_right_last_four_digits(api, slot):
    code = api.post(URL, booking_payload(slot), format="json").json()["code"]
    response = api.post(f"{URL}{code}/cancel/", {"phone_last4": "5678"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"code": code, "status": "cancelled"}
    slot.refresh_from_db()
    assert slot.booked_count == 0


def test_cancel_with_a_wrong_phone_is_refused_and_the_booking_stays(api, slot):
    code = api.post(URL, booking_payload(slot), format="json").json()["code"]
    response = api.post(f"{URL}{code}/cancel/", {"phone_last4": "0000"}, format="json")
    assert response.status_code == 404
    assert Booking.objects.get(code=code).status == Booking.Status.BOOKED
    # An unknown code gets exactly the same answer: nothing to learn from guessing.
    unknown = api.post(f"{URL}ZZZZZZZZ/cancel/", {"phone_last4": "5678"}, format="json")
    assert unknown.status_code == 404 and unknown.json() == response.json()


# --- rate limits ------------------------------------------------------------------------------


@override_settings(BOOKING_RATE_PER_PHONE=(2, 3600), BOOKING_RATE_PER_ADDRESS=(100, 3600))
def test_per_phone_rate_limit_answers_429(api, topic, place):
    slots = [
        SlotFactory(topic=topic, place=place, starts_at=NOW + datetime.timedelta(days=1, hours=h)) for h in range(3)
    ]
    for s in slots[:2]:
        response = api.post(URL, booking_payload(s), format="json")
        assert response.status_code in (201, 409)
    response = api.post(URL, booking_payload(slots[2]), format="json")
    assert response.status_code == 429
    # Another phone from the same address is not held back by the phone limit.
    assert api.post(URL, booking_payload(slots[2], phone="13700000000"), format="json").status_code == 201


@override_settings(BOOKING_RATE_PER_PHONE=(100, 3600), BOOKING_RATE_PER_ADDRESS=(3, 3600))
def test_per_address_rate_limit_answers_429(api, slot):
    statuses = [
        api.post(URL, booking_payload(slot, phone=f"1390000000{i}"), format="json", REMOTE_ADDR="10.1.1.1").status_code
        for i in range(4)
    ]
    assert statuses[3] == 429
    other = api.post(URL, booking_payload(slot, phone="13900000009"), format="json", REMOTE_ADDR="10.1.1.2")
    assert other.status_code in (201, 409)


class BrokenCache:
    def add(self, *args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")

    def incr(self, *args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")


@override_settings(BOOKING_RATE_PER_PHONE=(1, 3600), BOOKING_RATE_PER_ADDRESS=(1, 3600))
def test_rate_limits_fail_open_and_log_when_the_cache_is_down(api, topic, place, monkeypatch, caplog):
    monkeypatch.setattr(ratelimit, "cache", BrokenCache())
    slots = [
        SlotFactory(topic=topic, place=place, starts_at=NOW + datetime.timedelta(days=1, hours=h)) for h in range(2)
    ]
    with caplog.at_level(logging.WARNING, logger="consultations.ratelimit"):
        first = api.post(URL, booking_payload(slots[0], phone="13900000001"), format="json")
        second = api.post(URL, booking_payload(slots[1], phone="13900000002"), format="json")
    assert (first.status_code, second.status_code) == (201, 201)  # limits of 1 would have refused the second
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


def test_rate_limit_counts_in_the_real_cache():
    """Against the configured cache (Redis under make test): the third hit of a 2/h limit fails."""
    assert ratelimit.hit("phone", "13900000000", (2, 60))
    assert ratelimit.hit("phone", "13900000000", (2, 60))
    assert not ratelimit.hit("phone", "13900000000", (2, 60))
    assert ratelimit.hit("phone", "13900000001", (2, 60))


def test_blocked_phone_is_403(api, slot):
    from consultations.models import NoShowBlock

    NoShowBlock.objects.create(phone="13912345678", blocked_until_at=NOW + datetime.timedelta(days=30), reason="测试")
    response = api.post(URL, booking_payload(slot), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "blocked"


def test_schema_documents_the_booking_endpoints(admin_user, api_client_for):
    response = api_client_for(admin_user).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/consultations/bookings/" in paths
    assert "409" in paths["/api/v1/consultations/bookings/"]["post"]["responses"]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_rate_limits_fail_open_when_redis_is_unreachable(api, slot, caplog):
    with (
        override_settings(CACHES=UNREACHABLE_REDIS),
        caplog.at_level(logging.WARNING, logger="consultations.ratelimit"),
    ):
        response = api.post(URL, booking_payload(slot), format="json")
    assert response.status_code == 201
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


def test_topic_list_query_count_does_not_grow_with_topics(api, place, django_assert_max_num_queries):
    from tests.factories.consultations import TopicFactory

    for number in range(6):
        topic = TopicFactory(code=f"t{number}", name=f"事项{number}", places=[place])
        TriageQuestionFactory(topic=topic)
        TriageQuestionFactory(topic=topic, text="补充问题", kind="text", choices="")
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/consultations/topics/")
    assert len(response.json()) == 6
