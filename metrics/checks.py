"""System check: every code of indicators 2 to 7 has a registered computation."""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register()
def record_indicators_registered(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from metrics import definitions as d
    from metrics import registry

    missing = [code for code in d.RECORD_CODES if code not in registry.registered()]
    return [
        checks.Error(
            f"metric code {code} has no registered computation",
            hint="Add it to the INDICATORS of the app that keeps its records (see metrics/indicators.py).",
            id="metrics.E001",
        )
        for code in missing
    ]
