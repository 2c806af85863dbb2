"""An iCalendar (RFC 5545) file of one booking, for the resident's phone calendar."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from consultations.models import Booking


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_ics(booking: Booking) -> str:
    slot = booking.slot
    place = slot.place
    description = f"预约码 {booking.code}"
    if booking.topic.what_to_bring:
        description += f"\n请携带：{booking.topic.what_to_bring}"
    description += f"\n查询、改约或取消：{settings.SITE_URL}/consultations/manage/"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Zhuqiao//Consultations//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:booking-{booking.code}@zhuqiao",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(slot.starts_at)}",
        f"DTEND:{_utc(slot.ends_at)}",
        f"SUMMARY:{_escape(booking.topic.name + '（祝桥镇预约咨询）')}",
        f"LOCATION:{_escape(place.name + ' ' + place.address)}",
        f"DESCRIPTION:{_escape(description)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
