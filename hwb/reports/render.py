"""Write a document in any of the four formats."""

from __future__ import annotations

from pathlib import Path

from hwb.reports.document import Document
from hwb.reports.render_docx import write_docx
from hwb.reports.render_html import write_html
from hwb.reports.render_pdf import write_pdf
from hwb.reports.render_xlsx import write_xlsx

WRITERS = {"html": write_html, "pdf": write_pdf, "docx": write_docx, "xlsx": write_xlsx}
FORMATS = tuple(WRITERS)


def parse_formats(text: str) -> tuple[str, ...]:
    """'html,pdf' -> ('html', 'pdf'); ValueError naming any unknown format."""
    wanted = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in wanted if f not in WRITERS]
    if unknown or not wanted:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return wanted


def write_document(doc: Document, out_dir: Path, stem: str, formats=FORMATS) -> list[Path]:
    """Write `doc` as out_dir/stem.<format> for each format; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [WRITERS[f](doc, out_dir / f"{stem}.{f}") for f in formats]
