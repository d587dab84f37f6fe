"""PDF for printing: WeasyPrint lays out the same HTML with its print CSS (A4, page numbers,
table headers repeated on every page), tagged as PDF/UA-1 for assistive technology."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from hwb.reports.document import Document
from hwb.reports.render_html import render_html


def write_pdf(doc: Document, path: Path) -> Path:
    HTML(string=render_html(doc)).write_pdf(path, pdf_variant="pdf/ua-1")
    return path
