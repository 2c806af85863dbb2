"""Writes of carriers: the fields staff edit, register, change (closing only when no residency is open)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from incubators.models import Carrier, Residency
from incubators.services.common import _save

# What staff edit on the carrier form, in the form's order; the demo loader also marks its own.
CARRIER_FORM_FIELDS = (
    "name",
    "kind",
    "classification",
    "operator",
    "address",
    "area",
    "focus_industries",
    "established_on",
    "closed_on",
    "capacity_desks",
    "capacity_rooms",
    "contact_name",
    "contact_phone",
    "notes",
)
CARRIER_FIELDS = (*CARRIER_FORM_FIELDS, "is_demo")


def carrier_create(**fields: Any) -> Carrier:
    """Register a carrier. Keyword arguments are the fields of ``CARRIER_FIELDS``."""
    carrier = Carrier(**{name: value for name, value in fields.items() if name in CARRIER_FIELDS})
    _save(carrier)
    return carrier


def carrier_update(*, carrier: Carrier, **fields: Any) -> Carrier:
    for name, value in fields.items():
        if name in CARRIER_FIELDS:
            setattr(carrier, name, value)
    if carrier.closed_on is not None and carrier.residencies.filter(stage__in=Residency.OPEN_STAGES).exists():
        raise ValidationError(_("该载体仍有未结束的入驻，请先办理毕业或退出后再关闭。"))
    _save(carrier)
    return carrier
