"""English is the second language: every catalogue is complete and compiled from its source."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for path in ROOT.glob("**/locale/en/LC_MESSAGES/django.po") if ".venv" not in path.parts)


def _compile(po: Path, mo: Path) -> str:
    # make test installs gettext (scripts/system-deps.sh): without msgfmt the check fails, never skips
    assert shutil.which("msgfmt") is not None, "gettext's msgfmt is not installed"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_english_catalogue_is_complete_and_compiled(po: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    statistics = _compile(po, fresh)
    assert "untranslated" not in statistics and "fuzzy" not in statistics, f"{po}: {statistics}"
    shipped = po.with_suffix(".mo")
    assert shipped.exists() and shipped.read_bytes() == fresh.read_bytes(), f"{shipped} is stale: make messages"


def test_the_catalogues_cover_every_app_with_strings() -> None:
    assert len(CATALOGUES) >= 11
