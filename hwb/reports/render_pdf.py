"""PDF for printing: WeasyPrint lays out the same HTML with its print CSS (A4, page numbers,
table headers repeated on every page), tagged as PDF/UA-1 for assistive technology.

The file's properties name the report's title, author, subject and date only: the writer's own
name (WeasyPrint puts itself in Producer, in the document information and the XMP metadata
alike) is left out of both, so the two stay consistent."""

from __future__ import annotations

import re
from pathlib import Path

from weasyprint import HTML

from hwb.reports.document import Document
from hwb.reports.render_html import render_html

_PRODUCER = re.compile(rb'<rdf:Description rdf:about="" pdf:Producer="[^"]*"\s*/>')


def _without_producer(_document, pdf) -> None:
    """A WeasyPrint finisher: drop Producer from the information and the metadata stream."""
    pdf.info.pop("Producer", None)
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/Metadata" and hasattr(obj, "stream"):
            obj.stream = [_PRODUCER.sub(b"", part) if isinstance(part, bytes) else part for part in obj.stream]


def write_pdf(doc: Document, path: Path) -> Path:
    HTML(string=render_html(doc)).write_pdf(path, pdf_variant="pdf/ua-1", finisher=_without_producer)
    return path
