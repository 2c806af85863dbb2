"""The import's bulk insert (``rosters.importing.copying``) and its reading of the workers'
spools (``rosters.importing.engine``): ids come back in the order of the rows, every column a
row does not give takes the new record's default, and a spool is read chunk by chunk as the
worker writes it.

On PostgreSQL (``make test``) 1,200 rows go through COPY; on SQLite (``make test-lite``) the
same assertions hold for ``bulk_create``."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import pickle
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Case, ServiceType
from jobseekers.models import Household, Person
from rosters.importing import engine
from rosters.importing.copying import COPY_FROM_ROWS, copy_text, insert_rows
from rosters.reading import UnreadableFile
from tests.factories.ids import id_number
from tests.factories.rosters import headers, write_workbook


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, COPY_FROM_ROWS + 200], ids=["few", "many"])
def test_ids_come_back_in_the_order_of_the_rows(area_a, count):
    before = timezone.now()
    ids = insert_rows(Household, [{"household_no": f"CP{i:05d}", "area_id": area_a.pk} for i in range(count)])
    assert len(set(ids)) == count
    stored = dict(Household.objects.filter(household_no__startswith="CP").values_list("pk", "household_no"))
    assert [stored[pk] for pk in ids] == [f"CP{i:05d}" for i in range(count)]
    made = Household.objects.get(pk=ids[-1])
    assert made.address == "" and made.area == area_a
    assert made.created_at >= before - datetime.timedelta(seconds=1)
    assert abs(made.updated_at - made.created_at) < datetime.timedelta(seconds=1)
    # the table's own sequence goes on after the ids the insert drew
    later = Household.objects.create(household_no="CP-LATER", area=area_a)
    assert later.pk > max(ids)


@pytest.mark.django_db
def test_columns_not_given_take_the_defaults_and_texts_keep_tabs_and_newlines(area_a):
    service = ServiceType.objects.create(name="复制测试", category="就业")
    number = id_number()
    person_id = insert_rows(
        Person, [{"name": "欧阳·娜", "area_id": area_a.pk, "household_id": None, **Person.id_number_columns(number)}]
    )[0]
    outcome = "第一行\t制表\n第二行 \\ 反斜杠\r"
    rows = [
        {
            "ref": f"CPC-{i:05d}",
            "category": "就业",
            "service_id": service.pk,
            "person_id": person_id,
            "area_id": area_a.pk,
            "opened_on": datetime.date(2026, 3, 1),
            "outcome": outcome,
        }
        for i in range(COPY_FROM_ROWS)
    ]
    ids = insert_rows(Case, rows)
    case = Case.objects.get(pk=ids[7])
    assert case.ref == "CPC-00007" and case.outcome == outcome
    assert (case.status, case.closed_on, case.department, case.rating_code, case.referral_note) == (
        Case.Status.NEW,
        None,
        None,
        None,
        "",
    )
    person = Person.objects.get(pk=person_id)
    assert person.id_number == number and person.phone_hash == "" and person.birth_date == datetime.date(1990, 5, 17)


def test_copy_text_writes_postgresql_s_text_format():
    assert copy_text(None) == "\\N"
    assert (copy_text(True), copy_text(False), copy_text(12), copy_text(1.5)) == ("t", "f", "12", "1.5")
    assert copy_text(datetime.date(2026, 12, 5)) == "2026-12-05"
    assert copy_text("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert copy_text({"字段": "值"}) == '{"字段": "值"}'
    assert copy_text(Case.Status.NEW) == str(Case.Status.NEW)


def _write_frame(path: Path, record: object, *, cut: int | None = None) -> bytes:
    data = pickle.dumps(record)
    framed = len(data).to_bytes(8, "little") + data
    with open(path, "ab") as out:
        out.write(framed[:cut])
    return framed[cut:] if cut is not None else b""


def test_a_spool_is_read_chunk_by_chunk_while_the_worker_writes_it(tmp_path):
    spool = tmp_path / "cases.pickle"
    worker: Future[str] = Future()
    records = engine._records(str(spool), worker)
    _write_frame(spool, ("layout", []))
    assert next(records) == ("layout", [])  # the worker is not done: the first chunk is read all the same
    rest = _write_frame(spool, (["row"] * 1000, ["an error"]), cut=11)  # half a frame so far

    def finish() -> None:
        with open(spool, "ab") as out:
            out.write(rest)
        worker.set_result(str(spool))

    threading.Timer(0.1, finish).start()
    assert next(records) == (["row"] * 1000, ["an error"])
    assert list(records) == []


def _clean_and_tell_niceness(path: str, spool: str, niceness: int) -> tuple[int, int]:
    before = os.nice(0)
    engine.clean_sheet(path, "roster.xlsx", "家庭", spool, niceness)
    return before, os.nice(0)


# The suite's process has threads of its own by now (a timer above, database and cache clients);
# the child only cleans a sheet, as the import's workers do.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_worker_cleaning_a_sheet_for_later_runs_at_a_lower_priority(tmp_path):
    """Sheets the main process reaches later are cleaned at a lower priority; the first ones at
    the worker's own. Each in a forked process of its own (niceness only ever goes up)."""
    path = str(write_workbook(tmp_path / "roster.xlsx", {"households": (headers("households"), [["H-1", "A01"]])}))
    context = multiprocessing.get_context("fork")
    for niceness in (0, engine.AHEAD_NICENESS):
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            spool = str(tmp_path / f"households-{niceness}.pickle")
            before, after = pool.submit(_clean_and_tell_niceness, path, spool, niceness).result()
        assert after == max(before, niceness)
        assert next(engine._records(spool, _done(spool)))[0] is not None  # the header was read


def _done(result: str) -> Future[str]:
    future: Future[str] = Future()
    future.set_result(result)
    return future


def test_a_worker_s_failure_is_raised_where_its_spool_is_read(tmp_path):
    worker: Future[str] = Future()
    worker.set_exception(UnreadableFile("工作表“服务个案”无法读取，文件可能已损坏。"))
    with pytest.raises(UnreadableFile, match="服务个案"):
        list(engine._records(str(tmp_path / "never-written.pickle"), worker))


@pytest.mark.django_db
def test_1200_rows_take_a_copy_on_postgresql_and_batched_inserts_elsewhere(area_a, django_assert_max_num_queries):
    """On PostgreSQL 1,200 rows take two statements (the ids, then COPY); on SQLite (``make
    run``) bulk_create's batched INSERTs. Either way every row is stored once."""
    with django_assert_max_num_queries(12) as captured:
        insert_rows(Household, [{"household_no": f"CQ{i:05d}", "area_id": area_a.pk} for i in range(1200)])
    statements = [query["sql"] for query in captured.captured_queries]
    if connection.vendor == "postgresql":
        assert len(statements) == 2
        assert "nextval" in statements[0]
        assert statements[1].startswith('COPY "jobseekers_household"')
    else:
        assert statements and all(sql.startswith('INSERT INTO "jobseekers_household"') for sql in statements)
    assert Household.objects.filter(household_no__startswith="CQ").count() == 1200
