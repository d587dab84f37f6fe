"""The text a reader sees in each output format (for scans of the words a paper uses)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest


def pdf_text(path: Path, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def html_text(path: Path) -> str:
    """Visible text and every attribute value (alt text, titles, meta contents)."""
    page = path.read_text("utf-8")
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', " ", page)
    attributes = " ".join(re.findall(r'(?:alt|content|title|aria-label)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    body = document.element.body
    parts = [t.text or "" for t in body.iter() if t.tag.endswith("}t")]
    parts += [d.get("descr") or "" for d in body.xpath(".//wp:docPr")]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    props = document.core_properties
    parts += [props.author, props.title, props.subject, props.comments, props.last_modified_by, props.keywords]
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    parts = list(book.sheetnames)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    parts.append(str(cell.value))
                if cell.comment is not None:
                    parts += [cell.comment.text, cell.comment.author]
    props = book.properties
    parts += [props.creator or "", props.title or "", props.subject or "", props.lastModifiedBy or ""]
    return "\n".join(parts)


def output_text(path: Path) -> str:
    readers = {".pdf": pdf_text, ".html": html_text, ".docx": docx_text, ".xlsx": xlsx_text}
    return readers[path.suffix](path)
