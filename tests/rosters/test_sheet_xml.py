"""Rows read from a worksheet's XML (``rosters.sheet_xml``) are the ones openpyxl's read-only
``iter_rows(values_only=True)`` gives, on workbooks written by hand to hold every kind of cell a
file from Excel, WPS or another program may carry; a damaged sheet is refused with a message."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rosters.reading import UnreadableFile, open_roster
from rosters.sheet_xml import column_number, worksheet_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

# Style 1 is a date, 2 a date and time, 3 a duration ([h]:mm:ss), 0 plain.
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

SHARED = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{MAIN}" count="3" uniqueCount="3">
<si><t>张伟</t></si>
<si><r><rPr><b/></rPr><t>浦东</t></r><r><t xml:space="preserve"> 祝桥</t></r></si>
<si><t>欧阳·娜</t><rPh sb="0" eb="2"><t>オウヨウ</t></rPh></si>
</sst>"""

# Every kind of cell: shared strings (plain, rich text, with a phonetic run), inline strings (plain,
# rich runs, phonetic, empty), whole and decimal numbers and an exponent, dates and a date-time
# by style, a duration, an ISO date cell, booleans, an error, a formula's cached number and text, an
# empty value, cells and rows without references, skipped columns and rows, padding whitespace.
SHEET = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">
<dimension ref="A1:F9"/>
<sheetData>
  <row r="1">
    <c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
    <c r="D1" t="inlineStr"><is><t>身份证号</t></is></c>
  </row>
  <row r="2">
    <c r="A2" t="inlineStr"><is><r><t>上海</t></r><r><rPr><i/></rPr><t>浦东</t></r></is></c>
    <c r="B2" t="inlineStr"><is><t>李</t><rPh sb="0" eb="1"><t>リ</t></rPh></is></c>
    <c r="C2" t="inlineStr"><is></is></c>
    <c r="E2" t="inlineStr"/>
  </row>
  <row r="4">
    <c r="A4"><v>42</v></c><c r="B4" t="n"><v>3.25</v></c><c r="C4"><v>1.5E3</v></c>
    <c r="D4" s="1"><v>46361</v></c><c r="E4" s="2"><v>46361.5</v></c><c r="F4" s="3"><v>1.25</v></c>
  </row>
  <row>
    <c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c>
    <c t="d"><v>2026-12-05T08:30:00</v></c><c><v></v></c>
  </row>
  <row r="6" spans="1:3">
    <c r="A6"><f>1+1</f><v>2</v></c><c r="B6" t="str"><f>"祝"&amp;"桥"</f><v>祝桥</v></c>
    <c r="D6" t="inlineStr"><is><t xml:space="preserve">  310115199001011232 </t></is></c>
  </row>
  <row r="9"><c r="C9" s="1"><v>59</v></c><c r="AB9"><v>7</v></c></row>
</sheetData>
</worksheet>"""


def workbook(path: Path, sheet: str = SHEET, *, date1904: bool = False) -> Path:
    properties = '<workbookPr date1904="1"/>' if date1904 else ""
    book = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{properties}
<sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>"""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", SHARED)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def both(path: Path) -> tuple[list, list]:
    """What openpyxl's own reader gives, numbered as the importer numbered it, and what ours gives."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    theirs = [(number, tuple(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    ours = list(worksheet_rows(sheet))
    book.close()
    return theirs, ours


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path, date1904):
    theirs, ours = both(workbook(tmp_path / "kinds.xlsx", date1904=date1904))
    assert ours == theirs
    rows = dict(ours)
    assert rows[1] == ("张伟", "浦东 祝桥", "欧阳·娜", "身份证号")
    assert rows[2] == ("上海浦东", "李", "", None, None)
    assert rows[3] == ()
    epoch = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    assert rows[4] == (
        42,
        3.25,
        1500.0,
        epoch + datetime.timedelta(days=46361),
        epoch + datetime.timedelta(days=46361.5),
        datetime.timedelta(hours=30),
    )
    assert rows[5] == (True, False, "#N/A", datetime.datetime(2026, 12, 5, 8, 30), None)
    assert rows[6] == (2, "祝桥", None, "  310115199001011232 ")
    assert rows[7] == rows[8] == ()
    assert len(rows[9]) == column_number("AB9") == 28
    assert rows[9][27] == 7


def test_the_bench_style_workbook_reads_as_openpyxl_reads_it(tmp_path):
    """A workbook as openpyxl's write-only mode writes it (inline strings, no <dimension>)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("服务个案")
    sheet.append(["编号", "受理日期", "金额", "是否"])
    for index in range(300):
        sheet.append(
            [f"BC{index:07d}", datetime.date(2026, 1, 1) + datetime.timedelta(days=index), index * 1.5, index % 2 == 0]
        )
    sheet.append([])
    sheet.append([None, None, "末行"])
    path = tmp_path / "written.xlsx"
    book.save(path)
    theirs, ours = both(path)
    assert ours == theirs
    assert len(ours) == 303


def test_a_sheet_that_prefixes_the_spreadsheet_namespace_reads_as_openpyxl_reads_it(tmp_path):
    """Some programs write ``<x:worksheet xmlns:x="…">`` with every element prefixed."""
    prefixed = re.sub(r"<(/?)(worksheet|dimension|sheetData|row|c|v|f|is|t|r|rPr|i|rPh)\b", r"<\1x:\2", SHEET)
    prefixed = prefixed.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
    theirs, ours = both(workbook(tmp_path / "prefixed.xlsx", prefixed))
    assert ours == theirs
    assert dict(ours)[6] == (2, "祝桥", None, "  310115199001011232 ")


def test_a_sheet_in_another_namespace_has_no_rows_as_openpyxl_reads_it(tmp_path):
    other = SHEET.replace(f'xmlns="{MAIN}"', 'xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"')
    theirs, ours = both(workbook(tmp_path / "strict.xlsx", other))
    assert ours == theirs == []


def test_a_sheet_with_a_document_type_declaration_is_refused(tmp_path):
    sheet = SHEET.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY a "祝桥祝桥祝桥">]>',
    ).replace("<v>42</v>", "<v>&a;</v>")
    path = workbook(tmp_path / "doctype.xlsx", sheet)
    with open_roster(path) as roster, pytest.raises(UnreadableFile) as refused:
        list(roster.sources[0].rows)
    assert str(refused.value) == "工作表“人员”无法读取，文件可能已损坏。"


def test_a_damaged_sheet_is_refused_with_a_message(tmp_path):
    path = workbook(tmp_path / "cut.xlsx", SHEET[: SHEET.index('<row r="6"')] + '<row r="6"><c r="A6"><v>1')
    with open_roster(path) as roster, pytest.raises(UnreadableFile) as refused:
        list(roster.sources[0].rows)
    assert str(refused.value) == "工作表“人员”无法读取，文件可能已损坏。"


@pytest.mark.parametrize(("reference", "number"), [("A1", 1), ("Z9", 26), ("AA10", 27), ("AB9", 28), ("xfd3", 16384)])
def test_column_numbers_of_cell_references(reference, number):
    assert column_number(reference) == number
