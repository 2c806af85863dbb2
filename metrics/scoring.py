"""The expected score (预计得分): how the district is expected to score the town, from the
scoring sheet (``ScoringRule``, edited in the admin) and the town's numbers.

Per rule, the basis is the completion of the number's town target (value / target × 100); a rate
without a target (a clearance rate) is its own completion. Then:

- thresholds (分档计分): the points of the highest threshold the completion reaches, e.g.
  ``[[100, 10], [80, 8], [60, 5]]`` gives 8 for a completion of 85 %, 0 below 60 %;
- proportional (按比例): ``max_points × completion / 100``;

both capped at ``max_points`` and rounded to two decimals, half away from zero. A number without
a basis (no target, or no value) scores nothing and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from metrics import definitions as d
from metrics.targets import completion, label

TWO_PLACES = Decimal("0.01")


def validate_thresholds(thresholds: Any) -> list[tuple[Decimal, Decimal]]:
    """``[[completion %, points], ...]`` as Decimals, highest threshold first."""
    if not isinstance(thresholds, list) or not thresholds:
        raise ValidationError(_("分档计分需要至少一档：[[完成率下限（%）, 得分], ...]。"))
    parsed = []
    for item in thresholds:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ValidationError(_("每一档应为 [完成率下限（%）, 得分]。"))
        try:
            floor, points = Decimal(str(item[0])), Decimal(str(item[1]))
        except ArithmeticError:
            raise ValidationError(_("分档中的完成率和得分应为数字。")) from None
        if floor < 0 or points < 0:
            raise ValidationError(_("分档中的完成率和得分不能为负数。"))
        parsed.append((floor, points))
    return sorted(parsed, reverse=True)


def score_for(*, method: str, max_points: Decimal, thresholds: Any, basis: Decimal | None) -> Decimal | None:
    """The points of one rule for a completion ``basis`` (in %); None without a basis."""
    if basis is None:
        return None
    if method == "thresholds":
        points = next((p for floor, p in validate_thresholds(thresholds) if basis >= floor), Decimal(0))
    else:
        points = Decimal(max_points) * Decimal(basis) / 100
    points = max(Decimal(0), min(points, Decimal(max_points)))
    return points.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def basis_for(code: str, values: dict[str, Any], targets: dict[str, Decimal]) -> Decimal | None:
    """The completion a rule scores: of the target stored with the snapshot, else the target set
    now; a rate without a target is its own completion."""
    value = values.get(code)
    stored = values.get(f"{code}_completion")
    if stored is not None:
        return Decimal(stored)
    target = values.get(f"{code}_target")
    if target is None:
        target = targets.get(code)
    if target is not None:
        return completion(value, target)
    metric = d.METRICS.get(code)
    if metric is not None and metric.kind == d.PERCENT and value is not None:
        return Decimal(value)
    return None


@dataclass
class Score:
    code: str
    label: str
    indicator: int
    indicator_label: str
    max_points: Decimal
    method: str
    method_label: str
    basis: Decimal | None
    points: Decimal | None
    is_example: bool
    note: str


@dataclass
class ExpectedScore:
    rows: list[Score]
    total: Decimal
    total_max: Decimal
    has_examples: bool


def expected_score(values: dict[str, Any], targets: dict[str, Decimal]) -> ExpectedScore:
    """Every rule of the scoring sheet applied to the town's values (one query)."""
    from metrics.models import ScoringRule

    rows = []
    for rule in ScoringRule.objects.order_by("indicator", "code"):
        basis = basis_for(rule.code, values, targets)
        points = score_for(method=rule.method, max_points=rule.max_points, thresholds=rule.thresholds, basis=basis)
        rows.append(
            Score(
                code=rule.code,
                label=label(rule.code),
                indicator=rule.indicator,
                indicator_label=str(d.INDICATOR_LABELS.get(rule.indicator, "")),
                max_points=rule.max_points,
                method=rule.method,
                method_label=str(rule.get_method_display()),
                basis=basis,
                points=points,
                is_example=rule.is_example,
                note=rule.note if basis is not None else _("未设定目标或暂无数值，不计分"),
            )
        )
    total = sum((row.points or Decimal(0) for row in rows), Decimal(0))
    total_max = sum((row.max_points for row in rows), Decimal(0))
    return ExpectedScore(
        rows=rows,
        total=total.quantize(TWO_PLACES),
        total_max=total_max.quantize(TWO_PLACES),
        has_examples=any(row.is_example for row in rows),
    )
