"""Registers the computations of indicators 2 to 7 that the record-keeping apps define.

Called once from ``MetricsConfig.ready()``. Metrics sits above these apps (it reads their
records), so these are plain imports; the apps themselves never import metrics.
"""

from __future__ import annotations

from metrics import registry

# The committee of each record, where the record has one (METRICS.md: the venture's committee for
# a venture, a residency or a cultivated venture; the carrier's for carriers, subsidies and
# evaluations; the role model's own). Money is summed, everything else counted.
AREA_PATHS: dict[str, tuple[str, str | None]] = {
    "carriers_active": ("area", None),
    "ventures_in_residence": ("area", None),
    "residencies_started": ("venture__area", None),
    "residencies_graduated": ("venture__area", None),
    "carrier_subsidies": ("carrier__area", "amount"),
    "carrier_evaluations": ("carrier__area", None),
    "role_models": ("area", None),
    "ventures_cultivated": ("area", None),
    "characteristic_ventures_registered": ("area", None),
    "characteristic_ventures_in_residence": ("area", None),
}


def register_record_indicators() -> None:
    from activities import indicators as activities
    from cases import indicators as cases
    from entrepreneurs import indicators as entrepreneurs
    from incubators import indicators as incubators
    from metrics import definitions as d

    for module in (activities, incubators, entrepreneurs, cases):
        for code, compute in module.INDICATORS.items():
            if code not in d.RECORD_CODES:
                continue  # e.g. cases' mean satisfaction: metrics counts satisfaction itself
            area_path, sum_field = AREA_PATHS.get(code, (None, None))
            registry.register(code, compute, area_path=area_path, sum_field=sum_field)
