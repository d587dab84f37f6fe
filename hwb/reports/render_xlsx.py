"""Excel: one sheet per report table (numbers as numbers, significance as words and
fills, frozen headers) plus a sheet with the report's text. No cell is ever a formula."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hwb.reports import palette
from hwb.reports.document import (BulletList, Chart, Document, Footnote, GroupRow, Heading, Legend, Paragraph,
                                  Table, xml_safe)
from hwb.reports.figures import PUBLISHED_MARK

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")


def put_text(sheet, row: int, column: int, text: str):
    """Write text as a literal string; text Excel could read as a formula is quote-prefixed."""
    cell = sheet.cell(row=row, column=column)
    cell.value = xml_safe(text)
    cell.data_type = "s"
    if text.startswith(_RISKY):
        cell.quotePrefix = True
    return cell


def _sheet_name(name: str, taken: set[str]) -> str:
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'")
    if len(base) > 31:
        base = base[:32].rsplit(" ", 1)[0] if " " in base[:32] else base[:31]
    base = base or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _table_sheet(book, table: Table, name: str) -> None:
    sheet = book.create_sheet(name)
    grouped = any(isinstance(r, GroupRow) for r in table.rows)
    lead = ["Section"] if grouped else []
    widths: dict[int, int] = {}
    for r, header in enumerate(table.header, 1):
        for c, text in enumerate(lead + header, 1):
            cell = put_text(sheet, r, c, text)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[c] = max(widths.get(c, 0), min(len(text), 30))
    row_number, group = len(table.header), ""
    for data in table.rows:
        if isinstance(data, GroupRow):
            group = data.label
            continue
        row_number += 1
        if grouped:
            put_text(sheet, row_number, 1, group)
            widths[1] = max(widths[1], min(len(group), 40))
        for c, value in enumerate(data, len(lead) + 1):
            if value.number is not None:
                cell = sheet.cell(row=row_number, column=c, value=value.number)
                cell.number_format = value.number_format or "General"
                if PUBLISHED_MARK in value.text:
                    cell.comment = Comment(f"Published figure: {value.text}", "hwb")
            else:
                cell = put_text(sheet, row_number, c, value.text)
            if value.status:
                cell.fill = PatternFill("solid", fgColor=palette.COLOURS[value.status].lstrip("#"))
            widths[c] = max(widths.get(c, 0), min(len(value.text), 60))
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = max(width + 2, 8)
    sheet.freeze_panes = sheet.cell(row=len(table.header) + 1, column=len(lead) + 2)
    sheet.auto_filter.ref = f"A{len(table.header)}:{get_column_letter(max(widths))}{max(row_number, len(table.header))}"


def _text_rows(doc: Document):
    """(section, kind, text) for every piece of prose in the document."""
    yield "", "Title", doc.title
    if doc.subtitle:
        yield "", "Subtitle", doc.subtitle
    for section in doc.sections:
        yield section.title, "Section", section.title
        for block in section.blocks:
            if isinstance(block, Heading):
                yield section.title, "Heading", block.text
            elif isinstance(block, Paragraph):
                yield section.title, block.style.capitalize() or "Paragraph", block.text
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield section.title, "Bullet", item
            elif isinstance(block, (Footnote, Chart)):
                yield section.title, "Footnote" if isinstance(block, Footnote) else "Chart", \
                    block.text if isinstance(block, Footnote) else block.alt
            elif isinstance(block, Legend):
                yield section.title, "Legend", f"{block.title}: " + "; ".join(label for _, label in block.items)


def write_xlsx(doc: Document, path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in doc.tables():
        if table.sheet_name:
            _table_sheet(book, table, _sheet_name(table.sheet_name, taken))
    text = book.create_sheet(_sheet_name("Report text", taken))
    for c, label in enumerate(("Section", "Kind", "Text"), 1):
        put_text(text, 1, c, label).font = Font(bold=True)
    for r, row in enumerate(_text_rows(doc), 2):
        for c, value in enumerate(row, 1):
            put_text(text, r, c, value).alignment = Alignment(wrap_text=c == 3, vertical="top")
    text.column_dimensions["A"].width = 40
    text.column_dimensions["B"].width = 12
    text.column_dimensions["C"].width = 120
    text.freeze_panes = "A2"
    book.properties.title = xml_safe(doc.title)
    book.save(path)
    return path
