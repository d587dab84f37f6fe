"""Word tables are written as XML in one go: the same XML python-docx's own cell-by-cell API makes."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from hwb.reports import palette
from hwb.reports.document import Cell, GroupRow, Table
from hwb.reports.render_docx import _shade, _table


def _text(cell, text: str, *, bold: bool = False, align: str = "", size: float = 8.5) -> None:
    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align == "right":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "center":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def python_docx_table(out, table: Table, width_cm: float) -> None:
    """The table made cell by cell with python-docx (how hwb wrote Word tables before)."""
    columns = max(len(r) for r in table.header)
    if table.caption:
        out.add_paragraph(table.caption, style="Caption")
    grid = out.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    for header in table.header:
        row = grid.add_row()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)
        for cell, text in zip(row.cells, header):
            _text(cell, text, bold=True)
            _shade(cell._tc.get_or_add_tcPr(), "#F3F2F1")
    for data in table.rows:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if isinstance(data, GroupRow):
            merged = row.cells[0].merge(row.cells[-1])
            _text(merged, data.label, bold=True, size=9)
            _shade(merged._tc.get_or_add_tcPr(), "#DDE6EE")
            continue
        for cell, value in zip(row.cells, data):
            _text(cell, value.text, align=value.align)
            if value.status:
                _shade(cell._tc.get_or_add_tcPr(), palette.COLOURS[value.status])
    if table.widths:
        total = sum(table.widths)
        for i, column in enumerate(grid.columns):
            for cell in column.cells:
                cell.width = Cm(width_cm * table.widths[i] / total)


def _body(make) -> bytes:
    out = docx.Document()
    make(out)
    return etree.tostring(out.element.body)


STATUS = next(iter(palette.COLOURS))
TABLES = {
    "widths, a group row, alignments and fills": Table(
        header=[["Indicator", "Value", "Trend"]],
        rows=[GroupRow("Commitment one"),
              [Cell("Smoking"), Cell("12.5%", align="right"), Cell("Better", status=STATUS)],
              [Cell(""), Cell("1,241", align="center"), Cell(" leading and trailing ")]],
        caption="A caption", widths=[50, 25, 25]),
    "no widths, a short header row and a short data row": Table(
        header=[["Area", "Period", "Value", "Note"], ["", "From"]],
        rows=[[Cell("Leicestershire"), Cell("2024/25")], GroupRow("Only a label"),
              [Cell("a\tb"), Cell("line one\nline two\r\nthree"), Cell("&<>\"'"), Cell("\u00a0nbsp")]]),
}


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_a_table_is_the_xml_python_docx_makes_cell_by_cell(table):
    assert _body(lambda out: _table(out, table, 18.0, {})) == _body(lambda out: python_docx_table(out, table, 18.0))
