"""The booking rules: window and cut-off, holidays and make-up days, one active booking per phone
and topic, the no-show block, the booking code, cancelling and rescheduling."""

from __future__ import annotations

import datetime
import re
import secrets

import pytest
import time_machine

from consultations import selectors, services
from consultations.models import Booking, CalendarDay, NoShowBlock, Slot
from consultations.services import booking as booking_writes
from tests.consultations.conftest import NOW, local
from tests.factories.consultations import BookingFactory, SlotFactory
from zhuqiao.models import AuditEntry
from zhuqiao.personal_data import phone_hash

pytestmark = pytest.mark.django_db


def book(slot: Slot, *, phone: str = "13912345678", now: datetime.datetime = NOW, **extra: object) -> Booking:
    return services.booking_create(slot_id=slot.pk, name="张伟", phone=phone, consent=True, now=now, **extra)


# --- window and cut-off -------------------------------------------------------------------------


def test_slot_inside_window_and_before_cutoff_is_booked(slot):
    booking = book(slot)
    slot.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert slot.booked_count == 1


def test_slot_beyond_the_booking_window_is_refused(topic, place):
    far = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 17), 10))  # 15 days ahead
    with pytest.raises(services.NotBookable, match="可预约范围"):
        book(far)
    # The next day it opens: the window slides with the clock.
    assert book(far, now=NOW + datetime.timedelta(days=1)).pk


def test_booking_closes_at_the_topics_cutoff(topic, place):
    today = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 2), 10, 30))
    with pytest.raises(services.NotBookable, match="截止"):
        book(today)  # 09:00 is within 2 hours of 10:30
    assert book(today, now=NOW - datetime.timedelta(hours=1)).pk  # 08:00 was fine


def test_min_days_ahead_keeps_same_day_slots_closed(topic, place):
    topic.min_days_ahead = 1
    topic.save()
    today = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 2), 15))
    with pytest.raises(services.NotBookable):
        book(today)


def test_public_slot_list_hides_slots_past_cutoff_with_frozen_time(topic, place):
    early = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 2), 10))
    late = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 2), 15))
    with time_machine.travel(NOW, tick=False):
        from django.utils import timezone

        listed = list(selectors.slots_bookable(topic=topic, now=timezone.now(), day=datetime.date(2026, 12, 2)))
    assert late in listed and early not in listed


# --- holidays and make-up working days ----------------------------------------------------------


def test_chinese_calendar_is_preloaded_with_holidays_and_makeup_days(db):
    assert CalendarDay.objects.get(day=datetime.date(2026, 10, 1)).kind == CalendarDay.Kind.HOLIDAY
    assert CalendarDay.objects.get(day=datetime.date(2026, 9, 20)).kind == CalendarDay.Kind.WORKDAY  # a Sunday


def test_generation_skips_holidays_and_opens_makeup_saturdays(topic, place):
    # Holiday on Thursday 2026-12-10, make-up working day on Saturday 2026-12-12 (set by staff).
    services.calendar_day_set(day=datetime.date(2026, 12, 10), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    services.calendar_day_set(day=datetime.date(2026, 12, 12), kind=CalendarDay.Kind.WORKDAY, name="测试调休")
    created = services.slots_generate(topic=topic, start=datetime.date(2026, 12, 7), end=datetime.date(2026, 12, 13))
    days = set(Slot.objects.filter(topic=topic).values_list("slot_date", flat=True))
    assert datetime.date(2026, 12, 10) not in days
    assert datetime.date(2026, 12, 12) in days  # Saturday follows Monday's hours
    assert datetime.date(2026, 12, 13) not in days  # plain Sunday
    assert created == 5 * 4  # Mon, Tue, Wed, Fri, Sat; 09:00-11:00 in 30-minute slots
    assert services.slots_generate(topic=topic, start=datetime.date(2026, 12, 7), end=datetime.date(2026, 12, 13)) == 0


def test_a_day_declared_a_holiday_later_closes_its_existing_slots(slot):
    services.calendar_day_set(day=slot.slot_date, kind=CalendarDay.Kind.HOLIDAY, name="临时休息")
    with pytest.raises(services.NotBookable, match="节假日"):
        book(slot)
    assert slot not in selectors.slots_bookable(topic=slot.topic, now=NOW)


# --- one active booking per phone per topic -------------------------------------------------------


def test_second_active_booking_of_same_phone_and_topic_is_refused(topic, place, slot):
    other = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 4), 10, 30))
    book(slot)
    with pytest.raises(services.AlreadyBooked):
        book(other)
    assert Booking.objects.filter(phone_hash=phone_hash("13912345678")).count() == 1


def test_same_phone_may_book_again_after_cancelling(topic, place, slot):
    other = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 4), 10, 30))
    first = book(slot)
    services.booking_cancel(booking=first, now=NOW)
    assert book(other).status == Booking.Status.BOOKED


def test_database_refuses_a_second_active_booking_even_without_the_check(slot):
    from django.db import IntegrityError, transaction

    BookingFactory(slot=slot, phone="13900000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=slot, phone="13900000001")


def test_full_slot_is_refused_and_database_refuses_overbooking(slot):
    book(slot, phone="13900000001")
    book(slot, phone="13900000002")
    with pytest.raises(services.SlotFull):
        book(slot, phone="13900000003")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=3)


def test_booking_needs_consent_and_a_mobile_number(slot):
    with pytest.raises(services.BookingError, match="同意"):
        services.booking_create(slot_id=slot.pk, name="张伟", phone="13912345678", consent=False, now=NOW)
    with pytest.raises(services.BookingError, match="手机"):
        services.booking_create(slot_id=slot.pk, name="张伟", phone="2345", consent=True, now=NOW)
    assert not Booking.objects.exists()


# --- booking code --------------------------------------------------------------------------------


def test_codes_have_no_lookalike_characters_and_enough_entropy():
    codes = {services.booking_code_new() for _i in range(5000)}
    assert len(codes) == 5000
    for code in codes:
        assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", code)
        assert not set(code) & set("01OIL")
    # 31 symbols, 8 places: guessing one live code among 10,000 takes ~85 million tries on average.
    assert len(services.CODE_ALPHABET) ** services.CODE_LENGTH > 8 * 10**11


def test_codes_come_from_the_system_random_source(monkeypatch):
    drawn = []

    def fake_choice(seq):
        drawn.append(seq)
        return seq[0]

    monkeypatch.setattr(secrets, "choice", fake_choice)
    assert services.booking_code_new() == "22222222"
    assert len(drawn) == 8


def test_a_code_collision_is_retried_with_a_new_code(slot, monkeypatch):
    BookingFactory(slot=slot, code="AAAAAAAA", phone="13900000009")
    codes = iter(["AAAAAAAA", "BBBBBBBB"])
    monkeypatch.setattr(booking_writes, "booking_code_new", lambda: next(codes))
    assert book(slot).code == "BBBBBBBB"


# --- no-show rule --------------------------------------------------------------------------------


def test_two_no_shows_in_30_days_block_online_booking_for_90_days_until_staff_lift_it(topic, place, centre_user):
    phone = "13811112222"
    first = BookingFactory(
        slot__topic=topic, slot__place=place, phone=phone, slot__starts_at=NOW - datetime.timedelta(days=20)
    )
    assert services.booking_mark_no_show(booking=first, user=centre_user, now=NOW) is None
    second_topic_slot = SlotFactory(place=place, starts_at=NOW - datetime.timedelta(days=2))
    second = BookingFactory(slot=second_topic_slot, phone=phone)
    block = services.booking_mark_no_show(booking=second, user=centre_user, now=NOW)
    assert block is not None
    assert block.blocked_until_at == NOW + datetime.timedelta(days=90)

    fresh = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 4), 10))
    with pytest.raises(services.PhoneBlocked):
        book(fresh, phone=phone)
    # Still blocked 89 days later, free again after 90.
    assert services.phone_blocked(phone=phone, now=NOW + datetime.timedelta(days=89))
    assert not services.phone_blocked(phone=phone, now=NOW + datetime.timedelta(days=91))

    services.noshow_block_lift(block=block, user=centre_user, reason="本人来电说明情况", now=NOW)
    assert book(fresh, phone=phone).status == Booking.Status.BOOKED
    entry = AuditEntry.objects.filter(object_type="consultations.noshowblock", action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["lift_reason"] == ["", "本人来电说明情况"]
    assert entry.changes["lifted_by"] == [None, centre_user.pk]
    assert "13811112222" not in str(entry.changes)  # phone masked in the log


def test_no_shows_further_apart_than_30_days_do_not_block(topic, place, centre_user):
    phone = "13811113333"
    old = BookingFactory(
        slot__topic=topic, slot__place=place, phone=phone, slot__starts_at=NOW - datetime.timedelta(days=40)
    )
    services.booking_mark_no_show(booking=old, user=centre_user, now=NOW - datetime.timedelta(days=39))
    recent = BookingFactory(slot__place=place, phone=phone, slot__starts_at=NOW - datetime.timedelta(days=1))
    assert services.booking_mark_no_show(booking=recent, user=centre_user, now=NOW) is None
    assert not NoShowBlock.objects.exists()


def test_a_future_booking_cannot_be_marked_no_show(slot, centre_user):
    booking = book(slot)
    with pytest.raises(services.NotChangeable):
        services.booking_mark_no_show(booking=booking, user=centre_user, now=NOW)


# --- cancel and reschedule ------------------------------------------------------------------------


def test_cancel_frees_the_place(slot):
    booking = book(slot)
    services.booking_cancel(booking=booking, now=NOW)
    slot.refresh_from_db()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert slot.booked_count == 0


def test_resident_cannot_cancel_after_the_cutoff(slot):
    booking = book(slot)
    with pytest.raises(services.NotChangeable):
        services.booking_cancel(booking=booking, now=slot.starts_at - datetime.timedelta(hours=1))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_reschedule_moves_the_booking_and_both_counts(topic, place, slot):
    other = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 7), 9, 30))
    booking = book(slot)
    services.booking_reschedule(booking=booking, new_slot_id=other.pk, now=NOW)
    slot.refresh_from_db()
    other.refresh_from_db()
    booking.refresh_from_db()
    assert booking.slot_id == other.pk
    assert (slot.booked_count, other.booked_count) == (0, 1)


def test_reschedule_into_a_full_slot_is_refused_and_nothing_moves(topic, place, slot):
    full = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 7), 9, 30), capacity=1)
    book(full, phone="13900000001")
    booking = book(slot)
    with pytest.raises(services.SlotFull):
        services.booking_reschedule(booking=booking, new_slot_id=full.pk, now=NOW)
    booking.refresh_from_db()
    assert booking.slot_id == slot.pk


def test_reschedule_to_another_topics_slot_is_refused(place, slot):
    foreign = SlotFactory(place=place, starts_at=local(datetime.date(2026, 12, 7), 9, 30))
    booking = book(slot)
    with pytest.raises(services.NotBookable):
        services.booking_reschedule(booking=booking, new_slot_id=foreign.pk, now=NOW)


def test_an_unmarked_past_booking_does_not_block_the_phone_forever(topic, place, slot):
    past = BookingFactory(
        slot__topic=topic, slot__place=place, phone="13912345678", slot__starts_at=NOW - datetime.timedelta(days=3)
    )
    assert book(slot).status == Booking.Status.BOOKED
    past.refresh_from_db()
    assert past.status == Booking.Status.LAPSED


def test_bookings_past_retention_are_anonymised_unless_they_became_a_case(topic, place, area_a):
    from tests.factories.cases import CaseFactory

    old = BookingFactory(slot__topic=topic, slot__place=place, slot__starts_at=NOW - datetime.timedelta(days=400))
    kept = BookingFactory(slot=old.slot, phone="13900000077", case=CaseFactory(person__area=area_a, area=area_a))
    recent = BookingFactory(slot__topic=topic, slot__place=place, slot__starts_at=NOW - datetime.timedelta(days=30))
    assert services.bookings_anonymise(now=NOW) == 1
    old.refresh_from_db()
    kept.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.triage_answers) == ("（已匿名）", "", [])
    assert kept.phone == "13900000077" and recent.phone != ""
    assert services.bookings_anonymise(now=NOW) == 0


def test_a_booking_with_its_encrypted_phone_still_costs_four_statements(topic, place, slot):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        booking = book(slot, phone="13912340077")
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The audit chain (issue 16) takes its lock and reads the chain's head before the entry (on an
    # empty log the head is the last archive's anchor: one more read).
    chain = [
        sql
        for sql in statements
        if "pg_advisory_xact_lock" in sql or '"entry_hash" FROM' in sql or '"anchor_hash" FROM' in sql
    ]
    assert "pg_advisory_xact_lock" in chain[0] and len(chain) <= 3, chain
    # the slot locked with the rules' facts, the booking, its audit entry, the slot's counter
    booking_statements = [sql for sql in statements if sql not in chain]
    assert len(booking_statements) == 4, booking_statements
    assert "13912340077" not in " ".join(statements)
    assert Booking.objects.get(pk=booking.pk).phone == "13912340077"
