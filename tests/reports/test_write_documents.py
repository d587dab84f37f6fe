"""Several documents at once: every page and PDF is started before the Word and Excel files, and
each file is the one write_document makes for that document alone (a PDF: the same text)."""

from __future__ import annotations

from datetime import date

from hwb.reports import render, render_pdf
from hwb.reports.document import Cell, Document, Paragraph, Section, Table

from output_text import pdf_info, pdf_text


def _doc(title: str) -> Document:
    table = Table(header=[["Indicator", "Value"]], sheet_name="Values",
                  rows=[[Cell(f"{title} indicator {i}"), Cell(f"{i}.5", number=i + 0.5, align="right")]
                        for i in range(30)])
    return Document(title=title, sections=[Section("Results", [Paragraph(f"About {title}. " * 10), table])],
                    footer="Footer", author="Test author", dated=date(2026, 6, 15))


def test_each_file_is_what_write_document_makes_and_the_paths_keep_its_order(tmp_path):
    docs = [(_doc("First"), "first"), (_doc("Second"), "second"), (_doc("Third"), "third")]
    together = render.write_documents(docs, tmp_path / "together")
    alone = [p for doc, stem in docs for p in render.write_document(doc, tmp_path / "alone", stem)]
    assert [p.name for p in together] == [p.name for p in alone]
    assert [p.name for p in together[:4]] == ["first.html", "first.pdf", "first.docx", "first.xlsx"]
    for made, reference in zip(together, alone):
        if made.suffix == ".pdf":  # a font subset's bytes depend on what the worker laid out before
            assert pdf_text(made, "-layout") == pdf_text(reference, "-layout")
            assert pdf_info(made)["Title"] == pdf_info(reference)["Title"] == made.stem.title()
        else:
            assert made.read_bytes() == reference.read_bytes(), made.name
    assert render._outstanding is None and all(w.pending == 0 for w in render_pdf._workers)


def test_only_the_formats_asked_for(tmp_path):
    paths = render.write_documents([(_doc("First"), "first"), (_doc("Second"), "second")], tmp_path, ("pdf", "xlsx"))
    assert [p.name for p in paths] == ["first.pdf", "first.xlsx", "second.pdf", "second.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_one_document_is_written_as_write_document_writes_it(tmp_path):
    [pdf] = render.write_documents([(_doc("Only"), "only")], tmp_path, ("pdf",))
    assert pdf == tmp_path / "only.pdf" and pdf_info(pdf)["Title"] == "Only"
