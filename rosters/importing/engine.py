"""The roster import: validate every row of every sheet first, then write all of it or nothing.

Pass one reads each sheet (in dependency order: areas, households, persons, …) and decides for
every row whether it creates, updates or leaves a record unchanged, or is an error; existing
records are looked up with one ``IN`` query per few thousand keys, never one query per row.
Pass two runs only when there is no error at all, inside one transaction, with ``bulk_create``
and ``bulk_update``.

Because bulk operations bypass ``save()``, the per-row audit entries of ``AuditedModel`` are not
written for imported records; the import writes one ``IMPORT`` audit entry with the counts per
sheet instead (see ``rosters.services.roster_import``).
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, ServiceType
from entrepreneurs.models import Policy, PolicyBenefit, Venture
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from rosters.importing.cells import ABSENT, RowReader, read_layout
from rosters.importing.cleaning import CLEANERS, data_rows
from rosters.importing.copying import insert_many
from rosters.importing.result import ImportResult, RowError, SheetResult
from rosters.reading import RosterFile, SheetSource, open_roster
from rosters.schema import POLICY_LEVEL_LABELS, SHEET_ORDER, SHEETS_BY_KEY
from zhuqiao.models import Area, Department
from zhuqiao.personal_data import phone_columns, phone_hash

UNWILLING_REASON = "名册导入：无就业意愿"
RECONFIRM_AFTER_DAYS = 90
CHUNK = 5000
BATCH = 2000

Progress = Callable[[float], None]
Cleaned = tuple[RowReader, tuple[Any, ...]]

# Files with at least this many rows are cleaned sheet by sheet in worker processes, in parallel
# with the main process; smaller files (and daemon processes, which may not fork) do it in-process.
PARALLEL_MIN_ROWS = 20_000
WORKERS = 2


def use_workers(rows: int) -> bool:
    return (
        rows >= PARALLEL_MIN_ROWS
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def clean_sheet(path: str, original_name: str, sheet_name: str) -> tuple[list[Cleaned], list[RowError]]:
    """Worker process: read and clean one sheet (no database access), return its rows and errors."""
    errors: list[RowError] = []
    rows: list[Cleaned] = []
    with open_roster(path, original_name=original_name) as roster:
        source = next(source for source in roster.sources if source.name == sheet_name)
        assert source.sheet is not None
        header = next(source.rows, None)
        layout = read_layout(source.sheet, source.name, header[1], errors) if header else None
        if layout is not None:
            cleaner = CLEANERS[source.sheet.key]
            for row in data_rows(layout, source.rows, errors):
                values = cleaner(row, ())
                rows.append((row.release(), values))
    return rows, errors


class _KnownIds:
    """ID numbers this import already validated (persons of the file, persons found stored)."""

    def __init__(self, *maps: dict[str, Any]) -> None:
        self.maps = maps

    def __contains__(self, value: object) -> bool:
        return any(value in mapping for mapping in self.maps)


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_by(
    model: type[models.Model], field: str, keys: Iterable[Any], *columns: str
) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """``(key, (columns...))`` of the stored rows whose ``field`` is one of ``keys``, one query a chunk of keys."""
    for batch in chunks(keys):
        for key, *values in model._default_manager.filter(**{f"{field}__in": batch}).values_list(field, *columns):
            yield key, tuple(values)


def target_model() -> type[models.Model] | None:
    """metrics.Target, when the metrics app has it."""
    try:
        from metrics.models import Target
    except ImportError:
        return None
    return Target


def metric_codes() -> set[str] | None:
    try:
        from metrics.definitions import METRICS
        from metrics.targets import target_codes
    except ImportError:
        return None
    return set(METRICS) | target_codes()


class RosterImport:
    """One import of one file by one user (``None`` for the command line: the whole town)."""

    def __init__(self, *, user: Any = None, today: datetime.date | None = None, progress: Progress | None = None):
        self.user = user
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda fraction: None)
        self.scope_area_id: int | None = None
        if user is not None and not user.sees_whole_town:
            self.scope_area_id = user.area_id if user.role == "committee" else -1
        self.errors: list[RowError] = []
        self.results: dict[str, SheetResult] = {}
        self.plans: dict[str, dict[str, list[Any]]] = {}
        self.rows_total = 1
        self.rows_done = 0
        self.dry_run = True
        # Areas: all of them (74 rows).
        self.areas: dict[str, tuple[int, str, str]] = {
            code: (pk, name, kind) for code, pk, name, kind in Area.objects.values_list("code", "pk", "name", "kind")
        }
        self.area_code_of: dict[int, str] = {pk: code for code, (pk, _n, _k) in self.areas.items()}
        self.new_areas: set[str] = set()
        # Households: number -> area code for rows of the file (and auto-created ones);
        # number -> (pk, area id) for stored ones that the file names.
        self.household_file: dict[str, Any] = {}
        self.household_db: dict[str, tuple[int, int]] = {}
        self.household_auto: dict[str, Any] = {}
        # Persons: normalised ID number -> area code (file) / (pk, area id) (stored).
        self.person_file: dict[str, Any] = {}
        self.person_db: dict[str, tuple[int, int]] = {}
        self.venture_file: dict[str, Any] = {}
        self.venture_db: dict[str, tuple[int, int]] = {}
        self.policies: dict[str, tuple[Any, str]] = {
            name: (pk, level) for name, pk, level in Policy.objects.values_list("name", "pk", "level")
        }
        self.services: dict[str, Any] = dict(ServiceType.objects.values_list("name", "pk"))
        self.new_services: dict[str, str] = {}
        self.departments: dict[str, int] = {}
        for pk, code, name in Department.objects.values_list("pk", "code", "name"):
            self.departments[code] = pk
            self.departments[name] = pk

    # --- entry point ---------------------------------------------------------------------------

    def validate(self, roster: RosterFile, *, path: Path | str | None = None, original_name: str = "") -> ImportResult:
        """Pass one. With ``path`` and a large file, sheets are cleaned in worker processes."""
        sources: dict[str, SheetSource] = {}
        for source in roster.sources:
            if source.sheet is None:
                self.errors.append(
                    RowError(
                        source.name,
                        1,
                        "-",
                        _("无法识别的工作表名称。可用名称：%(names)s。")
                        % {"names": "、".join(SHEETS_BY_KEY[key].label for key in SHEET_ORDER)},
                    )
                )
                continue
            if source.sheet.key in sources:
                self.errors.append(RowError(source.name, 1, "-", _("与另一工作表是同一张表，重复。")))
                continue
            sources[source.sheet.key] = source
        self.rows_total = max(1, sum(source.estimated_rows for source in sources.values()))
        pool = None
        prepared: dict[str, Future[tuple[list[Any], list[RowError]]]] = {}
        if path is not None and use_workers(self.rows_total):
            pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("fork"))
            # Biggest sheets first, so that the last one to finish is a small one.
            for key in sorted(sources, key=lambda k: -sources[k].estimated_rows):
                prepared[key] = pool.submit(clean_sheet, str(path), original_name, sources[key].name)
        try:
            for key in SHEET_ORDER:
                if key in sources:
                    source = sources[key]
                    self.results[key] = SheetResult(key=key, name=source.name)
                    rows = self._from_worker(key, prepared[key]) if key in prepared else self._rows(key, source)
                    getattr(self, f"_check_{key}")(rows)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if self.household_auto and "households" not in self.results:
            self.results["households"] = SheetResult(key="households", name=SHEETS_BY_KEY["households"].label)
        if self.household_auto:
            self.results["households"].created += len(self.household_auto)
        for result in self.results.values():
            result.errors = sum(1 for error in self.errors if error.sheet == result.name)
        self._sort_errors(roster)
        ordered = [self.results[key] for key in SHEET_ORDER if key in self.results]
        return ImportResult(sheets=ordered, errors=self.errors)

    def _sort_errors(self, roster: RosterFile) -> None:
        """Errors in the order of the file: sheet, row, then column."""
        sheet_index = {source.name: index for index, source in enumerate(roster.sources)}
        column_index: dict[tuple[str, str], int] = {}
        for source in roster.sources:
            if source.sheet is not None:
                for index, column in enumerate(source.sheet.columns):
                    column_index[(source.name, column.label)] = index
                    column_index[(source.name, column.key)] = index
        self.errors.sort(key=lambda e: (sheet_index.get(e.sheet, 0), e.row, column_index.get((e.sheet, e.column), -1)))

    def _known_ids(self) -> _KnownIds:
        return _KnownIds(self.person_file, self.person_db)

    def _rows(self, key: str, source: SheetSource) -> Iterator[tuple[RowReader, tuple[Any, ...]]]:
        """Rows of a sheet cleaned here, in this process."""
        assert source.sheet is not None
        result = self.results[key]
        cleaner = CLEANERS[key]
        known = self._known_ids()
        header = next(source.rows, None)
        if header is None:
            return
        layout = read_layout(source.sheet, source.name, header[1], self.errors)
        if layout is None:
            return
        for row in data_rows(layout, source.rows, self.errors):
            result.rows += 1
            if result.rows % 5000 == 0:
                self.rows_done += 5000
                self.progress(min(1.0, self.rows_done / self.rows_total) * (1.0 if self.dry_run else 0.5))
            yield row, cleaner(row, known)

    def _from_worker(
        self, key: str, future: Future[tuple[list[Any], list[RowError]]]
    ) -> Iterator[tuple[RowReader, tuple[Any, ...]]]:
        """Rows of a sheet cleaned by a worker process: its errors first, then its rows."""
        rows, errors = future.result()
        self.errors.extend(errors)
        self.results[key].rows = len(rows)
        self.rows_done += len(rows)
        self.progress(min(1.0, self.rows_done / self.rows_total) * (1.0 if self.dry_run else 0.5))
        for row, values in rows:
            row.errors = self.errors
            yield row, values

    def _count(self, key: str, action: str) -> None:
        result = self.results[key]
        setattr(result, action, getattr(result, action) + 1)

    def _plan(self, key: str) -> dict[str, list[Any]]:
        return self.plans.setdefault(key, {"create": [], "update": []})

    # --- shared checks ---------------------------------------------------------------------------

    def _duplicate(self, row: RowReader, seen: dict[Any, int], key: Any, column: str) -> bool:
        first = seen.get(key)
        if first is not None:
            row.error(column, _("与第%(row)d行重复（唯一键相同）。") % {"row": first})
            return True
        seen[key] = row.number
        return False

    def _area_code(self, row: RowReader, column: str, code: Any) -> str | None:
        """A committee code that exists (stored, or new in this file's 居村委 sheet) and is in scope."""
        if not code:
            return None
        if code not in self.areas and code not in self.new_areas:
            row.error(column, _("居村委编码 %(code)s 不存在。") % {"code": code})
            return None
        if not self._area_in_scope(code):
            row.error(column, _("不属于本居村委的数据，无权导入。"))
            return None
        return code

    def _area_in_scope(self, code: str | None) -> bool:
        if self.scope_area_id is None:
            return True
        return code is not None and code in self.areas and self.areas[code][0] == self.scope_area_id

    def _stored_in_scope(self, area_id: int) -> bool:
        return self.scope_area_id is None or area_id == self.scope_area_id

    def _lookup_persons(self, numbers: Iterable[str]) -> None:
        """Fill person_db for ID numbers not known yet (one query per few thousand numbers)."""
        wanted = {Person.hash_id_number(n): n for n in numbers if n not in self.person_file and n not in self.person_db}
        for digest, (pk, area_id) in stored_by(Person, "id_number_hash", wanted, "pk", "area_id"):
            self.person_db[wanted[digest]] = (pk, area_id)

    def _person_area(self, row: RowReader, column: str, number: str) -> str | None:
        """The committee code of a person named by ID number, or None (with an error)."""
        return self._referenced_area(
            row,
            column,
            number,
            in_file=self.person_file,
            in_db=self.person_db,
            unknown=_("该身份证号的人员未登记，也不在本文件的“人员”表中。"),
            outside=_("该人员不属于本居村委，无权导入。"),
        )

    def _referenced_area(
        self,
        row: RowReader,
        column: str,
        key: str,
        *,
        in_file: Mapping[str, Any],
        in_db: dict[str, tuple[int, int]],
        unknown: str,
        outside: str,
    ) -> str | None:
        """The committee code of a row this row refers to (in this file or stored), or None (with an error)."""
        if key in in_file:
            code: str | None = in_file[key]
        elif key in in_db:
            code = self.area_code_of.get(in_db[key][1])
        else:
            row.error(column, unknown)
            return None
        if not self._area_in_scope(code):
            row.error(column, outside)
            return None
        return code

    def _lookup_households(self, numbers: Iterable[str]) -> None:
        wanted = [n for n in set(numbers) if n not in self.household_db]
        self.household_db.update(stored_by(Household, "household_no", wanted, "pk", "area_id"))

    def _lookup_ventures(self, codes: Iterable[str]) -> None:
        wanted = [c for c in set(codes) if c not in self.venture_file and c not in self.venture_db]
        self.venture_db.update(stored_by(Venture, "credit_code", wanted, "pk", "area_id"))

    def _venture_area(self, row: RowReader, column: str, code: str) -> str | None:
        """The committee code of a venture named by credit code, or None (with an error)."""
        return self._referenced_area(
            row,
            column,
            code,
            in_file=self.venture_file,
            in_db=self.venture_db,
            unknown=_("该统一社会信用代码的创业组织未登记，也不在本文件的“创业组织”表中。"),
            outside=_("该创业组织不属于本居村委，无权导入。"),
        )

    # --- pass one: one check per sheet -------------------------------------------------------------

    def _check_areas(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        plan = self._plan("areas")
        for row, (code, name, kind) in rows:
            if self.scope_area_id is not None:
                row.error("code", _("居村委工作人员不能导入居村委表。"))
                continue
            if row.failed or self._duplicate(row, seen, code, "code"):
                continue
            stored = self.areas.get(code)
            if stored is None:
                plan["create"].append((code, name, kind))
                self.new_areas.add(code)
                self._count("areas", "created")
            elif (stored[1], stored[2]) != (name, kind):
                plan["update"].append((stored[0], name, kind))
                self._count("areas", "updated")
            else:
                self._count("areas", "unchanged")

    def _check_households(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        cleaned = []
        for row, (number, area_text) in rows:
            area = self._area_code(row, "area_code", area_text)
            if row.failed or self._duplicate(row, seen, number, "household_no"):
                continue
            cleaned.append((row.release(), number, area))
        self._lookup_households(number for _row, number, _area in cleaned)
        plan = self._plan("households")
        for row, number, area in cleaned:
            stored = self.household_db.get(number)
            if stored is not None and not self._stored_in_scope(stored[1]):
                row.error("household_no", _("该户号已登记在其他居村委，无权修改。"))
                continue
            self.household_file[number] = area
            if stored is None:
                plan["create"].append((number, area))
                self._count("households", "created")
            elif self.area_code_of.get(stored[1]) != area:
                plan["update"].append((stored[0], area))
                self._count("households", "updated")
            else:
                self._count("households", "unchanged")

    def _check_persons(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        cleaned = []
        for row, (number, name, phone, area_text, household) in rows:
            area = self._area_code(row, "area_code", area_text)
            if row.failed or self._duplicate(row, seen, number, "id_number"):
                continue
            cleaned.append((row.release(), number, name, phone, area, household))
        del seen
        stored_persons: dict[str, tuple[Any, ...]] = {}
        by_hash = {Person.hash_id_number(item[1]): item[1] for item in cleaned}
        for digest, values in stored_by(
            Person, "id_number_hash", by_hash, "pk", "name", "phone_hash", "area_id", "household_id"
        ):
            stored_persons[by_hash[digest]] = values
        del by_hash
        self._lookup_households(
            item[5] for item in cleaned if item[5] and item[5] is not ABSENT and item[5] not in self.household_file
        )
        plan = self._plan("persons")
        for row, number, name, phone, area, household in cleaned:
            stored = stored_persons.get(number)
            if stored is not None and not self._stored_in_scope(stored[3]):
                row.error("id_number", _("该人员已登记在其他居村委，无权修改。"))
                continue
            if household and household is not ABSENT:
                if household not in self.household_file and household not in self.household_db:
                    self.household_auto.setdefault(household, area)
                elif household in self.household_db and not self._stored_in_scope(self.household_db[household][1]):
                    row.error("household_no", _("该户号已登记在其他居村委，无权使用。"))
                    continue
            self.person_file[number] = area
            if stored is None:
                plan["create"].append(
                    (number, name, "" if phone is ABSENT else phone, area, None if household is ABSENT else household)
                )
                self._count("persons", "created")
                continue
            pk, old_name, old_phone_hash, old_area_id, old_household_id = stored
            self.person_db[number] = (pk, old_area_id)
            if household is ABSENT:
                household_same = True
            elif not household:
                household_same = old_household_id is None
            else:
                known = self.household_db.get(household)
                household_same = known is not None and known[0] == old_household_id
            same = (
                old_name == name
                and (phone is ABSENT or old_phone_hash == phone_hash(phone))
                and self.area_code_of.get(old_area_id) == area
                and household_same
            )
            if same:
                self._count("persons", "unchanged")
            else:
                plan["update"].append((pk, number, name, phone, area, household))
                self._count("persons", "updated")

    def _check_zero_employment(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        cleaned = []
        for row, (number, certified_on, willing) in rows:
            if row.failed or self._duplicate(row, seen, (number, certified_on), "certified_on"):
                continue
            cleaned.append((row.release(), number, certified_on, willing))
        self._lookup_households(
            n for _r, n, _c, _w in cleaned if n not in self.household_file and n not in self.household_auto
        )
        stored_ids = {self.household_db[n][0] for _r, n, _c, _w in cleaned if n in self.household_db}
        stored: dict[tuple[int, datetime.date], tuple[int, bool]] = {}
        for batch in chunks(stored_ids):
            for pk, household_id, day, willing in ZeroEmploymentCertification.objects.filter(
                household_id__in=batch
            ).values_list("pk", "household_id", "certified_on", "willing"):
                stored[(household_id, day)] = (pk, willing)
        plan = self._plan("zero_employment")
        for row, number, certified_on, willing in cleaned:
            if number in self.household_file:
                area: str | None = self.household_file[number]
            elif number in self.household_auto:
                area = self.household_auto[number]
            elif number in self.household_db:
                area = self.area_code_of.get(self.household_db[number][1])
            else:
                row.error("household_no", _("户号 %(no)s 未登记，也不在本文件的“家庭”表中。") % {"no": number})
                continue
            if not self._area_in_scope(area):
                row.error("household_no", _("该家庭不属于本居村委，无权导入。"))
                continue
            household = self.household_db.get(number)
            existing = stored.get((household[0], certified_on)) if household else None
            if existing is None:
                plan["create"].append((number, certified_on, willing))
                self._count("zero_employment", "created")
            elif existing[1] != willing:
                plan["update"].append((existing[0], willing))
                self._count("zero_employment", "updated")
            else:
                self._count("zero_employment", "unchanged")

    def _person_rows(self, rows: Iterator[Cleaned]) -> list:
        """Rows of a sheet about persons, with their person resolved and in scope."""
        cleaned = [(row.release(), *values) for row, values in rows]
        self._lookup_persons(item[1] for item in cleaned if item[1])
        # The person is resolved even on a row with other errors, so that every error is listed.
        return [
            item
            for item in cleaned
            if item[1] and self._person_area(item[0], "id_number", item[1]) is not None and not item[0].failed
        ]

    def _stored_person_ids(self, cleaned: list) -> set[int]:
        return {self.person_db[item[1]][0] for item in cleaned if item[1] in self.person_db}

    def _check_memberships(self, rows: Iterator[Cleaned]) -> None:
        cleaned = self._person_rows(rows)
        stored: dict[tuple[int, str, datetime.date], tuple[Any, ...]] = {}
        for batch in chunks(self._stored_person_ids(cleaned)):
            for pk, person_id, group, start, end, willing in TargetGroupMembership.objects.filter(
                person_id__in=batch
            ).values_list("pk", "person_id", "group", "start_date", "end_date", "willing"):
                stored[(person_id, group, start)] = (pk, end, willing)
        seen: dict[Any, int] = {}
        plan = self._plan("memberships")
        for row, number, group, start, end, willing in cleaned:
            if self._duplicate(row, seen, (number, group, start), "start_date"):
                continue
            person = self.person_db.get(number)
            existing = stored.get((person[0], group, start)) if person else None
            if existing is None:
                plan["create"].append((number, group, start, None if end is ABSENT else end, willing))
                self._count("memberships", "created")
            elif (end is ABSENT or existing[1] == end) and existing[2] == willing:
                self._count("memberships", "unchanged")
            else:
                plan["update"].append((existing[0], end, willing, existing[2]))
                self._count("memberships", "updated")

    def _check_employments(self, rows: Iterator[Cleaned]) -> None:
        cleaned = self._person_rows(rows)
        stored: dict[tuple[int, datetime.date], tuple[Any, ...]] = {}
        for batch in chunks(self._stored_person_ids(cleaned)):
            for pk, person_id, start, end, kind, employer in Employment.objects.filter(person_id__in=batch).values_list(
                "pk", "person_id", "start_date", "end_date", "kind", "employer"
            ):
                stored[(person_id, start)] = (pk, end, kind, employer)
        seen: dict[Any, int] = {}
        plan = self._plan("employments")
        for row, number, start, end, kind, employer in cleaned:
            if self._duplicate(row, seen, (number, start), "start_date"):
                continue
            person = self.person_db.get(number)
            existing = stored.get((person[0], start)) if person else None
            if existing is None:
                plan["create"].append(
                    (number, start, None if end is ABSENT else end, kind, "" if employer is ABSENT else employer)
                )
                self._count("employments", "created")
            elif (
                (end is ABSENT or existing[1] == end)
                and existing[2] == kind
                and (employer is ABSENT or existing[3] == employer)
            ):
                self._count("employments", "unchanged")
            else:
                plan["update"].append((existing[0], end, kind, employer))
                self._count("employments", "updated")

    def _check_ventures(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        cleaned = []
        for row, (code, name, kind, registered_on, area_text, industry, founder) in rows:
            area = self._area_code(row, "area_code", area_text)
            if row.failed or self._duplicate(row, seen, code, "credit_code"):
                continue
            cleaned.append((row.release(), code, name, kind, registered_on, area, industry, founder))
        self._lookup_persons(item[7] for item in cleaned)
        stored: dict[str, tuple[Any, ...]] = dict(
            stored_by(
                Venture,
                "credit_code",
                [item[1] for item in cleaned],
                "pk",
                "name",
                "kind",
                "registered_on",
                "area_id",
                "industry",
                "founder_id",
            )
        )
        plan = self._plan("ventures")
        for row, code, name, kind, registered_on, area, industry, founder in cleaned:
            if founder not in self.person_file and founder not in self.person_db:
                row.error("founder_id_number", _("法定代表人未登记，也不在本文件的“人员”表中。"))
                continue
            existing = stored.get(code)
            if existing is not None and not self._stored_in_scope(existing[4]):
                row.error("credit_code", _("该创业组织已登记在其他居村委，无权修改。"))
                continue
            self.venture_file[code] = area
            venture_values = (code, name, kind, registered_on, area, industry, founder)
            if existing is None:
                plan["create"].append(venture_values)
                self._count("ventures", "created")
                continue
            self.venture_db[code] = (existing[0], existing[4])
            founder_pk = self.person_db.get(founder, (None,))[0]
            if (
                existing[1],
                existing[2],
                existing[3],
                self.area_code_of.get(existing[4]),
                existing[5],
                existing[6],
            ) == (
                name,
                kind,
                registered_on,
                area,
                industry,
                founder_pk,
            ):
                self._count("ventures", "unchanged")
            else:
                plan["update"].append((existing[0], *venture_values))
                self._count("ventures", "updated")

    def _check_policy_benefits(self, rows: Iterator[Cleaned]) -> None:
        cleaned = []
        for row, (code, policy, level, granted_on, amount) in rows:
            if row.failed:
                continue
            cleaned.append((row.release(), code, policy, level, granted_on, amount))
        self._lookup_ventures(item[1] for item in cleaned)
        venture_ids = {self.venture_db[item[1]][0] for item in cleaned if item[1] in self.venture_db}
        stored: dict[tuple[int, int, datetime.date], tuple[int, Decimal | None]] = {}
        for batch in chunks(venture_ids):
            for pk, venture_id, policy_id, day, amount in PolicyBenefit.objects.filter(
                venture_id__in=batch
            ).values_list("pk", "venture_id", "policy_id", "granted_on", "amount"):
                stored[(venture_id, policy_id, day)] = (pk, amount)
        seen: dict[Any, int] = {}
        plan = self._plan("policy_benefits")
        new_policies = self._plan("policies")["create"]
        for row, code, policy, level, granted_on, amount in cleaned:
            if self._venture_area(row, "credit_code", code) is None:
                continue
            catalogue = self.policies.get(policy)
            if catalogue is not None and catalogue[1] != level:
                labels = {value: label for label, value in POLICY_LEVEL_LABELS.items()}
                row.error(
                    "level",
                    _("政策目录中“%(policy)s”的级别为%(level)s，与本行不一致。")
                    % {"policy": policy, "level": labels[catalogue[1]]},
                )
                continue
            if self._duplicate(row, seen, (code, policy, granted_on), "granted_on"):
                continue
            if catalogue is None:
                self.policies[policy] = (None, level)
                new_policies.append((policy, level))
            venture = self.venture_db.get(code)
            policy_pk = self.policies[policy][0]
            existing = stored.get((venture[0], policy_pk, granted_on)) if venture and policy_pk else None
            if existing is None:
                plan["create"].append((code, policy, granted_on, amount))
                self._count("policy_benefits", "created")
            elif amount is ABSENT or existing[1] == amount:
                self._count("policy_benefits", "unchanged")
            else:
                plan["update"].append((existing[0], amount))
                self._count("policy_benefits", "updated")

    def _check_cases(self, rows: Iterator[Cleaned]) -> None:
        seen: dict[Any, int] = {}
        cleaned = []
        for row, values in rows:
            ref, category, service, number, code, opened_on, closed_on, department, status, outcome = values
            department_pk: Any = department if department is ABSENT else None
            if department and department is not ABSENT:
                department_pk = self.departments.get(department)
                if department_pk is None:
                    row.error("department", _("部门“%(name)s”不存在。") % {"name": department})
            if row.failed or self._duplicate(row, seen, ref, "ref"):
                continue
            subject = number if number and number is not ABSENT else None
            venture = code if code and code is not ABSENT else None
            cleaned.append(
                (
                    row.release(),
                    ref,
                    category,
                    service,
                    subject,
                    venture,
                    opened_on,
                    closed_on,
                    department_pk,
                    status,
                    outcome,
                )
            )
        self._lookup_persons(item[4] for item in cleaned if item[4])
        self._lookup_ventures(item[5] for item in cleaned if item[5])
        stored: dict[str, tuple[Any, ...]] = dict(
            stored_by(
                Case,
                "ref",
                [item[1] for item in cleaned],
                "pk",
                "category",
                "service_id",
                "person_id",
                "venture_id",
                "opened_on",
                "closed_on",
                "department_id",
                "status",
                "outcome",
                "area_id",
            )
        )
        plan = self._plan("cases")
        for (
            row,
            ref,
            category,
            service,
            subject,
            venture,
            opened_on,
            closed_on,
            department_pk,
            status,
            outcome,
        ) in cleaned:
            if subject:
                area = self._person_area(row, "id_number", subject)
            else:
                area = self._venture_area(row, "credit_code", venture or "")
            if area is None:
                continue
            existing = stored.get(ref)
            if existing is not None and not self._stored_in_scope(existing[10]):
                row.error("ref", _("该个案属于其他居村委，无权修改。"))
                continue
            if service not in self.services:
                self.services[service] = None
                self.new_services[service] = category
            case_values = (
                ref,
                category,
                service,
                subject,
                venture,
                opened_on,
                closed_on,
                department_pk,
                status,
                outcome,
            )
            if existing is None:
                plan["create"].append((*case_values, area))
                self._count("cases", "created")
                continue
            person_pk = self.person_db.get(subject, (None,))[0] if subject else None
            venture_pk = self.venture_db.get(venture, (None,))[0] if venture else None
            same = (
                existing[1] == category
                and existing[2] == self.services[service]
                and existing[2] is not None
                and existing[3] == person_pk
                and existing[4] == venture_pk
                and (existing[3] is not None or existing[4] is not None)
                and existing[5] == opened_on
                and (closed_on is ABSENT or existing[6] == closed_on)
                and (department_pk is ABSENT or existing[7] == department_pk)
                and (not status or existing[8] == status)
                and (outcome is ABSENT or existing[9] == outcome)
            )
            if same:
                self._count("cases", "unchanged")
            else:
                plan["update"].append((existing[0], *case_values, area))
                self._count("cases", "updated")

    def _check_targets(self, rows: Iterator[Cleaned]) -> None:
        model = target_model()
        codes = metric_codes()
        seen: dict[Any, int] = {}
        cleaned = []
        for row, (year, metric, value, area_code, department) in rows:
            if model is None:
                row.error("metric", _("本系统尚不支持导入年度目标。"))
                continue
            if self.scope_area_id is not None:
                row.error("year", _("居村委工作人员不能导入年度目标。"))
                continue
            if metric and codes is not None and metric not in codes:
                row.error("metric", _("指标代码 %(code)s 不存在（见指标口径说明）。") % {"code": metric})
            area_code = self._area_code(row, "area_code", area_code) or ""
            department_pk = self.departments.get(department) if department else None
            if department and department_pk is None:
                row.error("department", _("部门“%(name)s”不存在。") % {"name": department})
            if row.failed or self._duplicate(row, seen, (year, metric, area_code, department_pk), "metric"):
                continue
            cleaned.append((row.release(), year, metric, value, area_code, department_pk))
        if model is None:
            return
        stored = {
            (year, code, self.area_code_of.get(area_id, "") if area_id else "", department_id): (pk, value)
            for pk, year, code, area_id, department_id, value in model._default_manager.filter(
                year__in={item[1] for item in cleaned}
            ).values_list("pk", "year", "code", "area_id", "department_id", "value")
        }
        plan = self._plan("targets")
        for _row, year, metric, value, area_code, department_pk in cleaned:
            existing = stored.get((year, metric, area_code, department_pk))
            if existing is None:
                plan["create"].append((year, metric, value, area_code, department_pk))
                self._count("targets", "created")
            elif existing[1] == value:
                self._count("targets", "unchanged")
            else:
                plan["update"].append((existing[0], value))
                self._count("targets", "updated")

    # --- pass two: write everything (the caller holds the transaction) ------------------------------

    def write(self) -> None:
        now = timezone.now()
        total = sum(len(plan["create"]) + len(plan["update"]) for plan in self.plans.values()) + 1
        self._written = 0

        def advance(count: int) -> None:
            self._written += count
            self.progress(0.5 + 0.5 * min(1.0, self._written / total))

        self._write_areas()
        self._write_households(now, advance)
        self._write_persons(now, advance)
        self._write_zero_employment(now, advance)
        self._write_memberships(now, advance)
        self._write_employments(now, advance)
        self._write_ventures(now, advance)
        self._write_policy_benefits(now, advance)
        self._write_cases(now, advance)
        self._write_targets(now, advance)

    def _area_pk(self, code: str) -> int:
        return self.areas[code][0]

    def _write_areas(self) -> None:
        plan = self.plans.get("areas")
        if not plan:
            return
        Area.objects.bulk_create([Area(code=c, name=n, kind=k) for c, n, k in plan["create"]])
        Area.objects.bulk_update([Area(pk=pk, name=n, kind=k) for pk, n, k in plan["update"]], ["name", "kind"])
        self.areas = {
            code: (pk, name, kind) for code, pk, name, kind in Area.objects.values_list("code", "pk", "name", "kind")
        }

    def _write_households(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("households", {"create": [], "update": []})
        creating = [*plan["create"], *self.household_auto.items()]
        for batch in chunks(creating, CHUNK):
            made = [Household(household_no=number, area_id=self._area_pk(area)) for number, area in batch]
            if insert_many(Household, made):
                self._lookup_households(household.household_no for household in made)
            else:
                for household in made:
                    self.household_db[household.household_no] = (household.pk, household.area_id)
            advance(len(batch))
        for batch in chunks(plan["update"], BATCH):
            Household.objects.bulk_update(
                [Household(pk=pk, area_id=self._area_pk(area), updated_at=now) for pk, area in batch],
                ["area", "updated_at"],
            )
            advance(len(batch))

    def _household_pk(self, number: Any) -> Any:
        if not number or number is ABSENT:
            return None
        return self.household_db[number][0]

    def _write_persons(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("persons")
        if not plan:
            return
        for batch in chunks(plan["create"], CHUNK):
            made = []
            for number, name, phone, area, household in batch:
                person = Person(
                    name=name,
                    area_id=self._area_pk(area),
                    household_id=self._household_pk(household),
                    **phone_columns(phone),
                )
                person.set_id_number(number)
                made.append(person)
            if insert_many(Person, made):
                numbers = {person.id_number_hash: number for (number, *_rest), person in zip(batch, made, strict=True)}
                for digest, pk, area_id in Person.objects.filter(id_number_hash__in=list(numbers)).values_list(
                    "id_number_hash", "pk", "area_id"
                ):
                    self.person_db[numbers[digest]] = (pk, area_id)
            else:
                for (number, *_rest), person in zip(batch, made, strict=True):
                    self.person_db[number] = (person.pk, person.area_id)
            advance(len(batch))
        plan["create"].clear()
        for batch in chunks(plan["update"], BATCH):
            # A column left out of the sheet leaves the stored value alone: group rows by the
            # fields they set, one bulk_update per group.
            groups: dict[tuple[str, ...], list[Person]] = {}
            for pk, _number, name, phone, area, household in batch:
                person = Person(pk=pk, name=name, area_id=self._area_pk(area), updated_at=now)
                fields = ["name", "area", "updated_at"]
                if phone is not ABSENT:
                    person.phone = phone  # encrypted, hashed and masked
                    fields.extend(["phone_encrypted", "phone_hash", "phone_masked"])
                if household is not ABSENT:
                    person.household_id = self._household_pk(household)
                    fields.append("household")
                groups.setdefault(tuple(fields), []).append(person)
            for fields_, group in groups.items():
                Person.objects.bulk_update(group, list(fields_))
            advance(len(batch))

    def _person_pk(self, number: str) -> int:
        return self.person_db[number][0]

    def _write_zero_employment(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("zero_employment")
        if not plan:
            return
        ZeroEmploymentCertification.objects.bulk_create(
            [
                ZeroEmploymentCertification(household_id=self._household_pk(n), certified_on=day, willing=willing)
                for n, day, willing in plan["create"]
            ],
            batch_size=BATCH,
        )
        ZeroEmploymentCertification.objects.bulk_update(
            [ZeroEmploymentCertification(pk=pk, willing=w, updated_at=now) for pk, w in plan["update"]],
            ["willing", "updated_at"],
            batch_size=BATCH,
        )
        advance(len(plan["create"]) + len(plan["update"]))

    def _write_memberships(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("memberships")
        if not plan:
            return
        reconfirm_on = self.today + datetime.timedelta(days=RECONFIRM_AFTER_DAYS)
        for batch in chunks(plan["create"], CHUNK):
            insert_many(
                TargetGroupMembership,
                [
                    TargetGroupMembership(
                        person_id=self._person_pk(number),
                        group=group,
                        start_date=start,
                        end_date=end,
                        willing=willing,
                        unwilling_reason="" if willing else UNWILLING_REASON,
                        reconfirm_on=None if willing else reconfirm_on,
                    )
                    for number, group, start, end, willing in batch
                ],
            )
            advance(len(batch))
        for batch in chunks(plan["update"], BATCH):
            plain, with_end, becoming_unwilling = [], [], []
            for pk, end, willing, was_willing in batch:
                membership = TargetGroupMembership(pk=pk, willing=willing, updated_at=now)
                if not willing and was_willing:
                    # Re-import keeps a reason staff already recorded; a newly unwilling row gets ours.
                    membership.unwilling_reason = UNWILLING_REASON
                    membership.reconfirm_on = reconfirm_on
                    membership.end_date = None if end is ABSENT else end
                    becoming_unwilling.append((membership, end is not ABSENT))
                elif end is ABSENT:
                    plain.append(membership)
                else:
                    membership.end_date = end
                    with_end.append(membership)
            TargetGroupMembership.objects.bulk_update(plain, ["willing", "updated_at"])
            TargetGroupMembership.objects.bulk_update(with_end, ["willing", "end_date", "updated_at"])
            for has_end in (True, False):
                group = [m for m, flag in becoming_unwilling if flag is has_end]
                fields = ["willing", "unwilling_reason", "reconfirm_on", "updated_at"]
                TargetGroupMembership.objects.bulk_update(group, [*fields, "end_date"] if has_end else fields)
            advance(len(batch))

    def _write_employments(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("employments")
        if not plan:
            return
        for batch in chunks(plan["create"], CHUNK):
            insert_many(
                Employment,
                [
                    Employment(
                        person_id=self._person_pk(number), start_date=start, end_date=end, kind=kind, employer=employer
                    )
                    for number, start, end, kind, employer in batch
                ],
            )
            advance(len(batch))
        for batch in chunks(plan["update"], BATCH):
            groups: dict[tuple[str, ...], list[Employment]] = {}
            for pk, end, kind, employer in batch:
                employment = Employment(pk=pk, kind=kind, updated_at=now)
                fields = ["kind", "updated_at"]
                if end is not ABSENT:
                    employment.end_date = end
                    fields.append("end_date")
                if employer is not ABSENT:
                    employment.employer = employer
                    fields.append("employer")
                groups.setdefault(tuple(fields), []).append(employment)
            for fields_, group in groups.items():
                Employment.objects.bulk_update(group, list(fields_))
            advance(len(batch))

    def _write_ventures(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("ventures")
        if not plan:
            return
        made = Venture.objects.bulk_create(
            [
                Venture(
                    credit_code=code,
                    name=name,
                    kind=kind,
                    registered_on=registered_on,
                    area_id=self._area_pk(area),
                    industry=industry,
                    founder_id=self._person_pk(founder),
                )
                for code, name, kind, registered_on, area, industry, founder in plan["create"]
            ],
            batch_size=BATCH,
        )
        for venture in made:
            self.venture_db[venture.credit_code] = (venture.pk, venture.area_id)
        Venture.objects.bulk_update(
            [
                Venture(
                    pk=pk,
                    name=name,
                    kind=kind,
                    registered_on=registered_on,
                    area_id=self._area_pk(area),
                    industry=industry,
                    founder_id=self._person_pk(founder),
                    updated_at=now,
                )
                for pk, _code, name, kind, registered_on, area, industry, founder in plan["update"]
            ],
            ["name", "kind", "registered_on", "area", "industry", "founder", "updated_at"],
            batch_size=BATCH,
        )
        advance(len(plan["create"]) + len(plan["update"]))

    def _write_policy_benefits(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        new_policies = self.plans.get("policies", {"create": []})["create"]
        for policy in Policy.objects.bulk_create([Policy(name=name, level=level) for name, level in new_policies]):
            self.policies[policy.name] = (policy.pk, policy.level)
        plan = self.plans.get("policy_benefits")
        if not plan:
            return
        PolicyBenefit.objects.bulk_create(
            [
                PolicyBenefit(
                    venture_id=self.venture_db[code][0],
                    policy_id=self.policies[policy][0],
                    granted_on=granted_on,
                    amount=None if amount is ABSENT else amount,
                )
                for code, policy, granted_on, amount in plan["create"]
            ],
            batch_size=BATCH,
        )
        PolicyBenefit.objects.bulk_update(
            [PolicyBenefit(pk=pk, amount=amount, updated_at=now) for pk, amount in plan["update"]],
            ["amount", "updated_at"],
            batch_size=BATCH,
        )
        advance(len(plan["create"]) + len(plan["update"]))

    def _write_cases(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        for service in ServiceType.objects.bulk_create(
            [ServiceType(name=name, category=category) for name, category in self.new_services.items()]
        ):
            self.services[service.name] = service.pk
        plan = self.plans.get("cases")
        if not plan:
            return

        def build(values: tuple[Any, ...], pk: int | None = None) -> Case:
            ref, category, service, subject, venture, opened_on, closed_on, department_pk, status, outcome, area = (
                values
            )
            case = Case(
                pk=pk,
                ref=ref,
                category=category,
                service_id=self.services[service],
                person_id=self._person_pk(subject) if subject else None,
                venture_id=self.venture_db[venture][0] if venture else None,
                area_id=self._area_pk(area),
                opened_on=opened_on,
                department_id=None if department_pk is ABSENT else department_pk,
            )
            case.closed_on = None if closed_on is ABSENT else closed_on
            case.status = status or Case.Status.NEW
            case.outcome = "" if outcome is ABSENT else outcome
            return case

        Case.objects.bulk_create([build(values) for values in plan["create"]], batch_size=BATCH)
        groups: dict[tuple[str, ...], list[Case]] = {}
        for pk, *values in plan["update"]:
            case = build(tuple(values), pk)
            case.updated_at = now
            row_values = values
            fields = ["category", "service", "person", "venture", "area", "opened_on", "updated_at"]
            if row_values[6] is not ABSENT:
                fields.append("closed_on")
            if row_values[7] is not ABSENT:
                fields.append("department")
            if row_values[8]:
                fields.append("status")
            if row_values[9] is not ABSENT:
                fields.append("outcome")
            groups.setdefault(tuple(fields), []).append(case)
        for fields_, group in groups.items():
            Case.objects.bulk_update(group, list(fields_), batch_size=BATCH)
        advance(len(plan["create"]) + len(plan["update"]))

    def _write_targets(self, now: datetime.datetime, advance: Callable[[int], None]) -> None:
        plan = self.plans.get("targets")
        model = target_model()
        if not plan or model is None:
            return
        manager: Any = model._default_manager
        # committees named by code (possibly created by this file's 居村委 sheet, so looked up now)
        area_ids = dict(
            Area.objects.filter(code__in={row[3] for row in plan["create"] if row[3]}).values_list("code", "pk")
        )
        manager.bulk_create(
            [
                model(year=year, code=code, value=value, area_id=area_ids.get(area_code), department_id=department_pk)
                for year, code, value, area_code, department_pk in plan["create"]
            ]
        )
        manager.bulk_update(
            [model(pk=pk, value=value, updated_at=now) for pk, value in plan["update"]], ["value", "updated_at"]
        )
        advance(len(plan["create"]) + len(plan["update"]))
