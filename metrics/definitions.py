"""Every metric code of METRICS.md, with its label, kind and the "how is this counted" note.

The notes are the definitions of METRICS.md in the words staff read on the dashboard; the codes
and their order are those of the metrics export.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhuqiao.periods import default_as_of as default_as_of  # the period rule lives in the core

COUNT = "count"  # a whole number
MONEY = "money"  # yuan, two decimals
PERCENT = "percent"  # a rate or growth in %, one decimal
POINTS = "points"  # a difference of two rates in percentage points, one decimal
SCORE = "score"  # a mean score (1 to 5) or a difference of two, two decimals

CLEARANCE_GROUPS = ("difficulty", "unemployed", "graduate", "household")
PERSON_GROUPS = ("difficulty", "unemployed", "graduate")


# Families of numbers: how a code is counted and where its drill-down rows come from.
POLICY = "policy"
SUCCESSFUL = "successful"
CLEARANCE = "clearance"
RECORD = "record"
SATISFACTION = "satisfaction"


@dataclass(frozen=True)
class Metric:
    """One code of METRICS.md. ``family`` and ``key`` say what is counted (for the clearance
    goals ``key`` is the group; for indicators 2 to 7 the record code), ``headline`` the code of
    the number this one qualifies (itself for a headline), ``variant`` which qualifier it is
    (value, last, yoy, target, completion, base, done, rate, rate_last, rate_yoy, ratings, mean),
    ``last`` whether it is counted for the year-earlier period. Nothing parses codes by string."""

    code: str
    label: Any
    kind: str
    note: Any
    indicator: int = 0  # 1..7, or 0 for the clearance goals, 8 for satisfaction
    per_area: bool = False
    family: str = ""
    key: str = ""
    headline: str = ""
    variant: str = "value"
    last: bool = False
    per_department: bool = False


PERIOD_NOTE = _(
    "统计期为1月1日至统计截止日期（含首尾两天）；同比为上年同期（上年1月1日至上年同一日，2月29日按2月28日计）。"
)
GROWTH_NOTE = _("同比增长率 =（本期 − 上年同期）÷ 上年同期 × 100%，四舍五入保留一位小数；上年同期为0时不计算。")
RATE_NOTE = _("比率以百分比表示，四舍五入保留一位小数（0.05进位，负数同理）；分母为0时不计算。")
EMPLOYED_NOTE = _("“截至某日在岗”：有一条就业记录，就业日期不晚于该日，且未离职或离职日期不早于该日。")

GROUP_LABELS = {
    "difficulty": _("就业困难人员"),
    "unemployed": _("登记失业人员"),
    "graduate": _("应届毕业生"),
    "household": _("零就业家庭"),
}

INDICATOR_LABELS = {
    1: _("政策落实"),
    2: _("组织实施"),
    3: _("载体建设"),
    4: _("品牌打造"),
    5: _("氛围营造"),
    6: _("典型培育"),
    7: _("特色成效"),
    0: _("百分百就业清零目标"),
    8: _("工作满意度"),
}


def _person_base_note(group: str) -> Any:
    if group == "graduate":
        return _("有应届毕业生身份且有就业意愿的人员（去重），身份开始日期（毕业日期）在本年度内且不晚于统计截止日期。")
    return _(
        "有%(group)s身份且有就业意愿的人员（去重）：身份开始日期不晚于统计截止日期，且未结束或结束日期不早于本年1月1日。"
    ) % {"group": GROUP_LABELS[group]}


HOUSEHOLD_BASE_NOTE = _(
    "有就业意愿成员、认定日期不晚于统计截止日期的零就业家庭；上年及以前认定且截至上年12月31日已清零的不计入。"
    "一户有多次符合条件的认定时，以最近一次为准。"
)
HOUSEHOLD_CLEARED_NOTE = _(
    "基数家庭中，截至统计截止日期至少有一名成员在岗、且该就业记录的就业日期不早于认定日期的家庭（已清零）。"
)

# Indicators 2 to 7, counted by the apps that keep their records (code, indicator, kind, label, note).
RECORD_METRICS: list[tuple[str, int, str, Any, Any]] = [
    ("meetings", 2, COUNT, _("领导小组会议及联席会议"), _("统计期内召开的创建领导小组会议和联席会议次数。")),
    ("rules_adopted", 2, COUNT, _("出台制度"), _("统计期内通过的制度、办法、方案数量。")),
    ("funds_invested", 2, MONEY, _("资金投入（元）"), _("统计期内投入创建工作的资金合计（元）。")),
    ("carriers_active", 3, COUNT, _("运营中的创业载体"), _("截至统计截止日期在运营的孵化器、众创空间和各类基地数量。")),
    ("ventures_in_residence", 3, COUNT, _("在孵创业组织"), _("截至统计截止日期在载体内入驻的创业组织数量。")),
    ("residencies_started", 3, COUNT, _("新入驻"), _("统计期内开始入驻载体的次数。")),
    ("residencies_graduated", 3, COUNT, _("毕业出孵"), _("统计期内毕业出孵（入驻后有收获）的次数。")),
    ("carrier_subsidies", 3, MONEY, _("载体补贴（元）"), _("统计期内给予创业载体的补贴合计（元）。")),
    ("carrier_evaluations", 3, COUNT, _("载体服务评估"), _("统计期内完成的创业载体服务评估次数。")),
    ("brands_active", 4, COUNT, _("服务品牌"), _("截至统计截止日期在培育的服务品牌数量。")),
    ("brand_coverage_items", 4, COUNT, _("品牌宣传报道"), _("统计期内服务品牌的媒体报道和宣传条目数。")),
    ("activities", 5, COUNT, _("创业就业活动"), _("统计期内举办的各类活动场次。")),
    ("activity_participants", 5, COUNT, _("活动参与人次"), _("统计期内各类活动的参与人次合计。")),
    ("activity_groups_reached", 5, COUNT, _("覆盖重点群体类别"), _("统计期内活动覆盖的不同重点群体类别数。")),
    ("role_models", 6, COUNT, _("创业典型"), _("统计期内选树的创业典型数量。")),
    (
        "ventures_cultivated",
        6,
        COUNT,
        _("培育创业组织"),
        _(
            "统计期内有服务个案办结的不同创业组织，加上统计期内由接受过帮扶的创业团队"
            "（注册日前已有关于该团队的服务个案）注册成立的创业组织，去重计数。"
        ),
    ),
    (
        "characteristic_ventures_registered",
        7,
        COUNT,
        _("特色产业新设创业组织"),
        _("统计期内成立的航空配套、航空物流、智慧物流、物联网、商贸、科技农业六类特色产业创业组织数量。"),
    ),
    (
        "characteristic_ventures_in_residence",
        7,
        COUNT,
        _("特色产业在孵创业组织"),
        _("截至统计截止日期在载体内入驻的六类特色产业创业组织数量。"),
    ),
]

RECORD_CODES = [code for code, *_rest in RECORD_METRICS]

# Indicators 2 to 7 whose records have a committee (the venture's, the carrier's, the role
# model's): these are counted per committee too and appear under every area of the export.
# Activities, brands, meetings, rules and funds belong to departments, not committees.
RECORD_AREA_CODES = [
    "carriers_active",
    "ventures_in_residence",
    "residencies_started",
    "residencies_graduated",
    "carrier_subsidies",
    "carrier_evaluations",
    "role_models",
    "ventures_cultivated",
    "characteristic_ventures_registered",
    "characteristic_ventures_in_residence",
]

SATISFACTION_NOTE = _("评价按评价时间（上海时间）计入统计期，按个案所在居村委和承办部门统计。")


def _build() -> dict[str, Metric]:
    metrics: list[Metric] = [
        Metric(
            "policy_ventures",
            _("享受市区级扶持政策的创业组织"),
            COUNT,
            _("统计期内至少享受过一次市级或区级创业扶持政策的创业组织数（去重）；镇级政策不计。"),
            1,
            True,
        ),
        Metric("policy_ventures_last", _("上年同期"), COUNT, _("上年同期按同一口径统计的创业组织数。"), 1, True),
        Metric("policy_ventures_yoy", _("同比增长"), PERCENT, GROWTH_NOTE, 1, True),
        Metric(
            "successful_entrepreneurs",
            _("成功创业人数"),
            COUNT,
            _(
                "统计期内成立的创业组织的法定代表人（去重），且其在成立日期前365天内（含成立当天）"
                "作为服务对象有过创业类服务个案。按创业组织所在居村委统计。"
            ),
            1,
            True,
        ),
        Metric(
            "successful_entrepreneurs_last",
            _("上年同期"),
            COUNT,
            _("上年同期按同一口径统计的成功创业人数。"),
            1,
            True,
        ),
        Metric("successful_entrepreneurs_yoy", _("同比增长"), PERCENT, GROWTH_NOTE, 1, True),
        Metric(
            "successful_entrepreneurs_target",
            _("年度目标"),
            COUNT,
            _("管理员为本年度设定的成功创业人数目标（全镇目标，居村委不分解）；未设定时为空。"),
            1,
            True,
        ),
        Metric(
            "successful_entrepreneurs_completion",
            _("目标完成率"),
            PERCENT,
            _("成功创业人数 ÷ 年度目标 × 100%，四舍五入保留一位小数；未设定目标时为空。"),
            1,
            True,
        ),
    ]
    for group in CLEARANCE_GROUPS:
        label = GROUP_LABELS[group]
        base_note: Any
        done_note: Any
        if group == "household":
            base_note, done_code, done_label, done_note = (
                HOUSEHOLD_BASE_NOTE,
                "clearance_household_cleared",
                _("已清零"),
                HOUSEHOLD_CLEARED_NOTE,
            )
        else:
            base_note, done_code, done_label, done_note = (
                _person_base_note(group),
                f"clearance_{group}_employed",
                _("已就业"),
                _("基数人员中截至统计截止日期在岗的人数。") + str(EMPLOYED_NOTE),
            )
        metrics += [
            Metric(f"clearance_{group}_base", _("%(group)s基数") % {"group": label}, COUNT, base_note, 0, True),
            Metric(done_code, done_label, COUNT, done_note, 0, True),
            Metric(
                f"clearance_{group}_rate",
                _("%(group)s清零率") % {"group": label},
                PERCENT,
                _("已就业（已清零）÷ 基数 × 100%。") + str(RATE_NOTE),
                0,
                True,
            ),
            Metric(
                f"clearance_{group}_rate_last",
                _("上年同期清零率"),
                PERCENT,
                _("按同一口径以上年度、上年同一日计算的清零率。"),
                0,
                True,
            ),
            Metric(
                f"clearance_{group}_rate_yoy",
                _("同比变化（百分点）"),
                POINTS,
                _("本期清零率与上年同期清零率（均已四舍五入）之差，单位为百分点；任一为空时不计算。"),
                0,
                True,
            ),
        ]
    for code, indicator, kind, label, note in RECORD_METRICS:
        metrics += [
            Metric(code, label, kind, note, indicator),
            Metric(f"{code}_last", _("上年同期"), kind, _("上年同期按同一口径的数值。"), indicator),
            Metric(f"{code}_yoy", _("同比增长"), PERCENT, GROWTH_NOTE, indicator),
        ]
    for code, label, kind, note, variants in SATISFACTION_METRICS:
        metrics += [
            Metric(code, label, kind, note, 8, True, SATISFACTION, code, code, "value", per_department=True),
            Metric(
                f"{code}_last",
                _("上年同期"),
                kind,
                _("上年同期按同一口径的数值。"),
                8,
                True,
                SATISFACTION,
                code,
                code,
                "last",
                True,
                True,
            ),
            Metric(
                f"{code}_yoy",
                variants[0],
                variants[1],
                variants[2],
                8,
                True,
                SATISFACTION,
                code,
                code,
                "yoy",
                per_department=True,
            ),
        ]
    return {metric.code: _structured(metric) for metric in metrics}


def _structured(metric: Metric) -> Metric:
    """Fill the structured fields of the metrics of indicator 1, the clearance goals and
    indicators 2 to 7 from the place each is defined in ``_build`` (done once, at import)."""
    if metric.family:
        return metric
    import dataclasses

    code = metric.code
    if metric.indicator == 1:
        family = POLICY if code.startswith("policy_ventures") else SUCCESSFUL
        headline = "policy_ventures" if family == POLICY else "successful_entrepreneurs"
        variant = code.removeprefix(headline).lstrip("_") or "value"
        return dataclasses.replace(
            metric, family=family, key=headline, headline=headline, variant=variant, last=variant == "last"
        )
    if metric.indicator == 0:
        group = next(g for g in CLEARANCE_GROUPS if code.startswith(f"clearance_{g}_"))
        variant = code.removeprefix(f"clearance_{group}_")
        variant = "done" if variant in ("employed", "cleared") else variant
        return dataclasses.replace(
            metric,
            family=CLEARANCE,
            key=group,
            headline=f"clearance_{group}_rate",
            variant=variant,
            last=variant == "rate_last",
        )
    base = next(c for c in RECORD_CODES if code in (c, f"{c}_last", f"{c}_yoy"))
    variant = code.removeprefix(base).lstrip("_") or "value"
    return dataclasses.replace(
        metric,
        family=RECORD,
        key=base,
        headline=base,
        variant=variant,
        last=variant == "last",
        per_area=base in RECORD_AREA_CODES,
    )


SATISFACTION_METRICS: list[tuple[str, Any, str, Any, tuple[Any, str, Any]]] = [
    (
        "satisfaction_ratings",
        _("满意度评价数"),
        COUNT,
        _("统计期内收到的满意度评价条数。") + str(SATISFACTION_NOTE),
        (_("同比增长"), PERCENT, GROWTH_NOTE),
    ),
    (
        "satisfaction_rate",
        _("满意率"),
        PERCENT,
        _("评分为4分或5分的评价数 ÷ 评价数 × 100%；没有评价时为空。") + str(SATISFACTION_NOTE),
        (
            _("同比变化（百分点）"),
            POINTS,
            _("本期满意率与上年同期满意率（均已四舍五入）之差，单位为百分点；任一为空时不计算。"),
        ),
    ),
    (
        "satisfaction_mean",
        _("平均评分"),
        SCORE,
        _("统计期内评价的平均分（1至5分），四舍五入保留两位小数；没有评价时为空。") + str(SATISFACTION_NOTE),
        (_("同比变化"), SCORE, _("本期平均分与上年同期平均分（均已四舍五入）之差，保留两位小数；任一为空时不计算。")),
    ),
]
SATISFACTION_CODES = [code for code, *_rest in SATISFACTION_METRICS]


METRICS: dict[str, Metric] = _build()
AREA_CODES = [code for code, metric in METRICS.items() if metric.per_area]
TOWN_CODES = list(METRICS)
DEPARTMENT_CODES = [code for code, metric in METRICS.items() if metric.per_department]

# The headline number of each card of the dashboard and the report, in order.
HEADLINES: list[str] = [
    "policy_ventures",
    "successful_entrepreneurs",
    *[f"clearance_{group}_rate" for group in CLEARANCE_GROUPS],
    *RECORD_CODES,
    "satisfaction_rate",
    "satisfaction_mean",
    "satisfaction_ratings",
]

# The numbers a yearly target can be set for (the successful-entrepreneur target of METRICS.md,
# and the other headline numbers, whose cards show a completion when a target exists).
TARGET_CODES: list[str] = HEADLINES


def round_half_up(value: Decimal | int | float | None, places: int = 1) -> Decimal | None:
    """One decimal (or ``places``), half away from zero: 6.25 → 6.3, -6.25 → -6.3."""
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """``numerator / denominator * 100`` rounded; None when the base is 0 (or either is missing)."""
    if numerator is None or denominator is None or Decimal(denominator) == 0:
        return None
    return round_half_up(Decimal(numerator) * 100 / Decimal(denominator))


def growth(this: Decimal | int | None, last: Decimal | int | None) -> Decimal | None:
    if this is None or last is None or Decimal(last) == 0:
        return None
    return round_half_up((Decimal(this) - Decimal(last)) * 100 / Decimal(last))


def points(rate: Decimal | None, rate_last: Decimal | None) -> Decimal | None:
    if rate is None or rate_last is None:
        return None
    return round_half_up(Decimal(rate) - Decimal(rate_last))


def mean(total: Decimal | int | None, count: Decimal | int | None) -> Decimal | None:
    """``total / count`` with two decimals, half away from zero; None when there is nothing."""
    if total is None or count is None or Decimal(count) == 0:
        return None
    return round_half_up(Decimal(total) / Decimal(count), 2)


def difference(this: Decimal | None, last: Decimal | None) -> Decimal | None:
    """The difference of two means (already rounded), two decimals; None when either is missing."""
    if this is None or last is None:
        return None
    return round_half_up(Decimal(this) - Decimal(last), 2)


def year_earlier(day: datetime.date) -> datetime.date:
    """The same date one year earlier; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return datetime.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def month_ends(year: int, until: datetime.date) -> list[datetime.date]:
    """The month-end dates of ``year`` on or before ``until``."""
    days = []
    for month in range(1, 13):
        first_of_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
        last = first_of_next - datetime.timedelta(days=1)
        if last <= until:
            days.append(last)
    return days


def json_number(code: str, value: Decimal | None) -> int | float | None:
    """A stored value as the JSON number the export shows: counts whole, money in yuan with two
    decimals, rates and growth with one (values are stored already rounded, see ``ratio``)."""
    if value is None:
        return None
    if _KINDS.get(code) == COUNT:
        return int(value)
    return float(value)


_KINDS = {code: metric.kind for code, metric in METRICS.items()}
