"""Writing lists to Excel: neutralised cells, Chinese headers, streamed rows, an audited export.

A spreadsheet program treats a cell beginning with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula: a name typed as ``=HYPERLINK(...)`` into the portal
would run in the reader's Excel. Every text cell passes :func:`neutralise`, which prefixes such
a value with ``'``. Workbooks are written with openpyxl's write-only mode to a temporary file,
so a list of 200,000 rows never sits in memory as cells.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.utils import timezone

from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry, User

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell value to write: text that a spreadsheet would read as a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    text = str(value)
    if text.startswith(DANGEROUS_FIRST):
        return "'" + text
    return text


def write_sheet(workbook: Any, *, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Append a sheet (bold Chinese header row, frozen) to a write-only workbook; returns the row count."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    worksheet = workbook.create_sheet(title=title[:31])
    worksheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        worksheet.column_dimensions[_column_letter(index)].width = max(10, min(40, len(str(header)) * 2 + 4))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(worksheet, value=neutralise(str(header)))
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    count = 0
    for row in rows:
        worksheet.append([neutralise(value) for value in row])
        count += 1
    return count


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def export_response(
    *,
    user: User,
    kind: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    filters: Mapping[str, Any],
    filename: str,
) -> FileResponse:
    """Write one sheet to a temporary .xlsx, audit the export (filters and row count), stream it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    count = write_sheet(workbook, title=title, headers=headers, rows=rows)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 -- FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    shown_filters = {key: value for key, value in filters.items() if value not in ("", None) and key != "page"}
    audit_record(
        action=AuditEntry.Action.EXPORT,
        user=user,
        object_type="rosters.export",
        object_id=kind,
        object_repr=title,
        changes={"filters": shown_filters, "rows": count},
        detail=f"{title}: {count} rows",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
