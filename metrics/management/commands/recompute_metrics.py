"""python manage.py recompute_metrics --year Y [--as-of YYYY-MM-DD] [--sync]"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zhuqiao.audit import audit_context


def parse_day(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "计算并保存某年度（截至某日）的全部指标快照及月末快照。没有后台任务进程时同步计算。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--sync", action="store_true", help="在本进程内同步计算（即使配置了后台任务进程）")

    def handle(self, *args: Any, **options: Any) -> None:
        from metrics.services import metrics_compute, recompute_run_claim

        year, as_of = options["year"], parse_day(options["as_of"])
        if as_of is not None and as_of.year != year:
            raise CommandError(f"统计截止日期 {as_of} 不在 {year} 年内。")
        no_worker = settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL
        with audit_context(source="recompute_metrics"):
            if options["sync"] or no_worker:
                snapshot = metrics_compute(year=year, as_of=as_of)
                self.stdout.write(f"{snapshot.year} {snapshot.as_of}: computed at {snapshot.computed_at.isoformat()}")
                return
            from metrics.tasks import recompute_metrics

            run, created = recompute_run_claim(year=year, as_of=as_of, reason="recompute_metrics command")
            if created:
                transaction.on_commit(lambda: recompute_metrics.delay(year=year, run_id=run.pk))
            self.stdout.write(f"run {run.pk} {'queued' if created else 'already running (joined)'}")
