"""The bundled Leicestershire demo data: structure, faithfulness to the seeds, and the
published confidence intervals reproduced by hwb's own methods from derived denominators."""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from pathlib import Path

import ibis
import pandas as pd
import pytest

from hwb.demo import derive
from hwb.methods.proportion import proportion
from hwb.methods.rate import crude_rate

DATA = Path(derive.__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
SEED = Path(os.environ.get("HWB_SEEDS", REPO.parent / "shared" / "seeds")) / "000_b92421ad229691ee.txt"

KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
INDICATOR_COLUMNS = ["indicator_id", "name", "value_type", "multiplier", "unit", "polarity",
                     "comparison_confidence", "goal_lower", "goal_upper", "source", "definition"]
AREA_COLUMNS = ["area_code", "area_name", "area_type", "parent_code"]
DATA_COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "category_type",
                          "category", "count", "denominator", "value", "lower_95", "upper_95",
                          "lower_998", "upper_998", "value_note", "source"]
PUBLISHED_COLUMNS = KEY + ["field", "value_text", "source"]
NUMERIC = ["count", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
TRENDS = {
    "Increasing", "Decreasing", "Increasing and getting better", "Increasing and getting worse",
    "Decreasing and getting better", "Decreasing and getting worse", "No significant change",
    "Cannot be calculated",
}
SEXES = {"Persons", "Male", "Female", "Not applicable"}
# TB rows whose printed 95% CI no integer population reproduces with Byar's method
# (recorded in SOURCES.md; their printed value and CI are stored as given)
NOT_DERIVABLE = {("tb-incidence-three-year-average", p)
                 for p in ("2006 - 08", "2007 - 09", "2013 - 15", "2015 - 17", "2016 - 18")}
# the series whose every Leicestershire row is reproduced (issue 2, item 8)
SERIES = {
    "hpv-vaccination-one-dose-12-13-female": 11, "hpv-vaccination-one-dose-12-13-male": 5,
    "nipe-screening-coverage": 5, "c24a-breast-screening-coverage": 16,
    "c24d-bowel-screening-coverage": 11, "c24b-cervical-screening-coverage-25-49": 15,
    "c24c-cervical-screening-coverage-50-64": 15, "c24e-aaa-screening-coverage": 12,
    "tb-incidence-three-year-average": 22,
}


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def indicators():
    return _csv("indicators.csv")


@pytest.fixture(scope="module")
def areas():
    return _csv("areas.csv")


@pytest.fixture(scope="module")
def data():
    return _csv("data.csv")


@pytest.fixture(scope="module")
def published():
    return _csv("published.csv")


def places(text: str) -> int:
    exponent = Decimal(text).as_tuple().exponent
    return -exponent if exponent < 0 else 0


def half_up(x: float, digits: int) -> float:
    return math.floor(x * 10**digits + 0.5 + 1e-9) / 10**digits


# ------------------------------------------------------------------------ structure

def test_headers(indicators, areas, data, published):
    assert list(indicators.columns) == INDICATOR_COLUMNS
    assert list(areas.columns) == AREA_COLUMNS
    assert list(data.columns) == DATA_COLUMNS
    assert list(published.columns) == PUBLISHED_COLUMNS


def test_indicators_valid(indicators):
    assert indicators.indicator_id.is_unique
    assert indicators.indicator_id.str.fullmatch(r"[a-z0-9][a-z0-9-]*").all()
    assert set(indicators.value_type) <= {"proportion", "crude_rate", "dsr", "isr", "mean", "count", "other"}
    assert set(indicators.polarity) <= {"high_is_good", "low_is_good", "no_judgement"}
    assert set(indicators.comparison_confidence) <= {"95", "99.8"}
    assert (indicators.name != "").all() and (indicators.source != "").all()
    units = {"%": "100", "per 100,000": "100000", "per 1,000": "1000"}
    for row in indicators.itertuples():
        assert row.multiplier == units.get(row.unit, "1"), row.indicator_id
        if row.goal_upper:
            assert row.goal_lower and float(row.goal_lower) < float(row.goal_upper), row.indicator_id


def test_goals_from_the_seeds(indicators):
    goals = indicators.set_index("indicator_id")[["goal_lower", "goal_upper"]].apply(tuple, axis=1).to_dict()
    assert goals["hpv-vaccination-one-dose-12-13-female"] == ("80", "90")
    assert goals["hpv-vaccination-one-dose-12-13-male"] == ("80", "90")
    assert goals["d02a-chlamydia-detection-rate-15-24"] == ("2400", "3250")
    assert goals["hiv-late-diagnosis"] == ("25", "50")
    assert goals["hiv-diagnosed-prevalence-15-59"] == ("2", "5")
    assert goals["ld-annual-health-checks-14-plus-local"] == ("80", "")
    assert goals["vaccination-coverage-mmr2-5-years"] == ("95", "")
    assert [goals[f"flu-uptake-{c}"] for c in ("65-and-over", "under-65-at-risk", "pregnant-women",
                                               "2-3-year-olds", "primary-school-age")] == \
        [("75", ""), ("55", ""), ("55", ""), ("48", ""), ("48", "")]


def test_areas_valid(areas):
    assert areas.area_code.is_unique
    codes = set(areas.area_code)
    assert {"E92000001", "E12000004", "E10000018", "LOCAL-LEIR"} <= codes
    for row in areas.itertuples():
        assert row.parent_code == "" or row.parent_code in codes, row.area_code
    assert areas.set_index("area_code").loc["E92000001", "parent_code"] == ""


def test_data_keys_and_references(data, indicators, areas):
    assert not data.duplicated(KEY).any(), data[data.duplicated(KEY, keep=False)][KEY]
    assert set(data.indicator_id) <= set(indicators.indicator_id)
    assert set(indicators.indicator_id) <= set(data.indicator_id)  # no indicator without data
    assert set(data.area_code) <= set(areas.area_code)
    assert set(data.sex) <= SEXES
    assert (data.period != "").all() and (data.age != "").all()
    assert data.source.str.startswith("seed 000 line").all()
    assert ((data.category_type == "") == (data.category == "")).all()


def test_numbers_are_plain(data):
    for column in NUMERIC:
        cells = data[column][data[column] != ""]
        assert cells.str.fullmatch(r"-?\d+(\.\d+)?").all(), cells[~cells.str.fullmatch(r"-?\d+(\.\d+)?")]


def test_rows_have_something(data):
    has_value = data.value != ""
    has_count = data["count"] != ""
    suppressed = data.value_note.str.startswith("Suppressed")
    assert (has_value | has_count | suppressed).all()
    # a row with count and denominator is computed by the engine, so carries no value
    computed = has_count & (data.denominator != "")
    assert (data.value[computed] == "").all()
    assert (data.lower_95[computed] == "").all() and (data.upper_95[computed] == "").all()
    for column in ("lower_998", "upper_998"):  # the seeds print no 99.8% limits
        assert (data[column] == "").all()


def test_published_valid(published, data):
    assert not published.duplicated(KEY + ["field"]).any()
    assert set(published.field) <= {"nn_rank", "recent_trend", "value", "lower_95", "upper_95"}
    keys = set(map(tuple, data[KEY].values))
    for row in published.itertuples(index=False):
        assert tuple(getattr(row, k) for k in KEY) in keys, row
        if row.field == "nn_rank":
            rank, n = map(int, re.fullmatch(r"(\d+)/(\d+)", row.value_text).groups())
            assert 1 <= rank <= n <= 16
        elif row.field == "recent_trend":
            assert row.value_text in TRENDS
        else:
            assert re.fullmatch(r"\d+(\.\d+)?", row.value_text), row
    assert published.source.str.startswith("seed 000 line").all()


def test_published_series_complete(published):
    values = published[published.field == "value"]
    assert values.indicator_id.value_counts().to_dict() == SERIES
    trends = published[(published.field == "recent_trend") & published.indicator_id.isin(list(SERIES))]
    latest = {i: t for i, t in zip(trends.indicator_id, trends.value_text)}
    assert latest == {
        "hpv-vaccination-one-dose-12-13-female": "No significant change",
        "hpv-vaccination-one-dose-12-13-male": "No significant change",
        "nipe-screening-coverage": "No significant change",
        "c24a-breast-screening-coverage": "Increasing and getting better",
        "c24d-bowel-screening-coverage": "Increasing and getting better",
        "c24b-cervical-screening-coverage-25-49": "Decreasing and getting worse",
        "c24c-cervical-screening-coverage-50-64": "Decreasing and getting worse",
        "c24e-aaa-screening-coverage": "Increasing and getting better",
        "tb-incidence-three-year-average": "Cannot be calculated",
    }


def test_dashboard_interpretations(data, published):
    """The label shifts of the PDF extraction, as interpreted in SOURCES.md."""
    lei = data[data.area_code == "E10000018"].set_index(["indicator_id", "sex"])
    assert lei.loc[("b09a-sickness-absence-employees-day-off", "Persons"), "value"] == "1.4"
    assert lei.loc[("b09b-sickness-absence-working-days-lost", "Persons"), "value"] == "0.9"
    assert lei.loc[("employment-gap-learning-disability", "Male"), "value"] == "71.6"
    assert lei.loc[("employment-gap-learning-disability", "Persons"), "value"] == "70.9"
    assert lei.loc[("employment-gap-secondary-mental-health", "Female"), "value"] == "69.2"
    assert not ((data.indicator_id == "food-insecurity-indirect") & (data.area_code == "E92000001")).any()
    flu = data[data.indicator_id.isin(["d03l-flu-vaccination-2-3-years", "d06a-flu-vaccination-65-plus"])
               & (data.area_code == "E10000018")]
    assert flu.value_note.str.contains("Leicestershire and Rutland combined").all()


# ------------------------------------------------------------------------ the published figures hold

def _computed(data: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Value and 95% CI from hwb.methods for every row with a count and a denominator."""
    meta = indicators.set_index("indicator_id")
    rows = data[(data["count"] != "") & (data.denominator != "")].copy()
    rows["value_type"] = rows.indicator_id.map(meta.value_type)
    rows["multiplier"] = rows.indicator_id.map(meta.multiplier).astype(float)
    frames = []
    for value_type, method in (("proportion", proportion), ("crude_rate", crude_rate)):
        part = rows[rows.value_type == value_type]
        if part.empty:
            continue
        table = ibis.memtable(pd.DataFrame({
            "i": part.index, "count": part["count"].astype(float),
            "denominator": part.denominator.astype(float), "multiplier": part.multiplier,
        }))
        out = method(table["count"], table.denominator, table.multiplier)
        frames.append(table.select("i", **{k: out[k] for k in ("value", "lower_95", "upper_95")})
                      .to_pandas().set_index("i"))
    assert sum(map(len, frames)) == len(rows), "a row with a denominator has an unsupported value type"
    return rows.drop(columns=["value", "lower_95", "upper_95"]).join(pd.concat(frames))


def _mismatches(computed: pd.DataFrame, published: pd.DataFrame) -> list:
    printed = published[published.field.isin(["value", "lower_95", "upper_95"])]
    lookup = {(tuple(r[k] for k in KEY), r["field"]): r["value_text"] for _, r in printed.iterrows()}
    bad = []
    for _, row in computed.iterrows():
        key = tuple(row[k] for k in KEY)
        for field in ("value", "lower_95", "upper_95"):
            text = lookup[(key, field)]
            if half_up(row[field], places(text)) != float(text):
                bad.append((key[0], key[2], field, round(row[field], 4), text))
    return bad


def test_every_published_ci_reproduced(data, indicators, published):
    computed = _computed(data, indicators)
    assert _mismatches(computed, published) == []
    printed_rows = published[published.field == "value"]
    reproduced = set(map(tuple, computed[KEY].values))
    missing = {(r.indicator_id, r.period) for r in printed_rows.itertuples()
               if tuple(getattr(r, k) for k in KEY) not in reproduced}
    assert missing == NOT_DERIVABLE


def test_rows_without_denominator_keep_the_published_figures(data, published):
    rows = data[(data["count"] != "") & (data.denominator == "") & (data.category == "")
                & (data.indicator_id != "measles-confirmed-cases")]
    assert {(r.indicator_id, r.period) for r in rows.itertuples()} == NOT_DERIVABLE
    printed = published.set_index(KEY + ["field"]).value_text
    for _, row in rows.iterrows():
        key = tuple(row[k] for k in KEY)
        for field in ("value", "lower_95", "upper_95"):
            assert row[field] == printed[key + (field,)]
        assert "as published" in row.value_note


def test_a_wrong_denominator_is_caught(data, indicators, published):
    """The check discriminates: 3% off the derived denominators breaks every row
    (3% is wider than any row's whole range of candidate denominators)."""
    shifted = data.copy()
    has = (shifted["count"] != "") & (shifted.denominator != "")
    shifted.loc[has, "denominator"] = (shifted.denominator[has].astype(int) * 103 // 100).astype(str)
    bad = _mismatches(_computed(shifted, indicators), published)
    assert {(b[0], b[1]) for b in bad} == {(r.indicator_id, r.period) for r in data[has].itertuples()}


def test_derived_denominators_are_current():
    """Re-running the search gives exactly the stored denominators (and writes nothing)."""
    results = derive.derive(DATA, check=True)
    assert len(results) == sum(SERIES.values())
    assert {(r["indicator_id"], r["period"]) for r in results if r["candidates"] == 0} == NOT_DERIVABLE


# ------------------------------------------------------------------------ faithful to the seed text

def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"seed text not found at {SEED}")
    return SEED.read_text(encoding="utf-8").split("\n")


def _cited_lines(source: str, lines: list[str]) -> str:
    text = []
    for first, last in re.findall(r"seed 000 lines? (\d+)(?:-(\d+))?", source):
        text += lines[int(first) - 1:int(last or first)]
    return "\n".join(text)


def _printed(number: str, text: str) -> bool:
    plain = text.replace(",", "")
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", plain) is not None


def test_every_number_is_in_the_cited_seed_lines(data, published):
    lines = _seed_lines()
    for row in data.itertuples(index=False):
        cited = _cited_lines(row.source, lines)
        for column in ("count", "value", "lower_95", "upper_95"):
            number = getattr(row, column)
            if number:
                assert _printed(number, cited), (row.indicator_id, row.area_code, row.period, column, number)
    for row in published.itertuples(index=False):
        if row.field in ("value", "lower_95", "upper_95", "nn_rank"):
            cited = _cited_lines(row.source, lines)
            assert _printed(row.value_text, cited), (row.indicator_id, row.period, row.field, row.value_text)


def test_periods_as_printed(data):
    """Periods are the seed's labels, except the documented Fingertips-style renderings."""
    lines = _seed_lines()
    renamed = {"vaccination-coverage-", "flu-uptake-", "hcai-", "ld-annual-health-checks-"}
    for row in data.itertuples(index=False):
        if any(row.indicator_id.startswith(p) for p in renamed):
            continue
        assert row.period in _cited_lines(row.source, lines), (row.indicator_id, row.period)
