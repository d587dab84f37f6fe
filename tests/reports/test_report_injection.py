"""Hostile text in a narrative, a heading or an indicator name is inert in every format."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from lxml import html

from hwb.reports.pack import write_board_pack
from inert_checks import inert_docx, inert_xlsx
from report_fixtures import NASTY, build_folder, nasty_strategy_yaml

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_pack(tmp_path):
    folder = build_folder(tmp_path / "store", nasty_strategy_yaml())
    evidence = folder.open_evidence()
    try:
        evidence.duck.execute("UPDATE indicators SET name = ? WHERE indicator_id = 'ahah'", [FORMULA])
        folder.publish(evidence)
    finally:
        evidence.close()
    try:
        paths = write_board_pack(folder, tmp_path / "out", section="Staying Healthy, Safe and Well")
    finally:
        folder.close()
    return {p.suffix: p for p in paths if p.stem.endswith("dashboard")}


def test_html_shows_the_text_and_runs_nothing(hostile_pack):
    raw = hostile_pack[".html"].read_text("utf-8")
    tree = html.fromstring(raw)
    assert tree.xpath("//script") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert NASTY in tree.text_content()
    assert not tree.xpath("//a"), "no link is created from text"


def test_pdf_prints_the_text(hostile_pack):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(hostile_pack[".pdf"]), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert FORMULA in flat


def test_docx_holds_plain_text_and_no_fields_or_links(hostile_pack):
    document = inert_docx(hostile_pack[".docx"])
    assert NASTY in [p.text for p in document.paragraphs]
    assert FORMULA in [p.text for p in document.paragraphs]


def test_xlsx_never_holds_a_formula(hostile_pack):
    _, cells, risky = inert_xlsx(hostile_pack[".xlsx"])
    assert {c.value for c in risky} == {FORMULA}
    assert any(c.value == NASTY for c in cells)
