"""The benchmark's plain-SQL baseline (bench/engine_sql.py) gives hwb's results, so it cannot drift.

Runs both on the benchmark's SYNTHETIC store plus a few indicators made to reach the
branches the synthetic data does not: small counts (exact Poisson limits), invalid
counts, counts equal to the denominator, given values without counts, three-year
periods, gaps, ties, areas missing from the area table, no England row, every polarity
and comparison method, single and double goals, 99.8% comparisons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bench_scripts import load

from hwb.engine.pipeline import RESULT_COLUMNS

engine = load("engine")
engine_sql = load("engine_sql")

EDGE_INDICATORS = pd.DataFrame(
    [  # id, value type, multiplier, polarity, confidence, method, goal lower, goal upper
        ("edge_a", "proportion", 100, "high_is_good", 95, "confidence_interval", 50, None),
        ("edge_b", "proportion", 100, "low_is_good", 99.8, "quintiles", 20, 40),
        ("edge_c", "crude_rate", 1000, "no_judgement", 95, "confidence_interval", None, None),
        ("edge_d", "crude_rate", 100000, "low_is_good", 99.8, "confidence_interval", 300, None),
        ("edge_e", "proportion", 100, "no_judgement", 95, "quintiles", None, None),
        ("edge_f", "other", 1, "high_is_good", 95, "confidence_interval", 10, 12),
        ("edge_g", "crude_rate", 1000, "high_is_good", 95, "none", None, None),
    ],
    columns=["indicator_id", "value_type", "multiplier", "polarity", "comparison_confidence",
             "comparison_method", "goal_lower", "goal_upper"],
)


def _edge_points(store) -> pd.DataFrame:
    """Seeded random data points for the edge indicators over a subset of the synthetic areas."""
    rng = np.random.default_rng(14)
    areas = [a for (a,) in store.sql("SELECT area_code FROM areas ORDER BY area_code")]
    chosen = [a for a in areas if not a.startswith(("E10", "E07"))] + areas[10:50] + areas[-40:] + ["X99999999"]
    rows = []
    for number, indicator in enumerate(EDGE_INDICATORS.itertuples()):
        for area in chosen:
            if number == 3 and area == "E92000001":
                continue  # no England row: nothing to compare with
            for sex in ("Male", "Female") if number % 2 else ("Persons",):
                level, slope = rng.uniform(0.1, 0.6), rng.choice([-0.04, 0.0, 0.03])
                for year in range(2010, 2018):
                    if rng.random() < 0.08:
                        continue  # a gap in the series
                    period, years = str(year), 1
                    if number == 0 and area.startswith("E12"):
                        period, years = f"{year} - {str(year + 2)[2:]}", 3
                    den = float(rng.choice([40, 400, 5000])) if number != 6 else float(rng.integers(1000, 100000))
                    share = min(max(level + slope * (year - 2010), 0.0), 1.0)
                    if indicator.value_type == "proportion":
                        count = float(rng.binomial(int(den), share))
                        pick = rng.random()
                        count = den if pick < 0.03 else den + 1 if pick < 0.05 else 0.0 if pick < 0.07 else count
                    else:
                        count = float(rng.poisson(share * (20 if number == 6 else den / 10)))
                        if rng.random() < 0.03:
                            count += 0.5  # not a whole count: no exact Poisson limit below 10
                    value = lower95 = upper95 = None
                    if indicator.value_type == "other":
                        value = round(10 + 3 * share + rng.normal(0, 0.2), 1)
                        lower95, upper95 = value - 0.5, value + 0.5
                        count = den = None
                    rows.append((indicator.indicator_id, area, period, sex, "All ages", "", "", count, den, value,
                                 lower95, upper95, year, years, "test"))
    return pd.DataFrame(rows, columns=[
        "indicator_id", "area_code", "period", "sex", "age", "category_type", "category", "count",
        "denominator", "value", "lower_95", "upper_95", "period_sort", "period_years", "source"])


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    from hwb.store import connect

    store = connect(tmp_path_factory.mktemp("baseline") / "bench.duckdb")
    engine.synthesise(store, 2)
    edge = EDGE_INDICATORS.assign(name=EDGE_INDICATORS.indicator_id, source="test")
    store.upsert("indicators", edge)
    store.upsert("data_points", _edge_points(store))
    outcome = engine_sql.compare_with_hwb(store, baseline_batch_points=5000)
    columns = ", ".join(f'"{c}"' for c in engine_sql.COLUMNS)
    theirs = store.df(f"SELECT {columns} FROM baseline_results")
    yield store, outcome, theirs
    store.close()


def test_baseline_computes_hwb_columns():
    assert engine_sql.COLUMNS == RESULT_COLUMNS


def test_baseline_equals_hwb(compared):
    store, outcome, theirs = compared
    assert outcome["differences"] == []
    assert outcome["rows"] == outcome["hwb_rows"] == store.sql("SELECT count(*) FROM data_points")[0][0]
    # the edge indicators reach the branches they were made for
    labels = {c: set(theirs[c].dropna()) for c in ("compared_to_england", "compared_to_parent",
                                                   "compared_to_goal", "recent_trend", "quintile")}
    assert {"Higher", "Lower", "Better", "Worse", "Similar", "Not compared", "Low quintile"} <= labels["compared_to_england"]
    assert {"Red", "Amber", "Green"} <= labels["compared_to_goal"]
    assert {"Increasing", "Decreasing and getting better", "Increasing and getting better",
            "No significant change", "Cannot be calculated"} <= labels["recent_trend"]
    small = theirs[(theirs.indicator_id == "edge_g") & (theirs["count"] < 10)]
    assert small.lower_95.notna().any() and small.lower_95.isna().any()  # exact limits, none for 3.5 events
    assert theirs.value.isna().any() and theirs.nn_rank.notna().any() and theirs.england_value.isna().any()


def test_differences_catch_a_changed_figure_or_label(compared):
    store, _, theirs = compared
    ours = theirs.copy()
    assert engine_sql.differences(ours, theirs) == []
    ours.loc[(ours.value > 0).idxmax(), "value"] *= 1 + 1e-7
    ours.loc[0, "recent_trend"] = "Changed"
    ours.loc[1, "nn_rank"] = -1
    found = engine_sql.differences(ours, theirs)
    assert len(found) == 3 and [f.split(" ")[0] for f in found] == ["value", "recent_trend", "nn_rank"]
    tiny = theirs.assign(value=theirs.value * (1 + 1e-12))
    assert engine_sql.differences(tiny, theirs) == []
    assert engine_sql.differences(theirs.iloc[1:], theirs)[0].startswith("row only in second")


def test_a_failed_run_keeps_the_previous_results(compared, monkeypatch):
    import duckdb

    store, outcome, _ = compared
    staged = engine_sql._statements
    monkeypatch.setattr(engine_sql, "_statements", lambda ids: {**staged(ids), "rank": ["SELECT no_such_column FROM b_trend"]})
    with pytest.raises(duckdb.BinderException):
        engine_sql.run(store.duck, 5000)
    assert store.sql("SELECT count(*) FROM baseline_results")[0][0] == outcome["rows"]
    assert not store.sql("SELECT * FROM duckdb_tables() WHERE table_name = 'baseline_results_new'")
