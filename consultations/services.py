"""Writes of consultation booking. Every change of a slot's occupancy happens here, under a row
lock on the slot (``SELECT ... FOR UPDATE``) inside one transaction, so capacity holds however
many requests arrive at once; the database's check constraint is the last guard."""

from __future__ import annotations

import datetime
import logging
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cases.models import Case
from cases.services import case_open
from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import Booking, CalendarDay, NoShowBlock, Place, Slot, Topic, TriageQuestion
from jobseekers.models import Person
from zhuqiao.models import User
from zhuqiao.personal_data import normalise_phone as _normalise_phone
from zhuqiao.personal_data import phone_columns, phone_hash
from zhuqiao.sms import send_sms

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=Model)

# No look-alike characters: no 0/O, no 1/I/L. 31 symbols, 8 places: about 8.5e11 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
CODE_CONSTRAINT = "consultations_booking_code_key"  # unique=True on Booking.code
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def phone_error(phone: str) -> str | None:
    """What is wrong with a (normalised) mobile number, said precisely, or None when it is fine:
    "请填写 11 位手机号码" for ``23912340001`` left the resident guessing."""
    from jobseekers.validators import validate_mobile

    try:
        validate_mobile(phone)
    except ValidationError as exc:
        return str(exc.messages[0])
    if not PHONE_RE.match(phone):
        return str(_("手机号第二位应为3至9，请核对。"))
    return None


NO_SHOW_LIMIT = getattr(settings, "BOOKING_NO_SHOW_LIMIT", 2)
NO_SHOW_WINDOW = datetime.timedelta(days=getattr(settings, "BOOKING_NO_SHOW_WINDOW_DAYS", 30))
NO_SHOW_BLOCK = datetime.timedelta(days=getattr(settings, "BOOKING_NO_SHOW_BLOCK_DAYS", 90))


class BookingError(Exception):
    """A booking request refused for a reason the resident can act on (message in Chinese)."""

    code = "invalid"
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class SlotFull(BookingError):
    code = "full"


class AlreadyBooked(BookingError):
    code = "already_booked"


class PhoneBlocked(BookingError):
    code = "blocked"


class NotBookable(BookingError):
    code = "not_bookable"
    field = "slot"


class NotChangeable(BookingError):
    code = "not_changeable"


def booking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def normalise_phone(value: str) -> str:
    return _normalise_phone(value)


def slot_check_bookable(
    slot: Slot, *, now: datetime.datetime, exceptions: dict[datetime.date, str] | None = None
) -> None:
    """Raise NotBookable unless the slot is in its topic's window, before the cut-off, on a
    working day, with topic and place open. ``exceptions``: the calendar's entries for the slot's
    day when the caller has read them already (see calendar_exceptions); looked up otherwise."""
    topic = slot.topic
    if not topic.is_active or not slot.place.is_active:
        raise NotBookable(_("该事项或地点暂停预约。"))
    first, last = topic.window_on(timezone.localdate(now))
    if not first <= slot.slot_date <= last:
        raise NotBookable(
            _("该时段不在可预约范围内（可预约 %(first)s 至 %(last)s）。") % {"first": first, "last": last}
        )
    if now >= slot.starts_at - datetime.timedelta(hours=topic.cutoff_hours):
        raise NotBookable(_("该时段已过预约截止时间（开始前 %(hours)s 小时）。") % {"hours": topic.cutoff_hours})
    if exceptions is None:
        exceptions = calendar_exceptions(start=slot.slot_date, end=slot.slot_date)
    if not is_working_day(slot.slot_date, exceptions):
        raise NotBookable(_("该日为节假日，不办理预约。"))


def phone_blocked(*, phone: str, now: datetime.datetime) -> bool:
    return NoShowBlock.objects.filter(
        phone_hash=phone_hash(phone), lifted_at__isnull=True, blocked_until_at__gt=now
    ).exists()


def _triage_answers(topic: Topic, answers: dict[str, Any]) -> list[dict[str, str]]:
    result = []
    for question in topic.questions.all():
        answer = str(answers.get(str(question.pk)) or "").strip()[:500]
        if question.required and not answer:
            raise BookingError(_("请回答：%(q)s") % {"q": question.text}, field="answers")
        if answer and question.kind == question.Kind.CHOICE and answer not in question.choice_list:
            raise BookingError(_("“%(q)s”请从选项中选择。") % {"q": question.text}, field="answers")
        if answer:
            result.append({"question": question.text, "answer": answer})
    return result


def _lock_slots(*ids: int) -> dict[int, Slot]:
    """Lock slot rows in id order (so two reschedules never wait on each other in a cycle)."""
    rows = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("topic", "place")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {slot.pk: slot for slot in rows}


def _occupied(slot: Slot) -> int:
    return Booking.objects.filter(slot=slot).exclude(status=Booking.Status.CANCELLED).count()


def _recount(slot: Slot) -> int:
    count = _occupied(slot)
    Slot.objects.filter(pk=slot.pk).update(booked_count=count)
    return count


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


@transaction.atomic
def booking_check_in(*, booking: Booking, user: User | None, now: datetime.datetime | None = None) -> Booking:
    """The resident has arrived."""
    now = now or timezone.now()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.LAPSED, Booking.Status.NO_SHOW):
        raise NotChangeable(_("该预约已取消，不能签到。"))
    if booking.slot.slot_date != timezone.localdate(now):
        raise NotChangeable(_("只能在预约当天签到。"))
    booking.status = Booking.Status.CHECKED_IN
    booking.checked_in_at = now
    booking.handled_by = user
    booking.save(update_fields=["status", "checked_in_at", "handled_by", "updated_at"])
    return booking


@transaction.atomic
def booking_mark_no_show(*, booking: Booking, user: User, now: datetime.datetime | None = None) -> NoShowBlock | None:
    """The resident did not come. Repeated no-shows bar the phone from online booking."""
    now = now or timezone.now()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.LAPSED):
        raise NotChangeable(_("只能将“已预约”的预约标记为未到。"))
    if booking.slot.starts_at > now:
        raise NotChangeable(_("时段尚未开始，不能标记为未到。"))
    booking.status = Booking.Status.NO_SHOW
    booking.handled_by = user
    booking.save(update_fields=["status", "handled_by", "updated_at"])
    recent = Booking.objects.filter(
        phone_hash=booking.phone_hash, status=Booking.Status.NO_SHOW, slot__starts_at__gte=now - NO_SHOW_WINDOW
    ).count()
    if (
        recent < NO_SHOW_LIMIT
        or NoShowBlock.objects.filter(
            phone_hash=booking.phone_hash, lifted_at__isnull=True, blocked_until_at__gt=now
        ).exists()
    ):
        return None
    return NoShowBlock.objects.create(
        phone_encrypted=booking.phone_encrypted,
        phone_hash=booking.phone_hash,
        phone_masked=booking.phone_masked,
        blocked_until_at=now + NO_SHOW_BLOCK,
        reason=_("%(days)s 天内 %(count)s 次预约未到") % {"days": NO_SHOW_WINDOW.days, "count": recent},
    )


@transaction.atomic
def noshow_block_lift(
    *, block: NoShowBlock, user: User, reason: str, now: datetime.datetime | None = None
) -> NoShowBlock:
    """Staff lift a no-show block (the change lands in the audit log)."""
    if block.lifted_at is not None:
        raise NotChangeable(_("该限制已解除。"))
    block.lifted_at = now or timezone.now()
    block.lifted_by = user
    block.lift_reason = reason.strip()[:200]
    block.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
    return block


@transaction.atomic
def booking_convert_to_case(*, booking: Booking, person: Person, user: User) -> Case:
    """Open a case of the casework catalogue for the booking's person; the booking links to it."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("topic").get(pk=booking.pk)
    if booking.case_id:
        raise NotChangeable(_("该预约已转为服务个案。"))
    if booking.status == Booking.Status.CANCELLED:
        raise NotChangeable(_("已取消的预约不能转为服务个案。"))
    service = booking.topic.service_type
    if service is None:
        raise NotChangeable(_("该咨询事项未对应服务事项，请先在配置中设置。"))
    case = case_open(
        service=service,
        opened_by=user,
        person=person,
        department=booking.topic.department,
    )
    booking.case = case
    fields = ["case", "handled_by", "updated_at"]
    if booking.status in (Booking.Status.BOOKED, Booking.Status.LAPSED):
        booking.status = Booking.Status.CHECKED_IN
        booking.checked_in_at = timezone.now()
        fields += ["status", "checked_in_at"]
    booking.handled_by = user
    booking.save(update_fields=fields)
    return case


def slots_generate(*, topic: Topic, start: datetime.date, end: datetime.date) -> int:
    """Create the missing slots of a topic between two days from its places' opening hours.

    Holidays get none; a make-up working day on a weekend follows the place's Monday hours
    when it has none of its own for that weekday. Returns the number of slots created.
    """
    exceptions = calendar_exceptions(start=start, end=end)
    length = datetime.timedelta(minutes=topic.slot_minutes)
    candidates = []
    for place in topic.places.filter(is_active=True).prefetch_related("hours"):
        periods: dict[int, list[tuple[datetime.time, datetime.time]]] = defaultdict(list)
        for hours in place.hours.all():
            periods[hours.weekday].append((hours.opens_at, hours.closes_at))
        day = start
        while day <= end:
            if is_working_day(day, exceptions):
                todays = periods.get(day.weekday()) or (periods.get(0, []) if day.weekday() >= 5 else [])
                for opens, closes in todays:
                    begin = timezone.make_aware(datetime.datetime.combine(day, opens))
                    close = timezone.make_aware(datetime.datetime.combine(day, closes))
                    while begin + length <= close:
                        candidates.append(
                            Slot(
                                topic=topic,
                                place=place,
                                slot_date=day,
                                starts_at=begin,
                                ends_at=begin + length,
                                capacity=topic.capacity,
                            )
                        )
                        begin += length
            day += datetime.timedelta(days=1)
    before = Slot.objects.filter(topic=topic).count()
    Slot.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=500)
    return Slot.objects.filter(topic=topic).count() - before


def slots_generate_all(*, today: datetime.date | None = None) -> int:
    """Slots of every active topic for its whole booking window (the nightly job)."""
    today = today or timezone.localdate()
    return sum(
        slots_generate(topic=topic, start=today, end=topic.window_on(today)[1])
        for topic in Topic.objects.filter(is_active=True)
    )


RETENTION = datetime.timedelta(days=getattr(settings, "BOOKING_RETENTION_DAYS", 365))
ANONYMOUS_NAME = "（已匿名）"


def bookings_anonymise(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of bookings past the retention period that did not become a case
    (as the privacy notice promises). The rows stay, so counts per slot and topic still add up."""
    cutoff = (now or timezone.now()) - RETENTION
    return (
        Booking.objects.filter(slot__ends_at__lt=cutoff, case__isnull=True)
        .exclude(name=ANONYMOUS_NAME)
        .update(
            name=ANONYMOUS_NAME,
            phone_encrypted="",
            phone_hash="",
            phone_masked="",
            email="",
            note="",
            triage_answers=[],
            updated_at=timezone.now(),
        )
    )


def calendar_day_set(*, day: datetime.date, kind: str, name: str = "") -> CalendarDay:
    calendar_day, _created = CalendarDay.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
    return calendar_day


# --- messages -----------------------------------------------------------------------------------


def _when(booking: Booking) -> str:
    start = timezone.localtime(booking.slot.starts_at)
    end = timezone.localtime(booking.slot.ends_at)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"


def booking_message(booking: Booking, *, kind: str) -> str:
    values = {
        "topic": booking.topic.name,
        "when": _when(booking),
        "place": f"{booking.slot.place.name}（{booking.slot.place.address}）",
        "code": booking.code,
        "bring": booking.topic.what_to_bring or _("无"),
        "url": f"{settings.SITE_URL}/consultations/manage/",
    }
    if kind == "confirmation":
        text = _(
            "【祝桥镇】您已预约%(topic)s：%(when)s，地点：%(place)s。预约码 %(code)s。"
            "请携带：%(bring)s。查询、改约或取消：%(url)s"
        )
    elif kind == "evening":
        text = _(
            "【祝桥镇】提醒：您明天预约了%(topic)s，%(when)s，地点：%(place)s。预约码 %(code)s。请携带：%(bring)s。"
        )
    else:
        text = _("【祝桥镇】提醒：您预约的%(topic)s将于一小时内开始（%(when)s），地点：%(place)s。预约码 %(code)s。")
    return text % values


def _deliver(booking: Booking, *, kind: str, subject: str) -> None:
    text = booking_message(booking, kind=kind)
    send_sms(phone=booking.phone, text=text)
    if booking.email:
        from consultations.ics import booking_ics

        message = EmailMessage(subject=subject, body=text, to=[booking.email])
        message.attach(f"{booking.code}.ics", booking_ics(booking), "text/calendar")
        message.send()


# The three notices of a booking, each sent once: the field records that it was claimed.
NOTICE_FIELDS = {
    "confirmation": "confirmation_sent_at",
    "evening": "reminder_evening_sent_at",
    "hour": "reminder_hour_sent_at",
}


def _notice_subject(kind: str, topic: Topic) -> str:
    if kind == "confirmation":
        return _("预约成功：%(topic)s") % {"topic": topic.name}
    return _("预约提醒：%(topic)s") % {"topic": topic.name}


def booking_notify(*, booking_id: int, kind: str, now: datetime.datetime | None = None) -> bool:
    """Send one notice (confirmation or reminder) exactly once: the compare-and-swap UPDATE
    claims it; a second run (or a second worker) finds it claimed and sends nothing. When
    sending fails, the claim is given back so that the next sweep tries again."""
    field = NOTICE_FIELDS[kind]
    claimed_at = now or timezone.now()
    claimed = Booking.objects.filter(pk=booking_id, status=Booking.Status.BOOKED, **{f"{field}__isnull": True}).update(
        **{field: claimed_at}
    )
    if claimed != 1:
        return False
    booking = Booking.objects.select_related("topic", "slot__place").get(pk=booking_id)
    try:
        _deliver(booking, kind=kind, subject=_notice_subject(kind, booking.topic))
    except Exception:
        Booking.objects.filter(pk=booking_id, **{field: claimed_at}).update(**{field: None})
        raise
    return True


def notices_due(*, kind: str, now: datetime.datetime) -> list[int]:
    """Bookings owed a notice now: confirmations of bookings still to come, evening reminders
    for tomorrow, hourly ones starting within the hour."""
    base = Booking.objects.filter(status=Booking.Status.BOOKED, **{f"{NOTICE_FIELDS[kind]}__isnull": True})
    if kind == "confirmation":
        base = base.filter(slot__ends_at__gt=now)
    elif kind == "evening":
        tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
        base = base.filter(slot__slot_date=tomorrow)
    else:
        base = base.filter(slot__starts_at__gt=now, slot__starts_at__lte=now + datetime.timedelta(hours=1))
    return list(base.order_by("pk").values_list("pk", flat=True))
