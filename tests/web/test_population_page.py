"""The population page: a pyramid of an area by age and sex against England, with its table and CSV,
through disclosure control; a plain statement when the store holds no population by age and sex.
SYNTHETIC population from tests/web/definition_store.py (the Fingertips samples hold none)."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from definition_store import BANDS, ENGLAND, HOME, POPULATION, TINY, people
from hwb.web.queries.population import band_start
from test_indicator_definition import _as, site  # noqa: F401 (site is a fixture)


def _spec(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="pyramid-spec">(.*?)</script>', html, re.S)
    assert match, "no pyramid on the page"
    return json.loads(match.group(1))


def test_band_starts():
    assert [band_start(b) for b in ("0-4 yrs", "5-9", "90+ yrs", "90+", "All ages", "<1", "65")] == \
        [0, 5, 90, 90, None, None, None]


def test_pyramid_against_england_with_the_table(site):  # noqa: F811
    html = _as(site, "admin").get(f"/population?area={HOME}").text
    spec = _spec(html)
    bars, england = spec["layer"][0]["data"]["values"], spec["layer"][1]["data"]["values"]
    assert len(bars) == len(england) == 2 * len(BANDS)
    total = sum(people(HOME, s, i) for s in ("Male", "Female") for i in range(len(BANDS)))
    young_male = next(b for b in bars if b["sex"] == "Male" and b["age"] == "0-4 yrs")
    assert young_male["share"] == pytest.approx(100 * people(HOME, "Male", 0) / total)
    assert young_male["x"] < 0 and all(b["x"] > 0 for b in bars if b["sex"] == "Female")
    assert sum(b["share"] for b in bars) == pytest.approx(100)
    assert sum(e["share"] for e in england) == pytest.approx(100)
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "90+ yrs"  # oldest at the top
    assert f"{people(HOME, 'Female', 3):,}" in html and "England females, %" in html


def test_visitors_see_small_bands_suppressed(site):  # noqa: F811
    url = f"/population?area={TINY}"
    html = _as(site, None).get(url).text
    bars = _spec(html)["layer"][0]["data"]["values"]
    assert not any(b["sex"] == "Male" and b["age"] == "90+ yrs" for b in bars)  # left out of the chart
    assert "suppressed" in html
    frame = pd.read_csv(io.StringIO(_as(site, None).get(f"/population/data.csv?area={TINY}").content.decode("utf-8-sig")),
                        dtype=str, keep_default_na=False)
    oldest = frame[(frame.area_code == TINY) & (frame.sex == "Male") & (frame.age == "90+ yrs")].iloc[0]
    assert oldest["people"] == "" and oldest["value_note"] == "suppressed"
    full = pd.read_csv(io.StringIO(_as(site, "admin").get(f"/population/data.csv?area={TINY}").content.decode("utf-8-sig")))
    row = full[(full.area_code == TINY) & (full.sex == "Male") & (full.age == "90+ yrs")].iloc[0]
    assert row["people"] == 3
    assert set(full.area_code) == {TINY, ENGLAND}


def test_unknown_area_is_not_found(site):  # noqa: F811
    assert _as(site, None).get("/population?area=E00000000").status_code == 404


def test_without_population_data_the_page_says_so(client):
    html = client.get(f"/population?area={HOME}").text
    assert "holds no population figures by age and sex" in html
    assert 'id="pyramid-spec"' not in html
    assert POPULATION not in html


def test_read_api_population_hides_small_bands(site):  # noqa: F811
    body = _as(site, None).get(f"/api/population?area={TINY}").json()
    assert body["indicator_id"] == POPULATION and body["period"] == "2023"
    oldest = next(r for r in body["rows"] if r["area_code"] == TINY and r["sex"] == "Male" and r["age"] == "90+ yrs")
    assert oldest["people"] is None and oldest["value_note"] == "suppressed"
    full = _as(site, "admin").get(f"/api/population?area={TINY}").json()
    assert next(r for r in full["rows"] if r["area_code"] == TINY and r["sex"] == "Male"
                and r["age"] == "90+ yrs")["people"] == 3
