"""Background work of the rosters app: checking and importing large files."""

from __future__ import annotations

from celery import shared_task

from rosters.models import ImportRun
from rosters.services import import_run_check, import_run_execute


@shared_task(name="rosters.check_import")
def check_import(run_id: int) -> None:
    """Check (preview) an uploaded file; a run that is gone or already checked is left alone."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).first()
    if run is not None:
        import_run_check(run=run)


@shared_task(name="rosters.execute_import")
def execute_import(run_id: int) -> None:
    """Import a confirmed file; a run that is gone or no longer waiting to import is left alone."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.IMPORTING).first()
    if run is not None:
        import_run_execute(run=run)
