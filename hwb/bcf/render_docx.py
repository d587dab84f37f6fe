"""The BCF section as a Word document (board papers are Word documents)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from hwb.bcf.charts import to_png


def _table(doc, t) -> None:
    doc.add_heading(t.title, level=3)
    table = doc.add_table(rows=1, cols=len(t.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, t.headers):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in t.rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    if t.note:
        doc.add_paragraph(t.note).runs[0].italic = True


def write_docx(section, path: Path) -> None:
    doc = Document()
    page = doc.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(15)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(section.title, level=1)
    doc.add_paragraph(section.subtitle)
    if section.year_end:
        doc.add_heading("Year-end return", level=2)
        for t in section.year_end:
            _table(doc, t)
        for heading, text in section.year_end_text:
            doc.add_heading(heading, level=3)
            doc.add_paragraph(text)
    doc.add_heading("Metrics: plan against actual", level=2)
    _table(doc, section.assessments)
    for block in section.metrics:
        doc.add_picture(BytesIO(to_png(block.chart)), width=Mm(170))
        _table(doc, block.table)
    doc.add_heading("Income and expenditure", level=2)
    for t in section.finance:
        _table(doc, t)
    doc.add_heading("Checks", level=2)
    _table(doc, section.checks)
    doc.save(path)
