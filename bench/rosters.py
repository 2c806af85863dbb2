"""Roster import of a town-sized workbook: 200,000 persons with their households, target-group
memberships, 120,000 employments and 300,000 service cases (goal: under 60 s and under 400 MB
peak memory: rows stream through a chunk at a time, no sheet is held whole).

The workbook is generated with openpyxl's write-only mode into a temporary folder, then imported
by ``manage.py import_rosters`` in a subprocess (the same code path as the command and the web
task) so that its wall time and peak RSS are its own. Rows of a previous bench import (household
numbers ``BH…``, case references ``BC…``) are removed first, so every run measures creating the records, not "unchanged".
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from stdnum.cn import ric

from bench.harness import Report

PERSONS = int(os.environ.get("BENCH_ROSTER_PERSONS", "200000"))
HOUSEHOLDS = PERSONS * 2 // 5
ROOT = Path(__file__).resolve().parent.parent
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉建国晨浩宇欣怡子涵梓轩雨欣佳豪俊杰"
GROUPS = ["就业困难人员", "登记失业人员", "应届毕业生", "退役军人", "新退工人员"]
KINDS = ["单位就业", "灵活就业", "自主创业", "公益性岗位"]
SERVICES = [("就业", "岗位推荐"), ("就业", "职业指导"), ("创业", "开业指导"), ("创业", "创业培训")]
STATUSES = ["新受理", "办理中", "已办结"]


def bench_id_number(serial: int) -> str:
    """Valid, unique, and apart from the seeded town's numbers (region 310110, not 310104)."""
    birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=serial // 900)
    body = f"310110{birth:%Y%m%d}{serial % 900 + 50:03d}"
    return body + ric.calc_check_digit(body + "0")


def generate_workbook(path: Path, persons: int = PERSONS) -> dict[str, int]:
    from openpyxl import Workbook

    rng = random.Random(20261128)
    workbook = Workbook(write_only=True)
    households = max(1, persons * 2 // 5)
    sheet = workbook.create_sheet("家庭")
    sheet.append(["户号", "居村委编码"])
    for h in range(households):
        sheet.append([f"BH{h:07d}", f"A{h % 74 + 1:02d}"])
    sheet = workbook.create_sheet("人员")
    sheet.append(["身份证号", "姓名", "手机号", "居村委编码", "户号"])
    for i in range(persons):
        h = i % households
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        phone = f"13{i % 10}{i:08d}" if i % 3 else None
        sheet.append([bench_id_number(i), name, phone, f"A{h % 74 + 1:02d}", f"BH{h:07d}"])
    memberships = employments = 0
    sheet = workbook.create_sheet("人员类别")
    sheet.append(["身份证号", "类别", "开始日期", "结束日期", "就业意愿"])
    for i in range(0, persons, 5):
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 700)
        sheet.append([bench_id_number(i), GROUPS[i // 5 % 5], start, None, "否" if i % 35 == 0 else "是"])
        memberships += 1
    sheet = workbook.create_sheet("就业记录")
    sheet.append(["身份证号", "就业日期", "离职日期", "就业形式", "单位名称"])
    for i in range(persons):
        if i % 5 >= 3:  # three persons in five: 120,000 of 200,000
            continue
        start = datetime.date(2023, 6, 1) + datetime.timedelta(days=i % 900)
        end = start + datetime.timedelta(days=200) if i % 4 == 0 else None
        sheet.append([bench_id_number(i), start, end, KINDS[i % 4], f"上海祝桥基准{i % 500}号公司"])
        employments += 1
    cases = persons * 3 // 2
    sheet = workbook.create_sheet("服务个案")
    sheet.append(["编号", "类别", "服务事项", "身份证号", "受理日期", "办结日期", "部门", "状态", "结果"])
    for j in range(cases):
        category, service = SERVICES[j % 4]
        opened = datetime.date(2025, 1, 1) + datetime.timedelta(days=j % 330)
        status = STATUSES[j % 3]
        closed = opened + datetime.timedelta(days=12) if status == "已办结" else None
        outcome = "已推荐上岗" if closed else None
        department = "团委" if j % 7 == 0 else None
        sheet.append(
            [f"BC{j:07d}", category, service, bench_id_number(j % persons), opened, closed, department, status, outcome]
        )
    workbook.save(path)
    return {
        "persons": persons,
        "households": households,
        "memberships": memberships,
        "employments": employments,
        "cases": cases,
    }


def remove_previous_bench_import() -> None:
    with connection.cursor() as cursor:
        people = (
            "SELECT p.id FROM jobseekers_person p JOIN jobseekers_household h ON h.id = p.household_id "
            "WHERE h.household_no LIKE 'BH%%'"
        )
        cursor.execute("DELETE FROM cases_case WHERE ref LIKE 'BC%%'")
        cursor.execute(f"DELETE FROM jobseekers_employment WHERE person_id IN ({people})")  # noqa: S608
        cursor.execute(f"DELETE FROM jobseekers_targetgroupmembership WHERE person_id IN ({people})")  # noqa: S608
        cursor.execute(f"DELETE FROM jobseekers_person WHERE id IN ({people})")  # noqa: S608
        cursor.execute("DELETE FROM jobseekers_household WHERE household_no LIKE 'BH%%'")


def ensure_town() -> None:
    try:
        from bench.seed import seed_town
    except ImportError:
        from zhuqiao.demo import load

        load()
        return
    seed_town()


def run(report: Report) -> None:
    ensure_town()
    remove_previous_bench_import()
    with tempfile.TemporaryDirectory(prefix="zq-bench-rosters-") as folder:
        path = Path(folder) / "town-roster.xlsx"
        started = time.monotonic()
        sizes = generate_workbook(path)
        print(
            f"   workbook: {sizes} in {time.monotonic() - started:.1f} s, {path.stat().st_size / 1024 / 1024:.1f} MB",
            flush=True,
        )
        env = dict(os.environ)
        env.setdefault("ZHUQIAO_TESTING", "1")
        # The recompute that follows an import is queued (no worker here), not run inside the timing.
        env["CELERY_TASK_ALWAYS_EAGER"] = "0"
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_rosters", str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        out = process.stdout.read().decode() if process.stdout else ""
        err = process.stderr.read().decode() if process.stderr else ""
        process.returncode = os.waitstatus_to_exitcode(status)
    print("   " + out.strip().replace("\n", "\n   "), flush=True)
    if process.returncode != 0:
        print(err[-3000:], flush=True)
        raise RuntimeError(f"import_rosters exited with {process.returncode}")
    report.add("rosters", f"import {sizes['persons']:,} persons workbook", round(elapsed, 1), "s", 60)
    report.add("rosters", "import peak memory (RSS)", round(usage.ru_maxrss / 1024, 1), "MB", 400)
    # CPU seconds of the import and its worker processes: on a shared machine the wall time above
    # includes waiting for the CPU; this says what the import itself costs (the database's own
    # time is not in it).
    report.add("rosters", "import CPU time (incl. workers)", round(usage.ru_utime + usage.ru_stime, 1), "s")
