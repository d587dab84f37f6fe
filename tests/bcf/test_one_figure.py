"""One figure, one value, in five places: the BCF report as HTML, PDF, Word and Excel, and the web page.

The demo plan and year-end return are stored in a record; an editor then enters a quarterly
actual in the web form. The report is written from the store, and the web page is read from
an app over the same store. For every metric, every period's plan and actual, and the plan
and actual to date with its judgement, must read the same in all five, and equal the value
the model calculates from the stored components (rounded once, in one place).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from lxml import html

from hwb.bcf.charts import period_label
from hwb.bcf.metrics import DECIMALS, NO_ACTUALS, SHORT_NAMES, UNITS, assessments, comparison, display
from hwb.bcf.model import NEA, RESIDENTIAL
from hwb.bcf.report import SHEETS, build_report
from hwb.bcf.store import load_demo, load_plan_and_last_year_end
from hwb.reports.render import write_document
from hwb.store.folder import StoreFolder
from hwb.web.app import create_app
from hwb.web.auth import add_user

PLAN = "/bcf/E10000018/2026-27"
# An editor's figures (test data, not seed data): emergency admissions in the first quarter of
# 2026-27 (a quarter's count against the three monthly plans summed), and a rolling 12-month
# residential count to June 2026 counted the old way (SALT), which must not join the CLD line.
ENTERED = [
    {"metric": NEA, "kind": "actual", "period": "2026-06", "basis": "quarter", "method": "",
     "first": "7,410", "second": "157349"},
    {"metric": RESIDENTIAL, "kind": "actual", "period": "2026-06", "basis": "rolling12", "method": "CLD",
     "first": "861", "second": "157349"},
    {"metric": RESIDENTIAL, "kind": "actual", "period": "2026-03", "basis": "rolling12", "method": "SALT",
     "first": "972", "second": "157349"},
]


def _token(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-figure") / "store"
    folder = StoreFolder(root)
    load_demo(folder.record)
    add_user(folder.record, "editor", "editor-password-1", "editor")
    with TestClient(create_app(folder)) as client:
        login = client.get("/login")
        signed = client.post("/login", data={"username": "editor", "password": "editor-password-1", "next": "/",
                                             "csrf_token": _token(login.text)}, follow_redirects=False)
        assert signed.status_code == 303
        for form in ENTERED:
            saved = client.post(f"{PLAN}/metrics", data={**form, "csrf_token": _token(client.get(PLAN).text)},
                                follow_redirects=False)
            assert saved.status_code == 303, saved.text
    plan, year_end = load_plan_and_last_year_end(folder.record, "E10000018", "2026-27")
    out = root.parent / "report"
    files = {p.suffix: p for p in write_document(build_report(plan, year_end), out, "bcf")}
    with TestClient(create_app(folder)) as anonymous:
        page = anonymous.get(PLAN)
        assert page.status_code == 200
        csv_text = anonymous.get(f"{PLAN}/metrics.csv").content.decode("utf-8-sig")
    yield {"plan": plan, "year_end": year_end, "files": files, "web": page.text, "csv": csv_text}
    folder.close()


def _points(store):
    return store["plan"].metrics + store["year_end"].metric_plans


def _period_rows(store) -> dict[str, list[tuple[str, str, str]]]:
    """Per metric: (period, plan, actual) as the model displays them."""
    out: dict[str, list] = {}
    for r in comparison(_points(store)):
        out.setdefault(r.metric, []).append((period_label(r), display(r.metric, r.plan_value),
                                             display(r.metric, r.actual_value)))
    return out


def _to_date(store) -> list[tuple[str, str, str, str, str]]:
    return [(SHORT_NAMES[a.metric], a.year, display(a.metric, a.plan_ytd), display(a.metric, a.actual_ytd), a.status)
            for a in assessments(_points(store)) if a.status != NO_ACTUALS]


def _html_tables(text: str) -> dict[str, list[list[str]]]:
    tree = html.fromstring(text)
    out = {}
    for table in tree.xpath("//table[caption]"):
        caption = " ".join(table.xpath("./caption")[0].text_content().split())
        out[caption] = [[" ".join(c.text_content().split()) for c in row.xpath("./td|./th")]
                        for row in table.xpath(".//tr")]
    return out


def _docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(path).tables]


def _pdf_layout(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed, as the README says")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _caption(metric: str) -> str:
    return f"{SHORT_NAMES[metric]}: plan and actual by period ({UNITS[metric]})"


def test_the_entered_figures_are_in_the_store_and_change_the_judgement(store):
    rows = _period_rows(store)
    assert ("Quarter to Jun 2026", "4,873.2", "4,709.3") in rows[NEA]  # 7,410 / 157,349 x 100,000
    assert ("12 months to Jun 2026 (CLD)", "551.6", "547.2") in rows[RESIDENTIAL]  # 861 / 157,349
    assert ("12 months to Mar 2026 (SALT)", "", "617.7") in rows[RESIDENTIAL]  # never paired with the CLD plan
    found = {(m, y): (p, a, s) for m, y, p, a, s in _to_date(store)}
    assert found[(SHORT_NAMES[NEA], "2026-27")] == ("4,873.2", "4,709.3", "On track to meet goal")
    assert found[(SHORT_NAMES[RESIDENTIAL], "2026-27")] == ("551.6", "547.2", "On track to meet goal")
    assert found[(SHORT_NAMES[NEA], "2025-26")] == ("1,591.1", "1,439.0", "On track to meet goal")


def test_each_period_plan_and_actual_agree_in_all_five(store):
    expected = _period_rows(store)
    report_html = _html_tables(store["files"][".html"].read_text("utf-8"))
    web = _html_tables(store["web"])
    word = _docx_tables(store["files"][".docx"])
    book = openpyxl.load_workbook(store["files"][".xlsx"])
    layout = " ".join(_pdf_layout(store["files"][".pdf"]).split())
    for metric, rows in expected.items():
        for name, tables in (("report HTML", report_html), ("web page", web)):
            table = tables[_caption(metric)]
            assert table[0][:3] == ["Period", "Plan", "Actual"], name
            assert [tuple(r[:3]) for r in table[1:]] == rows, (name, metric)
        table = next(t for t in word if t[0][:3] == ["Period", "Plan", "Actual"] and t[1][0] == rows[0][0]
                     and len(t) - 1 == len(rows) and [r[0] for r in t[1:]] == [r[0] for r in rows])
        assert [tuple(r[:3]) for r in table[1:]] == rows, ("Word", metric)
        sheet = [[c.value for c in r] for r in book[SHEETS[metric]].iter_rows()]
        start = next(i for i, r in enumerate(sheet) if r[:3] == ["Period", "Plan", "Actual"])
        places = DECIMALS[metric]
        cells = [(r[0], "" if r[1] is None else f"{r[1]:,.{places}f}", "" if r[2] is None else f"{r[2]:,.{places}f}")
                 for r in sheet[start + 1:start + 1 + len(rows)]]
        assert cells == rows, ("Excel", metric)
        for period, plan, actual in rows:
            if plan and actual:
                assert re.search(rf"{re.escape(period)} {re.escape(plan)} {re.escape(actual)}\b", layout), \
                    ("PDF", metric, period, plan, actual)


def test_plan_and_actual_to_date_agree_in_all_five(store):
    expected = _to_date(store)
    assert len(expected) == 5  # three metrics in 2025-26; emergency and residential admissions in 2026-27
    caption = "Plan against actual to date"
    for name, text in (("report HTML", store["files"][".html"].read_text("utf-8")), ("web page", store["web"])):
        table = _html_tables(text)[caption]
        assert table[0][:6] == ["Metric", "Measure", "Year", "Plan to date", "Actual to date",
                                "Assessment (calculated)"], name
        assert [(r[0], r[2], r[3], r[4], r[5]) for r in table[1:] if r[5] != NO_ACTUALS] == expected, name
        methods = [r[7] for r in table[1:] if r[5] != NO_ACTUALS]
        assert all(m.strip() for m in methods), name  # the method is shown beside every judgement
    word = next(t for t in _docx_tables(store["files"][".docx"]) if t[0][:5] == ["Metric", "Measure", "Year",
                                                                                  "Plan to date", "Actual to date"])
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in word[1:] if r[5] != NO_ACTUALS] == expected
    book = openpyxl.load_workbook(store["files"][".xlsx"])
    sheet = [[c.value for c in r] for r in book["Metrics to date"].iter_rows()]
    start = next(i for i, r in enumerate(sheet) if r[0] == "Metric")
    places = {SHORT_NAMES[m]: d for m, d in DECIMALS.items()}
    xlsx = [(r[0], r[2], f"{r[3]:,.{places[r[0]]}f}", f"{r[4]:,.{places[r[0]]}f}", r[5])
            for r in sheet[start + 1:] if isinstance(r[3], (int, float))]
    assert xlsx == expected
    layout = _pdf_layout(store["files"][".pdf"])
    for _, year, plan, actual, _ in expected:
        assert re.search(rf"{year}\s+{re.escape(plan)}\s+{re.escape(actual)}\s", layout), (year, plan, actual)


def test_the_year_end_figures_carry_their_measure_on_the_web_page_too(store):
    ye = store["year_end"]
    table = _html_tables(store["web"])[f"BCF metrics {ye.year}: target and actual (as published)"]
    assert [(r[1], r[2], r[3]) for r in table[1:]] == [(r.measure, r.target, r.actual) for r in ye.summary]
    assert ("Average monthly rate per 100,000 people aged 65+, April to December 2025" in table[1][1]
            and table[1][2:4] == ["1661", "1469"])


def test_the_web_page_keeps_last_years_plan_and_shows_reablement_as_not_reported(store):
    rows = {(r[0], r[2]): r for r in _html_tables(store["web"])["Plan against actual to date"][1:]}
    assert rows[(SHORT_NAMES[NEA], "2025-26")][3:7] == ["1,591.1", "1,439.0", "On track to meet goal",
                                                         "On track to meet goal"]
    assert rows[(SHORT_NAMES["discharge_delay"], "2026-27")][5:] == [NO_ACTUALS, "",
                                                                   "No period has both a plan and an actual yet."]
    reablement = rows[(SHORT_NAMES["reablement_65"], "2026-27")]
    assert reablement[3:5] == ["Not reported", "Not reported"] and reablement[7].startswith("Not reported:")


def test_the_web_chart_breaks_where_the_counting_method_changes(store):
    tree = html.fromstring(store["web"])
    specs = [json.loads(s.text) for s in tree.xpath('//script[@type="application/json"]')]
    residential = next(s for s in specs if s["encoding"]["y"]["title"].startswith("Admissions")
                       and any("SALT" in v["series"] for v in s["data"]["values"]))
    assert residential["encoding"]["detail"]["field"] == "series"
    series = {v["series"] for v in residential["data"]["values"] if v["kind"] == "Actual"}
    assert {"rolling12 CLD", "rolling12 SALT", "year SALT", "year CLD"} <= series
    text = " ".join(tree.text_content().split())
    assert "The line breaks where the counting method changes (SALT to CLD): the two are not joined." in text
    assert "figures counted differently are not joined in the chart or compared with each other" in text


def test_the_web_download_holds_the_same_figures(store):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(store["csv"])))
    expected = _period_rows(store)
    by_name = {SHORT_NAMES[m]: m for m in expected}
    found: dict[str, list] = {}
    for r in rows:
        metric = by_name[r["metric"]]
        places = DECIMALS[metric]
        shown = [f"{float(v):,.{places}f}" if v else "" for v in (r["plan"], r["actual"])]
        found.setdefault(metric, []).append((r["period"], *shown))
        assert r["measure"] == UNITS[metric]
    assert found == expected
