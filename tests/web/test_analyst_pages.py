"""The analyst views: find, compare areas, overview, spine range, funnel, inequalities, read API.

Real content comes from a store of the real Fingertips downloads (all 152 counties and
unitary authorities); access and disclosure from the web fixtures' demo store.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from conftest import HOME, PASSWORDS, sign_in
from hwb.store.folder import StoreFolder
from hwb.web.queries.analyst_methods import inequality_indices, quantile_number

COUNTY = quote("County & UA")
SUICIDE, SELF_HARM, SELF_HARM_YOUNG = "41001", "92796", "90813"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A client over a store of the real Fingertips downloads, built and published."""
    from hwb.demo.fingertips import load_fingertips_samples
    from hwb.engine.build import build
    from hwb.web.app import create_app
    from hwb.web.auth import add_user

    root = tmp_path_factory.mktemp("fingertips") / "store"
    folder = StoreFolder(root, f"sqlite:///{root}-record.sqlite")
    store = folder.open_evidence()
    try:
        load_fingertips_samples(store)
        build(store)
        _add_synthetic_deciles(store)
        folder.publish(store)
    finally:
        store.close()
    add_user(folder.record, "admin", PASSWORDS["admin"], "admin")
    with TestClient(create_app(folder)) as client:
        yield client
    folder.close()


DECILES = "Deprivation deciles (test data)"
DECILE_NAMES = ["Most deprived decile", *[f"{w} most deprived decile" for w in ("Second", "Third", "Fourth", "Fifth")],
                *[f"{w} least deprived decile" for w in ("Fifth", "Fourth", "Third", "Second")], "Least deprived decile"]


def _add_synthetic_deciles(store) -> None:
    """SYNTHETIC results by deprivation decile for Leicestershire's young people's self-harm
    admissions (the downloads have none), over two periods, to draw the SII from."""
    row = store.df("SELECT * FROM results WHERE indicator_id = ? AND area_code = ? AND is_latest AND category_type = ''",
                   [SELF_HARM_YOUNG, HOME])
    frames = []
    for period, sort, step in (("2016/17", 2016, 12.0), (row.period.iloc[0], int(row.period_sort.iloc[0]), 15.0)):
        for i, name in enumerate(DECILE_NAMES):
            value = 320.0 - step * i
            frames.append(row.assign(period=period, period_sort=sort, is_latest=sort != 2016, category_type=DECILES,
                                     category=name, value=value, lower_95=value - 20, upper_95=value + 20,
                                     count=value * 0.16, denominator=16000.0))
    store.insert("results", pd.concat(frames, ignore_index=True))


@pytest.fixture(scope="module")
def evidence(real):
    """The published results of the real store, for checking the pages against."""
    with real.app.state.sources.reader.store() as store:
        yield store.df("SELECT r.*, a.area_name, a.area_type FROM results r JOIN areas a USING (area_code)")


@pytest.fixture
def full(real):
    """The real store's client signed in as an admin, who sees every figure unsuppressed."""
    sign_in(real, "admin")
    yield real
    real.cookies.clear()


def spec(page: str, chart: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{chart}-spec">(.*?)</script>', page, re.S)
    assert found, f"no {chart} chart on the page"
    return json.loads(found.group(1))


def read_csv(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_search_finds_the_self_harm_indicators(real):
    for text in ("self-harm", "Self harm", "SELF-HARM admissions"):
        found = real.get("/api/search", params={"q": text, "area": HOME}).json()["results"]
        assert {r["indicator_id"] for r in found} == {SELF_HARM, SELF_HARM_YOUNG}, text
    page = real.get("/search", params={"q": "self-harm", "area": HOME}).text
    assert "Hospital admissions as a result of self-harm (10-24 years)" in page
    assert "2 indicators matching" in page and "Leicestershire" in page
    assert f"/compare/{COUNTY}/{SELF_HARM}?area={HOME}" in page


def test_search_shows_the_latest_value_and_comparison_for_the_area(real, evidence):
    found = real.get("/api/search", params={"q": "suicide rate", "area": HOME}).json()["results"]
    row = next(r for r in found if r["indicator_id"] == SUICIDE)
    stored = evidence[(evidence.indicator_id == SUICIDE) & (evidence.area_code == HOME) & evidence.is_latest]
    assert row["value"] == pytest.approx(stored.value.iloc[0])
    assert row["compared_to_england"] == stored.compared_to_england.iloc[0] == "Similar"
    assert found[0]["name"].lower().startswith("suicide rate")  # the name holding the words comes first


def test_search_filters_by_topic_and_area_type(real):
    everything = real.get("/api/search", params={"area": HOME}).json()["results"]
    assert len(everything) == 15
    assert real.get("/api/search", params={"q": "self-harm", "topic": "No such topic"}).json()["results"] == []
    topical = real.get("/api/search", params={"q": "self-harm", "topic": "Fingertips (OHID)"}).json()["results"]
    assert len(topical) == 2
    assert real.get("/api/search", params={"q": "self-harm", "area_type": "District & UA"}).json()["results"] == []
    assert len(real.get("/api/search", params={"q": "self-harm", "area_type": "Region"}).json()["results"]) == 2


def test_search_text_is_escaped(real):
    page = real.get("/search", params={"q": '<script>alert("x")</script>'}).text
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page


def test_compare_chart_holds_every_county_and_ua_and_england(full, evidence):
    page = full.get(f"/compare/{COUNTY}/{SUICIDE}", params={"area": HOME}).text
    chart = spec(page, "compare")
    bars = chart["data"]["values"]
    counties = evidence[(evidence.indicator_id == SUICIDE) & (evidence.area_type == "County & UA") & evidence.is_latest]
    assert len(bars) == len(counties) == 152
    assert sum(b["lower_95"] is not None and b["upper_95"] is not None for b in bars) == counties.lower_95.notna().sum()
    assert {b["area_name"] for b in bars} == set(counties.area_name)
    england = evidence[(evidence.indicator_id == SUICIDE) & (evidence.area_code == "E92000001") & evidence.is_latest]
    line = [layer for layer in chart["layer"] if "data" in layer]
    assert line[0]["data"]["values"][0]["england"] == pytest.approx(england.value.iloc[0])
    assert [b["area_name"] for b in bars if b["selected"]] == ["Leicestershire"]
    values = [b["value"] for b in bars if b["value"] is not None]
    assert values == sorted(values, reverse=True)  # highest first by default
    assert "England" in page and "Compared with England" in page
    full.cookies.clear()  # a visitor: every area is there, a hidden one without its figures
    bars = spec(full.get(f"/compare/{COUNTY}/{SUICIDE}", params={"area": HOME}).text, "compare")["data"]["values"]
    assert len(bars) == 152 and 140 < sum(b["lower_95"] is not None for b in bars) <= counties.lower_95.notna().sum()


def test_compare_sorts_and_downloads(real):
    by_name = spec(real.get(f"/compare/{COUNTY}/{SELF_HARM}", params={"sort": "name"}).text, "compare")
    names = [b["area_name"] for b in by_name["data"]["values"]]
    assert names == sorted(names) and len(names) == 119  # the children's downloads have no London boroughs
    low = spec(real.get(f"/compare/{COUNTY}/{SELF_HARM}", params={"sort": "low"}).text, "compare")
    values = [b["value"] for b in low["data"]["values"] if b["value"] is not None]
    assert values == sorted(values)
    rows = read_csv(real.get(f"/compare/{COUNTY}/{SUICIDE}/data.csv"))
    assert len(rows) == 153 and rows[0]["area_name"] == "England"
    api = real.get(f"/api/compare/{COUNTY}/{SUICIDE}").json()
    assert len(api["areas"]) == 152 and api["england"][0]["area_code"] == "E92000001"


def test_overview_cells_say_the_comparison_in_words(real):
    page = real.get(f"/compare/{COUNTY}", params={"region": "E12000004"}).text
    assert "Leicestershire" in page and "Nottingham" in page and "Barnsley" not in page
    assert 'class="hwb-sig hwb-sig--' in page
    for word in ("Similar", "Higher", "Lower"):
        assert f">{word}</span>" in page
    cells = real.get(f"/api/compare/{COUNTY}", params={"region": ""}).json()["cells"]
    assert len({c["area_code"] for c in cells}) == 153 and len({c["indicator_id"] for c in cells}) == 15
    rows = read_csv(real.get(f"/compare/{COUNTY}/overview.csv", params={"region": "E12000004"}))
    assert {r["area_name"] for r in rows} >= {"England", "Leicestershire", "Rutland"}


def test_spine_spans_the_real_range_of_areas(real, evidence):
    api = real.get(f"/api/areas/{HOME}/spine").json()["rows"]
    assert len(api) == 15 and all(r["peer_min"] <= r["peer_q25"] <= r["peer_q75"] <= r["peer_max"] for r in api)
    marks = spec(real.get(f"/areas/{HOME}").text, "spine")["data"]["values"]
    assert marks and all(0 <= m["low"] <= m["q_low"] <= m["q_high"] <= m["high"] <= 1 for m in marks)
    assert sum(0 < m["area"] < 1 for m in marks) >= len(marks) - 1  # not pinned to an edge
    sign_in(real, "admin")  # the full figures: every area's value is in the range
    try:
        rows = read_csv(real.get(f"/areas/{HOME}/profile.csv"))
    finally:
        real.cookies.clear()
    assert len(rows) == 15
    for row in rows:
        peers = evidence[(evidence.indicator_id == row["indicator_id"]) & (evidence.area_type == "County & UA")
                         & (evidence.period == row["period"]) & (evidence.sex == row["sex"])
                         & (evidence.age == row["age"]) & (evidence.category_type == "")].value.dropna()
        assert float(row["peer_min"]) == pytest.approx(peers.min()) and float(row["peer_max"]) == pytest.approx(peers.max())
        assert float(row["peer_q25"]) == pytest.approx(peers.quantile(0.25))
        assert int(row["peer_count"]) == len(peers) >= 110


def test_funnel_plot_highlights_an_area_and_downloads(full):
    real = full
    page = real.get(f"/funnel/{SUICIDE}", params={"area": HOME}).text
    chart = spec(page, "funnel")
    points = next(layer for layer in chart["layer"] if layer["mark"].get("filled") and layer["mark"]["type"] == "point")
    assert len(points["data"]["values"]) == 149  # every county and UA with a value and a count
    highlighted = [layer for layer in chart["layer"] if layer["mark"]["type"] == "text"]
    assert [v["area_name"] for v in highlighted[0]["data"]["values"]] == ["Leicestershire"]
    assert "control limits" in page and "Within the limits" in page
    rows = read_csv(real.get(f"/funnel/{SUICIDE}/data.csv", params={"area": HOME}))
    assert len(rows) == 149 and {r["significance"] for r in rows} >= {"Within the limits", "Above the 99.8% limit"}
    api = real.get(f"/api/funnel/{SELF_HARM}").json()
    assert api["points"] and {x["limit"] for x in api["limits"]} == {
        "95% lower limit", "95% upper limit", "99.8% lower limit", "99.8% upper limit"}
    assert "no funnel plot" in real.get("/funnel/91146").text  # an estimated number has none
    real.cookies.clear()  # a visitor: areas with hidden counts are left out, and the page says so
    shown = read_csv(real.get(f"/funnel/{SUICIDE}/data.csv", params={"area": HOME}))
    assert 140 < len(shown) < 149 and "suppressed" not in str(shown)
    assert "left off the plot" in real.get(f"/funnel/{SUICIDE}", params={"area": HOME}).text


def test_inequalities_say_plainly_there_are_no_deprivation_deciles(real):
    page = real.get(f"/inequalities/{SUICIDE}", params={"area": HOME}).text
    assert "no results of this indicator by deprivation decile" in page
    assert 'id="breakdown-1-spec"' in page
    api = real.get(f"/api/inequalities/{SUICIDE}", params={"area": HOME}).json()
    assert api["inequality_indices"] == [] and api["breakdowns"]


def test_inequalities_draw_categories_with_cis(client):
    found = client.get("/api/search", params={"q": "", "area": HOME}).json()["results"]
    ids = [r["indicator_id"] for r in found]
    page = None
    for indicator in ids:
        text = client.get(f"/inequalities/{indicator}", params={"area": HOME}).text
        if "Organism" in text:
            page = text
            break
    assert page is not None, "the demo holds results by organism"
    assert 'id="breakdown-1-spec"' in page and "Lower 95% CI" in page


def test_sii_from_deprivation_deciles():
    names = ["Most deprived decile (IMD2019)", "Second most deprived decile (IMD2019)",
             "Third most deprived decile (IMD2019)", "Fourth most deprived decile (IMD2019)",
             "Fifth most deprived decile (IMD2019)", "Fifth least deprived decile (IMD2019)",
             "Fourth least deprived decile (IMD2019)", "Third least deprived decile (IMD2019)",
             "Second least deprived decile (IMD2019)", "Least deprived decile (IMD2019)"]
    assert [quantile_number(n, 10) for n in names] == list(range(1, 11))
    assert quantile_number("Decile 3", 10) == 3 and quantile_number("Unknown", 10) is None
    frame = pd.DataFrame([{"period": p, "period_sort": int(p), "sex": "Persons", "age": "All ages",
                           "category_type": "Deprivation deciles", "category": n, "value": 300.0 - 15 * i,
                           "lower_95": 290.0 - 15 * i, "upper_95": 310.0 - 15 * i, "denominator": 50000.0}
                          for p in ("2020", "2021") for i, n in enumerate(names)])
    out = inequality_indices(frame, "crude_rate", 100000)
    assert out.period.tolist() == ["2020", "2021"]
    # equal populations: the fitted line runs from 307.5 at the most deprived end to 157.5 at the least
    assert out.sii.tolist() == pytest.approx([-150.0, -150.0])
    assert out.rii.iloc[0] == pytest.approx(157.5 / 307.5)
    assert (out.sii_lower_95 < out.sii).all() and (out.sii < out.sii_upper_95).all()
    assert inequality_indices(frame[frame.category != names[0]], "crude_rate", 100000).empty


def test_small_counts_suppressed_unless_signed_in_as_editor_or_admin(client):
    indicator = next(r["indicator_id"] for r in client.get("/api/search").json()["results"] if r["period"])
    anonymous = client.get(f"/compare/{COUNTY}/{indicator}/data.csv").text
    api = client.get(f"/api/compare/{COUNTY}/{indicator}").text
    assert "suppressed" in anonymous and "suppressed" in api  # synthetic peers hold counts of 3
    sign_in(client, "viewer")
    assert "suppressed" in client.get(f"/api/compare/{COUNTY}/{indicator}").text
    client.cookies.clear()
    sign_in(client, "admin")
    assert "suppressed" not in client.get(f"/compare/{COUNTY}/{indicator}/data.csv").text
    assert "suppressed" not in client.get(f"/api/compare/{COUNTY}/{indicator}").text


def test_pages_and_api_follow_the_login_switch(folder):
    from hwb.web.app import create_app

    with TestClient(create_app(folder, require_login=True)) as locked:
        for path in ("/search", f"/compare/{COUNTY}", "/api/search", "/api/openapi.json"):
            response = locked.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), path


def test_unknown_things_are_404(client):
    assert client.get("/compare/Nowhere").status_code == 404
    assert client.get(f"/compare/{COUNTY}/no-such-indicator").status_code == 404
    assert client.get("/funnel/no-such-indicator").status_code == 404
    assert client.get("/inequalities/no-such-indicator").status_code == 404
    assert client.get("/search", params={"area": "NOWHERE"}).status_code == 404
    missing = client.get("/api/areas/NOWHERE/spine")
    assert missing.status_code == 404 and missing.json() == {"detail": "There is no area with the code NOWHERE."}


def test_openapi_describes_every_api_path(client):
    description = client.get("/api/openapi.json").json()
    assert description["openapi"].startswith("3.")
    assert len(description["paths"]) == 8
    indicator = next(r["indicator_id"] for r in client.get("/api/search").json()["results"] if r["period"])
    for path, item in description["paths"].items():
        filled = path.format(area_type="County & UA", indicator_id=indicator, area_code=HOME)
        assert client.get(filled).status_code == 200, path
        assert {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"} == set(re.findall(r"{(\w+)}", path))


def test_pages_speak_plainly(client, real):
    for c, path in ((client, "/search"), (real, f"/compare/{COUNTY}/{SUICIDE}"), (real, f"/funnel/{SUICIDE}"),
                    (real, f"/inequalities/{SUICIDE}"), (real, f"/compare/{COUNTY}")):
        page = c.get(path).text
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S)
        for word in ("None", "nan", "NaN", "_", "hwb", "Vega", ".py"):
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", visible), (path, word)


def test_search_covers_strategy_priorities(client):
    topic = "Staying Healthy, Safe and Well"
    found = client.get("/api/search", params={"topic": topic}).json()["results"]
    assert len(found) >= 30 and all(topic in r["topics"] for r in found)
    by_words = client.get("/api/search", params={"q": "reducing health inequalities"}).json()["results"]
    assert by_words and all("Reducing health inequalities" in r["topics"] for r in by_words)
    page = client.get("/search", params={"topic": topic}).text
    assert f'<option value="{topic}" selected>' in page


def test_life_expectancy_page_says_plainly_there_is_none(real):
    page = real.get("/life-expectancy", params={"area": HOME}).text
    assert "The board holds no life expectancy figures" in page
    assert real.get("/life-expectancy", params={"area": "NOWHERE"}).status_code == 404


def test_inequalities_draw_the_sii_where_deciles_exist(real):
    page = real.get(f"/inequalities/{SELF_HARM_YOUNG}", params={"area": HOME}).text
    assert "Deprivation deciles (test data)" in page and 'id="sii-1-spec"' in page
    assert "no results of this indicator by deprivation" not in page
    bars = spec(page, "breakdown-2")["data"]["values"]
    assert [b["label"] for b in bars] == DECILE_NAMES  # most deprived first
    indices = real.get(f"/api/inequalities/{SELF_HARM_YOUNG}", params={"area": HOME}).json()["inequality_indices"]
    rows = indices[0]["rows"]
    assert indices[0]["category_type"] == DECILES and [r["period"] for r in rows] == ["2016/17", "2017/18"]
    # equal populations: the slope is the straight line's fall from decile 1 to 10 (9 steps over 9/10 of the range)
    assert [r["sii"] for r in rows] == pytest.approx([-120.0, -150.0])
    assert all(r["sii_lower_95"] < r["sii"] < r["sii_upper_95"] for r in rows)
    assert spec(page, "sii-1")["data"]["values"][1]["sii"] == pytest.approx(-150.0)
    rows = read_csv(real.get(f"/inequalities/{SELF_HARM_YOUNG}/data.csv", params={"area": HOME, "kind": "indices"}))
    assert [r["period"] for r in rows] == ["2016/17", "2017/18"] and float(rows[1]["sii"]) == pytest.approx(-150.0)
    deciles = read_csv(real.get(f"/inequalities/{SELF_HARM_YOUNG}/data.csv", params={"area": HOME}))
    assert sum(r["category_type"] == DECILES for r in deciles) == 10
