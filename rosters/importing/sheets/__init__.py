"""One module per sheet of DATA-CONTRACT.md, each with ``check(rows, context) -> plan`` and
``write(plan, context)``; :data:`SHEET_MODULES` lists them in the order they are imported (a
sheet may refer to the rows of the sheets before it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from rosters.importing.context import Cleaned, ImportContext
from rosters.importing.sheets import (
    areas,
    cases,
    employments,
    households,
    memberships,
    persons,
    policy_benefits,
    targets,
    ventures,
    zero_employment,
)
from rosters.schema import SHEET_ORDER


class SheetModule(Protocol):
    def check(self, rows: Sequence[Cleaned], context: ImportContext) -> Any: ...

    def write(self, plan: Any, context: ImportContext) -> None: ...


SHEET_MODULES: dict[str, SheetModule] = {
    "areas": areas,
    "households": households,
    "persons": persons,
    "zero_employment": zero_employment,
    "memberships": memberships,
    "employments": employments,
    "ventures": ventures,
    "policy_benefits": policy_benefits,
    "cases": cases,
    "targets": targets,
}
assert list(SHEET_MODULES) == SHEET_ORDER, "the sheets are imported in the order of the contract"
