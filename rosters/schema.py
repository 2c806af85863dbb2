"""The sheets and columns of DATA-CONTRACT.md, in one place.

The parser matches headers against these (Chinese or English, either accepted), the blank
templates are written from them (Chinese headers, a notes row, validation lists) and the error
list names columns with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YES_WORDS = ("是", "y", "yes", "true", "1")
NO_WORDS = ("否", "n", "no", "false", "0")

GROUP_LABELS = {
    "就业困难人员": "difficulty",
    "登记失业人员": "unemployed",
    "应届毕业生": "graduate",
    "退役军人": "veteran",
    "新退工人员": "laid_off",
}
EMPLOYMENT_KIND_LABELS = {
    "单位就业": "employed",
    "灵活就业": "flexible",
    "自主创业": "self_employed",
    "公益性岗位": "public_welfare",
}
VENTURE_KIND_LABELS = {
    "企业": "enterprise",
    "个体工商户": "individual",
    "农民专业合作社": "cooperative",
    "民办非企业单位": "non_enterprise",
}
AREA_KIND_LABELS = {"村": "village", "居": "residential"}
POLICY_LEVEL_LABELS = {"市级": "city", "区级": "district", "镇级": "town"}
CASE_CATEGORY_LABELS = {"创业": "startup", "就业": "employment"}
INDUSTRY_LABELS = {
    "航空配套": "aviation_supply",
    "航空物流": "aviation_logistics",
    "智慧物流": "smart_logistics",
    "物联网": "iot",
    "商贸": "commerce",
    "科技农业": "agritech",
    "其他": "other",
}
CASE_STATUS_LABELS = {
    "新受理": "new",
    "办理中": "in_progress",
    "已转介": "referred",
    "已办结": "closed",
    "已撤销": "cancelled",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = True
    note: str = ""
    choices: tuple[str, ...] = ()
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    key: str
    label: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def match_header(self, header: str) -> Column | None:
        text = header.strip()
        lowered = text.lower()
        for column in self.columns:
            if text == column.label or lowered == column.key:
                return column
        return None


ID_NOTE = "18位居民身份证号，末位可为X；性别和出生日期由身份证号推算"
DATE_NOTE = "日期，格式 YYYY-MM-DD（也可用Excel日期单元格）"
YES_NO = ("是", "否")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "areas",
        "居村委",
        (
            Column("code", "编码", note="居村委编码，如 A01（唯一键）"),
            Column("name", "名称", note="居村委名称", width=24),
            Column("kind", "类型", note="村 或 居", choices=tuple(AREA_KIND_LABELS)),
        ),
        ("code",),
    ),
    Sheet(
        "households",
        "家庭",
        (
            Column("household_no", "户号", note="户号（唯一键）"),
            Column("area_code", "居村委编码", note="居村委编码，如 A01"),
        ),
        ("household_no",),
    ),
    Sheet(
        "persons",
        "人员",
        (
            Column("id_number", "身份证号", note=ID_NOTE + "（唯一键）", width=22),
            Column("name", "姓名", note="姓名"),
            Column("phone", "手机号", required=False, note="可空；11位手机号，以1开头"),
            Column("area_code", "居村委编码", note="居村委编码，如 A01"),
            Column("household_no", "户号", required=False, note="可空；家庭表中没有的户号将按本人居村委新建"),
        ),
        ("id_number",),
    ),
    Sheet(
        "zero_employment",
        "零就业家庭认定",
        (
            Column("household_no", "户号", note="户号，须在家庭表或系统中"),
            Column("certified_on", "认定日期", note=DATE_NOTE + "；与户号一起为唯一键"),
            Column("willing", "有就业意愿成员", note="是/否", choices=YES_NO),
        ),
        ("household_no", "certified_on"),
    ),
    Sheet(
        "memberships",
        "人员类别",
        (
            Column("id_number", "身份证号", note="人员的身份证号，须在人员表或系统中", width=22),
            Column("group", "类别", note="重点群体类别", choices=tuple(GROUP_LABELS)),
            Column("start_date", "开始日期", note=DATE_NOTE + "；与身份证号、类别一起为唯一键"),
            Column("end_date", "结束日期", required=False, note="可空；" + DATE_NOTE),
            Column(
                "willing",
                "就业意愿",
                note="是/否；填“否”时原因记为“名册导入：无就业意愿”，意愿复核日期为导入日起90天",
                choices=YES_NO,
            ),
        ),
        ("id_number", "group", "start_date"),
    ),
    Sheet(
        "employments",
        "就业记录",
        (
            Column("id_number", "身份证号", note="人员的身份证号，须在人员表或系统中", width=22),
            Column("start_date", "就业日期", note=DATE_NOTE + "；与身份证号一起为唯一键"),
            Column("end_date", "离职日期", required=False, note="可空；" + DATE_NOTE),
            Column("kind", "就业形式", note="就业形式", choices=tuple(EMPLOYMENT_KIND_LABELS)),
            Column("employer", "单位名称", required=False, note="可空；单位名称", width=28),
        ),
        ("id_number", "start_date"),
    ),
    Sheet(
        "ventures",
        "创业组织",
        (
            Column("credit_code", "统一社会信用代码", note="18位统一社会信用代码（唯一键）", width=22),
            Column("name", "名称", note="创业组织名称", width=28),
            Column("kind", "组织类型", note="组织类型", choices=tuple(VENTURE_KIND_LABELS)),
            Column("registered_on", "成立日期", note=DATE_NOTE),
            Column("area_code", "居村委编码", note="居村委编码，如 A01"),
            Column("industry", "行业", note="特色产业名称或代码，或“其他”", choices=tuple(INDUSTRY_LABELS)),
            Column(
                "founder_id_number", "法定代表人身份证号", note="法定代表人的身份证号，须在人员表或系统中", width=22
            ),
        ),
        ("credit_code",),
    ),
    Sheet(
        "policy_benefits",
        "政策享受",
        (
            Column("credit_code", "统一社会信用代码", note="须在创业组织表或系统中", width=22),
            Column("policy", "政策名称", note="政策目录中没有的政策将按本行级别加入目录", width=24),
            Column("level", "级别", note="政策级别", choices=tuple(POLICY_LEVEL_LABELS)),
            Column("granted_on", "享受日期", note=DATE_NOTE + "；与信用代码、政策名称一起为唯一键"),
            Column("amount", "金额", required=False, note="可空；金额（元），不能为负数"),
        ),
        ("credit_code", "policy", "granted_on"),
    ),
    Sheet(
        "cases",
        "服务个案",
        (
            Column("ref", "编号", note="个案编号（唯一键）"),
            Column("category", "类别", note="创业 或 就业", choices=tuple(CASE_CATEGORY_LABELS)),
            Column("service", "服务事项", note="服务目录中没有的事项将加入目录", width=20),
            Column("id_number", "身份证号", required=False, note="服务对象为人员时填写（与信用代码二选一）", width=22),
            Column(
                "credit_code",
                "统一社会信用代码",
                required=False,
                note="服务对象为创业组织时填写（与身份证号二选一）",
                width=22,
            ),
            Column("opened_on", "受理日期", note=DATE_NOTE),
            Column("closed_on", "办结日期", required=False, note="可空；" + DATE_NOTE),
            Column("department", "部门", required=False, note="可空；承办部门名称或编码"),
            Column("status", "状态", required=False, note="可空（默认新受理）", choices=tuple(CASE_STATUS_LABELS)),
            Column("outcome", "结果", required=False, note="可空；办理结果", width=30),
        ),
        ("ref",),
    ),
    Sheet(
        "targets",
        "年度目标",
        (
            Column("year", "年度", note="年度，如 2026"),
            Column("metric", "指标", note="指标代码（见指标口径说明），与年度一起为唯一键", width=30),
            Column("value", "目标值", note="目标值，不能为负数"),
            Column(
                "area_code", "居村委编码", required=False, note="可空；填写则为该居村委的目标（与部门不能同时填写）"
            ),
            Column("department", "部门", required=False, note="可空；部门名称或编码，填写则为该部门的目标"),
        ),
        ("year", "metric", "area_code", "department"),
    ),
)

SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
SHEET_ORDER = [sheet.key for sheet in SHEETS]


def match_sheet(name: str) -> Sheet | None:
    """The sheet named ``name`` in Chinese or English (English case-insensitive), or None."""
    text = name.strip()
    for sheet in SHEETS:
        if text == sheet.label or text.lower() == sheet.key:
            return sheet
    return None


NOTE_PREFIX = "说明："
