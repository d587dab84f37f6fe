"""PDF for printing: WeasyPrint lays out the same HTML with its print CSS (A4, page numbers,
table headers repeated on every page), tagged as PDF/UA-1 for assistive technology.

The file's properties name the report's title, author, subject and date only: the writer's own
name (WeasyPrint puts itself in Producer, in the document information and the XMP metadata
alike) is left out of both, so the two stay consistent.

Layout is the slow part of a board pack, so `PdfWorker` runs it in a second Python process
(`python -c`, so the caller's main module is never run again) while this one writes the
other formats; workers are started when first needed and kept for the following documents."""

from __future__ import annotations

import atexit
import os
import pickle
import re
import subprocess
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hwb.reports.document import Document

_PRODUCER = re.compile(rb'<rdf:Description rdf:about="" pdf:Producer="[^"]*"\s*/>')


def _without_producer(_document, pdf) -> None:
    """A WeasyPrint finisher: drop Producer from the information and the metadata stream."""
    pdf.info.pop("Producer", None)
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/Metadata" and hasattr(obj, "stream"):
            obj.stream = [_PRODUCER.sub(b"", part) if isinstance(part, bytes) else part for part in obj.stream]


def pdf_from_html(html: str, path: str | Path) -> Path:
    """Lay out a page that render_html made and write it to `path` as PDF/UA-1."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1", finisher=_without_producer)
    return Path(path)


def write_pdf(doc: Document, path: Path) -> Path:
    from hwb.reports.render_html import render_html  # not needed by a worker, which is given the page

    return pdf_from_html(render_html(doc), path)


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class PdfWorker:
    """A process that writes PDFs in the order submitted: `submit` returns at once, `result`
    waits for the oldest outstanding PDF and returns its path or raises its error."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from hwb.reports.render_pdf import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.pending = 0

    def alive(self) -> bool:
        return self._process.poll() is None

    def submit(self, html: str, path: Path) -> None:
        pickle.dump((html, str(path)), self._process.stdin)
        self._process.stdin.flush()
        self.pending += 1

    def result(self) -> Path:
        self.pending -= 1
        try:
            ok, value = pickle.load(self._process.stdout)
        except EOFError:
            code = self._process.wait()
            raise RuntimeError(f"the PDF worker stopped (exit code {code}) before writing its PDF") from None
        if not ok:
            raise value
        return Path(value)

    def close(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()
        self._process.wait()


def serve() -> None:
    """The worker's loop: (html, path) in on stdin, (True, path) or (False, error) out on stdout;
    Ctrl-C (which reaches the whole process group) ends it quietly."""
    try:
        _serve()
    except KeyboardInterrupt:
        pass


def _serve() -> None:
    import weasyprint  # noqa: F401 - loaded while the first page is still being made

    jobs, results = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed may corrupt the results
    while True:
        try:
            html, path = pickle.load(jobs)
        except EOFError:
            return
        try:
            outcome = (True, str(pdf_from_html(html, path)))
        except Exception as error:  # the caller raises it
            outcome = (False, error)
        try:
            data = pickle.dumps(outcome)
        except Exception:  # an error that cannot be pickled goes back as its traceback
            data = pickle.dumps((False, RuntimeError("".join(traceback.format_exception(outcome[1])))))
        results.write(data)
        results.flush()


#: Workers at most: two lay out two documents at once when a caller does not wait for each.
MAX_WORKERS = 2
#: Set to 0 to write every PDF in the calling process (or to another number of workers at most).
WORKERS_VARIABLE = "HWB_PDF_WORKERS"

_workers: list[PdfWorker] = []


def _most_workers() -> int:
    """HWB_PDF_WORKERS (MAX_WORKERS if unset or not a number), at most the CPUs; 0 on one CPU."""
    try:
        wanted = int(os.environ.get(WORKERS_VARIABLE, MAX_WORKERS))
    except ValueError:
        wanted = MAX_WORKERS
    cpus = usable_cpus()
    return min(wanted, cpus) if cpus > 1 else 0


def pdf_worker() -> PdfWorker | None:
    """An idle worker (started if none is, up to MAX_WORKERS and the CPUs there are), else
    the one with the fewest PDFs to write; None on one CPU or when HWB_PDF_WORKERS is 0."""
    most = _most_workers()
    if most < 1:
        return None
    _workers[:] = [w for w in _workers if w.alive()]
    idle = [w for w in _workers if not w.pending]
    if idle:
        return idle[0]
    if len(_workers) < most:
        _workers.append(PdfWorker())
        return _workers[-1]
    return min(_workers, key=lambda w: w.pending)


@atexit.register
def stop_workers() -> None:
    """End the workers (each finishes what it was given first)."""
    while _workers:
        _workers.pop().close()
