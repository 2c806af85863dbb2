"""The parts of the annual assessment report added for leadership (issue 17): signed figures and
the months still unsigned, the per-committee table (the four clearance goals and indicator 1),
the scorecards, satisfaction, the expected score and the signature block; the same as sheets of
the Excel workbook.

``metrics.reports`` calls ``report_snapshot`` to pick the figures and ``report_extras`` for the
rest; the templates include ``metrics/_report_extras.html``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from metrics import definitions as d
from metrics import scoring, selectors, signoff, targets
from metrics.models import Snapshot

SATISFACTION_CODES = list(targets.SATISFACTION_CODES)


def report_snapshot(year: int) -> tuple[Snapshot | None, Any]:
    """The figures of the report: the latest month-end the centre signed for the year, else the
    current snapshot (unsigned). Returns (snapshot, the town's sign-off or None)."""
    signed = signoff.Signoff.objects.filter(year=year, area__isnull=True).select_related("snapshot")
    latest = signed.order_by("-as_of").first()
    current = selectors.snapshot_current(year=year)
    if latest is None:
        return current, None
    return latest.snapshot, latest


def _committee_rows(snapshot: Snapshot) -> list[dict[str, Any]]:
    from zhuqiao.models import Area

    values = selectors.snapshot_values(snapshot)
    rows = []
    for area in Area.objects.order_by("code"):
        area_values = values.get(area.pk)
        if area_values is None:
            continue  # a committee created after the snapshot
        goals = []
        for group in d.CLEARANCE_GROUPS:
            done = "cleared" if group == "household" else "employed"
            goals.append(
                {
                    "base": d.json_number(f"clearance_{group}_base", area_values.get(f"clearance_{group}_base")),
                    "done": d.json_number(f"clearance_{group}_{done}", area_values.get(f"clearance_{group}_{done}")),
                    "rate": d.json_number(f"clearance_{group}_rate", area_values.get(f"clearance_{group}_rate")),
                }
            )
        rows.append(
            {
                "code": area.code,
                "name": area.name,
                "policy_ventures": d.json_number("policy_ventures", area_values.get("policy_ventures")),
                "successful": d.json_number("successful_entrepreneurs", area_values.get("successful_entrepreneurs")),
                "successful_target": d.json_number(
                    "successful_entrepreneurs_target", area_values.get("successful_entrepreneurs_target")
                ),
                "successful_completion": d.json_number(
                    "successful_entrepreneurs_completion", area_values.get("successful_entrepreneurs_completion")
                ),
                "goals": goals,
            }
        )
    return rows


def satisfaction_block(snapshot: Snapshot) -> dict[str, Any] | None:
    """HOOK (satisfaction): the satisfaction codes of METRICS.md, town-wide and per department,
    when the snapshot has them (the satisfaction work adds them); None until then, and the
    report says the figure is not yet computed."""
    town = selectors.snapshot_values(snapshot, area_ids=[]).get(None, {})
    if not any(code in town for code in SATISFACTION_CODES):
        return None
    from zhuqiao.models import Department

    names = dict(Department.objects.values_list("pk", "name"))
    departments = [
        {"name": names.get(department_id, department_id), "values": values}
        for department_id, values in _department_satisfaction(snapshot).items()
    ]
    return {
        "town": {
            "ratings": town.get("satisfaction_ratings"),
            "rate": town.get("satisfaction_rate"),
            "mean": town.get("satisfaction_mean"),
            "rate_last": town.get("satisfaction_rate_last"),
            "rate_yoy": town.get("satisfaction_rate_yoy"),
        },
        "departments": departments,
    }


def _department_satisfaction(snapshot: Snapshot) -> dict[int, dict[str, Any]]:
    result: dict[int, dict[str, Any]] = {}
    for department_id, code, value in targets.satisfaction_by_department(snapshot):
        result.setdefault(department_id, {})[code.removeprefix("satisfaction_")] = value
    return result


def report_extras(year: int, snapshot: Snapshot | None, town_signoff: Any) -> dict[str, Any]:
    today = timezone.localdate()
    until = min(today, datetime.date(year, 12, 31))
    extras: dict[str, Any] = {
        "town_signoff": town_signoff,
        "unsigned_months": signoff.unsigned_months(year=year, until=until),
        "committee_rows": [],
        "committee_scorecard": [],
        "department_scorecard": [],
        "committee_columns": [(code, targets.label(code)) for code in targets.COMMITTEE_CODES],
        "department_columns": [(code, targets.label(code)) for code in targets.DEPARTMENT_CODES],
        "satisfaction": None,
        "score": None,
        "group_labels": [d.GROUP_LABELS[g] for g in d.CLEARANCE_GROUPS],
    }
    if snapshot is None:
        return extras
    town = selectors.snapshot_values(snapshot, area_ids=[]).get(None, {})
    extras.update(
        {
            "committee_rows": _committee_rows(snapshot),
            "committee_scorecard": targets.committee_scorecard(snapshot),
            "department_scorecard": targets.department_scorecard(snapshot),
            "satisfaction": satisfaction_block(snapshot),
            "score": scoring.expected_score(town, selectors.targets_for(year)),
        }
    )
    return extras


# --- Excel ---------------------------------------------------------------------------------------------


def add_extra_sheets(workbook: Any, context: dict[str, Any]) -> None:
    """The report's new sheets: per committee, the two scorecards, satisfaction, expected score,
    and the sign-off state."""
    from openpyxl.styles import Font

    from metrics.scorecards import scorecard_sheet

    bold = Font(bold=True)
    committees = workbook.create_sheet(_("居村委明细"))
    header = [_("编码"), _("居村委"), _("享受市区级政策的创业组织"), _("成功创业人数"), _("目标"), _("完成率（%）")]
    for label in context["group_labels"]:
        header += [f"{label} {_('基数')}", f"{label} {_('已就业/已清零')}", f"{label} {_('清零率（%）')}"]
    committees.append(header)
    for row in context["committee_rows"]:
        line = [
            row["code"],
            row["name"],
            row["policy_ventures"],
            row["successful"],
            row["successful_target"],
            row["successful_completion"],
        ]
        for goal in row["goals"]:
            line += [goal["base"], goal["done"], goal["rate"]]
        committees.append(line)
    for sheet_rows, columns, title, kind in (
        (context["committee_scorecard"], context["committee_columns"], _("居村委计分卡"), "committees"),
        (context["department_scorecard"], context["department_columns"], _("部门计分卡"), "departments"),
    ):
        scorecard_sheet(
            workbook,
            {"title": title, "snapshot": context["snapshot"], "columns": columns, "rows": sheet_rows, "kind": kind},
            title=title,
        )
    satisfaction = workbook.create_sheet(_("工作满意度"))
    block = context["satisfaction"]
    if block is None:
        satisfaction.append([_("工作满意度指标尚未计算（满意度统计口径上线后自动显示）。")])
    else:
        satisfaction.append([_("范围"), _("评价数"), _("满意率（%）"), _("平均分")])
        town = block["town"]
        satisfaction.append([_("全镇"), _num(town["ratings"]), _num(town["rate"]), _num(town["mean"])])
        for row in block["departments"]:
            values = row["values"]
            satisfaction.append(
                [str(row["name"]), _num(values.get("ratings")), _num(values.get("rate")), _num(values.get("mean"))]
            )
    score = workbook.create_sheet(_("预计得分"))
    score.append([_("评估指标"), _("项目"), _("计分方法"), _("完成率（%）"), _("预计得分"), _("满分"), _("示例规则")])
    if context["score"] is not None:
        for item in context["score"].rows:
            score.append(
                [
                    item.indicator_label,
                    item.label,
                    item.method_label,
                    _num(item.basis),
                    _num(item.points),
                    _num(item.max_points),
                    _("是") if item.is_example else "",
                ]
            )
        score.append([_("合计"), "", "", "", _num(context["score"].total), _num(context["score"].total_max), ""])
    sign = workbook.create_sheet(_("确认与签字"))
    town_signoff = context["town_signoff"]
    if town_signoff is not None:
        sign.append(
            [
                _("已确认数据"),
                town_signoff.as_of,
                town_signoff.signed_by_name,
                timezone.localtime(town_signoff.signed_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    else:
        sign.append([_("本报告数据尚未经中心确认")])
    sign.append([_("未确认的月份"), "、".join(f"{m}月" for m in context["unsigned_months"]) or _("无")])
    for role in (_("编制人"), _("审核人"), _("中心负责人"), _("领导小组")):
        sign.append([role, _("签字："), "", _("日期：")])
    for ws in (committees, satisfaction, score, sign):
        for item in ws[1]:
            item.font = bold


def _num(value: Any) -> float | None:
    return None if value is None else float(value)
