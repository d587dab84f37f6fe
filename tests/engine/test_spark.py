"""The same pipeline on PySpark (local mode, through Ibis) gives DuckDB's results to 1e-9."""

import numpy as np
import pandas as pd
import pytest

from hwb.engine.pipeline import build_results
from hwb.ingest.load import read_tidy, store_batches
from hwb.methods.dsr import ESP2013

pytestmark = pytest.mark.spark

TREND = """\
cov,E10000018,{year},Female,53-70 yrs,{count},{den}
cov,E10000019,{year},Female,53-70 yrs,{count2},{den}
cov,E92000001,{year},Female,53-70 yrs,{count3},5580000
"""


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
    return frame.sort_values(keys).reset_index(drop=True)


def test_pyspark_and_duckdb_agree(spark_session, store, tidy_files, tmp_path):
    import ibis

    extra = "".join(
        TREND.format(year=y, count=60000 + 900 * i, count2=50000 + 400 * i, count3=3900000 + 20000 * i, den=88112)
        for i, y in enumerate(range(2018, 2024))
    )
    bands = "".join(
        f"mort,{area},2024,Persons,{band},{5 + 3 * i + k},{2000 + 100 * i}\n"
        for k, area in enumerate(["E10000018", "E10000019", "E92000001"]) for i, band in enumerate(ESP2013)
    )
    tidy_files["data"].write_text(tidy_files["data"].read_text() + extra + bands)
    tidy_files["indicators"].write_text(
        tidy_files["indicators"].read_text() + "mort,Mortality (DSR),dsr,100000,low_is_good,95,,\n"
    )
    neighbours = tmp_path / "nn.csv"
    neighbours.write_text("area_code,neighbour_code\nE10000018,E10000019\nE10000019,E10000018\n")
    store_batches(store, read_tidy(store, tidy_files["data"], tidy_files["indicators"], tidy_files["areas"], neighbours))
    names = ["data_points", "indicators", "areas", "neighbours"]
    duck = _sorted(build_results(*(store.table(n) for n in names)).to_pandas())

    con = ibis.pyspark.connect(spark_session)
    tables = {n: con.create_table(f"hwb_{n}", store.table(n).to_pandas(), overwrite=True) for n in names}
    sparked = _sorted(build_results(*(tables[n] for n in names)).to_pandas())

    assert len(duck) == len(sparked) == 25
    numeric = ["period_sort", "period_years", "count", "denominator", "value", "lower_95", "upper_95",
               "lower_998", "upper_998", "england_value", "parent_value", "nn_rank", "nn_count"]
    for column in duck.columns:
        left, right = duck[column], sparked[column]
        if column in numeric:
            left, right = pd.to_numeric(left).astype(float), pd.to_numeric(right).astype(float)
            assert np.allclose(left, right, rtol=1e-9, atol=0, equal_nan=True), column
        else:
            assert left.fillna("<null>").astype(str).tolist() == right.fillna("<null>").astype(str).tolist(), column
    assert "Increasing and getting better" in set(duck["recent_trend"])
    assert duck[duck.indicator_id == "mort"]["value"].notnull().all()  # the DSR path ran
