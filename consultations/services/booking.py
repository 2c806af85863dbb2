"""Booking, cancelling and rescheduling: every change of a slot's occupancy happens here, under a
row lock on the slot (``SELECT ... FOR UPDATE``) inside one transaction, so capacity holds however
many requests arrive at once; the database's check constraint is the last guard."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from consultations.models import Booking, CalendarDay, NoShowBlock, Place, Slot, Topic, TriageQuestion
from consultations.services.notices import NOTICE_FIELDS
from consultations.services.rules import (
    CODE_ALPHABET,
    CODE_CONSTRAINT,
    CODE_LENGTH,
    AlreadyBooked,
    BookingError,
    NotBookable,
    NotChangeable,
    PhoneBlocked,
    SlotFull,
    _lock_slots,
    _occupied,
    _recount,
    _triage_answers,
    normalise_phone,
    phone_error,
    slot_check_bookable,
)
from zhuqiao.models import User
from zhuqiao.personal_data import phone_columns, phone_hash

ModelT = TypeVar("ModelT", bound=Model)


def booking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def booking_create(
    *,
    slot_id: int,
    name: str,
    phone: str,
    consent: bool,
    email: str = "",
    note: str = "",
    answers: dict[str, Any] | None = None,
    source: str = "web",
    now: datetime.datetime | None = None,
) -> Booking:
    """Book one place of a slot for a resident, or raise a BookingError saying why not.

    The busiest write of the public API, so it costs four statements: the slot row locked
    together with everything the rules need to know, the booking, its audit entry and the
    slot's counter. Booking codes are drawn at random; the rare collision with an existing
    code rolls the transaction back and the booking is tried again with a new code.
    """
    now = now or timezone.now()
    name = (name or "").strip()
    phone = normalise_phone(phone)
    email = (email or "").strip()
    if not name or len(name) > 64:
        raise BookingError(_("请填写姓名（不超过 64 个字）。"), field="name")
    problem = phone_error(phone)
    if problem:
        raise BookingError(problem, field="phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise BookingError(_("电子邮箱格式不正确。"), field="email") from None
    if not consent:
        raise BookingError(_("须同意个人信息处理规则后才能预约。"), field="consent")
    fields = {"name": name, "phone": phone, "email": email, "note": (note or "").strip()[:1000]}
    for _attempt in range(5):
        code = booking_code_new()
        try:
            booking = _booking_insert(
                slot_id=slot_id, code=code, answers=answers or {}, source=source, now=now, **fields
            )
        except IntegrityError as exc:
            constraint = _constraint_violated(exc, code=code, phone=phone, slot_id=slot_id)
            if constraint == "phone":  # a concurrent booking of the same phone and topic won
                raise AlreadyBooked(_("该手机号已有此事项的有效预约，可先取消或改约。"), field="phone") from None
            if constraint != "code":
                raise
            continue  # the drawn code was taken meanwhile: draw again
        # Its confirmation is owed (``confirmation_sent_at`` is empty) and sent by the sweep, the
        # one path for every confirmation: ``notices_dispatch("confirmation")`` every
        # CONFIRMATION_SWEEP_SECONDS. The request neither waits for the queue nor fails when
        # Redis is down; the confirmation goes out once Redis is back.
        return booking
    raise RuntimeError("could not draw an unused booking code in 5 attempts")


def _constraint_violated(exc: IntegrityError, *, code: str, phone: str, slot_id: int) -> str:
    """Which rule the insert broke: one active booking per phone and topic ("phone"), a unique
    code ("code"), or another ("").

    PostgreSQL names the constraint; elsewhere the rows tell."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    if name:
        if name == "booking_one_active_per_phone_topic":
            return "phone"
        return "code" if name == CODE_CONSTRAINT else ""
    topic_id = Slot.objects.filter(pk=slot_id).values("topic_id")[:1]
    if Booking.objects.filter(
        phone_hash=phone_hash(phone), topic_id__in=topic_id, status=Booking.Status.BOOKED
    ).exists():
        return "phone"
    return "code" if Booking.objects.filter(code=code).exists() else ""


@dataclass(frozen=True)
class _BookingTarget:
    """A slot locked for booking, with what the rules need to know about the phone and day."""

    slot: Slot  # its topic and place carry the fields the rules read; the others load on use
    phone_blocked: bool  # barred from online booking by no-shows
    calendar_kind: str | None  # the calendar's entry for the slot's day (holiday/workday), if any
    has_questions: bool  # the topic asks triage questions
    held_until: datetime.datetime | None  # end of the phone's active booking of the topic, if any


def _slot_for_booking(slot_id: int, *, phone: str, now: datetime.datetime) -> _BookingTarget | None:
    """The slot, locked, with everything the booking rules need, in one statement.

    Written in SQL because it runs on every booking attempt and the ORM's form of it (select
    related, four subquery annotations) costs ten times the CPU. The phone's active booking of
    the topic is at most one row (a unique constraint).
    """
    slot_table, topic_table, place_table = Slot._meta.db_table, Topic._meta.db_table, Place._meta.db_table
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    sql = f"""
        SELECT s.*,
            t.is_active AS topic_is_active, t.min_days_ahead, t.max_days_ahead, t.cutoff_hours,
            p.is_active AS place_is_active,
            EXISTS (SELECT 1 FROM {NoShowBlock._meta.db_table}
                    WHERE phone_hash = %s AND lifted_at IS NULL AND blocked_until_at > %s) AS phone_blocked,
            (SELECT kind FROM {CalendarDay._meta.db_table} WHERE day = s.slot_date) AS calendar_kind,
            EXISTS (SELECT 1 FROM {TriageQuestion._meta.db_table} WHERE topic_id = s.topic_id) AS has_questions,
            (SELECT held.ends_at FROM {Booking._meta.db_table} b JOIN {slot_table} held ON held.id = b.slot_id
             WHERE b.phone_hash = %s AND b.topic_id = s.topic_id AND b.status = %s) AS held_until
        FROM {slot_table} s
        JOIN {topic_table} t ON t.id = s.topic_id
        JOIN {place_table} p ON p.id = s.place_id
        WHERE s.id = %s{lock}
    """  # noqa: S608 (only table names of our models are interpolated; values are parameters)
    digest = phone_hash(phone)  # phones are stored encrypted, found by their keyed hash
    params = [digest, connection.ops.adapt_datetimefield_value(now), digest, Booking.Status.BOOKED.value, slot_id]
    row: Any = next(iter(Slot.objects.raw(sql, params)), None)  # a Slot with the extra columns
    if row is None:
        return None
    row.topic = _partial(
        Topic,
        id=row.topic_id,
        is_active=row.topic_is_active,
        min_days_ahead=row.min_days_ahead,
        max_days_ahead=row.max_days_ahead,
        cutoff_hours=row.cutoff_hours,
    )
    row.place = _partial(Place, id=row.place_id, is_active=row.place_is_active)
    held_until = row.held_until
    if isinstance(held_until, str):  # SQLite may answer a subquery's datetime as text...
        held_until = parse_datetime(held_until)
    if held_until is not None and timezone.is_naive(held_until):  # ... and always in UTC, naive
        held_until = timezone.make_aware(held_until, datetime.UTC)
    return _BookingTarget(
        slot=row,
        phone_blocked=bool(row.phone_blocked),
        calendar_kind=row.calendar_kind,
        has_questions=bool(row.has_questions),
        held_until=held_until,
    )


def _partial(model: type[ModelT], **values: Any) -> ModelT:
    """An instance of ``model`` as the database would give it with only these fields loaded
    (the others deferred: read on first access)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


@transaction.atomic
def _booking_insert(
    *,
    slot_id: int,
    code: str,
    name: str,
    phone: str,
    email: str,
    note: str,
    answers: dict[str, Any],
    source: str,
    now: datetime.datetime,
) -> Booking:
    target = _slot_for_booking(slot_id, phone=phone, now=now)
    if target is None:
        raise NotBookable(_("该时段不存在。"))
    slot = target.slot
    if target.phone_blocked:
        raise PhoneBlocked(_("该手机号因多次预约未到暂停在线预约，请致电或到中心窗口办理。"), field="phone")
    exceptions = {slot.slot_date: target.calendar_kind} if target.calendar_kind else {}
    slot_check_bookable(slot, now=now, exceptions=exceptions)
    triage = _triage_answers(slot.topic, answers) if target.has_questions else []
    if target.held_until is not None:
        if target.held_until >= now:
            raise AlreadyBooked(_("该手机号已有此事项的有效预约，可先取消或改约。"), field="phone")
        # A booking whose time has passed unmarked no longer counts as the phone's active one.
        Booking.objects.filter(phone_hash=phone_hash(phone), topic=slot.topic_id, status=Booking.Status.BOOKED).update(
            status=Booking.Status.LAPSED
        )
    # The counter changes only under this row lock (see Slot), so it is the slot's occupancy.
    if slot.booked_count >= slot.capacity:
        raise SlotFull(_("该时段已约满，请选择其他时段。"), field="slot")
    booking = Booking.objects.create(
        code=code,
        slot=slot,
        topic=slot.topic,
        name=name,
        **phone_columns(phone),  # encrypted, with its keyed hash and masked form
        email=email,
        note=note,
        triage_answers=triage,
        consent_at=now,
        source=source,
        # Demo residents are invented: nobody to text.
        confirmation_sent_at=now if source == "demo" else None,
    )
    with connection.cursor() as cursor:  # as plain SQL for the same reason as _slot_for_booking
        cursor.execute(f"UPDATE {Slot._meta.db_table} SET booked_count = booked_count + 1 WHERE id = %s", [slot.pk])  # noqa: S608
    return booking


def _lock_booking(booking: Booking) -> tuple[Booking, dict[int, Slot]]:
    """Lock the booking's slot, then the booking (the order booking_create uses)."""
    slots = _lock_slots(booking.slot_id)
    locked = Booking.objects.select_for_update(of=("self",)).select_related("topic").get(pk=booking.pk)
    if locked.slot_id not in slots:  # rescheduled meanwhile
        raise NotChangeable(_("预约刚刚被修改，请刷新后重试。"))
    locked.slot = slots[locked.slot_id]
    return locked, slots


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User | None = None, now: datetime.datetime | None = None) -> Booking:
    """Cancel a booking: by the resident until the topic's cut-off, by staff while it is booked."""
    now = now or timezone.now()
    booking, _slots = _lock_booking(booking)
    if by is None and not booking.changeable_at(now):
        raise NotChangeable(_("已过取消截止时间或预约已不能取消，请致电中心。"))
    if by is not None and booking.status != Booking.Status.BOOKED:
        raise NotChangeable(_("只能取消“已预约”状态的预约。"))
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.handled_by = by
    booking.save(update_fields=["status", "cancelled_at", "handled_by", "updated_at"])
    _recount(booking.slot)
    return booking


@transaction.atomic
def booking_reschedule(*, booking: Booking, new_slot_id: int, now: datetime.datetime | None = None) -> Booking:
    """Move a booking to another slot of the same topic, both slots locked in id order."""
    now = now or timezone.now()
    slots = _lock_slots(booking.slot_id, new_slot_id)
    locked = Booking.objects.select_for_update(of=("self",)).select_related("topic").get(pk=booking.pk)
    if locked.slot_id not in slots:
        raise NotChangeable(_("预约刚刚被修改，请刷新后重试。"))
    locked.slot = slots[locked.slot_id]
    new_slot = slots.get(new_slot_id)
    if new_slot is None or new_slot.topic_id != locked.topic_id:
        raise NotBookable(_("请选择同一事项的其他时段。"))
    if new_slot.pk == locked.slot_id:
        return locked
    if not locked.changeable_at(now):
        raise NotChangeable(_("已过改约截止时间或预约已不能改约，请致电中心。"))
    slot_check_bookable(new_slot, now=now)
    if _occupied(new_slot) >= new_slot.capacity:
        raise SlotFull(_("该时段已约满，请选择其他时段。"), field="slot")
    old_slot = locked.slot
    locked.slot = new_slot
    for field in NOTICE_FIELDS.values():  # the new time is owed a confirmation and new reminders
        setattr(locked, field, None)
    locked.save(update_fields=["slot", *NOTICE_FIELDS.values(), "updated_at"])
    _recount(old_slot)
    _recount(new_slot)
    return locked
