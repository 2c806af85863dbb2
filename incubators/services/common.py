"""Helpers the writes share: no date in the future, validate and save with refusals as messages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _


def _not_in_future(day: datetime.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})


def _save(instance: Any) -> None:
    """Validate against the model's constraints, then save; database refusals become messages."""
    instance.full_clean(validate_unique=True, validate_constraints=True)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(_("保存失败：数据与已有记录冲突。")) from exc
