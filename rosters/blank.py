"""The blank roster template: one sheet per sheet of the contract, Chinese headers, a notes row
(``说明：…``, skipped by the importer) and drop-down lists for every fixed value."""

from __future__ import annotations

import io

from rosters.schema import NOTE_PREFIX, SHEETS, Sheet

TEMPLATE_ROWS = 2000  # rows that carry the drop-down lists


def _add_sheet(workbook: object, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    worksheet = workbook.create_sheet(sheet.label)  # type: ignore[attr-defined]
    worksheet.append([column.label for column in sheet.columns])
    worksheet.append([NOTE_PREFIX + ("必填。" if column.required else "") + column.note for column in sheet.columns])
    bold = Font(bold=True)
    note_font = Font(italic=True, color="555555", size=9)
    note_fill = PatternFill("solid", fgColor="F2F2F2")
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        worksheet[f"{letter}1"].font = bold
        note = worksheet[f"{letter}2"]
        note.font = note_font
        note.fill = note_fill
        note.alignment = Alignment(wrap_text=True, vertical="top")
        text_range = f"{letter}3:{letter}{TEMPLATE_ROWS + 2}"
        if column.key in ("id_number", "founder_id_number", "credit_code", "phone", "household_no", "ref", "code"):
            # Text cells: Excel would otherwise turn an 18-digit ID number into 3.10E+17.
            worksheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="取值不正确",
                error="请从下拉列表中选择：" + "、".join(column.choices),
            )
            validation.add(text_range)
            worksheet.add_data_validation(validation)
    worksheet.row_dimensions[2].height = 48
    worksheet.freeze_panes = "A3"


def blank_workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        _add_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
