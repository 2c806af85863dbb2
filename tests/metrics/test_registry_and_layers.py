"""Every metric code has a computation registered with metrics (no lookup by name at run time)."""

from __future__ import annotations

import pytest
from django.core import checks

from metrics import definitions as d
from metrics import registry
from metrics.checks import record_indicators_registered

# The codes of METRICS.md, as its tables list them (the export's names).
METRICS_MD_CODES = [
    "policy_ventures",
    "policy_ventures_last",
    "policy_ventures_yoy",
    "successful_entrepreneurs",
    "successful_entrepreneurs_target",
    "successful_entrepreneurs_completion",
    *[
        f"clearance_{g}_{k}"
        for g in ("difficulty", "unemployed", "graduate")
        for k in ("base", "employed", "rate", "rate_last", "rate_yoy")
    ],
    *[f"clearance_household_{k}" for k in ("base", "cleared", "rate", "rate_last", "rate_yoy")],
    *[
        f"{code}{suffix}"
        for code in (
            "meetings",
            "rules_adopted",
            "funds_invested",
            "carriers_active",
            "ventures_in_residence",
            "residencies_started",
            "residencies_graduated",
            "carrier_subsidies",
            "carrier_evaluations",
            "brands_active",
            "brand_coverage_items",
            "activities",
            "activity_participants",
            "activity_groups_reached",
            "role_models",
            "ventures_cultivated",
            "characteristic_ventures_registered",
            "characteristic_ventures_in_residence",
            "satisfaction_ratings",
            "satisfaction_rate",
            "satisfaction_mean",
        )
        for suffix in ("", "_last", "_yoy")
    ],
]
ENGINE_FAMILIES = {d.POLICY, d.SUCCESSFUL, d.CLEARANCE, d.SATISFACTION}


def test_every_code_of_metrics_md_is_defined_and_has_a_registered_computation() -> None:
    missing = [code for code in METRICS_MD_CODES if code not in d.METRICS]
    assert missing == []
    for code in METRICS_MD_CODES:
        metric = d.METRICS[code]
        if metric.family in ENGINE_FAMILIES:
            continue  # counted by metrics itself (metrics.counting)
        assert metric.family == d.RECORD, code
        assert registry.computation(metric.key).compute.__module__.endswith(".indicators"), code


def test_every_metric_has_structured_fields_instead_of_a_code_to_parse() -> None:
    for code, metric in d.METRICS.items():
        assert metric.family and metric.key and metric.headline in d.METRICS, code
    rate_last = d.METRICS["clearance_household_rate_last"]
    assert (rate_last.family, rate_last.key, rate_last.variant, rate_last.last) == (
        d.CLEARANCE,
        "household",
        "rate_last",
        True,
    )
    assert d.METRICS["satisfaction_mean_yoy"].kind == d.SCORE


def test_a_code_without_a_computation_fails_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    assert record_indicators_registered() == []
    kept = registry.registered()
    kept.pop("role_models")
    monkeypatch.setattr(registry, "_computations", kept)
    errors = record_indicators_registered()
    assert [error.id for error in errors] == ["metrics.E001"]
    assert isinstance(errors[0], checks.Error) and "role_models" in errors[0].msg
