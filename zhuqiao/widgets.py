"""Date and time inputs that browsers understand in every language.

``<input type="date">`` (and ``time``, ``datetime-local``) only accepts ISO values: ``2026-11-25``,
``14:30``, ``2026-11-25T14:30``. Django's default widget formats a saved value with the first input
format of the active language, which is ``2026/11/25`` in zh-hans: the browser drops it, the field
comes back empty, and saving an untouched form fails as "required". Every form of the project uses
these widgets; ``tests/zhuqiao/test_date_inputs.py`` checks that none is left out.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME)
