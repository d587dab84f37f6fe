"""The published figures hold: the engine, run on the demo's counts and derived denominators,
reproduces every 95% CI and every recent trend printed in the seeds' health-protection appendix."""

import pandas as pd
import pytest

from hwb.demo.load import data_dir, load_demo_indicators
from hwb.engine.build import build
from hwb.store import connect

KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
SERIES_WITH_TRENDS = [
    "hpv-vaccination-one-dose-12-13-female", "hpv-vaccination-one-dose-12-13-male",
    "nipe-screening-coverage", "c24a-breast-screening-coverage", "c24d-bowel-screening-coverage",
    "c24b-cervical-screening-coverage-25-49", "c24c-cervical-screening-coverage-50-64",
    "c24e-aaa-screening-coverage", "tb-incidence-three-year-average",
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    store = connect(tmp_path_factory.mktemp("demo") / "hwb.duckdb")
    load_demo_indicators(store)
    build(store)
    frame = store.df("SELECT * FROM results")
    store.close()
    return frame


@pytest.fixture(scope="module")
def published():
    return pd.read_csv(data_dir() / "published.csv", dtype=str, keep_default_na=False)


def test_every_published_value_and_95_ci_is_reproduced_to_one_decimal_place(results, published):
    printed = published[published["field"].isin(["value", "lower_95", "upper_95"])]
    assert len(printed) >= 300
    merged = printed.merge(results, on=KEY, how="left", validate="many_to_one")
    mismatches = []
    for row in merged.itertuples():
        computed = getattr(row, row.field)
        if pd.isna(computed) or f"{computed:.1f}" != f"{float(row.value_text):.1f}":
            mismatches.append((row.indicator_id, row.period, row.field, row.value_text, computed))
    assert not mismatches, mismatches[:10]


def test_computed_rows_are_really_computed_from_counts(results):
    breast = results[(results.indicator_id == "c24a-breast-screening-coverage") & (results.area_code == "E10000018")]
    assert breast["denominator"].notnull().all() and breast["count"].notnull().all()


@pytest.mark.parametrize("indicator_id", SERIES_WITH_TRENDS)
def test_every_published_recent_trend_is_reproduced(results, published, indicator_id):
    label = published[(published.indicator_id == indicator_id) & (published.field == "recent_trend")]
    latest = results[(results.indicator_id == indicator_id) & (results.area_code == "E10000018") & results.is_latest]
    assert len(label) == 1 and len(latest) == 1
    assert latest["recent_trend"].iloc[0] == label["value_text"].iloc[0]


def test_screening_is_better_than_england_except_nipe(results):
    latest = results[results.is_latest & (results.area_code == "E10000018")].set_index("indicator_id")
    screening = ["c24a-breast-screening-coverage", "c24d-bowel-screening-coverage",
                 "c24b-cervical-screening-coverage-25-49", "c24c-cervical-screening-coverage-50-64",
                 "c24e-aaa-screening-coverage"]
    assert set(latest.loc[screening, "compared_to_england"]) == {"Better"}
    assert latest.loc["nipe-screening-coverage", "compared_to_england"] != "Better"
