"""Roster files for the import tests: workbooks and CSV folders built from plain rows."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from rosters.schema import SHEETS_BY_KEY

Rows = Sequence[Sequence[Any]]


def headers(sheet: str, *, english: bool = False, only: Sequence[str] | None = None) -> list[str]:
    columns = SHEETS_BY_KEY[sheet].columns
    return [c.key if english else c.label for c in columns if only is None or c.key in only]


def sheet_name(sheet: str, *, english: bool = False) -> str:
    return sheet if english else SHEETS_BY_KEY[sheet].label


def write_workbook(path: Path, sheets: dict[str, tuple[list[str], Rows]], *, english: bool = False) -> Path:
    """``sheets`` maps a sheet key to (header row, data rows); names Chinese unless ``english``."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for key, (header, rows) in sheets.items():
        worksheet = workbook.create_sheet(sheet_name(key, english=english))
        worksheet.append(header)
        for row in rows:
            worksheet.append(list(row))
    workbook.save(path)
    return path


def write_csv_folder(folder: Path, sheets: dict[str, tuple[list[str], Rows]], *, bom: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, (header, rows) in sheets.items():
        with open(
            folder / f"{SHEETS_BY_KEY[key].label}.csv", "w", encoding="utf-8-sig" if bom else "utf-8", newline=""
        ) as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
    return folder
