from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.factories.ids import credit_code, id_number
from tests.factories.rosters import headers, write_workbook
from zhuqiao.models import Department


# Departments come from a data migration; a transactional test (browser, real worker) that ran
# before flushes them, so the personas of this app make sure theirs exist.
@pytest.fixture
def centre_department(db: None) -> Department:
    return Department.objects.get_or_create(
        code="service_centre", defaults={"name": "社区事务受理服务中心", "is_centre": True}
    )[0]


@pytest.fixture
def department(db: None) -> Department:
    return Department.objects.get_or_create(code="youth_league", defaults={"name": "团委"})[0]


@pytest.fixture
def town_file(tmp_path: Path, area_a: Any, area_b: Any) -> dict[str, Any]:
    """A small valid workbook touching every sheet, and the identifiers it uses."""
    ids = {"zhang": id_number(datetime.date(1985, 3, 2)), "li": id_number(datetime.date(2003, 7, 9), female=True)}
    code = credit_code()
    sheets = {
        "areas": (headers("areas"), [["A01", "演示01村", "村"], ["A75", "新设居委", "居"]]),
        "households": (headers("households"), [["H-001", "A01"]]),
        "persons": (
            headers("persons"),
            [
                [ids["zhang"], "张伟", "13912345678", "A01", "H-001"],
                [ids["li"], "李娜", None, "A02", "H-002"],
            ],
        ),
        "zero_employment": (headers("zero_employment"), [["H-001", "2025-02-01", "是"]]),
        "memberships": (
            headers("memberships"),
            [
                [ids["zhang"], "登记失业人员", "2025-01-02", None, "是"],
                [ids["li"], "应届毕业生", "2025-06-30", None, "否"],
            ],
        ),
        "employments": (
            headers("employments"),
            [[ids["zhang"], "2025-03-01", None, "单位就业", "上海祝桥物流有限公司"]],
        ),
        "ventures": (
            headers("ventures"),
            [[code, "上海祝桥航空配套有限公司", "企业", "2025-04-01", "A01", "航空配套", ids["zhang"]]],
        ),
        "policy_benefits": (headers("policy_benefits"), [[code, "名册测试补贴", "区级", "2025-05-01", 12000]]),
        "cases": (
            headers("cases"),
            [
                ["ZQR-0001", "创业", "名册测试开业指导", ids["zhang"], None, "2025-02-01", None, "团委", None, None],
                ["ZQR-0002", "就业", "岗位推荐", None, code, "2025-05-10", "2025-05-20", None, "已办结", "已推荐"],
            ],
        ),
        "targets": (headers("targets"), [[2026, "successful_entrepreneurs", 50]]),
    }
    path = write_workbook(tmp_path / "town.xlsx", sheets)
    return {"path": path, "ids": ids, "code": code, "sheets": sheets}
