"""Signals declared low so that the app sending one and the apps connecting to it need not know
each other (the apps form one-way layers, declared in pyproject.toml and checked by import-linter).

``roster_imported`` is sent by the rosters app once the transaction of a successful import has
committed, with ``sender=RosterImport``, ``result`` (the
:class:`~rosters.importing.result.ImportResult`), ``user`` (None from the command line) and ``run``
(the ImportRun of the web flow, None from the command line). The metrics app, which sits below
rosters, connects its recompute to it in ``MetricsConfig.ready()`` (``metrics.receivers``).
"""

from __future__ import annotations

from django.dispatch import Signal

roster_imported = Signal()
