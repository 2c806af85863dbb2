"""A worksheet's rows read straight from its XML with expat, a row at a time.

openpyxl still opens the workbook (sheet names, shared strings, which cell styles are dates, the
1900 or 1904 epoch), but its read-only ``iter_rows`` builds a dictionary per cell in Python and
took 21 s of CPU for the 300,000 rows of a town's 服务个案 sheet; expat calls back into Python only
for the elements a value needs, and the same sheet takes about 6 s. The values are the ones
openpyxl gives with ``values_only=True, data_only=True``: numbers as int or float, date-styled
numbers as datetimes (time deltas for duration styles), shared and inline strings (rich-text runs
joined, phonetic runs left out), booleans, a formula's cached value and never the formula. Row
numbers come from the file, and rows the file skips are yielded empty, as openpyxl does.

A document type declaration is refused: a workbook never has one, and refusing it keeps entity
tricks out of the parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from openpyxl.utils.datetime import from_excel, from_ISO8601

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
READ_BYTES = 1 << 16

Ready = list[tuple[int, tuple[Any, ...]]]
Handlers = tuple[Callable[[str, dict[str, str]], None], Callable[[str], None], Callable[[str], None]]


class SheetXmlError(Exception):
    """The worksheet's XML is damaged or not a worksheet's."""


def column_number(reference: str) -> int:
    """The 1-based column of a cell reference such as ``AB12``."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _prefix(attrs: dict[str, str]) -> str | None:
    """The prefix the root element gives the spreadsheet namespace: "" when it is the default
    namespace (as almost every program writes it), "x:" for ``xmlns:x``, None when absent (then
    no element matches and the sheet has no rows, as openpyxl reads it)."""
    for name, value in attrs.items():
        if value == MAIN and (name == "xmlns" or name.startswith("xmlns:")):
            return name[6:] + ":" if ":" in name else ""
    return None


def _handlers(prefix: str, workbook: Any, shared_strings: Any, ready: Ready) -> Handlers:
    """expat's callbacks for the elements of ``prefix``: each finished row goes to ``ready``.

    Closures over local state rather than methods over attributes: they run some 12 million
    times for a town's 服务个案 sheet."""
    row_tag, cell_tag, value_tag, inline_tag, text_tag, phonetic_tag = (
        prefix + name for name in ("row", "c", "v", "is", "t", "rPh")
    )
    date_styles = workbook._date_formats
    timedelta_styles = workbook._timedelta_formats
    epoch = workbook.epoch
    text: list[str] = []
    values: list[Any] = []
    row_number = column = style = 0
    kind = "n"
    collecting = inline = in_inline = in_phonetic = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row_number, column, style, kind, collecting, inline, in_inline, in_phonetic
        if name == cell_tag:
            kind = attrs.get("t", "n")
            found = attrs.get("s")
            style = int(found) if found else 0
            reference = attrs.get("r")
            column = column_number(reference) if reference else column + 1
            text.clear()
            inline = False
        elif name == value_tag:
            collecting = kind != "inlineStr"
        elif name == text_tag:
            collecting = in_inline and not in_phonetic
        elif name == inline_tag:
            inline = in_inline = True
        elif name == phonetic_tag:
            in_phonetic = True
        elif name == row_tag:
            number = attrs.get("r")
            row_number = int(number) if number else row_number + 1
            column = 0
            values.clear()

    def value() -> Any:
        if kind == "inlineStr":
            return "".join(text) if inline else None
        joined = "".join(text)
        if not joined:
            return None
        if kind == "n":
            number = _number(joined)
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return shared_strings[int(joined)]
        if kind == "b":
            return bool(int(joined))
        if kind == "d":
            return from_ISO8601(joined)
        return joined  # "str" (a formula's cached text), "e" (an error such as #N/A)

    def end(name: str) -> None:
        nonlocal collecting, in_inline, in_phonetic
        if name == cell_tag:
            if column == len(values) + 1:
                values.append(value())
            elif column > len(values):
                values.extend([None] * (column - len(values) - 1))
                values.append(value())
            elif column >= 1:
                values[column - 1] = value()
        elif name in (value_tag, text_tag):
            collecting = False
        elif name == inline_tag:
            in_inline = False
        elif name == phonetic_tag:
            in_phonetic = False
        elif name == row_tag:
            ready.append((row_number, tuple(values)))

    def characters(data: str) -> None:
        if collecting:
            text.append(data)

    return start, end, characters


def _refuse_doctype(*args: Any) -> None:
    raise SheetXmlError("a document type declaration")


def worksheet_rows(worksheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(row number, values)`` of an openpyxl read-only worksheet, from row 1 on, a row at a time."""
    ready: Ready = []
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype

    def root(name: str, attrs: dict[str, str]) -> None:
        prefix = _prefix(attrs)
        start, end, characters = _handlers(
            "\0" if prefix is None else prefix, worksheet.parent, worksheet._shared_strings, ready
        )
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters

    parser.StartElementHandler = root
    expected = 1
    with worksheet._get_source() as source:
        while True:
            data = source.read(READ_BYTES)
            try:
                parser.Parse(data, not data)
            except expat.ExpatError as exc:
                raise SheetXmlError(str(exc)) from None
            for number, values in ready:
                if number < expected:
                    continue  # a row number that goes back: openpyxl drops such rows too
                while expected < number:
                    yield expected, ()
                    expected += 1
                yield number, values
                expected += 1
            ready.clear()
            if not data:
                return
