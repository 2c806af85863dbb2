"""Pluggable SMS sending. The default backend writes each message to the log (masked), so that
nothing is pretended: a town plugs in its SMS gateway by naming another backend in SMS_BACKEND."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from zhuqiao.personal_data import mask_phone

logger = logging.getLogger("zhuqiao.sms")


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class LoggingSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        logger.info("sms to %s: %s", mask_phone(phone), text)


class LocmemSmsBackend:
    """Keeps messages in ``outbox`` for tests, as Django's locmem mail backend does."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


def send_sms(*, phone: str, text: str) -> None:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(phone=phone, text=text)
