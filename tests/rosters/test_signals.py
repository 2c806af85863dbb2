"""A roster import reaches the metrics recompute through the rosters app's signal
(``zhuqiao.signals.roster_imported``, sent by rosters, connected by metrics), not by looking metrics up by name."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from metrics.models import RecomputeRun
from rosters.services import roster_import

pytestmark = pytest.mark.django_db


def test_a_roster_import_queues_a_recompute_after_its_commit(town_file, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = roster_import(path=town_file["path"])
        assert result.written and not RecomputeRun.objects.exists()
        for callback in callbacks:
            callback()
    run = RecomputeRun.objects.get()
    assert (run.reason, run.year) == ("import", 2026)
