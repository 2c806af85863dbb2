"""python manage.py export_metrics --year Y [--as-of YYYY-MM-DD]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.management.commands.recompute_metrics import parse_day


class Command(BaseCommand):
    help = "以 JSON 输出某年度（截至某日）当前的指标快照（格式见 METRICS.md）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--official", type=int, choices=[0, 1], default=0, help="1：已确认（签字）的快照")

    def handle(self, *args: Any, **options: Any) -> None:
        from metrics.selectors import snapshot_current, snapshot_document
        from metrics.signoff import document_signatures, official_snapshot

        year, as_of = options["year"], parse_day(options["as_of"])
        when = f"截至 {as_of} " if as_of else ""
        if options["official"]:
            snapshot = official_snapshot(year=year, as_of=as_of)
            if snapshot is None:
                raise CommandError(f"{year} 年{when}还没有已确认（签字）的指标快照。")
        else:
            snapshot = snapshot_current(year=year, as_of=as_of)
            if snapshot is None:
                raise CommandError(f"{year} 年{when}还没有指标快照：请先运行 recompute_metrics --year {year}。")
        document = {**snapshot_document(snapshot), **document_signatures(snapshot)}
        self.stdout.write(json.dumps(document, ensure_ascii=False))
