"""Rendering in a PDF worker process gives the same files as rendering in this process;
errors come back to the caller; Word's chart pictures are the bytes Vega's PNG export gives."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest
import vl_convert

from hwb.reports import render, render_pdf
from hwb.reports.charts import time_series_spec, to_png
from hwb.reports.document import Cell, Chart, Document, Paragraph, Section, Table
from hwb.reports.render_html import render_html

POINTS = [{"period": f"20{10 + i}", "value": 10.0 + i, "lower": 8.0 + i, "upper": 12.5 + i, "england": 11.0,
           "compared": "Similar" if i % 2 else "Better"} for i in range(6)]


def _doc(title: str = "Render test") -> Document:
    table = Table(header=[["Indicator", "Value"]], sheet_name="Values",
                  rows=[[Cell(f"Indicator {i}"), Cell(f"{i * 1.5:.1f}", number=i * 1.5, align="right")]
                        for i in range(60)])
    chart = Chart(time_series_spec("per 100,000", POINTS), alt="A test series", title="Trend")
    section = Section("Results", [Paragraph("A paragraph of text. " * 20), table, chart])
    return Document(title=title, sections=[section], footer="Footer", author="Test author", dated=date(2026, 6, 15))


@pytest.fixture(scope="module")
def reference_pdf(tmp_path_factory):
    """The PDF written in this process, as before workers."""
    path = tmp_path_factory.mktemp("reference") / "doc.pdf"
    return render_pdf.pdf_from_html(render_html(_doc()), path).read_bytes()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_chart_png_is_vegas_own_png(scale):
    spec = time_series_spec("%", POINTS)
    assert to_png(spec, scale=scale) == vl_convert.vegalite_to_png(spec, scale=scale)


def test_worker_pdf_equals_in_process_pdf(tmp_path, reference_pdf):
    if render_pdf.usable_cpus() < 2:
        pytest.skip("one CPU: PDFs are written in this process")
    paths = render.write_document(_doc(), tmp_path, "doc", ("html", "pdf", "docx", "xlsx"))
    assert [p.name for p in paths] == ["doc.html", "doc.pdf", "doc.docx", "doc.xlsx"]
    assert all(w.pending == 0 for w in render_pdf._workers) and render_pdf._workers
    assert (tmp_path / "doc.pdf").read_bytes() == reference_pdf
    assert (tmp_path / "doc.html").read_text("utf-8") == render_html(_doc())


def test_pdf_alone_is_written_in_process(tmp_path, reference_pdf):
    render_pdf.stop_workers()
    render.write_document(_doc(), tmp_path, "doc", ("pdf",))
    assert not render_pdf._workers
    assert (tmp_path / "doc.pdf").read_bytes() == reference_pdf


def test_worker_error_reaches_the_caller_and_the_next_document_gets_its_own_pdf(tmp_path, reference_pdf):
    (tmp_path / "bad.pdf").mkdir()  # a folder where the PDF should go
    with pytest.raises(IsADirectoryError):
        render.write_document(_doc(), tmp_path, "bad", ("html", "pdf"))
    render.write_document(_doc(), tmp_path, "good", ("html", "pdf"))
    assert (tmp_path / "good.pdf").read_bytes() == reference_pdf


def test_a_stopped_worker_is_reported_and_replaced(tmp_path, reference_pdf):
    if render_pdf.usable_cpus() < 2:
        pytest.skip("one CPU: no worker")
    worker = render_pdf.pdf_worker()
    worker._process.kill()
    worker._process.wait()
    worker.pending += 1  # as if it had been given a PDF
    with pytest.raises(RuntimeError, match="PDF worker stopped"):
        worker.result()
    render.write_document(_doc(), tmp_path, "after", ("html", "pdf"))
    assert (tmp_path / "after.pdf").read_bytes() == reference_pdf


def test_pdfs_in_background_are_all_written_when_the_block_ends(tmp_path, reference_pdf):
    with render.pdfs_in_background():
        for n in range(3):
            render.write_document(_doc(), tmp_path / str(n), "doc", ("html", "pdf", "xlsx"))
    assert render._outstanding is None
    for n in range(3):
        assert (tmp_path / str(n) / "doc.pdf").read_bytes() == reference_pdf
    assert all(w.pending == 0 for w in render_pdf._workers)


def test_pdfs_in_background_raise_the_first_error_after_all_are_written(tmp_path, reference_pdf):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "doc.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        with render.pdfs_in_background():
            for name in ("a", "b", "c"):
                render.write_document(_doc(), tmp_path / name, "doc", ("html", "pdf"))
    assert (tmp_path / "a" / "doc.pdf").read_bytes() == reference_pdf
    assert (tmp_path / "c" / "doc.pdf").read_bytes() == reference_pdf
    assert render._outstanding is None and all(w.pending == 0 for w in render_pdf._workers)


def test_the_callers_script_is_not_run_again_by_the_worker(tmp_path):
    """A script with no `if __name__ == "__main__"` guard runs once: the worker is a fresh
    `python -c`, not a multiprocessing child that imports the caller's main module."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(f"""
        from pathlib import Path
        from hwb.reports import render
        from hwb.reports.document import Document, Paragraph, Section
        with open({str(tmp_path / "runs.txt")!r}, "a") as runs:
            runs.write("run\\n")
        doc = Document(title="Script", sections=[Section("One", [Paragraph("Text")])])
        render.write_document(doc, Path({str(tmp_path / "out")!r}), "script", ("html", "pdf"))
    """), "utf-8")
    subprocess.run([sys.executable, str(script)], check=True, timeout=300)
    assert (tmp_path / "runs.txt").read_text() == "run\n"
    assert (tmp_path / "out" / "script.pdf").read_bytes().startswith(b"%PDF-")


def test_no_worker_when_hwb_pdf_workers_is_zero(tmp_path, reference_pdf, monkeypatch):
    render_pdf.stop_workers()
    monkeypatch.setenv("HWB_PDF_WORKERS", "0")
    render.write_document(_doc(), tmp_path, "doc", ("html", "pdf"))
    assert not render_pdf._workers
    assert (tmp_path / "doc.pdf").read_bytes() == reference_pdf
