"""The public booking pages and the staff's day view: scoping, check-in, no-show, conversion to
a case, lifting a block, leaders read-only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from cases.models import Case, ServiceType
from consultations import services
from consultations.models import Booking, NoShowBlock
from tests.consultations.conftest import NOW, local
from tests.factories.consultations import BookingFactory, PlaceFactory, SlotFactory, TriageQuestionFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def form_data(**extra: str) -> dict[str, str]:
    data = {"name": "王芳", "phone": "13912345678", "email": "", "note": "想问创业补贴", "consent": "on", "website": ""}
    data.update(extra)
    return data


# --- public pages ----------------------------------------------------------------------------------


def test_resident_books_through_the_pages_and_gets_a_code_and_a_calendar_file(topic, slot):
    question = TriageQuestionFactory(topic=topic)
    client = Client()
    assert client.get("/consultations/book/").status_code == 200
    page = client.get(f"/consultations/book/{topic.code}/", {"date": "2026-12-04"})
    assert f"/consultations/book/{topic.code}/{slot.pk}/" in page.content.decode()
    response = client.post(
        f"/consultations/book/{topic.code}/{slot.pk}/", form_data(**{f"q_{question.pk}": "正在筹备"}), follow=True
    )
    booking = Booking.objects.get()
    assert response.redirect_chain[-1][0] == f"/consultations/booked/{booking.code}/"
    assert booking.code in response.content.decode()
    assert booking.triage_answers == [{"question": question.text, "answer": "正在筹备"}]
    ics = client.get(f"/consultations/booked/{booking.code}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20261204T020000Z" in ics.content.decode()
    # Another browser cannot open the confirmation by guessing the address.
    assert Client().get(f"/consultations/booked/{booking.code}/").status_code == 404


def test_booking_without_consent_is_refused_with_a_message(topic, slot):
    response = Client().post(f"/consultations/book/{topic.code}/{slot.pk}/", form_data(consent=""))
    assert response.status_code == 400
    assert "须同意个人信息处理规则" in response.content.decode()
    assert not Booking.objects.exists()


def test_honeypot_on_the_page_refuses_the_booking(topic, slot):
    response = Client().post(f"/consultations/book/{topic.code}/{slot.pk}/", form_data(website="http://x.example"))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_full_slot_says_so_on_the_form(topic, slot):
    BookingFactory(slot=slot, phone="13900000001")
    BookingFactory(slot=slot, phone="13900000002")
    response = Client().post(f"/consultations/book/{topic.code}/{slot.pk}/", form_data())
    assert response.status_code == 409
    assert "已约满" in response.content.decode()


def test_manage_with_code_and_last_four_then_cancel(slot):
    booking = services.booking_create(slot_id=slot.pk, name="王芳", phone="13912345678", consent=True)
    client = Client()
    wrong = client.post("/consultations/manage/", {"code": booking.code, "phone_last4": "1111"})
    assert wrong.status_code == 404
    assert "未找到预约" in wrong.content.decode()
    response = client.post("/consultations/manage/", {"code": booking.code.lower(), "phone_last4": "5678"})
    assert response["Location"] == f"/consultations/manage/{booking.code}/"
    client.post(f"/consultations/manage/{booking.code}/", {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_manage_reschedules_to_another_slot(topic, place, slot):
    other = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 7), 9, 30))
    booking = services.booking_create(slot_id=slot.pk, name="王芳", phone="13912345678", consent=True)
    client = Client()
    client.post("/consultations/manage/", {"code": booking.code, "phone_last4": "5678"})
    page = client.get(f"/consultations/manage/{booking.code}/", {"date": "2026-12-07"})
    assert f'value="{other.pk}"' in page.content.decode()
    client.post(f"/consultations/manage/{booking.code}/", {"action": "reschedule", "slot": str(other.pk)})
    booking.refresh_from_db()
    assert booking.slot_id == other.pk


def test_privacy_notice_is_public():
    assert "个人信息处理说明" in Client().get("/consultations/privacy/").content.decode()


# --- staff ---------------------------------------------------------------------------------------


@pytest.fixture
def committee_place(area_a):
    return PlaceFactory(name="演示01村村委会办公室", kind="committee", area=area_a)


@pytest.fixture
def today_booking(topic, committee_place) -> Booking:
    slot = SlotFactory(topic=topic, place=committee_place, starts_at=local(datetime.date(2026, 12, 2), 8, 30))
    return BookingFactory(slot=slot, name="赵磊", phone="13655556666")


def test_day_view_lists_todays_bookings_with_triage_answers(client_for, centre_user, today_booking):
    response = client_for(centre_user).get("/consultations/")
    content = response.content.decode()
    assert "赵磊" in content and "正在筹备" in content
    assert "136****6666" in content and "13655556666" not in content


def test_committee_staff_see_only_their_committees_bookings(
    client_for, committee_user_a, committee_user_b, today_booking
):
    assert "赵磊" in client_for(committee_user_a).get("/consultations/").content.decode()
    assert "赵磊" not in client_for(committee_user_b).get("/consultations/").content.decode()


def test_committee_staff_of_another_committee_get_404_on_the_booking(client_for, committee_user_b, today_booking):
    assert client_for(committee_user_b).get(f"/consultations/bookings/{today_booking.pk}/").status_code == 404
    response = client_for(committee_user_b).post(f"/consultations/bookings/{today_booking.pk}/check-in/")
    assert response.status_code == 404
    today_booking.refresh_from_db()
    assert today_booking.status == Booking.Status.BOOKED
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, object_id=str(today_booking.pk)
    ).exists()


def test_department_staff_see_their_departments_topics_only(client_for, department_user, other_department_user, place):
    from tests.factories.consultations import TopicFactory

    youth = TopicFactory(code="youth", name="青年创业咨询", department=department_user.department, places=[place])
    slot = SlotFactory(topic=youth, place=place, starts_at=local(datetime.date(2026, 12, 2), 14))
    BookingFactory(slot=slot, name="钱佳怡")
    assert "钱佳怡" in client_for(department_user).get("/consultations/").content.decode()
    assert "钱佳怡" not in client_for(other_department_user).get("/consultations/").content.decode()


def test_check_in_and_no_show_from_the_day_view(client_for, committee_user_a, today_booking, topic, committee_place):
    client = client_for(committee_user_a)
    client.post(f"/consultations/bookings/{today_booking.pk}/check-in/", {"next": "/consultations/"})
    today_booking.refresh_from_db()
    assert today_booking.status == Booking.Status.CHECKED_IN
    assert today_booking.handled_by == committee_user_a
    other = BookingFactory(slot=today_booking.slot, name="孙强")
    client.post(f"/consultations/bookings/{other.pk}/no-show/")
    other.refresh_from_db()
    assert other.status == Booking.Status.NO_SHOW


def test_leader_sees_the_day_masked_but_cannot_act(client_for, leader_user, today_booking):
    client = client_for(leader_user)
    content = client.get("/consultations/").content.decode()
    assert "赵磊" in content and "13655556666" not in content
    assert client.post(f"/consultations/bookings/{today_booking.pk}/check-in/").status_code == 403
    today_booking.refresh_from_db()
    assert today_booking.status == Booking.Status.BOOKED


def test_day_view_query_count_does_not_grow_with_bookings(
    client_for, centre_user, topic, committee_place, django_assert_max_num_queries
):
    for hour in range(8, 18):
        slot = SlotFactory(topic=topic, place=committee_place, starts_at=local(datetime.date(2026, 12, 2), hour))
        BookingFactory(slot=slot)
        BookingFactory(slot=slot)
    client = client_for(centre_user)
    with django_assert_max_num_queries(12):
        response = client.get("/consultations/")
    assert response.content.decode().count("/consultations/bookings/") >= 20


def test_convert_to_case_with_a_person_the_staff_may_see(client_for, committee_user_a, today_booking, area_a):
    service = ServiceType.objects.get_or_create(name="政策咨询", defaults={"category": "startup"})[0]
    today_booking.topic.service_type = service
    today_booking.topic.save()
    person = PersonFactory(name="赵磊", phone="13655556666", area=area_a)
    client = client_for(committee_user_a)
    page = client.get(f"/consultations/bookings/{today_booking.pk}/", {"q": "赵磊"})
    assert f'name="person" value="{person.pk}"' in page.content.decode()
    client.post(f"/consultations/bookings/{today_booking.pk}/convert/", {"person": person.pk})
    today_booking.refresh_from_db()
    case = Case.objects.get()
    assert today_booking.case == case
    assert case.person == person and case.service == service
    assert case.department == today_booking.topic.department
    assert list(case.consultation_bookings.all()) == [today_booking]
    assert today_booking.status == Booking.Status.CHECKED_IN
    # Converting twice is refused: still one case.
    client.post(f"/consultations/bookings/{today_booking.pk}/convert/", {"person": person.pk})
    assert Case.objects.count() == 1


def test_convert_refuses_a_person_of_another_committee(client_for, committee_user_a, today_booking, area_b):
    today_booking.topic.service_type = ServiceType.objects.get_or_create(
        name="政策咨询", defaults={"category": "startup"}
    )[0]
    today_booking.topic.save()
    stranger = PersonFactory(name="赵磊", area=area_b)
    client = client_for(committee_user_a)
    assert (
        f'value="{stranger.pk}"'
        not in client.get(f"/consultations/bookings/{today_booking.pk}/", {"q": "赵磊"}).content.decode()
    )
    response = client.post(f"/consultations/bookings/{today_booking.pk}/convert/", {"person": stranger.pk})
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_centre_staff_lift_a_block_with_a_reason(client_for, centre_user, committee_user_a):
    block = NoShowBlock.objects.create(
        phone="13811112222", blocked_until_at=NOW + datetime.timedelta(days=60), reason="30 天内 2 次预约未到"
    )
    client = client_for(centre_user)
    assert "138****2222" in client.get("/consultations/blocks/").content.decode()
    client.post(f"/consultations/blocks/{block.pk}/lift/", {"reason": "本人来电说明情况"})
    block.refresh_from_db()
    assert block.lifted_by == centre_user and block.lift_reason == "本人来电说明情况"
    assert not services.phone_blocked(phone="13811112222", now=NOW)
    assert client_for(committee_user_a).get("/consultations/blocks/").status_code == 403


def test_anonymous_visitor_is_sent_to_login_for_the_day_view():
    response = Client().get("/consultations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_impossible_date_in_the_address_falls_back_to_the_first_open_day(topic, slot):
    response = Client().get(f"/consultations/book/{topic.code}/", {"date": "2026-02-30"})
    assert response.status_code == 200
    assert f"/consultations/book/{topic.code}/{slot.pk}/" in response.content.decode()


def test_administrators_generate_a_topics_slots_from_the_admin(client_for, admin_user, topic):
    response = client_for(admin_user).post(
        "/admin/consultations/topic/", {"action": "generate_slots", "_selected_action": [topic.pk]}, follow=True
    )
    assert response.status_code == 200
    # Wednesday 09:00 to 14 days ahead, Monday-Friday 09:00-11:00: 4 half-hour slots a working day.
    assert topic.slots.count() == 4 * 11
    assert "已生成 44 个时段" in response.content.decode()


def test_public_date_and_slot_page_query_count_does_not_grow_with_slots(topic, place, django_assert_max_num_queries):
    for hour in range(9, 17):
        for day in (3, 4, 7):
            SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, day), hour))
    with django_assert_max_num_queries(8):
        response = Client().get(f"/consultations/book/{topic.code}/", {"date": "2026-12-04"})
    assert response.content.decode().count(f"/consultations/book/{topic.code}/") >= 8


@pytest.mark.parametrize("target", ["//evil.example/phish", "https://evil.example/", "/\\evil.example", "/people/"])
def test_a_day_view_action_never_redirects_off_the_booking_pages(client_for, committee_user_a, today_booking, target):
    response = client_for(committee_user_a).post(
        f"/consultations/bookings/{today_booking.pk}/check-in/", {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/consultations/bookings/{today_booking.pk}/"
