"""The notices of a booking (confirmation, evening and hour reminders), each sent exactly once."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Booking, Topic
from zhuqiao.sms import send_sms


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
