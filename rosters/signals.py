"""Signals the roster importer sends; other apps connect to them in their ``ready()``."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once an import's transaction has committed, with ``counts`` (the counts of each sheet).
# Metrics connects it to a recompute of the year's numbers.
roster_imported = Signal()
