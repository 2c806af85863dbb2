"""What every booking write shares: the rules a slot and a phone must satisfy, the errors a
resident is told, and the row locks on slots."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import Booking, NoShowBlock, Slot, Topic
from zhuqiao.personal_data import normalise_phone as _normalise_phone
from zhuqiao.personal_data import phone_hash

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
