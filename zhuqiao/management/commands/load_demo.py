"""Load the demo data of every app, idempotently: running it twice changes nothing."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from zhuqiao.audit import audit_context
from zhuqiao.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load demo areas, users and records of every app (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        apps_with_demo = ["zhuqiao"] + [
            name
            for name in settings.INSTALLED_APPS
            if "." not in name and name != "zhuqiao" and importlib.util.find_spec(f"{name}.demo") is not None
        ]
        # The metrics snapshot is computed from everything the other apps loaded (the job-matching
        # demo adds hires), so that the dashboard cards equal their drill-down lists: metrics last.
        apps_with_demo.sort(key=lambda name: name == "metrics")
        with audit_context(source="demo"):
            for name in apps_with_demo:
                if name == "metrics":
                    self._analyse()
                with transaction.atomic():
                    importlib.import_module(f"{name}.demo").load()
                self.stdout.write(f"demo data loaded: {name}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, display_name, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:<15} {role.label}  {display_name}")

    @staticmethod
    def _analyse() -> None:
        """Give PostgreSQL statistics of the rows just loaded before the snapshot is counted.

        Autovacuum analyses a table a minute or so after a bulk load; until then (or for good,
        inside a transaction that is never committed, as in the tests) the planner takes the
        tables for empty, and the counting and the first drill-down pages choose nested loops
        over thousands of rows: minutes instead of a fraction of a second.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
