"""What an import reports: per-sheet counts, every error and every warning with sheet, row and column.

An error refuses the whole file; a warning (a row the staff member should verify, such as an ID
number whose region code never existed) is listed in the check report and never blocks the import."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowError:
    """One error, located as the spreadsheet shows it (row 1 is the header row)."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}, {self.row}, {self.column}: {self.message}"


@dataclass
class SheetResult:
    key: str
    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    warnings: int = 0


@dataclass
class ImportResult:
    sheets: list[SheetResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            sheet.key: {"created": sheet.created, "updated": sheet.updated, "unchanged": sheet.unchanged}
            for sheet in self.sheets
        }

    def totals(self) -> dict[str, int]:
        return {
            "created": sum(sheet.created for sheet in self.sheets),
            "updated": sum(sheet.updated for sheet in self.sheets),
            "unchanged": sum(sheet.unchanged for sheet in self.sheets),
            "errors": len(self.errors),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "sheets": [asdict(sheet) for sheet in self.sheets],
            "errors": [asdict(error) for error in self.errors],
            "warnings": [asdict(warning) for warning in self.warnings],
            "written": self.written,
            "dry_run": self.dry_run,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            sheets=[SheetResult(**sheet) for sheet in data.get("sheets", [])],
            errors=[RowError(**error) for error in data.get("errors", [])],
            warnings=[RowError(**warning) for warning in data.get("warnings", [])],
            written=bool(data.get("written")),
            dry_run=bool(data.get("dry_run")),
        )
