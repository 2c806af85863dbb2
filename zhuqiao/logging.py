"""Log output: one line per event on standard output, with ID and phone numbers masked.

Masking happens where each record is made (:func:`install_masking_record_factory`, installed when
Django starts), so no handler, formatter or third-party logger (Django's request log, gunicorn's
access log in the same process, Celery) ever sees a full ID or mobile number. The filter and
formatter below stay as a second guard for handlers configured elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

from zhuqiao.personal_data import mask_text


def _mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: leave it to logging's own error report
        return record
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    return record


def install_masking_record_factory() -> None:
    """Make every record of the process masked at creation (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_personal_data", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _mask_record(current(*args, **kwargs))

    factory.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        _mask_record(record)
        return True


class OneLineFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return mask_text(text).replace("\r", "\\r").replace("\n", "\\n")
