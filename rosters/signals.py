"""Signals the rosters app sends, for apps that react to an import without rosters knowing them.

``roster_imported`` is declared in :mod:`zhuqiao.signals` (below every app, so that metrics, which
sits below rosters, can connect to it); it is re-exported here under its old name.
"""

from __future__ import annotations

from zhuqiao.signals import roster_imported

__all__ = ["roster_imported"]
