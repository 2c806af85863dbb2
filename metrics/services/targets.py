"""Setting the target of a metric code for a year: for the town, a committee or a department."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from metrics.models import Target
from zhuqiao.models import Area


def target_set(
    *,
    year: int,
    code: str,
    value: Decimal | int,
    note: str = "",
    area: Area | None = None,
    department: Any = None,
) -> Target:
    """Set (or change) the target of a metric code for a year: for the town, or for one
    committee (``area``) or one department (``department``)."""
    from metrics.targets import target_codes

    if code not in target_codes():
        raise ValueError(f"unknown metric code {code}")
    if area is not None and department is not None:
        raise ValueError("a target is for a committee or a department, not both")
    target, _created = Target.objects.update_or_create(
        year=year, code=code, area=area, department=department, defaults={"value": Decimal(value), "note": note}
    )
    return target
