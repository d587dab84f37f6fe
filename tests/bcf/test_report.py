"""The BCF board-pack section: content, escaping, charts, every format."""

from __future__ import annotations

from docx import Document
from openpyxl import load_workbook

from hwb.bcf.excel_layout import DANGEROUS_START
from hwb.bcf.render_html import render_html
from hwb.bcf.report import build_section, write_report


def test_section_content(plan, year_end):
    section = build_section(plan, year_end)
    summary = section.year_end[0]
    assert summary.headers == ["Metric", "Target", "Actual", "Commentary"]
    assert [r[1:3] for r in summary.rows] == [["1661", "1469"], ["89%", "86.2%"], ["867", "858"]]
    outturn = dict(section.year_end[2].rows)
    assert outturn["% of planned income spent"] == "98%"
    assert outturn["DFG end of year actual expenditure"] == "£4,512,965"
    balances = section.finance[0].rows
    assert ["NHS Minimum Contribution", "£59,017,028", "£40,365,293", "£18,651,735"] in balances
    assert {b.metric for b in section.metrics} == {
        "emergency_admissions_65", "discharge_delay", "residential_admissions_65"}
    chart = section.metrics[0].chart
    assert chart["mark"]["type"] == "line"
    assert {v["kind"] for v in chart["data"]["values"]} == {"Plan", "Actual"}


def test_user_text_is_escaped(plan):
    plan.cover.hwb_name = "<script>alert('x')</script>"
    plan.schemes[0].source = "<b>bad</b>"
    html = render_html(build_section(plan))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>bad</b>" not in html


def test_all_formats(plan, year_end, tmp_path):
    plan.cover.hwb_name = "=HYPERLINK(1)"
    written = write_report(build_section(plan, year_end), tmp_path, ["html", "pdf", "docx", "xlsx"])
    assert [p.name for p in written] == ["bcf.html", "bcf.pdf", "bcf.docx", "bcf.xlsx"]
    html = written[0].read_text()
    assert "<svg" in html and "<script" not in html
    assert written[1].read_bytes().startswith(b"%PDF")
    doc = Document(written[2])
    assert doc.inline_shapes and any("Year-end return" in p.text for p in doc.paragraphs)
    for ws in load_workbook(written[3]):
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(DANGEROUS_START))
