"""The leadership dashboard as data: a ``Dashboard`` built from a snapshot, without HTTP.

The view parses the request, checks permissions and renders; everything shown (cards, the
worklists, the committee ranking, the departments' satisfaction, the chart data) is assembled
here from the structured fields of ``metrics.definitions`` and can be tested on its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from metrics import definitions as d
from metrics import selectors
from metrics.models import Snapshot, Target
from zhuqiao.models import Area

TREND_CODES = [
    "policy_ventures",
    "successful_entrepreneurs",
    *[f"clearance_{group}_rate" for group in d.CLEARANCE_GROUPS],
    "satisfaction_rate",
]
RANKING_CODES = [
    "policy_ventures",
    "successful_entrepreneurs",
    *[f"clearance_{g}_{k}" for g in d.CLEARANCE_GROUPS for k in ("rate", "base")],
    "satisfaction_rate",
]
INDICATOR_ORDER = [1, 0, 2, 3, 4, 5, 6, 7, 8]
FRAGMENT = "metrics-dashboard"  # the {% cache %} fragment of metrics/dashboard.html
Link = Callable[..., str]


@dataclass(frozen=True)
class ClearanceDetail:
    """The base, the employed (cleared) and the worklist behind a clearance rate."""

    base: int | None
    done: int | None
    done_label: Any
    base_href: str
    done_href: str

    @property
    def worklist(self) -> int | None:
        return None if self.base is None or self.done is None else self.base - self.done


@dataclass(frozen=True)
class Card:
    """One headline number with its year-earlier figure, growth, target and links."""

    code: str
    metric: d.Metric
    value: int | float | None
    unit: str
    last: int | float | None
    yoy: int | float | None
    yoy_unit: str
    target: int | float | None
    completion: float | None
    computed_at: datetime.datetime
    href: str
    last_href: str
    worklist_href: str = ""
    detail: ClearanceDetail | None = None

    @property
    def yoy_direction(self) -> str | None:
        if self.yoy is None:
            return None
        return "up" if self.yoy > 0 else "down" if self.yoy < 0 else "flat"


@dataclass(frozen=True)
class DepartmentSatisfaction:
    code: str
    name: str
    ratings: int | None
    rate: float | None
    rate_yoy: float | None
    mean: float | None
    href: str


@dataclass
class Dashboard:
    year: int
    snapshot: Snapshot
    area: Area | None
    cards: list[Card]
    ranking: list[dict[str, Any]] = field(default_factory=list)
    departments: list[DepartmentSatisfaction] = field(default_factory=list)
    chart_data: dict[str, Any] = field(default_factory=dict)

    def card(self, code: str) -> Card:
        return next(card for card in self.cards if card.code == code)

    @property
    def groups(self) -> list[tuple[Any, list[Card]]]:
        """The cards by indicator, in the order of the assessment."""
        groups: dict[int, list[Card]] = {}
        for card in self.cards:
            groups.setdefault(card.metric.indicator, []).append(card)
        return [(d.INDICATOR_LABELS[i], groups[i]) for i in INDICATOR_ORDER if i in groups]

    @property
    def worklists(self) -> list[dict[str, Any]]:
        return [
            {
                "group": card.metric.key,
                "label": str(d.GROUP_LABELS[card.metric.key]),
                "size": card.detail.worklist if card.detail else None,
                "code": card.code,
                "href": card.worklist_href,
            }
            for card in self.cards
            if card.metric.family == d.CLEARANCE
        ]


def drill_links(year: int, as_of: datetime.date, area: Area | None) -> Link:
    """A function code -> drill-down URL (one reverse() for the page, not one per number)."""
    base = reverse("metrics:drill", args=["__code__"])
    params = {"year": year, "as_of": as_of.isoformat()}
    if area is not None:
        params["area"] = area.code

    def link(code: str, **extra: str) -> str:
        return base.replace("__code__", code) + "?" + urlencode({**params, **extra})

    return link


def cache_vary(snapshot: Snapshot, area: Area | None) -> str:
    """What the cached dashboard fragment depends on: a snapshot never changes, so its cards are
    rendered once per committee, language and version of the year's targets."""
    targets_version = Target.objects.filter(year=snapshot.year).aggregate(v=Max("updated_at"))["v"]
    return f"{snapshot.pk}:{area.pk if area else 0}:{translation.get_language()}:{targets_version or ''}"


def is_rendered(vary: str) -> bool:
    """Whether the dashboard fragment for ``vary`` is in the cache (then nothing is built)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    return cache.get(make_template_fragment_key(FRAGMENT, [vary])) is not None


def _card(
    metric: d.Metric, values: dict[str, Decimal | None], targets: dict[str, Decimal], snapshot: Snapshot, link: Link
) -> Card:
    code = metric.code
    family = metric.family
    if family == d.CLEARANCE:
        last_code, yoy_code, yoy_unit = f"{code}_last", f"{code}_yoy", _("个百分点")
    elif family == d.SATISFACTION and metric.kind != d.COUNT:
        last_code, yoy_code = f"{code}_last", f"{code}_yoy"
        yoy_unit = _("个百分点") if metric.kind == d.PERCENT else _("分")
    else:
        last_code, yoy_code, yoy_unit = f"{code}_last", f"{code}_yoy", "%"
    value = values.get(code)
    target = values.get(f"{code}_target") if f"{code}_target" in d.METRICS else None
    if target is None:
        target = targets.get(code)
    detail = None
    if family == d.CLEARANCE:
        group = metric.key
        done_code = f"clearance_{group}_{'cleared' if group == 'household' else 'employed'}"
        base_code = f"clearance_{group}_base"
        detail = ClearanceDetail(
            base=d.json_number(base_code, values.get(base_code)),  # type: ignore[arg-type]
            done=d.json_number(done_code, values.get(done_code)),  # type: ignore[arg-type]
            done_label=d.METRICS[done_code].label,
            base_href=link(base_code),
            done_href=link(done_code),
        )
    return Card(
        code=code,
        metric=metric,
        value=d.json_number(code, value),
        unit="%" if metric.kind == d.PERCENT else "",
        last=d.json_number(last_code, values.get(last_code)),
        yoy=d.json_number(yoy_code, values.get(yoy_code)),
        yoy_unit=yoy_unit,
        target=d.json_number(code, target) if target is not None else None,
        completion=d.json_number("x_rate", d.ratio(value, target) if target else None),
        computed_at=snapshot.computed_at,
        href=link(code),
        last_href=link(last_code),
        worklist_href=link(code, list="worklist") if family == d.CLEARANCE else "",
        detail=detail,
    )


def build_dashboard(*, snapshot: Snapshot, area: Area | None, area_ids: list[int] | None) -> Dashboard:
    """The dashboard of a snapshot for the town (``area`` None) or one committee; ``area_ids``
    is the user's scope (None: every committee, so the ranking is shown)."""
    year = snapshot.year
    values = selectors.snapshot_values(snapshot, area_ids=area_ids)
    scope_values = values.get(area.pk if area else None, {})
    targets = selectors.targets_for(year) if area is None else {}
    link = drill_links(year, snapshot.as_of, area)
    cards = [
        _card(d.METRICS[code], scope_values, targets, snapshot, link)
        for code in d.HEADLINES
        if area is None or d.METRICS[code].per_area
    ]
    dashboard = Dashboard(year=year, snapshot=snapshot, area=area, cards=cards)
    ranking_labels = {code: str(d.METRICS[code].label) for code in RANKING_CODES}
    if area is None and area_ids is None:
        for area_id, code, name in Area.objects.order_by("code").values_list("pk", "code", "name"):
            if area_id not in values:
                continue  # a committee created after this snapshot was computed
            numbers = {c: d.json_number(c, values[area_id].get(c)) for c in RANKING_CODES}
            dashboard.ranking.append({"code": code, "name": name, "values": numbers})
        _add_bars(dashboard.ranking)
    if area is None:
        dashboard.departments = _departments(snapshot, link)
    dashboard.chart_data = {
        "year": year,
        "trend": selectors.month_end_series(
            years=[year, year - 1], codes=TREND_CODES, area_id=area.pk if area else None
        ),
        "trend_labels": {code: str(d.METRICS[code].label) for code in TREND_CODES},
        "ranking_codes": ranking_labels,
        "worklists": [
            {**row, "label": row["label"], "size": None if row["size"] is None else int(row["size"])}
            for row in dashboard.worklists
        ],
        "labels": {
            "this_year": _("%(year)s年") % {"year": year},
            "last_year": _("%(year)s年") % {"year": year - 1},
            "worklist": _("待帮扶人数（户数）"),
            "months": [_("%(m)s月") % {"m": m} for m in range(1, 13)],
        },
    }
    return dashboard


def _add_bars(ranking: list[dict[str, Any]]) -> None:
    """Give each committee row of the ranking table its cells: the value and the length of its
    inline bar in % (rates against 100 %, counts against the largest count of the column)."""
    for code in RANKING_CODES:
        numbers = [row["values"][code] for row in ranking if row["values"][code] is not None]
        scale = 100 if d.METRICS[code].kind == d.PERCENT else max(numbers, default=0)
        for row in ranking:
            value = row["values"][code]
            bar = 0.0 if value is None or not scale else round(max(0.0, min(100.0, 100 * value / scale)), 1)
            unit = "%" if d.METRICS[code].kind == d.PERCENT else ""
            row.setdefault("cells", []).append({"code": code, "value": value, "unit": unit, "bar": bar})


def _departments(snapshot: Snapshot, link: Link) -> list[DepartmentSatisfaction]:
    """Satisfaction per department that has had a rating in either period (one query)."""
    values: dict[tuple[int, str, str], dict[str, Decimal | None]] = {}
    rows = snapshot.values.filter(department__isnull=False).order_by("department__sort_order", "department__code")
    for sort_order, code, name, metric_code, value in rows.values_list(
        "department__sort_order", "department__code", "department__name", "code", "value"
    ):
        values.setdefault((sort_order, code, name), {})[metric_code] = value
    result = []
    for (_order, code, name), v in values.items():
        if not (v.get("satisfaction_ratings") or v.get("satisfaction_ratings_last")):
            continue
        result.append(
            DepartmentSatisfaction(
                code=code,
                name=name,
                ratings=d.json_number("satisfaction_ratings", v.get("satisfaction_ratings")),  # type: ignore[arg-type]
                rate=d.json_number("satisfaction_rate", v.get("satisfaction_rate")),
                rate_yoy=d.json_number("satisfaction_rate_yoy", v.get("satisfaction_rate_yoy")),
                mean=d.json_number("satisfaction_mean", v.get("satisfaction_mean")),
                href=link("satisfaction_rate", department=code),
            )
        )
    return result
