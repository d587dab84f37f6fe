"""The demo's board papers read as board papers: sections, true dates, judged rows, plain words."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import docx
import openpyxl
import pytest

from output_text import docx_text, html_text, output_text, pdf_info, pdf_text

PAPER_SECTIONS = ["Purpose of the report", "Recommendations", "Policy framework and previous decisions",
                  "Background", "Resource implications", "Equality and human rights implications",
                  "Circulation under the local issues alert procedure", "Officer to contact", "Appendices",
                  "Actions from previous meetings", "Key to the marks in this report"]

# Words that belong to the people who build and maintain the tool, never to a board paper.
# ("HWB", as the seed's own reports abbreviate the Board, is a reader's word; "hwb" is the tool.)
INTERNAL = re.compile(
    r"(?i:\bseeds?\b|python-docx|openpyxl|weasyprint|duckdb|vega|\bibis\b|\.ya?ml\b|\.md\b|\.csv\b|\.py\b)|\bhwb\b"
    r"|SOURCES|\bLOCAL-[A-Z]+\b|\b[a-z]+_[a-z_]+\b|\bNaN\b|\bnan\b|\bnull\b|<NA>|\bE1[0-2]\d{6}\b|\bE92000001\b")


def _flat(text: str) -> str:
    return " ".join(text.split())


PAPERS = ["staying-healthy", "health-protection", "better-care-fund", "better-care-fund-year-end"]
KEY = "Key to the marks in this report"


@pytest.mark.parametrize("stem", PAPERS)
def test_every_format_has_the_paper_sections_and_the_meeting_date(pack_outputs, stem):
    """Every section of the shape; the key only where the paper uses marks (the year-end return's
    figures are printed as published, with no marks)."""
    wanted = [s for s in PAPER_SECTIONS if s != KEY or stem != "better-care-fund-year-end"]
    for ext in ("html", "pdf", "docx"):
        text = _flat(output_text(pack_outputs[f"{stem}.{ext}"]))
        missing = [s for s in wanted if s not in text]
        assert not missing, f"{stem}.{ext} lacks {missing}"
        assert "Health and Wellbeing Board · 15 June 2026 · Agenda item" in text


def test_section_order_follows_the_board_paper_shape(demo_papers):
    text = _flat(pdf_text(demo_papers["staying-healthy.pdf"]))
    places = [text.index(s) for s in ["Purpose of the report", "Recommendations", "Background",
                                     "Progress: Building strong foundations", "Resource implications",
                                     "Officer to contact", "Actions from previous meetings", "Appendix A (1)"]]
    assert places == sorted(places)


@pytest.mark.parametrize("name", PAPERS)
@pytest.mark.parametrize("ext", ["html", "pdf", "docx", "xlsx"])
def test_no_internal_words_in_any_output(pack_outputs, name, ext):
    text = output_text(pack_outputs[f"{name}.{ext}"])
    found = sorted({m.group(0) for m in INTERNAL.finditer(text)})
    assert not found, f"{name}.{ext} shows internal words: {found}"


MEETING = date(2026, 6, 15)
GOVERNANCE_REVIEW = date(2027, 2, 26)  # the review the minutes ask for "in one year's time"


def _dates(text: str) -> list[tuple[str, date]]:
    """Every date written out ('15 June 2026') or in ISO form ('2026-06-15', as metadata has it);
    a figure before a month ('0.44 May 2025', a table's value beside its period) is not a day."""
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    found = [(m.group(0), date(int(m.group(3)), months.split("|").index(m.group(2)) + 1, int(m.group(1))))
             for m in re.finditer(rf"(?<![\d.,])\b(\d{{1,2}}) ({months}) (20\d\d)\b", text)]
    found += [(m.group(0), date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
              for m in re.finditer(r"\b(20\d\d)-(\d\d)-(\d\d)(?!\d)", text)]
    return found


@pytest.mark.parametrize("name", PAPERS)
@pytest.mark.parametrize("ext", ["html", "pdf", "docx", "xlsx"])
def test_no_date_after_the_meeting_appears(pack_outputs, name, ext):
    """The papers are for 15 June 2026: no later date (such as the machine's clock) is shown, in
    the text or the metadata, nor stamped on the members of a Word or Excel file."""
    path = pack_outputs[f"{name}.{ext}"]
    text = _flat(output_text(path))
    later = sorted({shown for shown, day in _dates(text) if day > MEETING and day != GOVERNANCE_REVIEW})
    assert not later, f"{name}.{ext} shows dates after the meeting: {later}"
    today = date.today()
    if today != MEETING:
        assert f"{today:%-d %B %Y}" not in text and today.isoformat() not in text, f"{name}.{ext} shows the clock's date"
    if ext in ("docx", "xlsx"):
        with zipfile.ZipFile(path) as z:
            stamps = {info.date_time[:3] for info in z.infolist()}
        assert stamps == {(2026, 6, 15)}, f"{name}.{ext} members are stamped {sorted(stamps)}"


def test_document_properties_name_the_author_not_the_tool(demo_papers):
    info = pdf_info(demo_papers["staying-healthy.pdf"])
    assert info["Author"] == "Staying Healthy Partnership"
    assert info["Title"].startswith("Joint Local Health & Wellbeing Strategy progress")
    assert info["Subject"]
    assert info["CreationDate"].startswith("Mon Jun 15") and "2026" in info["CreationDate"]
    assert info["Tagged"] == "yes" and "Producer" not in info  # no software named, here or in the XMP
    props = docx.Document(demo_papers["health-protection.docx"]).core_properties
    assert (props.author, props.comments) == ("Director of Public Health", "")
    assert props.title == "Leicestershire Health Protection Annual Report 2025" and props.subject
    assert props.created.date().isoformat() == "2026-06-15"
    book = openpyxl.load_workbook(demo_papers["staying-healthy.xlsx"])
    assert book.properties.creator == "Staying Healthy Partnership" and book.properties.subject
    assert book.properties.created.date().isoformat() == "2026-06-15"


def test_mmr2_shows_below_the_95_percent_goal_in_shape_words_and_fill(demo_papers):
    text = _flat(pdf_text(demo_papers["health-protection.pdf"]))
    assert "MMR2 (5 years) 91.0% (below the 95% goal)" in text
    document = docx.Document(demo_papers["health-protection.docx"])
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "MMR2 (5 years)")
    last = table.rows[-1].cells
    assert last[0].text == "Leicestershire against the target"
    assert last[-1].text == "✖ Below the 95% goal"
    assert last[-1]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["D55E00"]
    assert table.rows[-3].cells[-1].text == "91.0%"


def test_flu_targets_and_chlamydia_bands_are_judged(demo_papers):
    text = _flat(html_text(demo_papers["health-protection.html"]))
    assert "Leicestershire and Rutland (2024-25) against the target" in text
    assert "Under 65 (at risk) 42.0% (below the 55% goal)" in text
    assert re.search(r"✖ Below the 2,400 lower goal \(benchmark <2,400 2,400 to 3,250 ≥3,250\)", text)


def test_learning_disability_health_checks_appear_beside_their_workstream(demo_papers):
    text = _flat(pdf_text(demo_papers["staying-healthy.pdf"]))
    start = text.index("Learning Disability Health Checks")
    table = text.index("Local programme figures: Learning Disability Health Checks", start)
    row = text[table:table + 500]
    assert all(part in row for part in ("Learning disability annual health checks", "2025/26", "84.2%",
                                        "80%", "✔ Meets the 80% goal"))


def test_every_uncompared_row_says_why_and_the_summary_counts_them(demo_papers):
    book = openpyxl.load_workbook(demo_papers["staying-healthy.xlsx"])
    judged = []
    for name in book.sheetnames:
        if not name.startswith("Dashboard"):
            continue
        sheet = book[name]
        header_row = next(r for r in sheet.iter_rows() if r[0].value == "Section")
        columns = [c.value for c in header_row]
        at = columns.index("Compared with England")
        judged += [r[at].value for r in sheet.iter_rows(min_row=header_row[0].row + 1) if r[1].value]
    uncompared = [j for j in judged if j.startswith("✚ Not compared")]
    assert uncompared and all(": " in j for j in uncompared)
    assert len(judged) == 61
    text = _flat(pdf_text(demo_papers["staying-healthy.pdf"]))
    assert (f"Across the dashboard: {len(uncompared)} of 61 figures are not compared with England: "
            "the source gives no confidence interval.") in text


def test_actions_from_previous_meetings_carry_the_governance_review(demo_papers):
    document = docx.Document(demo_papers["staying-healthy.docx"])
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Reference")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Reference", "Action", "Owner", "Due", "Status"]
    review = next(r for r in rows if r[0] == "26 February 2026, minute 50(c)")
    assert review[2:] == ["Not named in the minutes", "26 February 2027 (in one year's time)", "Open"]
    assert "5 of 5 actions are open at 15 June 2026; none is overdue; the next falls due on 26 February 2027" \
        in _flat(docx_text(demo_papers["staying-healthy.docx"]))


def test_officers_and_recommendations_come_from_the_paper(demo_papers):
    text = _flat(pdf_text(demo_papers["health-protection.pdf"]))
    assert "The Health and Wellbeing Board is asked to: • Note the annual Health Protection Report 2025;" in text
    assert "Anuj Patel, Strategic Lead- Health Protection Email: Healthprotection@leics.gov.uk" in text


@pytest.mark.parametrize("name", ["staying-healthy", "health-protection"])
def test_sheet_names_are_whole_words_that_end_well(demo_papers, name):
    """Excel's 31-character sheet names cut at a word, never leaving 'and' or 'of' hanging."""
    names = openpyxl.load_workbook(demo_papers[f"{name}.xlsx"]).sheetnames
    assert all(len(n) <= 31 for n in names)
    dangling = [n for n in names if n.split()[-1].lower() in ("and", "&", "of", "the", "for", "to", "in")]
    assert not dangling, dangling


def test_the_bcf_report_is_item_9_in_the_seeds_words_in_html_pdf_and_docx(demo_bcf_paper):
    """The Better Care Fund report is the paper of agenda item 9 of 15 June 2026, in the covering
    report's own words (seed 000, lines 1460-1662), around the report's body."""
    texts = {"html": html_text(demo_bcf_paper["better-care-fund.html"]),
             "pdf": pdf_text(demo_bcf_paper["better-care-fund.pdf"]),
             "docx": docx_text(demo_bcf_paper["better-care-fund.docx"])}
    for ext, raw in texts.items():
        text = _flat(raw)
        missing = [s for s in PAPER_SECTIONS if s not in text]
        assert not missing, f"better-care-fund.{ext} lacks {missing}"
        assert "Health and Wellbeing Board · 15 June 2026 · Agenda item 9" in text, ext
        assert "Leicestershire Better Care Fund Plan 2026-27" in text, ext
        for words in ("overview of the progress to date on the submission of the Leicestershire Better Care Fund",
                      "to use powers of delegation to approve the BCF Plan for submission prior to the deadline",
                      "The Cabinet in February 2014 authorised the HWBB to approve the BCF Plan",
                      "It represents a unique collaboration between",
                      "the BCF will have a neutral impact on equalities and human rights",
                      "Jon Wilson, Director of Adults and Communities", "lisa.carter@leics.gov.uk",
                      "Appendix C – BCF Planning Principles"):
            assert words in text, f"better-care-fund.{ext} lacks {words!r}"
    pdf = _flat(texts["pdf"])
    places = [pdf.index(s) for s in ["Purpose of the report", "Recommendations", "Background", "Summary",
                                     "Metrics: plan against actual", "Resource implications", "Officer to contact",
                                     "Actions from previous meetings", "Appendix: expenditure schemes 2026-27"]]
    assert places == sorted(places)


def test_the_bcf_report_is_dated_and_signed_by_its_meeting_and_author(demo_bcf_paper):
    info = pdf_info(demo_bcf_paper["better-care-fund.pdf"])
    assert info["Author"] == "Director of Adults and Cultural Services"
    assert info["Title"] == "Leicestershire Better Care Fund Plan 2026-27"
    assert info["Subject"] == "Better Care Fund plan 2026-27 and year-end return 2025-26"
    assert info["CreationDate"].startswith("Mon Jun 15") and "2026" in info["CreationDate"]
    props = docx.Document(demo_bcf_paper["better-care-fund.docx"]).core_properties
    assert (props.author, props.title) == ("Director of Adults and Cultural Services",
                                           "Leicestershire Better Care Fund Plan 2026-27")
    assert props.created.date().isoformat() == "2026-06-15"
    book = openpyxl.load_workbook(demo_bcf_paper["better-care-fund.xlsx"])
    assert book.properties.creator == "Director of Adults and Cultural Services"
    assert book.properties.created.date().isoformat() == "2026-06-15"
    cover = [row for row in book["Report text"].iter_rows(values_only=True)]
    assert ("", "Subtitle", "Health and Wellbeing Board · 15 June 2026 · Agenda item 9 · "
            "Report of the Director of Adults and Cultural Services") in [tuple(v or "" for v in r) for r in cover]


def _in_order(text: str, parts) -> bool:
    """Whether each of `parts` appears after the one before it."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
    return True


def _texts(paths: dict, stem: str) -> dict[str, str]:
    return {"html": _flat(html_text(paths[f"{stem}.html"])), "pdf": _flat(pdf_text(paths[f"{stem}.pdf"])),
            "docx": _flat(docx_text(paths[f"{stem}.docx"]))}


def test_the_bcf_plan_paper_has_its_timetable_for_decisions_between_policy_and_background(pack_outputs):
    """Seed 000 lines 1483-1487: the plan's timetable, in its place, in HTML, PDF and DOCX; a paper
    without one has no such heading."""
    for ext, text in _texts(pack_outputs, "better-care-fund").items():
        assert text.count("Timetable for decisions") == 1, ext
        assert _in_order(text, ("Policy framework and previous decisions", "Timetable for decisions",
                                "The submission documentation was published on the 18th February, 2026",
                                "The Better Care Fund Plan 2026-27 was submitted to NHSE on 19th May 2026.",
                                "Background", "It represents a unique collaboration between")), ext
    for stem in ("staying-healthy", "health-protection", "better-care-fund-year-end"):
        assert "Timetable for decisions" not in _flat(html_text(pack_outputs[f"{stem}.html"])), stem


def test_the_year_end_paper_is_item_8_with_the_return_as_its_appendix(pack_outputs):
    """Item 8 of 15 June 2026 (seed 000 lines 1021-1145) in its own words, its recommendations
    opened as the report opens them, and the year-end return after the closing sections as the
    appendix the paper lists."""
    for ext, text in _texts(pack_outputs, "better-care-fund-year-end").items():
        assert "Better Care Fund Year End 2025-26 Performance" in text, ext
        assert "Health and Wellbeing Board · 15 June 2026 · Agenda item 8 · Report of the Director of Adults" in text
        lead = text.index("It is recommended that:")
        assert text.index("The performance against the Better Care Fund (BCF) outcome metrics") - lead < 30, ext
        assert "is asked to: • The performance" not in text and "is asked to: The performance" not in text, ext
        for words in ("year-end performance reporting of the Better Care Fund (BCF) programme for 2025-26",
                      "approved by the Chief Executive of Leicestershire County Council on 28th May",
                      "The approved BCF Plan for Leicestershire for 2025-26 totalled £84.4million",
                      "A review of the assessment was undertaken as part of the BCF submission for 2021.",
                      "Appendix A – Year End Template 2025-26", "jon.wilson@leics.gov.uk"):
            assert words in text, f"better-care-fund-year-end.{ext} lacks {words!r}"
        assert _in_order(text, ("Purpose of the report", "Recommendations", "Policy framework", "Background",
                                "Resource implications", "Officer to contact", "Appendices",
                                "Actions from previous meetings", "BCF metrics 2025-26: target and actual",
                                "Income and expenditure 2025-26", "Key challenges")), ext
        appendix = text[text.index("Actions from previous meetings"):]
        assert "Appendix A – Year End Template 2025-26" in appendix and "£83,408,219" in appendix, ext
        assert "the metrics section" not in text, ext  # the plan's section, not in this paper
    info = pdf_info(pack_outputs["better-care-fund-year-end.pdf"])
    assert info["Title"] == "Better Care Fund Year End 2025-26 Performance"
    assert info["Author"] == "Director of Adults and Cultural Services"
    assert info["Subject"] == "Better Care Fund year-end return 2025-26"


@pytest.mark.browser
def test_every_paper_fits_a_phone_screen(pack_outputs):
    """At 390 px no paper's HTML scrolls sideways: wide tables scroll inside their own frame and
    long links (the equality assessment's address) wrap."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Debian's chromium is needed: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            for name in PAPERS:
                page.goto(pack_outputs[f"{name}.html"].resolve().as_uri())
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name}.html scrolls sideways"
        finally:
            browser.close()
