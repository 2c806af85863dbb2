from __future__ import annotations

import importlib

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test land in its own directory, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def departments_present(db: None) -> None:
    """The departments come from a data migration; a transactional (browser) test that ran
    before ours flushed them. Put back the missing ones so these tests pass in any order."""
    from zhuqiao.models import Department

    migration = importlib.import_module("zhuqiao.migrations.0003_departments")
    for order, (code, name, is_centre) in enumerate(migration.DEPARTMENTS, start=1):
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "is_centre": is_centre, "sort_order": order * 10}
        )
