"""Writes of the rosters app: importing a file (command line and web) and the import runs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rosters.importing.engine import RosterImport, open_and_run
from rosters.importing.result import ImportResult
from rosters.models import ImportRun
from rosters.reading import UnreadableFile, check_workbook
from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry, User
from zhuqiao.signals import roster_imported

logger = logging.getLogger(__name__)

# Files up to this size are checked in the request; larger ones go to the Celery worker.
SYNC_CHECK_MAX_BYTES = 256 * 1024
# The error list kept on a run for the web page (the command line prints every error).
MAX_STORED_ERRORS = 10_000


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def progress_key(run_id: int) -> str:
    return f"rosters:import:{run_id}:progress"


def roster_import(
    *,
    path: Path | str,
    user: User | None = None,
    dry_run: bool = False,
    original_name: str = "",
    progress: Callable[[float], None] | None = None,
    run: ImportRun | None = None,
) -> ImportResult:
    """Check a roster file and, when it has no error at all and this is not a dry run, write it.

    All or nothing: an import that writes runs in one transaction, which is rolled back when any
    row of any sheet had an error (a dry run writes nothing at all). Records are written with
    bulk operations, so ``AuditedModel``'s per-row entries do not fire; one ``IMPORT`` audit
    entry records the file, the user and the counts of each sheet. Once a successful import has
    committed, ``zhuqiao.signals.roster_imported`` is sent (the metrics are recomputed on it).
    Raises :class:`rosters.reading.UnreadableFile` when the file cannot be read at all.
    """
    importer = RosterImport(user=user, progress=progress)
    if dry_run:
        result = open_and_run(importer, path, original_name=original_name)
        result.dry_run = True
        return result
    with transaction.atomic():
        result = open_and_run(importer, path, original_name=original_name, write=True)
        if not result.ok:
            transaction.set_rollback(True)
            return result
        totals = result.totals()
        audit_record(
            action=AuditEntry.Action.IMPORT,
            user=user,
            object_type="rosters.roster",
            object_repr=(original_name or Path(path).name)[:200],
            changes=result.counts(),
            detail=_("名册导入：新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条。") % totals,
        )
        transaction.on_commit(lambda: roster_imported.send(sender=RosterImport, result=result, user=user, run=run))
    result.written = True
    return result


def import_run_create(*, user: User, upload: UploadedFile) -> ImportRun:
    """Store an uploaded file as a new run and start its check (in the request when it is small).

    Refuses, with a Chinese message (ValidationError), a file that is too big, of the wrong
    kind, a renamed non-workbook or a zip bomb; nothing is stored then.
    """
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(_("请上传 .xlsx 工作簿或 .csv 文件。"))
    if upload.size is None or upload.size > max_upload_bytes():
        raise ValidationError(
            _("文件过大：上限为 %(limit)d MB。更大的名册请由中心通过命令行导入。")
            % {"limit": max_upload_bytes() // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("文件是空的。"))
    run = ImportRun(
        created_by=user,
        area_id=user.area_id if user.role == User.Role.COMMITTEE else None,
        original_name=name[:200],
        size=upload.size,
    )
    run.file.save(name, upload, save=False)
    if suffix == ".xlsx":
        try:
            check_workbook(Path(run.file.path))
        except UnreadableFile as exc:
            run.file.delete(save=False)
            raise ValidationError(str(exc)) from None
    run.save()
    from rosters.tasks import check_import

    _now_or_queued(run, import_run_check, check_import)
    return run


def _now_or_queued(run: ImportRun, step: Callable[..., Any], task: Any) -> None:
    """A small file goes through ``step`` inside the request; a larger one through the worker's
    ``task`` once the transaction commits."""
    if run.size <= SYNC_CHECK_MAX_BYTES:
        step(run=run)
    else:
        transaction.on_commit(lambda: task.delay(run.pk))


def _progress_reporter(run: ImportRun) -> Callable[[float], None]:
    # Progress goes to the cache, not the row: the import's own transaction would hide it.
    def report(fraction: float) -> None:
        cache.set(progress_key(run.pk), round(fraction * 100), 3600)

    return report


def _store_result(run: ImportRun, result: ImportResult, status: str) -> None:
    data = result.to_json()
    data["error_count"] = len(result.errors)
    data["errors"] = data["errors"][:MAX_STORED_ERRORS]
    data["warning_count"] = len(result.warnings)
    data["warnings"] = data["warnings"][:MAX_STORED_ERRORS]
    data["totals"] = result.totals()
    run.result = data
    run.status = status
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "status", "progress", "finished_at", "updated_at"])
    cache.delete(progress_key(run.pk))
    if status != ImportRun.Status.CHECKED:
        _discard_file(run)


def _discard_file(run: ImportRun) -> None:
    """The uploaded roster is personal data: keep it only while it may still be imported."""
    if run.file:
        run.file.delete(save=False)
        run.save(update_fields=["file", "updated_at"])


def import_run_check(*, run: ImportRun) -> ImportRun:
    """The preview: check the file completely (a dry run) and keep the counts and errors."""
    run.status = ImportRun.Status.CHECKING
    run.save(update_fields=["status", "updated_at"])
    return _import_run_file(
        run, dry_run=True, outcome=lambda result: ImportRun.Status.CHECKED if result.ok else ImportRun.Status.INVALID
    )


def import_run_confirm(*, run: ImportRun, user: User) -> bool:
    """Claim a checked run for importing (compare-and-swap: a double click imports once)."""
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.CHECKED).update(
        status=ImportRun.Status.IMPORTING, progress=0, finished_at=None, updated_at=timezone.now()
    )
    if not claimed:
        return False
    run.refresh_from_db()
    from rosters.tasks import execute_import

    _now_or_queued(run, import_run_execute, execute_import)
    return True


def import_run_execute(*, run: ImportRun) -> ImportRun:
    """Import a confirmed run. The file is checked again against the records as they are now:
    if anything became an error meanwhile, nothing is written and the run shows the errors."""
    return _import_run_file(
        run, dry_run=False, outcome=lambda result: ImportRun.Status.DONE if result.written else ImportRun.Status.INVALID
    )


def _import_run_file(run: ImportRun, *, dry_run: bool, outcome: Callable[[ImportResult], str]) -> ImportRun:
    """Check (``dry_run``) or import the run's file and store the result with the status ``outcome``
    gives; a file that cannot be read at all fails the run and is discarded."""
    try:
        result = roster_import(
            path=run.file.path,
            user=run.created_by,
            dry_run=dry_run,
            original_name=run.original_name,
            progress=_progress_reporter(run),
            run=run,
        )
    except UnreadableFile as exc:
        run.status, run.message, run.finished_at = ImportRun.Status.FAILED, str(exc)[:500], timezone.now()
        run.save(update_fields=["status", "message", "finished_at", "updated_at"])
        _discard_file(run)
        return run
    _store_result(run, result, outcome(result))
    return run


def live_progress(run: ImportRun) -> int:
    value: Any = cache.get(progress_key(run.pk))
    return int(value) if value is not None else run.progress
