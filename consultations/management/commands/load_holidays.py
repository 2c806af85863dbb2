"""Add the holidays and make-up working days the installed chinese_calendar knows (after an
upgrade of the package, typically each December when the State Council publishes the next year)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from consultations.holidays import preload_calendar
from consultations.models import CalendarDay


class Command(BaseCommand):
    help = "Preload public holidays and make-up working days from chinese_calendar (keeps manual edits)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = preload_calendar(CalendarDay)
        self.stdout.write(self.style.SUCCESS(f"calendar days added: {created}"))
