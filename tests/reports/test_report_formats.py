"""Open every format as a reader would and check it says what the results table says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from hwb.reports.pack import write_board_pack

from report_fixtures import STRATEGY_YAML, build_folder

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pack")
    folder = build_folder(root / "store", STRATEGY_YAML.replace("NARRATIVE", "WorkWell update"))
    try:
        paths = write_board_pack(folder, root / "out")
    finally:
        folder.close()
    return {p.name: p for p in paths}


def test_board_pack_writes_both_documents_in_four_formats(pack):
    assert sorted(pack) == sorted(
        f"{stem}.{ext}" for stem in ("staying-healthy-safe-and-well-dashboard", "health-protection-appendix")
        for ext in ("html", "pdf", "docx", "xlsx"))


def _pdftotext(path: Path, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_text_pages_and_artefact(pack):
    pdf = pack["staying-healthy-safe-and-well-dashboard.pdf"]
    text = " ".join(_pdftotext(pdf).split())
    assert "Staying Healthy, Safe and Well: progress and dashboard" in text
    assert "Page 1 of" in text
    assert "Smoking prevalence in adults (%)" in text and "13/16 †" in text
    assert "Decreasing and getting better" in text
    # the dashboard is printed landscape, the narrative portrait
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    sizes = {line.split(":", 1)[1].split("pts")[0].strip() for line in info.splitlines() if "size:" in line}
    assert {"595.276 x 841.89", "841.89 x 595.276"} <= sizes
    ARTIFACTS.mkdir(exist_ok=True)
    if shutil.which("pdftoppm"):
        for name in ("staying-healthy-safe-and-well-dashboard", "health-protection-appendix"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pack[f"{name}.pdf"]),
                            str(ARTIFACTS / f"{name}-page")], check=True)
        assert (ARTIFACTS / "health-protection-appendix-page-1.png").stat().st_size > 5000


def test_pdf_repeats_table_headers_on_every_page(pack):
    text = _pdftotext(pack["health-protection-appendix.pdf"])
    pages = [p for p in text.split("\f") if "Cancer screening coverage: breast cancer (%)" in p and "2024" in p]
    assert pages and all("Compared with England" in p for p in pages)


def test_docx_has_real_headings_and_tables(pack):
    document = docx.Document(pack["staying-healthy-safe-and-well-dashboard.docx"])
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Progress: Building strong foundations") in headings
    assert ("Heading 1", "Appendix A (1): Building strong foundations") in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0][-2:] == ["Compared with England", "Against goal"]
    assert ["Smoking prevalence in adults (%)", "Persons", "18+ yrs", "2024", "7.4%", "2/16", "10.4%",
            "▼ Decreasing and getting better", "◆ Better", "No goal"] in rows
    header_flag = table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert header_flag, "the header row repeats on every page"
    orientations = {s.orientation for s in document.sections}
    assert len(orientations) == 2


def test_docx_charts_have_text_alternatives(pack):
    document = docx.Document(pack["health-protection-appendix.docx"])
    alts = [d.get("descr") for d in document.element.body.xpath(".//wp:docPr")]
    assert len(alts) == 4
    assert any(a.startswith("Chart of Cancer screening coverage: breast cancer (%) for Leicestershire, 2020 to 2024")
               for a in alts)


def test_xlsx_numbers_are_numbers_and_significance_is_words_and_fill(pack):
    book = openpyxl.load_workbook(pack["staying-healthy-safe-and-well-dashboard.xlsx"])
    sheet = book["Dashboard 1 Building strong"]  # whole words within Excel's 31 characters
    assert [sheet.cell(row, 1).value for row in range(1, 5)] == [
        "Test dashboard (1)", "Source: OHID Fingertips.",
        "Figures as at the latest period published for each indicator (the most recent is 2024).",
        "Units: as given in each indicator's name (per cent where marked %)."]
    header = [c.value for c in sheet[6]]
    assert header == ["Section", "Indicator", "Sex", "Age", "Time period", "Value", "Lower 95% CI", "Upper 95% CI",
                      "Count", "Rank among nearest neighbours", "Rank", "Areas ranked", "England",
                      "Direction of travel", "Compared with England", "Against goal"]
    assert sheet.freeze_panes == "C7"
    rows = [[c for c in r] for r in sheet.iter_rows(min_row=7)]
    smoking = next(r for r in rows if r[1].value == "Smoking prevalence in adults (%)" and r[2].value == "Persons")
    assert smoking[0].value == "D3 Healthy workplaces and local economy"
    assert [c.value for c in smoking[5:8]] == [pytest.approx(7.4), pytest.approx(6.5), pytest.approx(8.3)]
    assert all(c.data_type == "n" for c in smoking[5:8] + smoking[10:13])
    assert [c.value for c in smoking[9:13]] == ["2/16", 2, 16, pytest.approx(10.4)]
    assert smoking[14].value == "◆ Better" and smoking[14].fill.fgColor.rgb.endswith("56B4E9")
    ahah = next(r for r in rows if r[1].value.startswith("Access to Healthy Assets"))
    assert [c.value for c in ahah[9:12]] == ["13/16 †", 13, 16]
    assert "Report text" in book.sheetnames


def test_health_protection_xlsx_has_a_sheet_per_table(pack):
    book = openpyxl.load_workbook(pack["health-protection-appendix.xlsx"])
    assert book.sheetnames == ["Coverage at 24 months", "HPV one dose (females)", "NIPE",
                               "Breast screening", "Cervical screening (50-64)", "Report text"]
    breast = book["Breast screening"]
    assert [breast.cell(row, 1).value for row in (1, 2, 4)] == [
        "Cancer screening coverage: breast cancer (%): Leicestershire", "Source: OHID Fingertips.", "Units: %."]
    assert [c.value for c in breast[6]] == ["Period", "Count", "Value", "Lower 95% CI", "Upper 95% CI",
                                           "England", "Compared with England"]
    assert [c.value for c in breast[11]][:3] == ["2024", 1004, pytest.approx(74.0)]
