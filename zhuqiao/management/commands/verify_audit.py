"""Check the audit log's hash chain; name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhuqiao.services import audit_chain_check


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first broken link (exit status 1 if any)."

    def handle(self, *args: Any, **options: Any) -> None:
        broken, checked = audit_chain_check()
        if broken is not None:
            raise CommandError(f"audit chain broken at entry {broken}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} entries verified"))
