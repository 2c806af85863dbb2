"""Export audit entries older than the retention period to a file, then remove them.

    manage.py archive_audit --before 2026-01-01 [--directory var/audit-archive] --by NAME

Only entries dated before ``--before`` leave the table, and ``--before`` may be at most today
minus 184 days. The chain is verified first, the export (JSON Lines, one entry a line, hashes
included) is written and synced before anything is deleted, the new anchor is kept in
``AuditArchive`` so that ``verify_audit`` still passes, and the run is itself audited.
Keep the exported files as long as the retention rules ask; their SHA-256 is in the archive row.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhuqiao.audit import audit_context
from zhuqiao.services import AuditChainBroken, audit_archive


class Command(BaseCommand):
    help = "Export audit entries older than 184 days (before --before) to a file and remove them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, type=datetime.date.fromisoformat)
        parser.add_argument("--directory", type=Path, default=None)
        parser.add_argument("--by", required=True, help="who runs the archive (recorded in the audit log)")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["directory"] or Path(settings.AUDIT_ARCHIVE_DIR)
        with audit_context(source=f"archive_audit ({options['by']})"):
            try:
                archive = audit_archive(before=options["before"], directory=directory, by=options["by"])
            except (ValueError, AuditChainBroken) as exc:
                raise CommandError(str(exc)) from exc
        if archive is None:
            self.stdout.write("nothing to archive")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{archive.entry_count} entries up to #{archive.up_to_id} archived to "
                f"{directory / archive.file_name} (sha256 {archive.file_sha256})"
            )
        )
