"""Writes of consultation booking, one module per responsibility:

- ``rules``: the rules a slot and a phone must satisfy, the errors a resident is told, slot locks;
- ``booking``: book, cancel, reschedule (the slot's occupancy changes only there);
- ``counter``: what staff do on the day (check in, no-show, lift a block, turn into a case);
- ``slots``: slots from opening hours and the holiday calendar;
- ``notices``: confirmations and reminders, each sent exactly once;
- ``retention``: erasing the personal data of old bookings.

Callers import from here. A test that replaces a function patches it on the module that looks
it up (e.g. ``consultations.services.notices.send_sms``)."""

from consultations.services.booking import booking_cancel, booking_code_new, booking_create, booking_reschedule
from consultations.services.counter import (
    booking_check_in,
    booking_convert_to_case,
    booking_mark_no_show,
    noshow_block_lift,
)
from consultations.services.notices import NOTICE_FIELDS, booking_message, booking_notify, notices_due
from consultations.services.retention import ANONYMOUS_NAME, RETENTION, bookings_anonymise
from consultations.services.rules import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NO_SHOW_BLOCK,
    NO_SHOW_LIMIT,
    NO_SHOW_WINDOW,
    AlreadyBooked,
    BookingError,
    NotBookable,
    NotChangeable,
    PhoneBlocked,
    SlotFull,
    normalise_code,
    normalise_phone,
    phone_blocked,
    phone_error,
    slot_check_bookable,
)
from consultations.services.slots import calendar_day_set, slots_generate, slots_generate_all

__all__ = [
    "ANONYMOUS_NAME",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "NOTICE_FIELDS",
    "NO_SHOW_BLOCK",
    "NO_SHOW_LIMIT",
    "NO_SHOW_WINDOW",
    "RETENTION",
    "AlreadyBooked",
    "BookingError",
    "NotBookable",
    "NotChangeable",
    "PhoneBlocked",
    "SlotFull",
    "booking_cancel",
    "booking_check_in",
    "booking_code_new",
    "booking_convert_to_case",
    "booking_create",
    "booking_mark_no_show",
    "booking_message",
    "booking_notify",
    "booking_reschedule",
    "bookings_anonymise",
    "calendar_day_set",
    "normalise_code",
    "normalise_phone",
    "noshow_block_lift",
    "notices_due",
    "phone_blocked",
    "phone_error",
    "slot_check_bookable",
    "slots_generate",
    "slots_generate_all",
]
