"""Demo data of the rosters app: a small, realistic sample roster workbook (rosters/samples/) and
one upload of it by the demo centre user, checked and waiting for confirmation, so that the
import history is not empty and the preview can be tried with one click (it lists one warning: an
ID number whose region code never existed)."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

from django.core.files import File
from stdnum.cn import ric, uscc

from rosters.models import ImportRun
from zhuqiao.models import User

SAMPLE = Path(__file__).resolve().parent / "samples" / "祝桥镇名册样例.xlsx"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何高林"
GIVEN = ["建华", "秀英", "海燕", "志强", "丽娟", "国平", "晓东", "雪梅", "伟", "敏", "静", "磊", "婷婷", "浩然"]


def _id_number(rng: random.Random, serial: int) -> str:
    """Pudong's 310115 for births since 1993, 310110 before; one resident born before 1993 holds a
    310115 number (accepted silently), and one number's region code never existed (310199): the
    check report lists it as a warning to verify against the card before confirming."""
    birth = datetime.date(1968, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 36))
    region = "310115" if birth.year >= 1993 else "310110"
    if serial == 10:
        birth, region = datetime.date(1979, 8, 14), "310115"
    elif serial == 11:
        region = "310199"
    body = f"{region}{birth:%Y%m%d}{700 + serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _credit_code(serial: int) -> str:
    body = f"92310115MA1G{serial:05d}"[:17]
    return body + uscc.calc_check_digit(body)


def sample_sheets() -> dict[str, list[Any]]:
    """The rows of the sample workbook (Chinese headers first), deterministic."""
    rng = random.Random(20261128)
    persons: list[list[object]] = []
    households: list[list[object]] = []
    for index in range(1, 7):
        households.append([f"ZQ-HH-{index:04d}", f"A{rng.choice([1, 2, 3, 5, 8, 13]):02d}"])
    ids = []
    for serial in range(12):
        household_no, area = households[serial % 6]
        number = _id_number(rng, serial)
        ids.append(number)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"139{rng.randrange(10**7, 10**8)}" if serial % 4 else None
        persons.append([number, name, phone, area, household_no])
    groups = ["就业困难人员", "登记失业人员", "应届毕业生", "退役军人", "新退工人员"]
    memberships = [
        [ids[i], groups[i % 5], f"2026-0{1 + i % 6}-1{i % 9}", None, "否" if i == 7 else "是"] for i in range(8)
    ]
    kinds = ["单位就业", "灵活就业", "自主创业", "公益性岗位"]
    employers = ["上海祝桥航空物流有限公司", "", "", "祝桥镇社区事务受理服务中心"]
    employments = [
        [ids[i], f"2026-{3 + i % 5:02d}-{1 + i:02d}", None, kinds[i % 4], employers[i % 4]] for i in range(0, 12, 2)
    ]
    ventures = [
        [_credit_code(1), "上海祝桥翼航精密零件有限公司", "企业", "2026-03-18", persons[4][3], "航空配套", ids[4]],
        [_credit_code(2), "祝桥镇鲜果园家庭农场", "个体工商户", "2026-05-06", persons[8][3], "科技农业", ids[8]],
        [_credit_code(3), "上海东滩智运物联科技有限公司", "企业", "2025-11-20", persons[2][3], "物联网", ids[2]],
    ]
    benefits = [
        [ventures[0][0], "创业场地房租补贴", "区级", "2026-06-01", 18000],
        [ventures[0][0], "一次性创业补贴", "市级", "2026-04-15", 8000],
        [ventures[2][0], "创业担保贷款及贴息", "市级", "2026-01-10", None],
    ]
    cases = [
        [
            "ZQ-SAMPLE-0001",
            "创业",
            "开业诊断",
            ids[4],
            None,
            "2026-02-20",
            "2026-03-10",
            None,
            "已办结",
            "完成开业诊断",
        ],
        ["ZQ-SAMPLE-0002", "创业", "融资对接", None, ventures[2][0], "2026-02-02", None, None, "办理中", None],
        ["ZQ-SAMPLE-0003", "就业", "岗位撮合", ids[1], None, "2026-04-08", None, None, None, None],
        ["ZQ-SAMPLE-0004", "就业", "职业指导", ids[5], None, "2026-05-12", None, "团委", None, None],
    ]
    zero = [[households[3][0], "2026-02-01", "是"]]
    return {
        "家庭": [["户号", "居村委编码"], *households],
        "人员": [["身份证号", "姓名", "手机号", "居村委编码", "户号"], *persons],
        "零就业家庭认定": [["户号", "认定日期", "有就业意愿成员"], *zero],
        "人员类别": [["身份证号", "类别", "开始日期", "结束日期", "就业意愿"], *memberships],
        "就业记录": [["身份证号", "就业日期", "离职日期", "就业形式", "单位名称"], *employments],
        "创业组织": [
            ["统一社会信用代码", "名称", "组织类型", "成立日期", "居村委编码", "行业", "法定代表人身份证号"],
            *ventures,
        ],
        "政策享受": [["统一社会信用代码", "政策名称", "级别", "享受日期", "金额"], *benefits],
        "服务个案": [
            [
                "编号",
                "类别",
                "服务事项",
                "身份证号",
                "统一社会信用代码",
                "受理日期",
                "办结日期",
                "部门",
                "状态",
                "结果",
            ],
            *cases,
        ],
    }


def write_sample(path: Path = SAMPLE) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sample_sheets().items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def load() -> None:
    from rosters.services import import_run_check

    centre = User.objects.filter(username="centre").first()
    if centre is None or not SAMPLE.exists():
        return
    if ImportRun.objects.filter(created_by=centre, original_name=SAMPLE.name).exists():
        return
    run = ImportRun(created_by=centre, original_name=SAMPLE.name, size=SAMPLE.stat().st_size)
    with open(SAMPLE, "rb") as handle:
        run.file.save(SAMPLE.name, File(handle), save=False)
    run.save()
    import_run_check(run=run)
