"""Signals of the rosters app, for apps that react to an import without rosters knowing them.

``roster_imported`` is sent once the transaction of a successful import has committed, with
``sender=RosterImport``, ``result`` (the :class:`~rosters.importing.result.ImportResult`),
``user`` (None from the command line) and ``run`` (the ImportRun of the web flow, None from the
command line). The metrics app connects its recompute to it (``metrics.apps``).
"""

from __future__ import annotations

from django.dispatch import Signal

roster_imported = Signal()
