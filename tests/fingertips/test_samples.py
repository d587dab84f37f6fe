"""The real sample downloads: every row imports, and hwb's labels agree with Fingertips' own.

Comparisons are checked on every row. A recent trend can be checked only where the
download holds what Fingertips used: where the series cannot have a trend whatever the
missing points were (a rolling period, a value type without trends, a row with no point
of its own), or where the download holds the five points. The rest are counted, with why.
"""

import pandas as pd
import pytest

from hwb.engine.build import build
from hwb.ingest.fingertips import read_fingertips
from hwb.ingest.load import store_batches
from hwb.methods.trend import ELIGIBLE_VALUE_TYPES, TREND_POINTS
from hwb.store import connect

KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
SERIES = [k for k in KEY if k != "period"]


@pytest.fixture(scope="module")
def built(sample_files, tmp_path_factory):
    store = connect(tmp_path_factory.mktemp("samples") / "hwb.duckdb")
    store_batches(store, read_fingertips(*sample_files))
    build(store)
    yield store
    store.close()


def _labels(store, field: str) -> pd.DataFrame:
    return store.df(f"""
        SELECT p.value_text AS published, r.{field} AS hwb, r.*, i.value_type, i.comparison_method
        FROM published_figures p JOIN results r USING ({", ".join(KEY)}) JOIN indicators i USING (indicator_id)
        WHERE p.field = '{field}'""")


def test_every_row_of_every_sample_file_imports(sample_files):
    assert len(sample_files) == 17
    distinct = set()
    for path in sample_files:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        batch = read_fingertips(path)
        assert len(batch.data_points) == len(frame), path.name
        distinct |= set(frame[["Indicator ID", "Area Code", "Time period", "Sex", "Age"]].itertuples(index=False))
    together = read_fingertips(*sample_files)
    assert len(together.data_points) == len(distinct) == 2089  # England's rows repeat across regions
    assert together.areas["area_code"].nunique() == 162
    assert together.indicators["indicator_id"].nunique() == 15


@pytest.mark.parametrize("field", ["compared_to_england", "compared_to_parent"])
def test_comparisons_agree_with_fingertips_on_every_row(built, field):
    labels = _labels(built, field)
    assert len(labels) == 2089
    differ = labels[labels.published != labels.hwb]
    assert differ.empty, differ[[*KEY, "published", "hwb"]].head(10).to_string()
    # One indicator (92315) is benchmarked by method "none", inferred from these labels themselves
    # (every area "Not compared" though CIs are published): its rows agree by construction.
    inferred_none = labels[labels.comparison_method == "none"]
    assert inferred_none.indicator_id.unique().tolist() == ["92315"] and len(inferred_none) == 128
    independent = labels[labels.comparison_method != "none"]
    assert len(independent) == 1961 and set(independent.published) >= {"Higher", "Lower", "Similar", "Not compared"}


def _why_unchecked(row, points_held: int) -> str | None:
    """None when hwb's trend can be checked on this row, else why not."""
    no_point = pd.isna(row.value) or pd.isna(row.lower_95) or pd.isna(row["count"]) or pd.isna(row.denominator)
    if row.period_years != 1 or row.value_type not in ELIGIBLE_VALUE_TYPES or no_point:
        return None
    if points_held >= TREND_POINTS:
        return None
    return f"the download holds {points_held} of the {TREND_POINTS} points Fingertips used"


def test_recent_trends_agree_where_the_download_holds_the_points(built):
    labels = _labels(built, "recent_trend")
    held = built.df(f"""SELECT {", ".join(SERIES)}, period, count(*) OVER (PARTITION BY {", ".join(SERIES)}
                         ORDER BY period_sort) AS held FROM results WHERE value IS NOT NULL AND lower_95 IS NOT NULL""")
    labels = labels.merge(held, on=KEY, how="left").fillna({"held": 0})
    labels["why"] = [_why_unchecked(row, int(row.held)) for _, row in labels.iterrows()]
    checked = labels[labels.why.isna()]
    differ = checked[checked.published != checked.hwb]
    assert differ.empty, differ[[*KEY, "published", "hwb"]].head(10).to_string()
    unchecked = labels[labels.why.notna()]
    by_indicator = unchecked.groupby("indicator_id").size().to_dict()
    print(f"recent trend: {len(checked)} rows checked and agree; {len(unchecked)} cannot be checked, because "
          f"{unchecked.why.iloc[0]} (one period per series): {by_indicator}")
    assert len(checked) == 1591 and len(unchecked) == 498
    assert set(unchecked.why) == {"the download holds 1 of the 5 points Fingertips used"}
    assert by_indicator == {"90813": 127, "91871": 127, "92315": 124, "92796": 120}
    # Among the unchecked rows are all of Fingertips' 115 significant or "no change" trends (92796).
    assert (unchecked.published != "Cannot be calculated").sum() == 115
