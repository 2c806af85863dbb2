"""Log output: one line per event on standard output, with ID and phone numbers masked."""

from __future__ import annotations

import logging

from zhuqiao.personal_data import mask_text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class OneLineFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return mask_text(text).replace("\r", "\\r").replace("\n", "\\n")
