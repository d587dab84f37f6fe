"""One figure, one value: the BCF report's figures agree across HTML, PDF, Word and Excel.

Each metric's plan and actual to date (calculated from the template's components) and each
published target and actual of the year-end summary are read back from all four formats
and compared with the one value the model holds. Tables 1-4, the narrative, sign-off and
the DFG by district are in every format, and no internal word reaches a reader.
"""

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
from hwb.bcf.metrics import NO_ACTUALS, SHORT_NAMES, assessments, display
from hwb.bcf.model import RESIDENTIAL
from hwb.bcf.report import build_report
from hwb.reports.render import write_document

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
INTERNAL = ("hwb", "seed", ".yaml", "python-docx", "openpyxl", "Assessment (hwb)", "bcf check")


def _expected() -> list[tuple[str, str, str, str]]:
    """(metric, year, plan, actual) as displayed, for every assessment with figures."""
    plan, ye = demo_plan(), demo_year_end()
    return [(SHORT_NAMES[a.metric], a.year, display(a.metric, a.plan_ytd), display(a.metric, a.actual_ytd))
            for a in assessments(plan.metrics + ye.metric_plans) if a.status != NO_ACTUALS]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bcf-figures")
    return {p.suffix: p for p in write_document(build_report(demo_plan(), demo_year_end()), out, "bcf")}


def _pdf_text(path: Path, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def _html_rows(tree, caption: str) -> list[list[str]]:
    table = tree.xpath(f'//table[caption[starts-with(normalize-space(), "{caption}")]]')[0]
    return [[" ".join(c.text_content().split()) for c in row.xpath("./td|./th")] for row in table.xpath(".//tr")]


def _docx_rows(document, first_header: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in row.cells] for row in table.rows]


def _xlsx_rows(book, sheet: str) -> list[list]:
    rows = [[c.value for c in r] for r in book[sheet].iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] is not None and r[1] is not None)
    return rows[header:]


def test_the_demo_has_figures_to_compare():
    assert [e[:2] for e in _expected()] == [
        (SHORT_NAMES["emergency_admissions_65"], "2025-26"), (SHORT_NAMES["discharge_delay"], "2025-26"),
        (SHORT_NAMES[RESIDENTIAL], "2025-26")]
    assert _expected()[0][2:] == ("1,591.1", "1,439.0")


def test_each_metric_plan_and_actual_agree_in_every_format(files):
    expected = _expected()
    tree = html.fromstring(files[".html"].read_text("utf-8"))
    rows = _html_rows(tree, "Plan against actual to date")
    assert rows[0][:5] == ["Metric", "Measure", "Year", "Plan to date", "Actual to date"]
    html_found = [(r[0], r[2], r[3], r[4]) for r in rows[1:] if r[3] and r[3] != "Not reported"]
    assert html_found == expected

    document = docx.Document(files[".docx"])
    docx_found = [(r[0], r[2], r[3], r[4]) for r in _docx_rows(document, "Metric")[1:]
                  if r[3] and r[3] != "Not reported" and r[1] != "" and r[2].startswith("20")]
    assert docx_found == expected

    book = openpyxl.load_workbook(files[".xlsx"])
    xlsx_rows = _xlsx_rows(book, "Metrics to date")
    xlsx_found = [(r[0], r[2], r[3], r[4]) for r in xlsx_rows[1:] if isinstance(r[3], (int, float))]
    decimals = {name: len(p.split(".")[1]) if "." in p else 0 for name, _, p, _ in expected}
    assert [(m, y, f"{p:,.{decimals[m]}f}", f"{a:,.{decimals[m]}f}") for m, y, p, a in xlsx_found] == expected

    layout = _pdf_text(files[".pdf"], "-layout")
    for metric, year, plan, actual in expected:
        assert re.search(rf"{year}\s+{re.escape(plan)}\s+{re.escape(actual)}\s", layout), (metric, plan, actual)


def test_published_summary_figures_carry_their_measure_in_every_format(files):
    ye = demo_year_end()
    expected = [(r.target, r.actual, r.measure) for r in ye.summary]
    assert all(m for _, _, m in expected)
    tree = html.fromstring(files[".html"].read_text("utf-8"))
    rows = _html_rows(tree, "BCF metrics 2025-26")
    assert [(r[2], r[3], r[1]) for r in rows[1:]] == expected
    document = docx.Document(files[".docx"])
    summary = next(t for t in document.tables if t.rows[0].cells[1].text == "What the figures measure")
    assert [(r.cells[2].text, r.cells[3].text, r.cells[1].text) for r in summary.rows[1:]] == expected
    book = openpyxl.load_workbook(files[".xlsx"])
    xlsx = _xlsx_rows(book, "Year-end summary")[1:]
    assert [r[1] for r in xlsx] == [m for _, _, m in expected]
    assert [(r[2], r[3]) for r in xlsx] == [(1661, 1469), (pytest.approx(0.89), pytest.approx(0.862)), (867, 858)]
    flat = " ".join(_pdf_text(files[".pdf"]).split())
    for _, _, measure in expected:
        assert " ".join(measure.split()) in flat


def test_table_1_totals_and_changes_are_calculated_in_every_format(files):
    published = ["Total as published", "26,644", "27,258", "28,508"]
    calculated = ["Total of the rows (calculated)", "23,801", "24,071", "23,726"]
    tree = html.fromstring(files[".html"].read_text("utf-8"))
    rows = _html_rows(tree, "Table 1:")
    assert rows[0][-2:] == ["Change, 24-25 to 25-26", "Change, 25-26 to 26-27"]
    assert rows[-1][:4] == published and rows[-1][-2:] == ["+2.3%", "+4.6%"]
    assert rows[-2][:4] == calculated and rows[-2][-2:] == ["+1.1%", "-1.4%"]
    assert rows[1][-2:] == ["-23.0%", "+32.0%"]  # HART reablement: 2840 -> 2188 -> 2888
    document = docx.Document(files[".docx"])
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "24-25 Activity")
    assert [c.text for c in table.rows[-1].cells][:4] == published
    book = openpyxl.load_workbook(files[".xlsx"])
    last = _xlsx_rows(book, "Narrative table 1")[-1]
    assert last[:4] == ["Total as published", 26644, 27258, 28508] and last[-2:] == [2.3, 4.6]
    layout = _pdf_text(files[".pdf"], "-layout")
    assert re.search(r"Total as published\s+26,644\s+27,258\s+28,508", layout)
    assert re.search(r"\+2\.3%\s+\+4\.6%", layout)


def test_tables_2_to_4_have_calculated_totals(files):
    tree = html.fromstring(files[".html"].read_text("utf-8"))
    assert _html_rows(tree, "Table 2:")[-2][:2] == ["Total of the rows (calculated)", "£86.7m"]
    assert _html_rows(tree, "Table 2:")[-1][:2] == ["Total as published", "£86.5m"]
    assert _html_rows(tree, "Table 3:")[-1][:2] == ["Total of the rows (calculated)", "£1,000,333"]
    assert _html_rows(tree, "Table 4:")[-1][:2] == ["Total of the rows (calculated)", "£370,280"]
    text = tree.text_content()
    assert "Total Spend for each area (M): published £86.5m, calculated £86.7m" in text


def test_narrative_sign_off_and_dfg_by_district_are_in_every_format(files):
    wanted = ["Question 5", "Cllr Michael Squires", "Hinckley and Bosworth", "£744,152",
              "Our governance arrangements are well established"]
    texts = {
        ".html": html.fromstring(files[".html"].read_text("utf-8")).text_content(),
        ".pdf": _pdf_text(files[".pdf"]),
        ".docx": "\n".join([p.text for p in docx.Document(files[".docx"]).paragraphs]
                           + [c.text for t in docx.Document(files[".docx"]).tables for r in t.rows for c in r.cells]),
        ".xlsx": "\n".join(str(c.value) for ws in openpyxl.load_workbook(files[".xlsx"]) for r in ws.iter_rows()
                           for c in r if c.value is not None),
    }
    for suffix, text in texts.items():
        flat = " ".join(text.split())
        for word in wanted:
            if suffix == ".xlsx" and word == "£744,152":
                continue  # a number cell in Excel
            assert word in flat, (suffix, word)
        assert "(Table 1 follows.)" not in flat, suffix
        assert "Reablement" in flat and "Not reported" in flat, suffix


def test_no_internal_words_reach_a_reader(files):
    body = html.fromstring(files[".html"].read_text("utf-8")).xpath("//body")[0].text_content()
    text = body + _pdf_text(files[".pdf"])
    for word in INTERNAL:  # case-sensitive: the source's own "HWB" (Health and Wellbeing Board) is the reader's word
        assert not re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", text), word
    assert "Source: Better Care Fund planning template 2026-27" in " ".join(text.split())


def test_salt_and_cld_residential_admissions_are_not_joined():
    doc = build_report(demo_plan(), demo_year_end())
    charts = [b for s in doc.sections for b in s.blocks if type(b).__name__ == "Chart"]
    residential = next(c for c in charts if "Residential" in c.alt)
    series = {v["series"] for v in residential.spec["data"]["values"] if v["kind"] == "Actual"}
    assert {"year SALT", "year CLD", "rolling12 CLD"} <= series
    assert residential.spec["encoding"]["detail"]["field"] == "series"
    assert "The line breaks where the counting method changes (SALT to CLD)" in residential.alt


def test_pdf_pages_render_for_review(files):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(files[".pdf"]), str(ARTIFACTS / "bcf-report")], check=True)
    assert (ARTIFACTS / "bcf-report-01.png").exists()


def _texts(files) -> dict[str, str]:
    book = openpyxl.load_workbook(files[".xlsx"])
    document = docx.Document(files[".docx"])
    return {
        ".html": html.fromstring(files[".html"].read_text("utf-8")).text_content(),
        ".pdf": _pdf_text(files[".pdf"]),
        ".docx": "\n".join([p.text for p in document.paragraphs]
                           + [c.text for t in document.tables for r in t.rows for c in r.cells]),
        ".xlsx": "\n".join(str(c.value) for ws in book for r in ws.iter_rows() for c in r if c.value is not None),
    }


def test_the_whole_template_is_in_every_format(files):
    """Each part of the template, with one figure of it, in all four formats (Excel holds numbers as numbers)."""
    parts = [  # (words, figure as printed, figure as Excel holds it)
        ("Running balances 2026-27", "£18,651,735", "18651735"),
        ("Minimum spend 2026-27", "£33,404,355", "33404355"),
        ("Not in the template", "£34,228,078", "34228078"),
        ("Itemised expenditure by scheme type 2026-27", "£17,997,904", "17997904"),
        ("Disabled Facilities Grant by district", "£1,448,118", "1448118"),
        ("Section 75 agreements by 30th September 2026", "Cllr Michael Squires", "Cllr Michael Squires"),
        ("Income and expenditure 2025-26", "£83,408,219", "83408219"),
        ("Table 2: Approximate split of the total BCF allocation by area of spend", "£86.5m", "86.5"),
        ("Table 3: New or enhanced areas of funding for 2026-27", "£1,000,333", "1000333"),
        ("Table 4: Increased or new BCF funding that will contribute to improved productivity", "£370,280", "370280"),
    ]
    for suffix, text in _texts(files).items():
        flat = " ".join(text.split())
        for words, printed, held in parts:
            assert words in flat, (suffix, words)
            assert (held if suffix == ".xlsx" else printed) in flat, (suffix, printed)
        for n in range(1, 6):
            assert f"Question {n}" in flat or suffix == ".xlsx", (suffix, n)
