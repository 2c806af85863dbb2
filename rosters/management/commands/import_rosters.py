"""python manage.py import_rosters PATH [--dry-run]: import a roster workbook or CSV folder."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from rosters.reading import UnreadableFile
from rosters.services import roster_import
from zhuqiao.audit import audit_context


class Command(BaseCommand):
    help = (
        "Import an .xlsx roster workbook or a folder of <sheet>.csv files (DATA-CONTRACT.md). "
        "All or nothing: any error writes nothing, lists every error and exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="an .xlsx workbook, a .csv file or a folder of CSV files")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_context(source="import_rosters"):
            try:
                result = roster_import(path=options["path"], dry_run=options["dry_run"])
            except UnreadableFile as exc:
                self.stderr.write(str(exc))
                sys.exit(1)
        for sheet in result.sheets:
            self.stdout.write(
                _(
                    "%(sheet)s: 新增 %(created)d, 更新 %(updated)d, 未变 %(unchanged)d, 错误 %(errors)d, 提醒 %(warnings)d"
                )
                % {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                    "errors": sheet.errors,
                    "warnings": sheet.warnings,
                }
            )
        if result.warnings:
            # Rows to verify before the import is confirmed; they never block it.
            self.stdout.write(
                self.style.WARNING(_("%(count)d 处提醒（不影响导入，请核对）：") % {"count": len(result.warnings)})
            )
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(str(warning)))
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            self.stderr.write(_("%(count)d 个错误，未写入任何数据。") % {"count": len(result.errors)})
            sys.exit(1)
        if result.dry_run:
            self.stdout.write(_("试运行（--dry-run）：校验通过，未写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS(_("导入完成。")))
