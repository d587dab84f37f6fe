"""The BCF section as an Excel workbook: one sheet per part, text neutralised against formula injection."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from hwb.bcf.excel_layout import neutralise


def _sheet(wb, name: str, tables) -> None:
    ws = wb.create_sheet(name)
    r = 1
    for t in tables:
        ws.cell(row=r, column=1, value=neutralise(t.title)).font = Font(bold=True, size=12)
        r += 1
        for c, header in enumerate(t.headers, start=1):
            ws.cell(row=r, column=c, value=neutralise(header)).font = Font(bold=True)
        for row in t.rows:
            r += 1
            for c, text in enumerate(row, start=1):
                ws.cell(row=r, column=c, value=neutralise(text)).alignment = Alignment(wrap_text=True, vertical="top")
        if t.note:
            r += 1
            ws.cell(row=r, column=1, value=neutralise(t.note)).font = Font(italic=True)
        r += 2
    for letter in "ABCDEFG":
        ws.column_dimensions[letter].width = 28


def write_xlsx(section, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    if section.year_end:
        _sheet(wb, "Year end", section.year_end)
    _sheet(wb, "Metrics", [section.assessments] + [b.table for b in section.metrics])
    _sheet(wb, "Finance", section.finance)
    _sheet(wb, "Checks", [section.checks])
    wb.save(path)
