"""The dashboard as a reader sees it in HTML: rows, numbers and labels from the results table."""

from __future__ import annotations

from lxml import html

from hwb.reports.dashboard import build_dashboard
from hwb.reports.render_html import render_html
from hwb.strategy.loader import load_strategy_file

HEADER = ["Indicator", "Sex", "Age", "Time period", "Value", "Rank among nearest neighbours", "England",
          "Direction of travel", "Compared with England", "Against goal"]


def _page_tables(store, strategy_file):
    doc = build_dashboard(store, load_strategy_file(strategy_file), "Staying Healthy, Safe and Well")
    tree = html.fromstring(render_html(doc))
    return tree, tree.xpath("//section[contains(@class, 'landscape')]//table")


def _rows(table):
    return [[c.text_content().strip() for c in tr.xpath("./td|./th")] for tr in table.xpath("./tbody/tr")]


def test_columns_and_grouping_by_commitment(store, strategy_file):
    _, tables = _page_tables(store, strategy_file)
    assert len(tables) == 2
    assert [th.text_content() for th in tables[0].xpath("./thead/tr/th")] == HEADER
    rows = _rows(tables[0])
    groups = [r[0] for r in rows if len(r) == 1]
    # strategy order: the key area of focus flag and the commitment code are shown
    assert groups == ["Healthy placemaking (key area of focus 25-26)", "D3 Healthy workplaces and local economy"]


def test_rows_carry_the_results_table_figures(store, strategy_file):
    _, tables = _page_tables(store, strategy_file)
    rows = {(r[0], r[1]): r for r in _rows(tables[0]) if len(r) > 1}
    persons = rows[("Smoking prevalence in adults (%)", "Persons")]
    assert persons[2:] == ["18+ yrs", "2024", "7.4%", "2/16", "10.4%", "▼ Decreasing and getting better",
                           "◆ Better", "No goal"]
    assert rows[("Smoking prevalence in adults (%)", "Male")][8] == "■ Worse"
    # a rank hwb cannot compute is the published one, marked as such
    ahah = rows[("Access to Healthy Assets & Hazards Index (%)", "Persons")]
    assert ahah[4:9] == ["16.6%", "13/16 †", "20.9%", "▬ Cannot be calculated",
                         "✚ Not compared: no confidence interval given"]
    # an indicator with nothing in the store says so, with no number, and why it is not compared
    missing = rows[("not-in-store", "")]
    assert set(missing[3:8]) == {"not published"}
    assert missing[8:] == ["✚ Not compared: no value", "No goal"]


def test_significance_has_colour_and_words(store, strategy_file):
    _, tables = _page_tables(store, strategy_file)
    better = tables[0].xpath(".//td[contains(@class, 'status-better')]")
    worse = tables[0].xpath(".//td[contains(@class, 'status-worse')]")
    assert [c.text_content() for c in better] == ["◆ Better"]
    assert [c.text_content() for c in worse] == ["■ Worse"]


def test_legends_footnotes_and_summary(store, strategy_file):
    tree, _ = _page_tables(store, strategy_file)
    text = tree.text_content()
    for label in ("Better", "Similar", "Worse", "Not compared", "Higher", "Lower",
                  "▲ Increasing and getting worse", "▶ No significant change", "▬ Cannot be calculated"):
        assert label in text
    assert "† Published figure, shown as its source printed it: Appendix A dashboard" in text
    assert "Data Source: OHID Fingertips." in text
    assert "Values for some rows combine Leicestershire and Rutland." in text
    summary = [p.text_content() for p in tree.xpath("//p[@class='summary']")]
    assert ("Compared with England, of the 5 figures on this page 1 are significantly better, 1 similar, "
            "1 significantly worse, 1 not compared (the source gives no confidence interval) and 1 with no "
            "figures.") in summary
    assert "Significantly worse than England: Smoking prevalence in adults (%) (Male, 18+ yrs) (13.0% against England 12.2%)." in summary


def test_progress_narrative_comes_before_the_dashboard(store, strategy_file):
    tree, _ = _page_tables(store, strategy_file)
    headings = [h.text_content() for h in tree.xpath("//h2")]
    assert headings.index("Progress: Building strong foundations") < headings.index(
        "Appendix A (1): Building strong foundations")
    text = tree.text_content()
    assert "Action D3.1: We will strengthen system-wide understanding of employment programmes." in text
    assert "Relaunch the Healthy Placemaking Forum." in text
    items = [li.text_content() for li in tree.xpath("//main//ul/li")]
    assert "around 50 attendees" in items
