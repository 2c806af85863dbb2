"""Writes of a carrier's yearly evaluations, grants (奖补) and service points."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incubators.models import Carrier, Evaluation, ServicePoint, Subsidy
from incubators.services.common import _not_in_future, _save


def evaluation_record(
    *,
    carrier: Carrier,
    year: int,
    evaluated_on: datetime.date,
    scores: dict[str, int],
    evaluator: str,
    grade: str = "",
    notes: str = "",
    recorded_by: Any = None,
) -> Evaluation:
    """Record a carrier's yearly evaluation. Without a grade, the average of the six scores
    decides it (A from 85, B from 60, C below)."""
    missing = [name for name in Evaluation.ASPECTS if scores.get(name) is None]
    if missing:
        raise ValidationError(_("请填写全部六项评估得分。"))
    if evaluated_on.year < year:
        raise ValidationError(_("评估日期不能早于评估年度。"))
    _not_in_future(evaluated_on, _("评估日期"))
    if Evaluation.objects.filter(carrier=carrier, year=year).exists():
        raise ValidationError(_("%(carrier)s %(year)s年度已有评估记录。") % {"carrier": carrier, "year": year})
    evaluation = Evaluation(
        carrier=carrier,
        year=year,
        evaluated_on=evaluated_on,
        evaluator=evaluator,
        notes=notes,
        recorded_by=recorded_by,
        **{name: scores[name] for name in Evaluation.ASPECTS},
    )
    evaluation.grade = grade or Evaluation.grade_for(evaluation.average_score)
    _save(evaluation)
    return evaluation


def subsidy_grant(
    *, carrier: Carrier, granted_on: datetime.date, amount: Decimal, basis: str, notes: str = ""
) -> Subsidy:
    """Record a grant (奖补) to a carrier."""
    _not_in_future(granted_on, _("发放日期"))
    subsidy = Subsidy(carrier=carrier, granted_on=granted_on, amount=amount, basis=basis, notes=notes)
    _save(subsidy)
    return subsidy


# Service points -----------------------------------------------------------------------


@transaction.atomic
def service_point_save(
    *,
    service_point: ServicePoint | None = None,
    carrier: Carrier,
    name: str,
    opening_hours: str,
    location: str = "",
    phone: str = "",
    is_active: bool = True,
    staff: Iterable[Any] = (),
) -> ServicePoint:
    """Create or change a town service desk inside a carrier and set who serves there."""
    point = service_point or ServicePoint()
    point.carrier = carrier
    point.name = name
    point.opening_hours = opening_hours
    point.location = location
    point.phone = phone
    point.is_active = is_active
    _save(point)
    point.staff.set(list(staff))
    return point
