"""Excel: one sheet per report table (numbers as numbers, significance as words and
fills, frozen headers) plus a sheet with the report's text. No cell is ever a formula."""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hwb.reports import palette
from hwb.reports.document import (BulletList, Cell, Chart, Document, Footnote, GroupRow, Heading, Legend,
                                  Paragraph, Table, list_items, xml_safe)
from hwb.reports.figures import PUBLISHED_MARK
from hwb.reports.package import settle_package

_DANGLING = {"and", "&", "of", "the", "for", "to", "in", "on", "a", "an", "with"}
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


def _whole_words(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary (a single long word is cut)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    cut = (cut if " " in text[: limit + 1] else text[:limit]).rstrip(" ,;-(")
    words = cut.split(" ")
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # not 'Local Healthy workplaces and'
        words.pop()
    return " ".join(words).rstrip(" ,;-(")


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _whole_words(" ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'"), 31) or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = _whole_words(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _extra_names(table: Table) -> list[list[str]]:
    """For each column, the names of the numbers its cells carry for Excel only."""
    names: list[list[str]] = [[] for _ in range(max(len(h) for h in table.header))]
    for row in table.rows:
        if isinstance(row, GroupRow):
            continue
        for i, cell in enumerate(row):
            names[i] += [n for n, _ in cell.extra if n not in names[i]]
    return names


def _write_value(sheet, row: int, column: int, value: Cell):
    if value.number is None:
        return put_text(sheet, row, column, value.text)
    cell = sheet.cell(row=row, column=column, value=value.number)
    cell.number_format = value.number_format or "General"
    if PUBLISHED_MARK in value.text:
        cell.comment = Comment(f"Published figure: {value.text}", "Report")
    return cell


def _table_sheet(book, table: Table, name: str) -> None:
    """Caption, units, source and as-at lines; then the header and the rows, each text column
    followed by the numbers behind it (rank and count, confidence limits) as numbers."""
    sheet = book.create_sheet(name)
    grouped = any(isinstance(r, GroupRow) for r in table.rows)
    lead = ["Section"] if grouped else []
    extras = _extra_names(table)
    put_text(sheet, 1, 1, table.caption or name).font = Font(bold=True, size=12)
    for r, note in enumerate(table.notes, 2):
        put_text(sheet, r, 1, note)
    top = len(table.notes) + 3
    widths: dict[int, int] = {}

    def header_cell(r: int, c: int, text: str) -> None:
        cell = put_text(sheet, r, c, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths[c] = max(widths.get(c, 0), min(len(text), 30))

    for r, header in enumerate(table.header, top):
        c = 1
        for text in lead:
            header_cell(r, c, text)
            c += 1
        for i, text in enumerate(header):
            header_cell(r, c, text)
            for extra in extras[i]:
                header_cell(r, c + 1, extra if r == top + len(table.header) - 1 else "")
                c += 1
            c += 1
    row_number, group = top + len(table.header) - 1, ""
    for data in table.rows:
        if isinstance(data, GroupRow):
            group = data.label
            continue
        row_number += 1
        c = 1
        if grouped:
            put_text(sheet, row_number, 1, group)
            widths[1] = max(widths.get(1, 0), min(len(group), 40))
            c = 2
        for i, value in enumerate(data):
            cell = _write_value(sheet, row_number, c, value)
            if value.status:
                cell.fill = PatternFill("solid", fgColor=palette.COLOURS[value.status].lstrip("#"))
            widths[c] = max(widths.get(c, 0), min(len(value.text), 60))
            numbers = dict(value.extra)
            for extra in extras[i]:
                c += 1
                number = numbers.get(extra)
                if number is not None:
                    sheet.cell(row=row_number, column=c, value=number).number_format = "#,##0.0##"
            c += 1
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = max(width + 2, 8)
    last_header = top + len(table.header) - 1
    sheet.freeze_panes = sheet.cell(row=last_header + 1, column=len(lead) + 2)
    sheet.auto_filter.ref = f"A{last_header}:{get_column_letter(max(widths))}{max(row_number, last_header)}"


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
                for depth, item in list_items(block):
                    yield section.title, "Bullet" if not depth else f"Bullet (level {depth + 1})", item
            elif isinstance(block, (Footnote, Chart)):
                yield section.title, "Footnote" if isinstance(block, Footnote) else "Chart", \
                    block.text if isinstance(block, Footnote) else block.alt
            elif isinstance(block, Legend):
                yield section.title, "Legend", f"{block.title}: " + "; ".join(label for _, label in block.items)


def _properties(props, doc: Document) -> None:
    """Title, subject and author from the document; created on the document's date, not the clock's."""
    props.title = xml_safe(doc.title)
    props.subject = xml_safe(doc.subject)
    props.creator = props.lastModifiedBy = xml_safe(doc.author)
    if doc.dated:
        props.created = datetime.combine(doc.dated, time())


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
    _properties(book.properties, doc)
    book.save(path)
    return settle_package(Path(path), doc.dated)
