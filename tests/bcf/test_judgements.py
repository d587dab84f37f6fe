"""Two judgements of one metric and year (the board report's and the calculated) never contradict unexplained.

The board report's year-end table judges residential admissions 2025-26 "NOT ON TARGET" (target 867,
actual 858, and 972 admissions on the old SALT logic in its commentary: seed line 1077); the
calculated plan against actual to date says "On track to meet goal" (rate per 100,000 aged 65+,
CLD: 521.8 for the 12 months to Sep 2025 against 545.3 planned for the 12 months to Mar 2026).
The disagreements are found here from what each output shows, not from the code that explains them.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lxml import html

from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK, SHORT_NAMES
from hwb.bcf.model import NEA, RESIDENTIAL
from hwb.bcf.report import build_report
from hwb.bcf.store import load_demo
from hwb.bcf.tracker import page_sections
from hwb.reports.document import Document, Table, all_text
from hwb.web.app import create_app

PUBLISHED = {"on track": ON_TRACK, "not on target": NOT_ON_TRACK}
OPENING = re.compile(r"^(on track|not on target)\b", re.I)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _section_text(section) -> str:
    return _flat(" ".join(all_text(Document(title="", sections=[section]))))


def _table(doc: Document, caption: str) -> Table:
    return next(t for t in doc.tables() if t.caption.startswith(caption))


def _opposed(doc: Document, year_end) -> list[tuple[str, str, str, list[str]]]:
    """(metric, year, published words, [figures each judgement rests on]) where the two judgements differ."""
    calculated = {(r[0].text, r[2].text): (r[5].text, r[3].text, r[4].text)
                  for r in _table(doc, "Plan against actual to date").rows}
    published = _table(doc, f"BCF metrics {year_end.year}")
    out = []
    for row, source in zip(published.rows, year_end.summary):
        opening = OPENING.match(row[4].text)
        status, plan, actual = calculated.get((SHORT_NAMES.get(source.metric_key, ""), year_end.year), ("", "", ""))
        if opening and status in PUBLISHED.values() and PUBLISHED[opening.group(1).lower()] != status:
            out.append((source.metric_key, year_end.year, opening.group(1),
                        [row[2].text, row[3].text, status, plan, actual]))
    return out


def _assert_explained(texts: dict[str, str], opposed) -> None:
    """Each section that shows one of two opposed judgements explains both, with their figures."""
    for metric, year, words, figures in opposed:
        start = f"{SHORT_NAMES[metric]}, {year}: the two judgements are about different measures."
        for name, text in texts.items():
            assert start in text, (name, metric)
            note = text[text.index(start):]
            for expected in (f'"{words}"', *figures):
                assert expected in note[:1200], (name, metric, expected)


def test_demo_residential_2025_26_is_judged_both_ways_and_explained(plan, year_end):
    doc = build_report(plan, year_end)
    opposed = _opposed(doc, year_end)
    assert [(m, y, w) for m, y, w, _ in opposed] == [(RESIDENTIAL, "2025-26", "NOT ON TARGET")]
    assert opposed[0][3] == ["867", "858", ON_TRACK, "545.3", "521.8"]
    sections = {s.title: _section_text(s) for s in doc.sections}
    _assert_explained({t: sections[t] for t in ("Metrics: plan against actual", "Year-end return 2025-26")}, opposed)
    note = sections["Metrics: plan against actual"]
    assert "972 (note this is based on the old SALT logic, and not the newer CLD method)" in note
    assert "rate per 100,000 aged 65+, counted by the CLD method" in note
    summary = sections["Summary"]
    sentence = summary[summary.index(SHORT_NAMES[RESIDENTIAL] + ", 2025-26"):]
    assert sentence.split("Source:")[0].rstrip().endswith(
        'The board report\'s year-end table says "NOT ON TARGET" for this metric: it judges a different measure, '
        "as the metrics section explains.")


def test_a_judgement_that_agrees_has_no_note_and_any_disagreeing_metric_gets_one(plan, year_end):
    """Turn the demo round: residential agrees once its commentary says "On Track"; emergency admissions
    (calculated on track) disagrees once the commentary opens "NOT ON TARGET" (test data, not seed data)."""
    rows = {r.metric_key: r for r in year_end.summary}
    rows[RESIDENTIAL].commentary = "On Track" + rows[RESIDENTIAL].commentary.removeprefix("NOT ON TARGET")
    rows[NEA].commentary = "NOT ON TARGET Admissions rose in the winter. More to follow."
    doc = build_report(plan, year_end)
    opposed = _opposed(doc, year_end)
    assert [(m, w) for m, _, w, _ in opposed] == [(NEA, "NOT ON TARGET")]
    text = _flat(" ".join(all_text(doc)))
    assert "the two judgements are about different measures" in text
    assert f"{SHORT_NAMES[RESIDENTIAL]}, 2025-26: the two judgements" not in text
    sections = {s.title: _section_text(s) for s in doc.sections}
    _assert_explained({t: sections[t] for t in ("Metrics: plan against actual", "Year-end return 2025-26")}, opposed)
    assert '"Admissions rose in the winter."' in sections["Year-end return 2025-26"]


def test_the_web_page_explains_the_two_judgements_where_it_shows_them(plan, year_end, folder):
    load_demo(folder.record)
    opposed = _opposed(build_report(plan, year_end), year_end)
    assert opposed
    with TestClient(create_app(folder)) as client:
        page = html.fromstring(client.get("/bcf/E10000018/2026-27").text)
    ids = {s["title"]: s["id"] for s in page_sections(plan, year_end)}
    texts = {}
    for title in ("Metrics: plan against actual", "Year-end return 2025-26"):
        heading = page.get_element_by_id(ids[title])
        texts[title] = _flat(heading.getparent().text_content())
    _assert_explained(texts, opposed)
