"""Grant the application's database role what the web and the worker need, and no more.

Run as the owner role after every ``migrate`` (``deploy/upgrade`` does): the tables and
sequences migrations created belong to the owner; the application role may read and write rows,
may not TRUNCATE, ALTER or DROP anything (only an owner may), and may only read and append to
the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from zhuqiao.models import AuditEntry


class Command(BaseCommand):
    help = "Grant the application role row access to every table (the audit log: read and append only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the PostgreSQL role DATABASE_URL connects as")

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL.")
        quote = connection.ops.quote_name
        audit = quote(AuditEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, 1 FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"No database role {role!r}: CREATE ROLE {role} LOGIN PASSWORD '…' first.")
            if found[0] == role:
                raise CommandError(
                    "Run this as the owner role (DATABASE_URL=$DATABASE_OWNER_URL), not as the app role."
                )
            role_q = quote(role)
            for statement in (
                f"GRANT USAGE ON SCHEMA public TO {role_q}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role_q}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role_q}",
                f"REVOKE UPDATE, DELETE ON {audit} FROM {role_q}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role_q}",
            ):
                cursor.execute(statement)
        self.stdout.write(f"{role}: rows of every table; {AuditEntry._meta.db_table}: read and append only.")
