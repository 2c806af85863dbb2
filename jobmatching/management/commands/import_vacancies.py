"""Import vacancies from an employer's workbook: python manage.py import_vacancies PATH [--dry-run]."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobmatching.importing import vacancies_import
from zhuqiao.audit import audit_context


class Command(BaseCommand):
    help = "Import vacancies from an .xlsx sheet (all or nothing; exit status 1 with the errors)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_context(source="import_vacancies"):
            result = vacancies_import(path=options["path"], by=None, dry_run=options["dry_run"])
        if result.errors:
            raise CommandError("\n".join(result.errors))
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
