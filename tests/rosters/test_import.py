"""The import rules of DATA-CONTRACT.md, through the same function the command and the web use."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from cases.models import Case, ServiceType
from entrepreneurs.models import Policy, PolicyBenefit, Venture
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from rosters.importing.engine import UNWILLING_REASON
from rosters.services import roster_import
from tests.factories.ids import credit_code, id_number
from tests.factories.jobseekers import MembershipFactory, PersonFactory
from tests.factories.rosters import headers, write_csv_folder, write_workbook
from zhuqiao.models import Area, AuditEntry

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "memberships": TargetGroupMembership.objects.count(),
        "employments": Employment.objects.count(),
        "certifications": ZeroEmploymentCertification.objects.count(),
        "ventures": Venture.objects.count(),
        "benefits": PolicyBenefit.objects.count(),
        "cases": Case.objects.count(),
        "areas": Area.objects.count(),
    }


def person_file(tmp_path: Path, rows: list[list[object]], name: str = "p.xlsx") -> Path:
    return write_workbook(tmp_path / name, {"persons": (headers("persons"), rows)})


def only_error(result) -> str:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return str(result.errors[0])


# --- a whole file -------------------------------------------------------------------------------


def test_a_valid_workbook_creates_every_record_and_one_audit_entry(town_file):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        result = roster_import(path=town_file["path"])
    assert result.ok and result.written
    zhang = Person.objects.get(id_number_hash=Person.hash_id_number(town_file["ids"]["zhang"]))
    assert (zhang.name, zhang.phone, zhang.area.code, zhang.household.household_no) == (
        "张伟",
        "13912345678",
        "A01",
        "H-001",
    )
    assert zhang.birth_date == datetime.date(1985, 3, 2) and zhang.sex == Person.Sex.MALE
    li = Person.objects.get(id_number_hash=Person.hash_id_number(town_file["ids"]["li"]))
    assert li.sex == Person.Sex.FEMALE
    # H-002 is named by a person only: created in the person's committee.
    assert Household.objects.get(household_no="H-002").area.code == "A02"
    assert Area.objects.get(code="A75").kind == Area.Kind.RESIDENTIAL
    venture = Venture.objects.get(credit_code=town_file["code"])
    assert venture.founder == zhang and venture.industry == "aviation_supply"
    benefit = PolicyBenefit.objects.get(venture=venture)
    assert benefit.amount == Decimal("12000.00") and benefit.policy.level == Policy.Level.DISTRICT
    assert ServiceType.objects.filter(name="名册测试开业指导", category="startup").exists()
    case = Case.objects.get(ref="ZQR-0001")
    assert case.person == zhang and case.area.code == "A01" and case.department.code == "youth_league"
    closed = Case.objects.get(ref="ZQR-0002")
    assert closed.venture == venture and closed.status == Case.Status.CLOSED and closed.outcome == "已推荐"
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == 1
    assert entries.get().changes["persons"] == {"created": 2, "updated": 0, "unchanged": 0}


def test_large_files_are_cleaned_in_worker_processes_with_the_same_outcome(town_file, monkeypatch, tmp_path):
    from rosters.importing import engine

    monkeypatch.setattr(engine, "PARALLEL_MIN_ROWS", 1)
    assert engine.use_workers(10)
    bad = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "persons": (headers("persons"), [[id_number(), "张三", "123", "A01", None]]),
            "memberships": (headers("memberships"), [[id_number(), "低保", "2025-01-01", None, "是"]]),
        },
    )
    refused = roster_import(path=bad)
    # a row the worker found wrong stays wrong here: not counted as a person to create
    assert refused.counts()["persons"] == {"created": 0, "updated": 0, "unchanged": 0}
    assert [str(e) for e in refused.errors] == [
        "人员, 2, 手机号: 手机号应为11位，当前为3位。",
        "人员类别, 2, 身份证号: 该身份证号的人员未登记，也不在本文件的“人员”表中。",
        "人员类别, 2, 类别: 应为以下之一：就业困难人员、登记失业人员、应届毕业生、退役军人、新退工人员。",
    ]
    result = roster_import(path=town_file["path"])
    assert result.ok and result.written
    assert counts()["persons"] == 2 and counts()["cases"] == 2
    assert roster_import(path=town_file["path"]).totals()["unchanged"] == 14


def test_importing_the_same_file_twice_changes_nothing_the_second_time(town_file):
    roster_import(path=town_file["path"])
    before = counts()
    stamps = list(Person.objects.order_by("pk").values_list("updated_at", flat=True))
    second = roster_import(path=town_file["path"])
    assert second.ok
    assert second.totals()["created"] == 0 and second.totals()["updated"] == 0
    assert second.totals()["unchanged"] == 14
    assert counts() == before
    assert list(Person.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_changed_row_updates_its_record_in_place(tmp_path, area_a, area_b):
    number = id_number()
    roster_import(path=person_file(tmp_path, [[number, "王芳", "13800000001", "A01", None]]))
    original = Person.objects.get()
    result = roster_import(path=person_file(tmp_path, [[number, "王芳芳", "13800000002", "A02", None]], "b.xlsx"))
    assert result.counts()["persons"] == {"created": 0, "updated": 1, "unchanged": 0}
    person = Person.objects.get()
    assert person.pk == original.pk
    assert (person.name, person.phone, person.area.code) == ("王芳芳", "13800000002", "A02")


def test_a_column_left_out_keeps_the_stored_value(tmp_path, area_a):
    number = id_number()
    roster_import(path=person_file(tmp_path, [[number, "王芳", "13800000001", "A01", None]]))
    short = write_workbook(
        tmp_path / "short.xlsx",
        {"persons": (headers("persons", only=["id_number", "name", "area_code"]), [[number, "王芳", "A01"]])},
    )
    result = roster_import(path=short)
    assert result.counts()["persons"]["unchanged"] == 1
    assert Person.objects.get().phone == "13800000001"


def test_one_bad_cell_among_thousands_of_good_rows_writes_nothing(tmp_path, area_a):
    rows = [
        [id_number(datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)), f"居民{i}", None, "A01", None]
        for i in range(3000)
    ]
    rows[1777][0] = rows[1777][0][:-1] + ("0" if rows[1777][0][-1] != "0" else "1")  # wrong check digit
    members = [[row[0], "登记失业人员", "2025-01-01", None, "是"] for row in rows[:1000] if row is not rows[1777]]
    path = write_workbook(
        tmp_path / "big.xlsx",
        {"persons": (headers("persons"), rows), "memberships": (headers("memberships"), members)},
    )
    result = roster_import(path=path)
    assert not result.written
    assert [str(error) for error in result.errors] == ["人员, 1779, 身份证号: 身份证号校验位错误，请核对后重新输入。"]
    assert counts()["persons"] == 0 and counts()["memberships"] == 0
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_every_error_of_every_sheet_is_listed(tmp_path, area_a):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "persons": (headers("persons"), [["123", "", "12345", "A99", None]]),
            "employments": (headers("employments"), [[id_number(), "2025/03/01", None, "打零工", None]]),
        },
    )
    result = roster_import(path=path)
    assert [str(e) for e in result.errors] == [
        "人员, 2, 身份证号: 身份证号应为18位，当前为3位。",
        "人员, 2, 姓名: 必填，不能为空。",
        "人员, 2, 手机号: 手机号应为11位，当前为5位。",
        "人员, 2, 居村委编码: 居村委编码 A99 不存在。",
        "就业记录, 2, 身份证号: 该身份证号的人员未登记，也不在本文件的“人员”表中。",
        "就业记录, 2, 就业日期: 日期格式应为 YYYY-MM-DD（如 2026-03-01），或使用 Excel 日期单元格。",
        "就业记录, 2, 就业形式: 应为以下之一：单位就业、灵活就业、自主创业、公益性岗位。",
    ]


def test_the_command_exits_1_and_lists_errors_and_0_on_success(tmp_path, area_a, capsys):
    bad = person_file(tmp_path, [[id_number(), "张三", "23912345678", "A01", None]], "bad.xlsx")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_rosters", str(bad))
    assert exit_info.value.code == 1
    assert "人员, 2, 手机号: 手机号应以1开头。" in capsys.readouterr().err
    good = person_file(tmp_path, [[id_number(), "张三", "13912345678", "A01", None]], "good.xlsx")
    call_command("import_rosters", str(good), "--dry-run")
    assert Person.objects.count() == 0
    call_command("import_rosters", str(good))
    assert Person.objects.count() == 1
    assert "人员: 新增 1" in capsys.readouterr().out


# --- the contract's rules, one by one ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "row", "column", "message"),
    [
        (
            "persons",
            lambda n, c: [n[:-1] + "Z", "张三", None, "A01", None],
            "身份证号",
            "身份证号只能由数字组成，最后一位可以是X。",
        ),
        (
            "persons",
            lambda n, c: ["31010419901399001X", "张三", None, "A01", None],
            "身份证号",
            "身份证号中的出生日期不存在。",
        ),
        ("persons", lambda n, c: [n, "张三", "1391234567a", "A01", None], "手机号", "手机号只能包含数字。"),
        ("persons", lambda n, c: [n, "张三", None, "", None], "居村委编码", "必填，不能为空。"),
        ("persons", lambda n, c: [n, "张" * 65, None, "A01", None], "姓名", "不能超过64个字符（当前65个）。"),
        ("areas", lambda n, c: ["A80", "某村", "镇"], "类型", "应为以下之一：村、居。"),
        ("households", lambda n, c: ["H9", "A99"], "居村委编码", "居村委编码 A99 不存在。"),
        (
            "zero_employment",
            lambda n, c: ["H-NONE", "2025-01-01", "是"],
            "户号",
            "户号 H-NONE 未登记，也不在本文件的“家庭”表中。",
        ),
        (
            "zero_employment",
            lambda n, c: ["H-NONE", "2025-01-01", "也许"],
            "有就业意愿成员",
            "应填写 是/否（也可填 Y/N、yes/no、true/false、1/0）。",
        ),
        (
            "memberships",
            lambda n, c: [n, "低保", "2025-01-01", None, "是"],
            "类别",
            "应为以下之一：就业困难人员、登记失业人员、应届毕业生、退役军人、新退工人员。",
        ),
        (
            "memberships",
            lambda n, c: [n, "登记失业人员", "2025-02-30", None, "是"],
            "开始日期",
            "日期不存在（如2月30日），请核对。",
        ),
        (
            "memberships",
            lambda n, c: [n, "登记失业人员", "2025-03-01", "2025-01-01", "是"],
            "结束日期",
            "结束日期不能早于开始日期。",
        ),
        ("memberships", lambda n, c: [n, "登记失业人员", "2025-03-01", None, ""], "就业意愿", "必填，不能为空。"),
        (
            "employments",
            lambda n, c: [n, "2025-03-01", "2025-02-01", "灵活就业", None],
            "离职日期",
            "离职日期不能早于就业日期。",
        ),
        (
            "employments",
            lambda n, c: [id_number(), "2025-03-01", None, "灵活就业", None],
            "身份证号",
            "该身份证号的人员未登记，也不在本文件的“人员”表中。",
        ),
        (
            "ventures",
            lambda n, c: [c[:-1] + ("0" if c[-1] != "0" else "1"), "某公司", "企业", "2025-01-01", "A01", "商贸", n],
            "统一社会信用代码",
            "统一社会信用代码校验位错误，请对照营业执照核对后重新输入。",
        ),
        (
            "ventures",
            lambda n, c: [c, "某公司", "企业", "2025-01-01", "A01", "造船", n],
            "行业",
            "应为以下之一：航空配套、航空物流、智慧物流、物联网、商贸、科技农业、其他。",
        ),
        (
            "ventures",
            lambda n, c: [c, "某公司", "公司", "2025-01-01", "A01", "商贸", n],
            "组织类型",
            "应为以下之一：企业、个体工商户、农民专业合作社、民办非企业单位。",
        ),
        (
            "ventures",
            lambda n, c: [c, "某公司", "企业", "2025-01-01", "A01", "商贸", id_number()],
            "法定代表人身份证号",
            "法定代表人未登记，也不在本文件的“人员”表中。",
        ),
        (
            "policy_benefits",
            lambda n, c: [c, "某补贴", "区级", "2025-01-01", 100],
            "统一社会信用代码",
            "该统一社会信用代码的创业组织未登记，也不在本文件的“创业组织”表中。",
        ),
        (
            "policy_benefits",
            lambda n, c: [c, "某补贴", "省级", "2025-01-01", 100],
            "级别",
            "应为以下之一：市级、区级、镇级。",
        ),
        ("policy_benefits", lambda n, c: [c, "某补贴", "区级", "2025-01-01", -5], "金额", "不能为负数。"),
        ("policy_benefits", lambda n, c: [c, "某补贴", "区级", "2025-01-01", "一万"], "金额", "应为数字。"),
        (
            "cases",
            lambda n, c: ["R1", "创业", "开业指导", n, c, "2025-01-01", None, None, None, None],
            "身份证号",
            "身份证号和统一社会信用代码须填且只填一项。",
        ),
        (
            "cases",
            lambda n, c: ["R1", "创业", "开业指导", None, None, "2025-01-01", None, None, None, None],
            "身份证号",
            "身份证号和统一社会信用代码须填且只填一项。",
        ),
        (
            "cases",
            lambda n, c: ["R1", "培训", "开业指导", n, None, "2025-01-01", None, None, None, None],
            "类别",
            "应为以下之一：创业、就业。",
        ),
        (
            "cases",
            lambda n, c: ["R1", "创业", "开业指导", n, None, "2025-03-01", "2025-01-01", None, None, None],
            "办结日期",
            "办结日期不能早于受理日期。",
        ),
        (
            "cases",
            lambda n, c: ["R1", "创业", "开业指导", n, None, "2025-03-01", None, "不存在的部门", None, None],
            "部门",
            "部门“不存在的部门”不存在。",
        ),
        (
            "cases",
            lambda n, c: ["R1", "创业", "开业指导", n, None, "2025-03-01", None, None, "待定", None],
            "状态",
            "应为以下之一：新受理、办理中、已转介、已办结、已撤销。",
        ),
        ("targets", lambda n, c: [1999, "successful_entrepreneurs", 5], "年度", "年度应为2000至2100之间的四位数字。"),
        (
            "targets",
            lambda n, c: [2026, "no_such_metric", 5],
            "指标",
            "指标代码 no_such_metric 不存在（见指标口径说明）。",
        ),
    ],
)
def test_each_rule_of_the_contract_has_its_message(tmp_path, area_a, sheet, row, column, message):
    number = id_number()
    PersonFactory(id_number=number, area=area_a)
    code = credit_code()
    path = write_workbook(tmp_path / "rule.xlsx", {sheet: (headers(sheet), [row(number, code)])})
    result = roster_import(path=path)
    label = {"persons": "人员", "areas": "居村委", "households": "家庭", "zero_employment": "零就业家庭认定"}
    label |= {"memberships": "人员类别", "employments": "就业记录", "ventures": "创业组织"}
    label |= {"policy_benefits": "政策享受", "cases": "服务个案", "targets": "年度目标"}
    assert only_error(result) == f"{label[sheet]}, 2, {column}: {message}"
    assert not result.written


def test_duplicate_natural_keys_in_one_sheet_are_errors(tmp_path, area_a):
    number = id_number()
    path = person_file(tmp_path, [[number, "张三", None, "A01", None], [number.lower(), "张三", None, "A01", None]])
    assert only_error(roster_import(path=path)) == "人员, 3, 身份证号: 与第2行重复（唯一键相同）。"


def test_missing_required_columns_unknown_columns_and_sheets_are_errors(tmp_path, area_a):
    path = write_workbook(
        tmp_path / "cols.xlsx",
        {
            "persons": (["身份证号", "姓名", "性别"], [[id_number(), "张三", "男"]]),
            "households": (["户号", "居村委编码", "备注"], [["H1", "A01", "x"]]),
        },
    )
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("花名册").append(["x"])
    workbook.save(path)
    errors = [str(e) for e in roster_import(path=path).errors]
    assert (
        "花名册, 1, -: 无法识别的工作表名称。可用名称：居村委、家庭、人员、零就业家庭认定、人员类别、就业记录、创业组织、政策享受、服务个案、年度目标。"
        in errors
    )
    assert "人员, 1, 性别: 性别和出生日期由身份证号推算，不能导入，请删除此列。" in errors
    assert "人员, 1, 居村委编码: 缺少必填列。" in errors
    assert any(e.startswith("家庭, 1, 备注: 无法识别的列名。") for e in errors)


def test_yes_no_cells_take_every_spelling_of_the_contract(tmp_path, area_a):
    number = id_number()
    PersonFactory(id_number=number, area=area_a)
    words = ["是", "否", "Y", "n", "yes", "NO", "true", "False", "1", "0"]
    rows = [[number, "退役军人", f"2025-01-{i + 1:02d}", None, word] for i, word in enumerate(words)]
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        result = roster_import(
            path=write_workbook(tmp_path / "yn.xlsx", {"memberships": (headers("memberships"), rows)})
        )
    assert result.ok, [str(e) for e in result.errors]
    willing = list(TargetGroupMembership.objects.order_by("start_date").values_list("willing", flat=True))
    assert willing == [True, False] * 5


def test_an_imported_not_willing_membership_gets_a_reason_and_a_reconfirmation_date(tmp_path, area_a):
    number = id_number()
    person = PersonFactory(id_number=number, area=area_a)
    row = [number, "就业困难人员", "2025-01-01", None, "否"]
    path = write_workbook(tmp_path / "m.xlsx", {"memberships": (headers("memberships"), [row])})
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        roster_import(path=path)
    membership = TargetGroupMembership.objects.get(person=person)
    assert (membership.willing, membership.unwilling_reason, membership.reconfirm_on) == (
        False,
        UNWILLING_REASON,
        datetime.date(2026, 5, 30),
    )


def test_re_import_keeps_a_reason_staff_recorded(tmp_path, area_a):
    number = id_number()
    person = PersonFactory(id_number=number, area=area_a)
    MembershipFactory(
        person=person,
        group="difficulty",
        start_date=datetime.date(2025, 1, 1),
        willing=False,
        unwilling_reason="照顾病重家属",
        reconfirm_on=datetime.date(2026, 1, 15),
    )
    row = [number, "就业困难人员", "2025-01-01", None, "否"]
    result = roster_import(path=write_workbook(tmp_path / "m.xlsx", {"memberships": (headers("memberships"), [row])}))
    assert result.counts()["memberships"]["unchanged"] == 1
    membership = TargetGroupMembership.objects.get()
    assert (membership.unwilling_reason, membership.reconfirm_on) == ("照顾病重家属", datetime.date(2026, 1, 15))


def test_english_sheet_names_and_headers_are_accepted(tmp_path, area_a):
    number = id_number()
    path = write_workbook(
        tmp_path / "en.xlsx",
        {
            "persons": (headers("persons", english=True), [[number, "Zhang Wei", None, "A01", None]]),
            "employments": (headers("employments", english=True), [[number, "2025-03-01", None, "flexible", None]]),
        },
        english=True,
    )
    result = roster_import(path=path)
    assert result.ok, [str(e) for e in result.errors]
    assert Employment.objects.get().kind == Employment.Kind.FLEXIBLE


def test_excel_date_cells_are_accepted(tmp_path, area_a):
    number = id_number()
    PersonFactory(id_number=number, area=area_a)
    rows = [[number, datetime.datetime(2025, 3, 1), datetime.date(2025, 9, 30), "单位就业", "某公司"]]
    result = roster_import(path=write_workbook(tmp_path / "d.xlsx", {"employments": (headers("employments"), rows)}))
    assert result.ok
    employment = Employment.objects.get()
    assert (employment.start_date, employment.end_date) == (datetime.date(2025, 3, 1), datetime.date(2025, 9, 30))


def test_a_folder_of_csv_files_with_a_bom_imports_like_a_workbook(tmp_path, area_a):
    number = id_number()
    folder = write_csv_folder(
        tmp_path / "csv",
        {
            "persons": (headers("persons"), [[number, "张三", "13912345678", "A01", "H-9"]]),
            "memberships": (headers("memberships"), [[number, "新退工人员", "2025-04-01", "", "Y"]]),
        },
        bom=True,
    )
    assert (folder / "人员.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = roster_import(path=folder)
    assert result.ok, [str(e) for e in result.errors]
    assert Person.objects.get().household.household_no == "H-9"
    assert TargetGroupMembership.objects.get().group == "laid_off"
    again = roster_import(path=folder)
    assert again.totals()["created"] == 0 and again.totals()["updated"] == 0


def test_the_notes_row_of_the_template_is_skipped(tmp_path, area_a):
    from rosters.blank import blank_workbook

    path = tmp_path / "template.xlsx"
    path.write_bytes(blank_workbook())
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["人员"].append([id_number(), "张三", None, "A01", None])
    workbook.save(path)
    result = roster_import(path=path)
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts()["persons"]["created"] == 1


def test_rows_refer_to_records_already_stored(tmp_path, area_a):
    number = id_number()
    PersonFactory(id_number=number, area=area_a)
    rows = [[number, "2025-03-01", None, "公益性岗位", "祝桥镇社区"]]
    result = roster_import(path=write_workbook(tmp_path / "e.xlsx", {"employments": (headers("employments"), rows)}))
    assert result.ok and Employment.objects.get().person.id_number == number


def test_a_policy_whose_level_disagrees_with_the_catalogue_is_an_error(tmp_path, area_a):
    Policy.objects.create(name="名册测试政策", level=Policy.Level.CITY)
    from tests.factories.entrepreneurs import VentureFactory

    venture = VentureFactory(area=area_a)
    rows = [[venture.credit_code, "名册测试政策", "镇级", "2025-01-01", None]]
    result = roster_import(
        path=write_workbook(tmp_path / "p.xlsx", {"policy_benefits": (headers("policy_benefits"), rows)})
    )
    assert only_error(result) == "政策享受, 2, 级别: 政策目录中“名册测试政策”的级别为市级，与本行不一致。"


# --- committee staff ------------------------------------------------------------------------------


def test_committee_staff_import_only_rows_of_their_committee(tmp_path, committee_user_a, area_b):
    mine, theirs = id_number(), id_number()
    path = person_file(tmp_path, [[mine, "张三", None, "A01", None], [theirs, "李四", None, "A02", None]])
    result = roster_import(path=path, user=committee_user_a)
    assert only_error(result) == "人员, 3, 居村委编码: 不属于本居村委的数据，无权导入。"
    assert Person.objects.count() == 0
    ok = roster_import(
        path=person_file(tmp_path, [[mine, "张三", None, "A01", None]], "mine.xlsx"), user=committee_user_a
    )
    assert ok.written and Person.objects.get().area.code == "A01"


def test_committee_staff_cannot_touch_records_of_another_committee(tmp_path, committee_user_a, area_b):
    number = id_number()
    PersonFactory(id_number=number, area=area_b, name="李四")
    moved = roster_import(path=person_file(tmp_path, [[number, "李四", None, "A01", None]]), user=committee_user_a)
    assert only_error(moved) == "人员, 2, 身份证号: 该人员已登记在其他居村委，无权修改。"
    rows = [[number, "2025-03-01", None, "灵活就业", None]]
    job = roster_import(
        path=write_workbook(tmp_path / "e.xlsx", {"employments": (headers("employments"), rows)}), user=committee_user_a
    )
    assert only_error(job) == "就业记录, 2, 身份证号: 该人员不属于本居村委，无权导入。"
    areas = roster_import(
        path=write_workbook(tmp_path / "a.xlsx", {"areas": (headers("areas"), [["A01", "改名", "村"]])}),
        user=committee_user_a,
    )
    assert only_error(areas) == "居村委, 2, 编码: 居村委工作人员不能导入居村委表。"
    assert Person.objects.get().area.code == "A02" and not Employment.objects.exists()


@pytest.mark.postgres
def test_thousands_of_rows_go_in_through_copy_on_postgresql_and_re_import_unchanged(tmp_path, area_a, area_b):
    people = [
        [
            id_number(datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)),
            f"居民{i}",
            None,
            ("A01", "A02")[i % 2],
            f"HC{i // 3:05d}",
        ]
        for i in range(1500)
    ]
    path = write_workbook(
        tmp_path / "copy.xlsx",
        {
            "persons": (headers("persons"), people),
            "memberships": (headers("memberships"), [[p[0], "登记失业人员", "2025-01-01", None, "否"] for p in people]),
            "employments": (headers("employments"), [[p[0], "2025-03-01", None, "灵活就业", None] for p in people]),
        },
    )
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        result = roster_import(path=path)
    assert result.ok and result.written
    assert counts()["persons"] == 1500 and counts()["households"] == 500
    person = Person.objects.get(id_number_hash=Person.hash_id_number(people[7][0]))
    assert (person.name, person.area.code, person.household.household_no) == ("居民7", "A02", "HC00002")
    assert person.id_number == people[7][0] and person.created_at is not None
    membership = person.memberships.get()
    assert (membership.unwilling_reason, membership.reconfirm_on) == (UNWILLING_REASON, datetime.date(2026, 5, 30))
    assert person.employments.get().kind == "flexible"
    again = roster_import(path=path)
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 4500, "errors": 0}
