"""Evaluations: grades, one per carrier and year, and the "failed two years in a row" flag."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from incubators import services
from incubators.models import Evaluation
from incubators.selectors import carrier_list, failed_year_pairs
from tests.factories.incubators import CarrierFactory, EvaluationFactory

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(Evaluation.ASPECTS, 70)


def test_without_a_grade_the_average_score_decides_it():
    carrier = CarrierFactory()
    high = services.evaluation_record(
        carrier=carrier,
        year=2024,
        evaluated_on=datetime.date(2024, 12, 1),
        scores=dict.fromkeys(SCORES, 85),
        evaluator="评估组",
    )
    low = services.evaluation_record(
        carrier=carrier,
        year=2025,
        evaluated_on=datetime.date(2025, 12, 1),
        scores={**SCORES, "score_policy": 0, "score_services": 20},
        evaluator="评估组",
    )
    assert high.grade == "A"
    assert low.average_score < 60 and low.grade == "C"


def test_a_second_evaluation_of_the_same_year_is_refused():
    carrier = CarrierFactory()
    services.evaluation_record(
        carrier=carrier, year=2025, evaluated_on=datetime.date(2025, 12, 1), scores=SCORES, evaluator="甲"
    )
    with pytest.raises(ValidationError, match="2025年度已有评估记录"):
        services.evaluation_record(
            carrier=carrier, year=2025, evaluated_on=datetime.date(2025, 12, 2), scores=SCORES, evaluator="乙"
        )
    assert carrier.evaluations.count() == 1


def test_missing_scores_are_refused():
    with pytest.raises(ValidationError, match="六项"):
        services.evaluation_record(
            carrier=CarrierFactory(),
            year=2025,
            evaluated_on=datetime.date(2025, 12, 1),
            scores={"score_policy": 80},
            evaluator="甲",
        )


def test_a_carrier_graded_c_two_consecutive_years_is_flagged(centre_user):
    twice = CarrierFactory(name="连续不合格")
    EvaluationFactory(carrier=twice, year=2023, grade="C")
    EvaluationFactory(carrier=twice, year=2024, grade="C")
    EvaluationFactory(carrier=twice, year=2025, grade="B")
    apart = CarrierFactory(name="隔年不合格")
    EvaluationFactory(carrier=apart, year=2023, grade="C")
    EvaluationFactory(carrier=apart, year=2024, grade="B")
    EvaluationFactory(carrier=apart, year=2025, grade="C")
    once = CarrierFactory(name="一次不合格")
    EvaluationFactory(carrier=once, year=2025, grade="C")
    other_c = CarrierFactory(name="别家")
    EvaluationFactory(carrier=other_c, year=2024, grade="C")  # another carrier's C must not pair with once's

    flags = {c.name: c.failed_two_years for c in carrier_list(user=centre_user)}
    assert flags == {"连续不合格": True, "隔年不合格": False, "一次不合格": False, "别家": False}
    assert failed_year_pairs(list(twice.evaluations.all())) == [(2023, 2024)]
    assert failed_year_pairs(list(apart.evaluations.all())) == []
