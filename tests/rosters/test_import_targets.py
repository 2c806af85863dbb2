"""The 年度目标 sheet's optional 居村委编码 / 部门 columns (DATA-CONTRACT.md): a target for the
town, one committee or one department; never both."""

from __future__ import annotations

from decimal import Decimal

import pytest

from metrics.models import Target
from rosters.services import roster_import
from tests.factories.rosters import headers, write_workbook

pytestmark = pytest.mark.django_db


def test_targets_are_imported_for_the_town_a_committee_and_a_department(tmp_path, area_a, department):
    rows = [
        [2026, "successful_entrepreneurs", 45],
        [2026, "successful_entrepreneurs", 2, "A01"],
        [2026, "activities", 8, None, "团委"],
        [2026, "satisfaction_rate", 90, None, "youth_league"],
    ]
    path = write_workbook(tmp_path / "t.xlsx", {"targets": (headers("targets"), rows)})
    result = roster_import(path=path)
    assert result.written, result.errors
    stored = {(t.code, t.area_id, t.department_id): t.value for t in Target.objects.all()}
    assert stored == {
        ("successful_entrepreneurs", None, None): Decimal(45),
        ("successful_entrepreneurs", area_a.pk, None): Decimal(2),
        ("activities", None, department.pk): Decimal(8),
        ("satisfaction_rate", None, department.pk): Decimal(90),
    }
    # a second import with a changed committee target updates that one only
    path = write_workbook(
        tmp_path / "t2.xlsx", {"targets": (headers("targets"), [[2026, "successful_entrepreneurs", 3, "A01"]])}
    )
    assert roster_import(path=path).written
    assert Target.objects.get(area=area_a).value == 3
    assert Target.objects.get(code="successful_entrepreneurs", area__isnull=True).value == 45


def test_a_target_row_naming_a_committee_and_a_department_is_an_error(tmp_path, area_a, department):
    rows = [[2026, "activities", 8, "A01", "团委"], [2026, "activities", 8, "A99"]]
    path = write_workbook(tmp_path / "t.xlsx", {"targets": (headers("targets"), rows)})
    result = roster_import(path=path)
    assert not result.written
    messages = " ".join(str(error) for error in result.errors)
    assert "只能填写一项" in messages and "A99" in messages
