"""The scoring sheet, hand-computed: thresholds and proportional rules, capped; the expected
score on the dashboard panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metrics.models import ScoringRule
from metrics.scoring import basis_for, expected_score, score_for

pytestmark = pytest.mark.django_db

STEPS = [[60, 5], [100, 10], [80, 8]]  # in any order


@pytest.mark.parametrize(
    ("basis", "points"),
    [
        (Decimal("59.9"), "0.00"),
        (Decimal(60), "5.00"),
        (Decimal("85.0"), "8.00"),
        (Decimal(100), "10.00"),
        (Decimal(130), "10.00"),
    ],
)
def test_thresholds_give_the_points_of_the_highest_step_reached(basis, points) -> None:  # type: ignore[no-untyped-def]
    assert score_for(method="thresholds", max_points=Decimal(10), thresholds=STEPS, basis=basis) == Decimal(points)


def test_a_threshold_above_the_maximum_is_capped() -> None:
    assert score_for(method="thresholds", max_points=Decimal(6), thresholds=[[50, 9]], basis=Decimal(70)) == Decimal(
        "6.00"
    )


@pytest.mark.parametrize(
    ("basis", "points"),
    # 12 × 62.5 / 100 = 7.5 ; 12 × 74.1 / 100 = 8.892 → 8.89 ; 12 × 0.0 = 0 ; 12 × 133.3 % capped at 12
    [(Decimal("62.5"), "7.50"), (Decimal("74.1"), "8.89"), (Decimal(0), "0.00"), (Decimal("133.3"), "12.00")],
)
def test_proportional_is_max_points_times_completion_capped(basis, points) -> None:  # type: ignore[no-untyped-def]
    assert score_for(method="proportional", max_points=Decimal(12), thresholds=[], basis=basis) == Decimal(points)


def test_no_basis_scores_nothing() -> None:
    assert score_for(method="proportional", max_points=Decimal(12), thresholds=[], basis=None) is None


def test_the_basis_is_the_completion_or_a_rate_without_a_target() -> None:
    values = {
        "successful_entrepreneurs": Decimal(27),
        "clearance_graduate_rate": Decimal("96.3"),
        "activities": Decimal(3),
    }
    targets = {"successful_entrepreneurs": Decimal(45)}
    assert basis_for("successful_entrepreneurs", values, targets) == Decimal("60.0")  # 27 / 45
    assert basis_for("clearance_graduate_rate", values, targets) == Decimal("96.3")
    assert basis_for("activities", values, targets) is None  # a count without a target


def test_the_expected_score_sums_every_rule_and_says_examples_remain() -> None:
    ScoringRule.objects.create(code="successful_entrepreneurs", indicator=1, max_points=10, method="proportional")
    ScoringRule.objects.create(
        code="clearance_graduate_rate",
        indicator=0,
        max_points=8,
        method="thresholds",
        thresholds=STEPS,
        is_example=True,
    )
    ScoringRule.objects.create(code="activities", indicator=5, max_points=5, method="proportional")
    values = {
        "successful_entrepreneurs": Decimal(27),
        "clearance_graduate_rate": Decimal("96.3"),
        "activities": Decimal(3),
    }
    score = expected_score(values, {"successful_entrepreneurs": Decimal(45)})
    points = {row.code: row.points for row in score.rows}
    # 10 × 60.0 % = 6.00 ; 96.3 % reaches the 80 step: 8 (the maximum) ; activities: no target
    assert points == {
        "successful_entrepreneurs": Decimal("6.00"),
        "clearance_graduate_rate": Decimal("8.00"),
        "activities": None,
    }
    assert (score.total, score.total_max, score.has_examples) == (Decimal("14.00"), Decimal("23.00"), True)


def test_a_thresholds_rule_without_steps_is_refused_in_the_admin() -> None:
    rule = ScoringRule(code="policy_ventures", indicator=1, max_points=5, method="thresholds", thresholds=[[80]])
    with pytest.raises(ValidationError):
        rule.full_clean()
