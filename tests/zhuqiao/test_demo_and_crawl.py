"""The demo data load on PostgreSQL, twice (idempotent), and every page each demo role can reach
by following links answers without a server error. Runs in its own database, as `make run` would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests import clock

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_demo_loads_twice_and_every_reachable_page_answers(tmp_path):
    db = settings.DATABASES["default"]
    name = "zhuqiao_smoke"
    admin = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}",
        ZHUQIAO_TESTING="1",
        CELERY_TASK_ALWAYS_EAGER="1",
        ZHUQIAO_VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        # On a moved clock, both loads happen on the same day even when the clock was moved to
        # 23:59 and a load takes minutes (the demo's booking slots follow the day, by design).
        **{clock.TICK_ENV: "0"},
    )

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            clock.python_command("manage.py", *args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )

    try:
        migrated = manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        first = manage("load_demo")
        assert first.returncode == 0, first.stderr[-3000:]
        assert "committee_a01" in first.stdout
        census = "import json; from django.apps import apps; print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))"
        counts = manage("shell", "-c", census)
        second = manage("load_demo")
        assert second.returncode == 0, second.stderr[-3000:]
        again = manage("shell", "-c", census)
        before, after = json.loads(counts.stdout.splitlines()[-1]), json.loads(again.stdout.splitlines()[-1])
        # Loading twice adds nothing (audit entries of the second run aside).
        grown = {label: after[label] - before[label] for label in after if after[label] != before[label]}
        grown.pop("zhuqiao.AuditEntry", None)
        # The metrics demo recomputes the snapshots: a new current one supersedes the previous,
        # which is kept until the next swap (readers mid-page), so that count moves by design.
        grown.pop("metrics.Snapshot", None)
        grown.pop("metrics.SnapshotValue", None)
        assert grown == {}, grown
        crawl = manage("crawl_portal", "--max-pages", "120")
        assert crawl.returncode == 0, crawl.stdout[-3000:] + crawl.stderr[-5000:]
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
