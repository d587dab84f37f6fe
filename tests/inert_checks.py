"""Shared checks that hostile user text stayed inert in Word and Excel outputs."""

from __future__ import annotations

import zipfile

import docx
import openpyxl


def inert_docx(path) -> docx.document.Document:
    """Open a .docx and assert it holds no hyperlinks or fields (so no HYPERLINK formula ran)."""
    document = docx.Document(path)
    body = document.element.body
    assert not body.xpath(".//w:hyperlink") and not body.xpath(".//w:fldSimple")
    assert all("HYPERLINK" not in t.text for t in body.xpath(".//w:instrText"))
    return document


def inert_xlsx(path):
    """Open an .xlsx, assert no cell is a formula, and return (workbook, text cells, cells starting '=').

    Every cell starting '=' must be a quote-prefixed string, which Excel shows and never evaluates.
    """
    with zipfile.ZipFile(path) as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and all("<f>" not in s and "<f " not in s for s in sheets)
    workbook = openpyxl.load_workbook(path)
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith("=")]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    return workbook, cells, risky
