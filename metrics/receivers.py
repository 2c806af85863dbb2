"""Metrics reacts to the apps below it: their records changing, a roster being imported.

Connected in ``MetricsConfig.ready()``, per model (no receiver for every model of the project).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from metrics import freshness

log = logging.getLogger(__name__)


def input_models() -> list[type[models.Model]]:
    """Every model a number of METRICS.md is counted from (METRICS.md, Freshness)."""
    from activities.models import Activity, ActivityParticipant, ActivityTargetGroup, Brand, BrandCoverage, Evidence
    from cases.models import Case, SatisfactionRating
    from entrepreneurs.models import Policy, PolicyBenefit, RoleModel, Venture
    from incubators.models import Carrier, Evaluation, Residency, Subsidy
    from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
    from metrics.models import Target

    return [
        Person,
        Household,
        TargetGroupMembership,
        Employment,
        ZeroEmploymentCertification,
        Policy,
        PolicyBenefit,
        Venture,
        RoleModel,
        Case,
        SatisfactionRating,
        Carrier,
        Residency,
        Subsidy,
        Evaluation,
        Activity,
        ActivityTargetGroup,
        ActivityParticipant,
        Brand,
        BrandCoverage,
        Evidence,
        Target,
    ]


def roster_imported(**_kwargs: Any) -> None:
    """A roster import may change any year: recompute the year's numbers (with month-ends). The
    import has committed; a queue that is down never turns it into an error (the nightly run
    counts it)."""
    from metrics.services import WorkerUnavailable, metrics_schedule_recompute

    try:
        metrics_schedule_recompute(reason="import")
    except WorkerUnavailable:
        log.warning("metrics recompute after a roster import not queued: the worker is unavailable")


def connect() -> None:
    from zhuqiao.signals import roster_imported as imported

    for model in input_models():
        label = model._meta.label_lower
        pre_save.connect(freshness.record_changing, sender=model, dispatch_uid=f"metrics-fresh-before-{label}")
        pre_delete.connect(freshness.record_changing, sender=model, dispatch_uid=f"metrics-fresh-gone-{label}")
        post_save.connect(freshness.record_changed, sender=model, dispatch_uid=f"metrics-fresh-save-{label}")
        post_delete.connect(freshness.record_changed, sender=model, dispatch_uid=f"metrics-fresh-delete-{label}")
    imported.connect(roster_imported, dispatch_uid="metrics-roster-imported")
