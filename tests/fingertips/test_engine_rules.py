"""Fingertips' rules in the engine: comparison methods, a region's parent column, trend points."""

import pandas as pd
import pytest

from hwb.engine.build import build
from hwb.ingest.load import Batch, store_batches

ENGLAND, REGION = "E92000001", "E12000004"
COUNTIES = [f"E100000{i:02d}" for i in range(1, 7)]


def _indicator(indicator_id, method, value_type="crude_rate"):
    return {"indicator_id": indicator_id, "name": indicator_id, "value_type": value_type, "multiplier": 100000.0,
            "polarity": "low_is_good", "comparison_confidence": 95.0, "comparison_method": method}


def _point(indicator_id, area, value, period="2024", count=None, denominator=None, ci=1.0):
    return {"indicator_id": indicator_id, "area_code": area, "period": period, "sex": "Persons", "age": "All ages",
            "category_type": "", "category": "", "value": value, "lower_95": value - ci, "upper_95": value + ci,
            "count": count, "denominator": denominator, "period_sort": int(period), "period_years": 1}


@pytest.fixture
def results(store):
    areas = [{"area_code": ENGLAND, "area_name": "England", "area_type": "England", "parent_code": None},
             {"area_code": REGION, "area_name": "East Midlands", "area_type": "Region", "parent_code": ENGLAND}]
    areas += [{"area_code": c, "area_name": c, "area_type": "County & UA", "parent_code": REGION} for c in COUNTIES]
    indicators = [_indicator("ci", "confidence_interval"), _indicator("none", "none"), _indicator("q", "quintiles"),
                  _indicator("trend", "confidence_interval")]
    values = dict(zip([ENGLAND, REGION, *COUNTIES], [10, 20, 5, 10, 15, 20, 25, 30]))
    points = [_point(i, area, v) for i in ("ci", "none", "q") for area, v in values.items()]
    for year, value in zip(range(2020, 2025), [10, 12, 14, 16, 18]):
        points.append(_point("trend", COUNTIES[0], value, str(year), count=value * 10, denominator=100000, ci=0.5))
        points.append(_point("trend", COUNTIES[1], value, str(year), ci=0.5))  # no count or denominator
    store_batches(store, Batch(indicators=pd.DataFrame(indicators), areas=pd.DataFrame(areas),
                               data_points=pd.DataFrame(points)))
    build(store)
    frame = store.df("SELECT indicator_id, area_code, period, compared_to_england, compared_to_parent, "
                     "recent_trend FROM results")
    return frame.set_index(["indicator_id", "area_code", "period"])


def test_confidence_interval_comparisons_and_a_region_not_compared_with_its_parent(results):
    assert results.loc[("ci", COUNTIES[0], "2024"), "compared_to_england"] == "Better"
    assert results.loc[("ci", COUNTIES[0], "2024"), "compared_to_parent"] == "Better"
    assert results.loc[("ci", REGION, "2024"), "compared_to_england"] == "Worse"
    assert results.loc[("ci", REGION, "2024"), "compared_to_parent"] == "Not compared"  # England is its parent
    assert results.loc[("ci", ENGLAND, "2024"), ["compared_to_england", "compared_to_parent"]].tolist() == [
        "Not compared", "Not compared"]


def test_method_none_never_compares_although_cis_are_given(results):
    rows = results.loc["none"]
    assert set(rows.compared_to_england) == set(rows.compared_to_parent) == {"Not compared"}


def test_method_quintiles_gives_the_quintile_among_areas_of_the_type_and_within_the_parent(results):
    rows = results.loc["q"].xs("2024", level="period")
    assert rows.loc[COUNTIES[0], "compared_to_england"] == "Lowest quintile"
    assert rows.loc[COUNTIES[-1], "compared_to_england"] == "Highest quintile"
    assert rows.loc[COUNTIES[-1], "compared_to_parent"] == "Highest quintile"
    assert rows.loc[REGION, "compared_to_england"] == "Not compared"  # one region: fewer than five to rank


def test_trend_points_need_count_and_denominator(results):
    assert results.loc[("trend", COUNTIES[0], "2024"), "recent_trend"] == "Increasing and getting worse"
    assert results.loc[("trend", COUNTIES[1], "2024"), "recent_trend"] == "Cannot be calculated"
