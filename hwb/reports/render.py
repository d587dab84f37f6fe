"""Write a document in any of the four formats.

The page is made once (its charts drawn once, and reused for Word's pictures); when other
formats are wanted too, its PDF is laid out in a worker process while they are written.
Inside `pdfs_in_background()` a caller writing several documents does not wait for each PDF:
the next document is built while the last one's PDF is laid out."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from hwb.reports.document import Document
from hwb.reports.render_docx import write_docx
from hwb.reports.render_html import render_html, write_html
from hwb.reports.render_pdf import PdfWorker, pdf_from_html, pdf_worker, write_pdf
from hwb.reports.render_xlsx import write_xlsx

WRITERS = {"html": write_html, "pdf": write_pdf, "docx": write_docx, "xlsx": write_xlsx}
FORMATS = tuple(WRITERS)

_outstanding: list[PdfWorker] | None = None  # workers owing a PDF, inside pdfs_in_background()


def parse_formats(text: str) -> tuple[str, ...]:
    """'html,pdf' -> ('html', 'pdf'); ValueError naming any unknown format."""
    wanted = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in wanted if f not in WRITERS]
    if unknown or not wanted:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return wanted


def _collect(workers: list[PdfWorker]) -> None:
    """Wait for one PDF from each worker (in order); raise the first error after all are in."""
    errors = []
    for worker in workers:
        try:
            worker.result()
        except Exception as error:
            errors.append(error)
    if errors:
        raise errors[0]


@contextmanager
def pdfs_in_background():
    """Within the block write_document returns before its PDF is written; the block ends when
    every PDF is, raising the first error. Nested blocks wait at the outermost end."""
    global _outstanding
    if _outstanding is not None:
        yield
        return
    _outstanding = []
    try:
        yield
    except BaseException:
        owing, _outstanding = _outstanding, None
        try:
            _collect(owing)
        except Exception:
            pass  # the block's own error is the one to report
        raise
    owing, _outstanding = _outstanding, None
    _collect(owing)


def write_document(doc: Document, out_dir: Path, stem: str, formats=FORMATS) -> list[Path]:
    """Write `doc` as out_dir/stem.<format> for each format; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {f: out_dir / f"{stem}.{f}" for f in formats}
    background = _outstanding is not None
    worker = pdf_worker() if "pdf" in paths and (len(paths) > 1 or background) else None
    page = render_html(doc) if "html" in paths or "pdf" in paths else ""
    if worker is not None:
        worker.submit(page, paths["pdf"])
    try:
        for fmt, path in paths.items():
            if fmt == "html":
                path.write_text(page, "utf-8")
            elif fmt == "pdf" and worker is None:
                pdf_from_html(page, path)
            elif fmt != "pdf":
                WRITERS[fmt](doc, path)
    except BaseException:
        if worker is not None and not background:  # the next document must get its own PDF back
            try:
                worker.result()
            except Exception:
                pass
        raise
    finally:
        if worker is not None and background:
            _outstanding.append(worker)
    if worker is not None and not background:
        worker.result()
    return list(paths.values())


def write_documents(docs: list[tuple[Document, str]], out_dir: Path, formats=FORMATS) -> list[Path]:
    """write_document for each (document, stem), with every page made and its PDF started before
    any Word or Excel file is written, so that the PDFs are laid out side by side meanwhile.
    Returns the paths in the order write_document gives them, document by document."""
    if len(docs) == 1:  # its PDF in this process when it is the only format, as write_document does
        return write_document(docs[0][0], out_dir, docs[0][1], formats)
    first = tuple(f for f in formats if f in ("html", "pdf"))
    rest = tuple(f for f in formats if f not in first)
    with pdfs_in_background():
        for part in (first, rest):
            for doc, stem in docs if part else ():
                write_document(doc, out_dir, stem, part)
    return [Path(out_dir) / f"{stem}.{f}" for _, stem in docs for f in formats]
