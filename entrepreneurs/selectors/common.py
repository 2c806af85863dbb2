"""Helpers the venture register reads share: the yes/no filter values, the committee filter."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zhuqiao.models import Area

YES = ("yes", "1", "true", "on")
NO = ("no", "0", "false", "off")


def _area_filter(value: Any) -> Q | None:
    if isinstance(value, Area):
        return Q(area=value)
    text = str(value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return Q(area_id=int(text))
    return Q(area__code=text)
