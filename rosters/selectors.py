"""Reads of the rosters app: the import runs a user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from rosters.models import ImportRun
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    from zhuqiao.models import User


def import_runs_for_user(*, user: User) -> QuerySet[ImportRun]:
    """Runs of the user's scope: centre staff see every run, committee staff their committee's."""
    return ImportRun.objects.for_user(user).select_related("created_by", "area")


def import_run_get_for_user(*, user: User, pk: int) -> ImportRun:
    return get_for_user_or_404(ImportRun.objects.select_related("created_by", "area"), user, pk=pk)
