"""The health-protection appendix: charts with CIs and the England line, tables, trend and goal lines."""

from __future__ import annotations

from lxml import html

from hwb.reports.document import Chart, Table
from hwb.reports.health_protection import build_health_protection, goal_text
from hwb.reports.render_html import render_html
from hwb.strategy.loader import load_strategy_file


def _doc(store, strategy_file):
    return build_health_protection(store, load_strategy_file(strategy_file))


def test_chart_is_a_layered_spec_with_ci_whiskers_and_england_line(store, strategy_file):
    doc = _doc(store, strategy_file)
    charts = [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]
    assert len(charts) == 4
    breast = next(c for c in charts if "breast" in c.alt)
    layers = breast.spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["rule", "line", "point"]
    assert layers[0]["encoding"]["y"]["field"] == "lower" and layers[0]["encoding"]["y2"]["field"] == "upper"
    assert layers[1]["encoding"]["y"]["field"] == "england"
    values = breast.spec["data"]["values"]
    assert [v["period"] for v in values] == ["2020", "2021", "2022", "2023", "2024"]
    assert values[-1] == {"period": "2024", "value": 74.0, "lower": 73.7, "upper": 74.3, "england": 71.5,
                          "compared": "Better"}
    assert breast.alt == ("Chart of Cancer screening coverage: breast cancer (%) for Leicestershire, 2020 to 2024. "
                          "Latest value 74.0% (2024), 95% confidence interval 73.7% to 74.3%; England 71.5%. "
                          "Compared with England: Better.")


def test_html_chart_is_inline_svg_and_table_beneath(store, strategy_file):
    tree = html.fromstring(render_html(_doc(store, strategy_file)))
    images = tree.xpath("//figure/img")
    assert images and all(i.get("src").startswith("data:image/svg+xml;base64,") for i in images)
    assert all(i.get("alt") for i in images)
    assert not tree.xpath("//*[@src and not(starts-with(@src, 'data:'))]"), "nothing is fetched at view time"
    text = " ".join(tree.text_content().split())
    assert "Recent trend: ▲ Increasing and getting better" in text
    assert "Recent trend: ▼ Decreasing and getting worse" in text
    assert "Benchmarking against goal: <80% 80% to 90% ≥90%" in text
    assert "2024 value 81.0%: ◐ between the 80% and 90% goals." in text
    table = next(t for t in tree.xpath("//table") if "breast" in t.xpath("./caption")[0].text_content())
    assert [th.text_content() for th in table.xpath("./thead//th")] == [
        "Period", "Count", "Value", "Lower 95% CI", "Upper 95% CI", "England", "Compared with England"]
    last = [td.text_content() for td in table.xpath("./tbody/tr")[-1].xpath("./td")]
    assert last == ["2024", "1,004", "74.0%", "73.7%", "74.3%", "71.5%", "◆ Better"]


def test_coverage_table_has_areas_and_target_row(store, strategy_file):
    doc = _doc(store, strategy_file)
    table = next(b for s in doc.sections for b in s.blocks if isinstance(b, Table) and b.caption.startswith("Vaccination"))
    assert table.header == [["Location", "MMR1 (24 months)"]]
    assert [[c.text for c in r] for r in table.rows] == [
        ["England", "88.9%"], ["East Midlands", "90.7%"], ["Leicestershire", "94.1%"], ["Target", "95%"],
        ["Leicestershire against the target", "✖ Below the 95% goal"]]
    assert table.rows[2][1].number == 94.1


def test_summary_sentences_state_the_statistics(store, strategy_file):
    tree = html.fromstring(render_html(_doc(store, strategy_file)))
    summary = [p.text_content() for p in tree.xpath("//section[1]//p[@class='summary']")]
    assert "Screening coverage is significantly better than England for 2 of 3 programmes; not for NIPE (similar)." in summary
    assert "Cervical screening (50-64): decreasing and getting worse over the five most recent periods (2020 to 2024)." in summary
    assert "NIPE: no significant change over the five most recent periods (2020 to 2024)." in summary


def test_goal_text_follows_the_seed():
    assert goal_text({"goal_lower": 80.0, "goal_upper": 90.0, "unit": "%"}) == "<80% 80% to 90% ≥90%"
    assert goal_text({"goal_lower": 2400.0, "goal_upper": 3250.0, "unit": "per 100,000"}) == "<2,400 2,400 to 3,250 ≥3,250"
    assert goal_text({"goal_lower": 95.0, "goal_upper": None, "unit": "%"}) == "≥95%"
    assert goal_text({"goal_lower": None, "goal_upper": None}) == ""
