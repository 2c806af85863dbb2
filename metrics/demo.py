"""Demo data of the metrics app: yearly targets for 2025 and 2026 (town, every committee, the
departments), the example scoring sheet, the current year's snapshots (with month-ends of this
year and last) computed synchronously so the dashboard is alive right after ``make run``, and
the sign-off of the older month-ends by the centre and by the head of 演示01村. Idempotent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from metrics import definitions as d
from metrics.models import ScoringRule, Signoff, Snapshot, Target
from metrics.services import metrics_compute, target_set
from metrics.signoff import signoff_sign
from zhuqiao.models import Area, Department, User

TARGETS: dict[int, dict[str, Decimal]] = {
    2025: {"successful_entrepreneurs": Decimal(40), "policy_ventures": Decimal(60), "activities": Decimal(24)},
    2026: {"successful_entrepreneurs": Decimal(45), "policy_ventures": Decimal(66), "activities": Decimal(30)},
}

# Department targets of the year: activities organised, training cohorts, satisfaction rate (%).
DEPARTMENT_TARGETS: dict[str, dict[str, Decimal]] = {
    "service_centre": {"activities": Decimal(10), "training_cohorts": Decimal(6), "satisfaction_rate": Decimal(90)},
    "youth_league": {"activities": Decimal(8), "training_cohorts": Decimal(2), "satisfaction_rate": Decimal(90)},
    "womens_federation": {"activities": Decimal(4), "satisfaction_rate": Decimal(90)},
    "trade_union": {"activities": Decimal(3), "training_cohorts": Decimal(1)},
    "market_supervision": {"activities": Decimal(2), "satisfaction_rate": Decimal(95)},
    "chamber_of_commerce": {"activities": Decimal(3)},
}

# The example scoring sheet (示例): to be replaced with the district's current rules in the admin.
EXAMPLE_RULES: list[tuple[str, int, Decimal, str, list[list[int]]]] = [
    ("policy_ventures", 1, Decimal(10), ScoringRule.Method.PROPORTIONAL, []),
    ("successful_entrepreneurs", 1, Decimal(15), ScoringRule.Method.PROPORTIONAL, []),
    *[
        (f"clearance_{group}_rate", 0, Decimal(5), ScoringRule.Method.THRESHOLDS, [[100, 5], [95, 4], [90, 3], [80, 1]])
        for group in d.CLEARANCE_GROUPS
    ],
    ("meetings", 2, Decimal(5), ScoringRule.Method.THRESHOLDS, [[4, 5], [2, 3], [1, 1]]),
    ("carriers_active", 3, Decimal(10), ScoringRule.Method.THRESHOLDS, [[3, 10], [2, 7], [1, 4]]),
    ("brands_active", 4, Decimal(10), ScoringRule.Method.THRESHOLDS, [[2, 10], [1, 6]]),
    ("activities", 5, Decimal(10), ScoringRule.Method.PROPORTIONAL, []),
    ("role_models", 6, Decimal(10), ScoringRule.Method.THRESHOLDS, [[3, 10], [2, 7], [1, 4]]),
    ("characteristic_ventures_registered", 7, Decimal(10), ScoringRule.Method.THRESHOLDS, [[10, 10], [5, 6], [1, 3]]),
]

COMMITTEE_HEAD = "committee_a01"


def _committee_targets(year: int) -> None:
    """Each committee's own targets (not a share of the town's): the four clearance goals, and
    a few successful entrepreneurs and policy ventures drawn per committee."""
    rng = random.Random(f"metrics-targets-{year}")
    existing = set(Target.objects.filter(year=year, area__isnull=False).values_list("area_id", "code"))
    rows = []
    for area_id in Area.objects.filter(code__regex=r"^A\d\d$").order_by("code").values_list("pk", flat=True):
        planned = {
            "clearance_difficulty_rate": Decimal(100),
            "clearance_unemployed_rate": Decimal(100),
            "clearance_household_rate": Decimal(100),
            "clearance_graduate_rate": Decimal(95),
            "successful_entrepreneurs": Decimal(rng.choice([0, 1, 1, 1, 2])),
            "policy_ventures": Decimal(rng.choice([1, 1, 2, 2, 3])),
        }
        rows += [
            Target(year=year, code=code, area_id=area_id, value=value, note="演示数据（居村委年度目标）")
            for code, value in planned.items()
            if (area_id, code) not in existing
        ]
    Target.objects.bulk_create(rows)


def _department_targets(year: int) -> None:
    departments = dict(Department.objects.values_list("code", "pk"))
    for code, targets in DEPARTMENT_TARGETS.items():
        if code not in departments:
            continue
        for metric, value in targets.items():
            if not Target.objects.filter(year=year, code=metric, department_id=departments[code]).exists():
                target_set(
                    year=year,
                    code=metric,
                    value=value,
                    department=Department.objects.get(pk=departments[code]),
                    note="演示数据（部门年度目标）",
                )


def _scoring_sheet() -> None:
    for code, indicator, points, method, thresholds in EXAMPLE_RULES:
        ScoringRule.objects.get_or_create(
            code=code,
            defaults={
                "indicator": indicator,
                "max_points": points,
                "method": method,
                "thresholds": thresholds,
                "is_example": True,
                "note": "示例规则：请按区里当年的评分细则修改",
            },
        )


# The job-matching demo (loaded before this app: ``load_demo`` loads metrics last) records hires
# that start within the last 200 days; a month-end signed here must not change when the demo is
# loaded again on a later day, so only the month-ends before that window are signed (last year's
# and the first months of this year).
STABLE_DAYS = 200


def _sign_past_month_ends(today: datetime.date) -> None:
    """The centre signed the town's month-ends, and the head of 演示01村 (given the sign-off
    permission) the committee's, of last year and of this year before the last 200 days; the
    recent ones are left to sign, so the dashboard offers the button."""
    centre = User.objects.filter(username="centre").first()
    head = User.objects.filter(username=COMMITTEE_HEAD).first()
    if centre is None or head is None:
        return
    head.user_permissions.add(Permission.objects.get(codename="sign_committee_snapshot"))
    head = User.objects.get(pk=head.pk)  # permissions are cached per instance
    stable = today - datetime.timedelta(days=STABLE_DAYS)
    signed = set(Signoff.objects.values_list("as_of", "area_id"))
    snapshots = Snapshot.objects.filter(
        year__in=[today.year - 1, today.year], is_current=True, is_month_end=True, as_of__lt=stable
    ).order_by("as_of")
    for snapshot in snapshots:
        if (snapshot.as_of, None) not in signed:
            signoff_sign(snapshot=snapshot, area=None, user=centre, note="演示数据")
        if (snapshot.as_of, head.area_id) not in signed:
            signoff_sign(snapshot=snapshot, area=head.area, user=head, note="演示数据")


def load() -> None:
    for year, targets in TARGETS.items():
        for code, value in targets.items():
            if not Target.objects.filter(Q(area__isnull=True, department__isnull=True), year=year, code=code).exists():
                target_set(year=year, code=code, value=value, note="演示数据")
        for group in d.CLEARANCE_GROUPS:
            target_set(year=year, code=f"clearance_{group}_rate", value=Decimal(100), note="百分百就业清零目标")
        _committee_targets(year)
        _department_targets(year)
    _scoring_sheet()
    today = timezone.localdate()
    # Loading the demo again the same day recomputes nothing: a second run of the other demos
    # may re-date records it had dated already, and a signed month-end must not then list
    # "changes after sign-off" that no one made. A later day's load computes afresh.
    if not Snapshot.objects.filter(year=today.year, as_of=today, is_current=True).exists():
        metrics_compute(year=today.year)
    _sign_past_month_ends(today)
