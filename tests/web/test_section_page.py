"""A strategy section page's indicator table: a breakdown only where there is one, and every
row not compared with England says why, in the home page's words."""

from __future__ import annotations

import lxml.html

from hwb.reports.judgement import NO_CI


def _table(page: str) -> list[dict[str, str]]:
    """The indicator table's rows as {column heading: cell text}."""
    table = lxml.html.fromstring(page).xpath("//table")[0]
    heads = [" ".join(th.text_content().split()) for th in table.xpath("./thead//th")]
    return [dict(zip(heads, (" ".join(c.text_content().split()) for c in tr.xpath("./th|./td"))))
            for tr in table.xpath("./tbody/tr")]


def test_breakdown_shows_only_real_breakdowns(client):
    homes = _table(client.get("/strategy/sections/healthy-homes").text)
    fuel = [r for r in homes if "Fuel poverty" in r["Indicator"]]
    assert fuel and all(r["Breakdown"] == "" for r in fuel), fuel
    assert not [r for r in homes if "Not applicable" in r["Breakdown"]]
    work = _table(client.get("/strategy/sections/healthy-workplaces-and-local-economy").text)
    assert "Female, 18-64 yrs" in [r["Breakdown"] for r in work]


def test_rows_not_compared_say_why(client):
    rows = _table(client.get("/strategy/sections/healthy-workplaces-and-local-economy").text)
    uncompared = [r for r in rows if r["Compared with England"].startswith("Not compared")]
    assert uncompared
    assert all(r["Compared with England"] == f"Not compared because {NO_CI}" for r in uncompared), uncompared


def test_query_gives_a_reason_only_where_not_compared():
    from hwb.web.queries.strategy import indicator_rows

    rows = indicator_rows([{"compared_to_england": "Better", "value": 1.0, "lower_95": 0.5, "upper_95": 1.5},
                           {"compared_to_england": "Not compared", "value": 3.0},
                           {"compared_to_england": None, "value": None}])
    assert [r["why"] for r in rows] == ["", NO_CI, "no value is published"]
