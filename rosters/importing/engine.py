"""The roster import (DATA-CONTRACT.md): the orchestration of the sheet modules.

Rows stream through a chunk (:data:`CHUNK` rows) at a time, sheet after sheet in the contract's
order (a sheet may refer to rows of the sheets before it). Each chunk goes through two passes:
its sheet module's ``check`` decides for every row whether it creates, updates or leaves a record
unchanged, or is an error (stored records are looked up with one ``IN`` query per chunk); then,
when the import writes and no row so far had an error, ``write`` stores the chunk's plan. A dry
run only checks. An import that writes runs inside one transaction (``rosters.services``), which
is rolled back when any row of any sheet had an error: all or nothing. Nothing but the registry
of keys (``rosters.importing.context``) outlives a chunk, so memory does not grow with the sheets.

Files past :data:`PARALLEL_MIN_ROWS` rows are cleaned (cell types, formats, identifiers; no
database) in worker processes, which spool each sheet's cleaned rows to a temporary file a chunk
at a time while this process checks and writes the sheets before it, and the chunks of the sheet
it is on as soon as they are written.

Because bulk operations bypass ``save()``, the per-row audit entries of ``AuditedModel`` are not
written for imported records; the import writes one ``IMPORT`` audit entry with the counts per
sheet instead (see ``rosters.services.roster_import``).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import multiprocessing
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from rosters.importing.cells import RowReader, SheetLayout, read_layout
from rosters.importing.cleaning import CLEANERS, data_rows
from rosters.importing.context import CHUNK, Cleaned, ImportContext, SheetState, chunks
from rosters.importing.result import ImportResult, RowError
from rosters.importing.sheets import SHEET_MODULES
from rosters.importing.sheets.memberships import RECONFIRM_AFTER_DAYS, UNWILLING_REASON
from rosters.reading import RosterFile, SheetSource, open_roster
from rosters.schema import SHEET_ORDER, SHEETS_BY_KEY

if TYPE_CHECKING:
    from zhuqiao.models import User

__all__ = ["RECONFIRM_AFTER_DAYS", "UNWILLING_REASON", "RosterImport", "use_workers"]

Progress = Callable[[float], None]

# Files with at least this many rows are cleaned sheet by sheet in worker processes, in parallel
# with the main process; smaller files (and daemon processes, which may not fork) do it in-process.
PARALLEL_MIN_ROWS = 20_000
WORKERS = 2
SPOOL_POLL_SECONDS = 0.01
AHEAD_NICENESS = 5


def use_workers(rows: int) -> bool:
    return (
        rows >= PARALLEL_MIN_ROWS
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: an import allocates millions of short-lived tuples and
    dictionaries, none in a reference cycle, and the collector's passes over them cost a tenth
    of the import's time. Reference counting still frees every one of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _frame(out: BinaryIO, record: Any) -> None:
    """One record of a spool: its length, then its pickle, flushed so the reader sees it whole."""
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)
    out.flush()


def clean_sheet(path: str, original_name: str, sheet_name: str, spool: str, niceness: int = 0) -> str:
    """Worker process: read and clean one sheet (no database access) into ``spool``, at least at
    ``niceness`` (a worker's niceness only ever goes up).

    The spool holds framed pickled records (:func:`_frame`): first ``(layout, errors)``, then
    ``(rows, errors)`` per chunk, each row as ``(number, failed, values)``. The main process reads
    each chunk as soon as it is written. Only plain values cross the process boundary: cell
    markers are enum members, which unpickle to themselves (``rosters.importing.cells``)."""
    if niceness > os.nice(0):
        os.nice(niceness - os.nice(0))
    errors: list[RowError] = []
    with (
        _without_cycle_collection(),
        open_roster(path, original_name=original_name) as roster,
        open(spool, "wb") as out,
    ):
        source = next(source for source in roster.sources if source.name == sheet_name)
        assert source.sheet is not None
        header = next(source.rows, None)
        layout = read_layout(source.sheet, source.name, header[1], errors) if header else None
        _frame(out, (layout, list(errors)))
        errors.clear()
        if layout is not None:
            cleaner = CLEANERS[source.sheet.key]
            for batch in chunks(data_rows(layout, source.rows, errors), CHUNK):
                cleaned = [(row, cleaner(row, ())) for row in batch]  # cleaning decides row.failed
                _frame(out, ([(row.number, row.failed, values) for row, values in cleaned], list(errors)))
                errors.clear()
    return spool


def _records(spool: str, worker: Future[str]) -> Iterator[Any]:
    """The records of a spool as the worker writes them; ends when the worker is done (its
    exception, such as an unreadable sheet, is raised here)."""
    pending = b""
    handle = None
    try:
        while True:
            done = worker.done()  # before reading: all it wrote by then is read below
            if handle is None and os.path.exists(spool):
                handle = open(spool, "rb")  # noqa: SIM115 -- closed in finally
            if handle is not None:
                pending += handle.read()
            found = False
            while len(pending) >= 8:
                size = int.from_bytes(pending[:8], "little")
                if len(pending) < 8 + size:
                    break
                record = pickle.loads(pending[8 : 8 + size])  # noqa: S301 -- written by our own worker just now
                pending = pending[8 + size :]
                found = True
                yield record
            if found:
                continue
            if done:
                worker.result()
                return
            time.sleep(SPOOL_POLL_SECONDS)
    finally:
        if handle is not None:
            handle.close()


class RosterImport:
    """One import of one file by one user (``None`` for the command line: the whole town)."""

    def __init__(
        self, *, user: User | None = None, today: datetime.date | None = None, progress: Progress | None = None
    ):
        self.user = user
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda fraction: None)
        self.rows_total = 1
        self.rows_done = 0

    def run(
        self, roster: RosterFile, *, path: Path | str | None = None, original_name: str = "", write: bool = False
    ) -> ImportResult:
        """Check every row of ``roster`` and, with ``write``, store each chunk once it checked
        clean. The caller holds the transaction and rolls it back unless the result is ``ok``.
        With ``path`` and a large file, sheets are cleaned in worker processes."""
        with _without_cycle_collection():
            return self._run(roster, path=path, original_name=original_name, write=write)

    def _run(self, roster: RosterFile, *, path: Path | str | None, original_name: str, write: bool) -> ImportResult:
        context = ImportContext.start(user=self.user, today=self.today)
        sources = self._sources(roster, context)
        self.rows_total = max(1, sum(source.estimated_rows for source in sources.values()))
        with tempfile.TemporaryDirectory(prefix="zq-roster-") as folder:
            pool = None
            spools: dict[str, tuple[str, Future[str]]] = {}
            if path is not None and use_workers(self.rows_total):
                pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("fork"))
                # In the order this process consumes them: it starts on the first sheet while the
                # workers clean the next ones into their spools.
                for index, key in enumerate([key for key in SHEET_ORDER if key in sources]):
                    spool = str(Path(folder) / f"{key}.pickle")
                    # Sheets this process reaches later are cleaned at a lower priority: on a
                    # small machine this process and the database, which it waits for, come first.
                    niceness = 0 if index < WORKERS else AHEAD_NICENESS
                    work = pool.submit(clean_sheet, str(path), original_name, sources[key].name, spool, niceness)
                    spools[key] = (spool, work)
            try:
                for key in SHEET_ORDER:
                    if key in sources:
                        self._sheet(key, sources[key], spools.get(key), context, write=write)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
        for result in context.results.values():
            result.errors = sum(1 for error in context.errors if error.sheet == result.name)
            result.warnings = sum(1 for warning in context.warnings if warning.sheet == result.name)
        self._sort_errors(roster, context.errors)
        self._sort_errors(roster, context.warnings)
        ordered = [context.results[key] for key in SHEET_ORDER if key in context.results]
        return ImportResult(sheets=ordered, errors=context.errors, warnings=context.warnings)

    def _sources(self, roster: RosterFile, context: ImportContext) -> dict[str, SheetSource]:
        sources: dict[str, SheetSource] = {}
        for source in roster.sources:
            if source.sheet is None:
                names = "、".join(SHEETS_BY_KEY[key].label for key in SHEET_ORDER)
                context.errors.append(
                    RowError(source.name, 1, "-", _("无法识别的工作表名称。可用名称：%(names)s。") % {"names": names})
                )
            elif source.sheet.key in sources:
                context.errors.append(RowError(source.name, 1, "-", _("与另一工作表是同一张表，重复。")))
            else:
                sources[source.sheet.key] = source
        return sources

    def _sheet(
        self,
        key: str,
        source: SheetSource,
        spool: tuple[str, Future[str]] | None,
        context: ImportContext,
        *,
        write: bool,
    ) -> None:
        """Stream one sheet through its module: check each chunk, and write it while all is clean."""
        module = SHEET_MODULES[key]
        state = SheetState(context.result(key, source.name))
        context.sheet = state
        batches = self._spooled(*spool, context) if spool is not None else self._cleaned(key, source, context)
        for rows in batches:
            state.result.rows += len(rows)
            plan = module.check(rows, context)
            if write and not context.errors:
                module.write(plan, context)
            self.rows_done += len(rows)
            self.progress(min(1.0, self.rows_done / self.rows_total))
        context.sheet = None

    def _cleaned(self, key: str, source: SheetSource, context: ImportContext) -> Iterator[list[Cleaned]]:
        """Chunks of a sheet cleaned here, in this process."""
        assert source.sheet is not None
        header = next(source.rows, None)
        if header is None:
            return
        layout = read_layout(source.sheet, source.name, header[1], context.errors)
        if layout is None:
            return
        cleaner = CLEANERS[key]
        # An ID number that this import already validated (a person of the file or found stored)
        # is not validated again.
        known = context.keys.persons
        for batch in chunks(data_rows(layout, source.rows, context.errors), CHUNK):
            yield [(row, cleaner(row, known)) for row in batch]

    def _spooled(self, spool: str, worker: Future[str], context: ImportContext) -> Iterator[list[Cleaned]]:
        """Chunks of a sheet cleaned by a worker process, read back from its spool as they come."""
        records = _records(spool, worker)
        layout: SheetLayout | None
        layout, errors = next(records)
        context.errors.extend(errors)
        if layout is None:
            return
        for rows, errors in records:
            context.errors.extend(errors)
            cleaned = []
            for number, failed, values in rows:
                row = RowReader(layout, number, (), context.errors)
                row.failed = failed
                cleaned.append((row, values))
            yield cleaned

    @staticmethod
    def _sort_errors(roster: RosterFile, errors: list[RowError]) -> None:
        """Errors in the order of the file: sheet, row, then column."""
        sheet_index = {source.name: index for index, source in enumerate(roster.sources)}
        column_index: dict[tuple[str, str], int] = {}
        for source in roster.sources:
            if source.sheet is not None:
                for index, column in enumerate(source.sheet.columns):
                    column_index[(source.name, column.label)] = index
                    column_index[(source.name, column.key)] = index
        errors.sort(key=lambda e: (sheet_index.get(e.sheet, 0), e.row, column_index.get((e.sheet, e.column), -1)))


def open_and_run(
    importer: RosterImport, path: Path | str, *, original_name: str = "", write: bool = False
) -> ImportResult:
    """Open the file at ``path`` and run ``importer`` on it."""
    with open_roster(path, original_name=original_name) as roster:
        return importer.run(roster, path=path, original_name=original_name, write=write)
