"""Opening roster files safely: an ``.xlsx`` workbook, a folder of CSV files, or one CSV file.

Before openpyxl sees a workbook, the file is checked: it must be a zip archive holding an Excel
workbook (a renamed PDF, a CSV or an old ``.xls`` is refused), and the archive's declared
uncompressed size, member count and compression ratio must be sane (zip bombs are refused before
anything is inflated). Workbooks are read with ``read_only=True, data_only=True``: formulas are
never evaluated, a formula cell yields only the value Excel cached when it saved the file. The
rows themselves are read from each sheet's XML by ``rosters.sheet_xml``, a row at a time.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rosters.schema import Sheet, match_sheet
from rosters.sheet_xml import SheetXmlError, worksheet_rows

# An honest workbook of the whole town (200,000 persons) inflates to about 150 MB of XML with a
# ratio under 30; a zip bomb has ratios in the thousands.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_MEMBER_RATIO = 200
MAX_MEMBERS = 500
RATIO_CHECK_FROM_BYTES = 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be read as a roster; the message (Chinese) says why."""


@dataclass
class SheetSource:
    """One sheet of the file: its name as the file spells it and its rows (1-based numbers)."""

    name: str
    sheet: Sheet | None
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    estimated_rows: int = 0


def check_workbook(path: Path) -> None:
    """Refuse anything that is not a plausible .xlsx before openpyxl opens it."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(_("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。"))
    if not head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(_("文件不是有效的 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件。"))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(_("文件不是有效的 Excel 工作簿（.xlsx），压缩包已损坏。")) from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnreadableFile(_("文件不是有效的 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件。"))
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(_("文件结构异常（包含的部件过多），已拒绝。"))
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(_("文件解压后过大（疑似压缩炸弹），已拒绝。"))
    for member in members:
        if member.file_size > RATIO_CHECK_FROM_BYTES and member.file_size > MAX_MEMBER_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(_("文件压缩比异常（疑似压缩炸弹），已拒绝。"))


def _dimensions_from_the_head(worksheet: Any) -> None:
    """``ReadOnlyWorksheet._get_size`` that reads only the head of the sheet's XML.

    openpyxl's own waits for the *end* of ``<sheetData>`` when a sheet has no ``<dimension>``
    (files written in streaming mode, openpyxl's write-only mode included): opening a workbook
    then parsed every row of every sheet, once in this process and again in each worker process
    of a large import (a town roster is some 230 MB of XML), and held a node per row meanwhile.
    The tag comes before ``<sheetData>`` or not at all, so the first ``start`` of ``<sheetData>``
    ends the search."""
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    source = worksheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                boundaries = SheetDimension.from_tree(element).boundaries
                if boundaries is not None:
                    worksheet._min_column, worksheet._min_row, worksheet._max_column, worksheet._max_row = boundaries
                return
            if element.tag == DATA_TAG:
                return
    finally:
        source.close()


def _workbook_sheets(path: Path) -> tuple[list[SheetSource], Any]:
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    check_workbook(path)
    ReadOnlyWorksheet._get_size = _dimensions_from_the_head
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise UnreadableFile(_("无法读取该 Excel 工作簿，文件可能已损坏。")) from None
    with zipfile.ZipFile(path) as archive:
        sizes = {member.filename: member.file_size for member in archive.infolist()}
    sources = []
    for worksheet in workbook.worksheets:
        # Files written in streaming mode often carry no (or a wrong) <dimension>: estimate the
        # rows from the sheet's XML size instead (a roster row is a few hundred bytes of XML).
        estimated = worksheet.max_row or 0
        if estimated <= 1:
            estimated = sizes.get(getattr(worksheet, "_worksheet_path", ""), 0) // 250
        worksheet.reset_dimensions()  # a wrong <dimension> tag must not cut rows or columns off
        rows = _xlsx_rows(worksheet)
        sources.append(SheetSource(worksheet.title, match_sheet(worksheet.title), rows, estimated))
    return sources, workbook


def _xlsx_rows(worksheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        yield from worksheet_rows(worksheet)
    except SheetXmlError:
        raise UnreadableFile(_("工作表“%(name)s”无法读取，文件可能已损坏。") % {"name": worksheet.title}) from None


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            for number, row in enumerate(csv.reader(handle), start=1):
                yield number, tuple(row)
        except UnicodeDecodeError:
            raise UnreadableFile(
                _("文件 %(name)s 不是 UTF-8 编码，请另存为“CSV UTF-8”后再试。") % {"name": path.name}
            ) from None


def _csv_source(path: Path, name: str) -> SheetSource:
    with open(path, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return SheetSource(name, match_sheet(name), _csv_rows(path), lines)


class RosterFile:
    """The sheets of a roster file, opened by :func:`open_roster`; close it when done."""

    def __init__(self, sources: list[SheetSource], closer: Any = None) -> None:
        self.sources = sources
        self._closer = closer

    def close(self) -> None:
        if self._closer is not None:
            self._closer.close()

    def __enter__(self) -> RosterFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_roster(path: Path | str, *, original_name: str = "") -> RosterFile:
    """Open an .xlsx workbook, a folder of ``<sheet>.csv`` files or one ``<sheet>.csv`` file."""
    path = Path(path)
    shown = original_name or path.name
    if path.is_dir():
        files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".csv")
        if not files:
            raise UnreadableFile(_("文件夹中没有 CSV 文件。"))
        return RosterFile([_csv_source(child, child.stem) for child in files])
    if not path.exists():
        raise UnreadableFile(_("找不到文件：%(name)s") % {"name": shown})
    if shown.lower().endswith(".csv"):
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if b"\x00" in head or head.startswith(b"PK\x03\x04"):
            raise UnreadableFile(_("文件不是 CSV 文本文件。"))
        return RosterFile([_csv_source(path, Path(shown).stem)])
    sources, workbook = _workbook_sheets(path)
    return RosterFile(sources, workbook)
