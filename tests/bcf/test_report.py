"""The BCF board-pack section: read back from every format as a reader would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import html

from hwb.bcf.demo import demo_plan, demo_year_end
from hwb.bcf.report import build_report
from hwb.bcf.rules import run_rules
from hwb.bcf.store import load_demo
from hwb.demo.run import write_bcf_reports
from hwb.reports.document import Chart, Table
from hwb.reports.render import write_document
from inert_checks import inert_docx, inert_xlsx

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NASTY = "<script>alert(1)</script> Successes"
FORMULA = '=HYPERLINK("http://x","y")'
SUMMARY = [("Emergency admissions to hospital for people aged 65+ per 100,000 population", "1661", "1469"),
           ("DISCHARGE DELAY", "89%", "86.2%"), ("RESIDENTIAL Admissions", "867", "858")]


def _results() -> list[tuple[str, str]]:
    return [(r.name, r.outcome) for r in run_rules(demo_plan())]


def _pdftotext(path: Path, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bcf")
    return {p.suffix: p for p in write_document(build_report(demo_plan(), demo_year_end()), out, "bcf")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    plan, year_end = demo_plan(), demo_year_end()
    plan.schemes[0].description = NASTY
    plan.schemes[1].description = FORMULA
    year_end.successes = NASTY
    year_end.challenges = FORMULA
    out = tmp_path_factory.mktemp("hostile")
    return {p.suffix: p for p in write_document(build_report(plan, year_end), out, "bcf")}


def test_document_has_every_part_and_charts_come_with_their_tables():
    doc = build_report(demo_plan(), demo_year_end())
    assert [s.title for s in doc.sections] == [
        "Summary", "Cover and sign-off 2026-27", "Income 2026-27", "Expenditure 2026-27", "Checks on the 2026-27 plan",
        "Metrics: plan against actual", "Narrative return 2026-27", "National conditions: assurance statements 2026-27",
        "Year-end return 2025-26", "Appendix: expenditure schemes 2026-27"]
    assert [s.appendix for s in doc.sections].count(True) == 1
    metrics = doc.sections[5].blocks
    charts = [i for i, b in enumerate(metrics) if isinstance(b, Chart)]
    assert len(charts) == 3
    for i in charts:
        assert metrics[i].alt.startswith("Line chart of ") and isinstance(metrics[i + 1], Table)
        assert {v["kind"] for v in metrics[i].spec["data"]["values"]} <= {"Plan", "Actual"}
    assert "Latest actual 1,480.8 (Oct 2025) against a plan of 1,592.0." in metrics[charts[0]].alt
    assert all(t.sheet_name for t in doc.tables())


def test_without_a_year_end_the_plan_parts_remain():
    doc = build_report(demo_plan())
    assert doc.subtitle == "Plan 2026-27"
    assert "Year-end return 2025-26" not in [s.title for s in doc.sections]
    assert "Metrics: plan against actual" in [s.title for s in doc.sections]


def _html_table(tree, caption: str) -> list[list[str]]:
    table = tree.xpath(f'//table[caption[starts-with(normalize-space(), "{caption}")]]')[0]
    return [[" ".join(c.text_content().split()) for c in row.xpath("./td|./th")] for row in table.xpath(".//tr")]


def test_html_figures(report):
    tree = html.fromstring(report[".html"].read_text("utf-8"))
    assert tree.xpath("//script") == []
    summary = _html_table(tree, "BCF metrics 2025-26")
    assert summary[0] == ["Metric", "What the figures measure", "Target", "Actual", "Commentary"]
    for row, (metric, target, actual) in zip(summary[1:], SUMMARY):
        assert row[0].startswith(metric) and row[2:4] == [target, actual]
    assert summary[1][1].startswith("Average monthly rate per 100,000 people aged 65+, April to December 2025")
    outturn = dict(_html_table(tree, "End of year 2025-26")[1:])
    assert outturn["% of planned income spent"] == "98%"
    assert outturn["DFG end of year actual expenditure"] == "£4,512,965"
    assert ["NHS Minimum Contribution", "£59,017,028", "£59,017,028", "£0", "£40,365,293", "£18,651,735"] in (
        _html_table(tree, "Running balances 2026-27"))
    checks = _html_table(tree, "Checks on the 2026-27 plan")[1:]
    assert [(row[0], row[1]) for row in checks] == _results()
    cells = tree.xpath('//table[caption[starts-with(., "Checks")]]//td[2]')
    colours = {c.text_content(): c.get("class").split()[-1] for c in cells}
    assert colours == {"Pass": "status-green", "Itemised in full": "status-green", "Source incomplete": "status-amber"}
    images = tree.xpath("//figure/img")
    assert len(images) == 3 and all(i.get("src").startswith("data:image/svg+xml") for i in images)
    assert all(i.get("alt").startswith("Line chart of ") for i in images)


def test_pdf_reads_as_a_board_paper(report):
    pdf = report[".pdf"]
    flat = " ".join(_pdftotext(pdf).split())
    assert "Better Care Fund: Leicestershire" in flat and "Page 1 of" in flat
    assert "98% of the planned income of £84,801,607" in flat
    assert "Disabled Facilities Grant spend was £4,512,965" in flat
    layout = _pdftotext(pdf, "-layout")
    assert re.search(r"% of planned income spent\s+98%", layout)
    assert re.search(r"DFG end of year actual expenditure\s+£4,512,965", layout)
    for metric, target, actual in SUMMARY:
        assert re.search(rf"\s{re.escape(target)}\s+{re.escape(actual)}\s", layout)
    checks = layout[layout.index("Check  "):]
    checks = checks[:checks.index("Result\n")]
    words = re.findall(r"\s(Pass|Fail|Itemised|Source)\s", checks)
    words = [{"Itemised": "Itemised in full", "Source": "Source incomplete"}.get(w, w) for w in words]
    assert words == [word for _, word in _results()]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in info
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "bcf-page")],
                       check=True)


def _docx_table(document, header: list[str]) -> list[list[str]]:
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == header)
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_docx_figures(report):
    document = docx.Document(report[".docx"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Year-end return 2025-26" in headings and "Checks on the 2026-27 plan" in headings
    summary = _docx_table(document, ["Metric", "What the figures measure", "Target", "Actual", "Commentary"])
    assert [row[2:4] for row in summary] == [[t, a] for _, t, a in SUMMARY]
    assert ["% of planned income spent", "98%"] in _docx_table(document, ["Measure", "Value"])
    assert [tuple(row[:2]) for row in _docx_table(document, ["Check", "Result", "Detail"])] == _results()
    alts = [d.get("descr") for d in document.element.body.xpath(".//wp:docPr")]
    assert len(alts) == 3 and all(a.startswith("Line chart of ") for a in alts)


def _body(sheet) -> list:
    """The rows of a report sheet under its table's header row (the sheet opens with the caption)."""
    rows = list(sheet.iter_rows())
    header = next(i for i, r in enumerate(rows) if r[0].value is not None and r[1].value is not None)
    return rows[header + 1:]


def test_xlsx_numbers_are_numbers_and_results_are_words(report):
    book = openpyxl.load_workbook(report[".xlsx"])
    outturn = {r[0].value: r[1] for r in _body(book["Year-end outturn"])}
    assert outturn["% of planned income spent"].value == pytest.approx(0.9836, abs=1e-4)
    assert outturn["% of planned income spent"].number_format == "0%"
    assert outturn["DFG end of year actual expenditure"].value == 4512965
    summary = [[c.value for c in r] for r in _body(book["Year-end summary"])]
    assert [row[2:4] for row in summary] == [[1661, 1469], [pytest.approx(0.89), pytest.approx(0.862)], [867, 858]]
    checks = [(r[0].value, r[1].value, r[1].fill.fgColor.rgb) for r in _body(book["Checks"])]
    assert [c[:2] for c in checks] == _results()
    assert {c[1]: c[2][-6:] for c in checks} == {"Pass": "009E73", "Itemised in full": "009E73",
                                                 "Source incomplete": "E69F00"}
    assert "Emergency admissions 65+" in book.sheetnames and "Report text" in book.sheetnames


def test_hostile_text_is_inert_in_html(hostile):
    raw = hostile[".html"].read_text("utf-8")
    tree = html.fromstring(raw)
    assert tree.xpath("//script") == [] and not tree.xpath("//a")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    text = tree.text_content()
    assert NASTY in text and FORMULA in text


def test_hostile_text_is_printed_in_pdf(hostile):
    flat = " ".join(_pdftotext(hostile[".pdf"]).split())
    assert "<script>alert(1)</script>" in flat and FORMULA in flat


def test_hostile_text_is_plain_in_docx(hostile):
    document = inert_docx(hostile[".docx"])
    paragraphs = [p.text for p in document.paragraphs]
    assert NASTY in paragraphs and FORMULA in paragraphs
    schemes = _docx_table(document, ["No.", "Scheme type", "Description", "Source of funding", "ASC", "Amount"])
    assert [row[2] for row in schemes[:2]] == [NASTY, FORMULA]


def test_hostile_text_is_never_a_formula_in_xlsx(hostile):
    book, _, risky = inert_xlsx(hostile[".xlsx"])
    assert {c.value for c in risky} == {FORMULA} and len(risky) == 2
    assert [r[2].value for r in _body(book["Schemes"])[:2]] == [NASTY, FORMULA]


def test_demo_pack_writes_the_stored_plan_in_four_formats(folder, tmp_path):
    load_demo(folder.record)
    paths = write_bcf_reports(folder, tmp_path)
    assert [p.name for p in paths] == [f"better-care-fund-leicestershire-2026-27.{f}"
                                       for f in ("html", "pdf", "docx", "xlsx")]
    tree = html.fromstring(paths[0].read_text("utf-8"))
    assert "Plan 2026-27 and year-end 2025-26" in tree.text_content()
    assert "98%" in dict(_html_table(tree, "End of year 2025-26")[1:]).values()
    admissions = _html_table(tree, "Emergency admissions 65+ per 100,000: plan and actual")
    assert admissions[1] == ["Apr 2025", "1,484.0", "1,172.6", "1,484", "1,173"]


def test_the_report_goes_inside_the_board_paper_frame():
    from datetime import date

    from hwb.bcf.report import board_paper
    from hwb.board.model import BoardPaper, Meeting, Officer

    # Item 9 of the 15 June 2026 agenda (seed lines 1460-1470, 1640-1650).
    paper = BoardPaper(Meeting("Health and Wellbeing Board", date(2026, 6, 15)), "9",
                       "Leicestershire Better Care Fund Plan 2026-27",
                       purpose="To provide the Health and Wellbeing Board with an overview of the progress to date "
                               "on the submission of the Leicestershire Better Care Fund (BCF) Plan 2026-27.",
                       officers=[Officer("Lisa Carter", "Health and Social Care Integration Service Manager")])
    doc = board_paper(demo_plan(), demo_year_end(), paper)
    titles = [s.title for s in doc.sections]
    assert titles[0] == "Purpose of the report" and titles[-1] == "Appendix: expenditure schemes 2026-27"
    assert titles.index("Summary") < titles.index("Officer to contact") < titles.index(
        "Appendix: expenditure schemes 2026-27")


def _table(doc, caption: str) -> list[list[str]]:
    table = next(t for t in doc.tables() if t.caption == caption)
    return [[c if isinstance(c, str) else c.text for c in row] for row in table.header + table.rows]


def test_the_year_end_section_shows_the_returns_own_assessments():
    """The return's Q4 assessments (seed lines 1363-1364, 1372-1373) with the plan figure it gives for
    March 2026 (lines 1361-1362, 1369-1370); residential admissions, which it does not assess, named."""
    from hwb.bcf.report import year_end_section

    section = year_end_section(demo_year_end())
    doc = build_report(demo_plan(), demo_year_end())
    rows = _table(doc, "The return's assessment of each metric 2025-26")
    assert rows[1][:3] == ["Emergency admissions 65+", "Mar 2026: 1,655.6 per 100,000 aged 65+ (2,605 admissions)",
                           "On track to meet goal"]
    assert rows[1][3].startswith("When comparing actuals with planned performance")
    assert rows[2][:3] == ["Discharge delay",
                           "Mar 2026: 0.33 days average delay; 89.0% discharged on the discharge ready date",
                           "Not on track to meet goal"]
    assert "best individual monthly performance in June of 86.2%" in rows[2][3]
    assert len(rows) == 3
    notes = " ".join(b.text for b in section.blocks if hasattr(b, "text"))
    assert "The return gives no assessment for Residential admissions 65+." in notes
    bare = demo_year_end()
    bare.assessments = []
    assert "The return's assessment of each metric 2025-26" not in [
        b.caption for b in year_end_section(bare).blocks if isinstance(b, Table)]


def test_year_end_document_alone_and_as_the_papers_appendix():
    """On its own or under its covering paper, the return's note points to no metrics section (the
    document has none); inside the plan report it does."""
    from datetime import date

    from hwb.bcf.report import year_end_document
    from hwb.board.model import BoardPaper, Meeting

    def text(doc):
        return " ".join(getattr(b, "text", "") for s in doc.sections for b in s.blocks)

    alone = year_end_document(demo_year_end())
    assert [s.title for s in alone.sections] == ["Year-end return 2025-26"]
    assert "Target and Actual are the board report's own figures." in text(alone)
    assert "metrics section" not in text(alone)
    assert "the metrics section calculates" in text(build_report(demo_plan(), demo_year_end()))
    # Item 8 of 15 June 2026 (seed lines 1025, 1164).
    paper = BoardPaper(Meeting("Health and Wellbeing Board", date(2026, 6, 15)), "8",
                       "Better Care Fund Year End 2025-26 Performance",
                       appendices=["Appendix A – Year End Template 2025-26"])
    framed = year_end_document(demo_year_end(), paper)
    assert framed.title == "Better Care Fund Year End 2025-26 Performance"
    assert framed.sections[0].title == "Purpose of the report"
    last = framed.sections[-1]
    assert last.title == "Appendix A – Year End Template 2025-26" and last.appendix
    assert "metrics section" not in text(framed)
    assert framed.subject == "Better Care Fund year-end return 2025-26"
