"""Life expectancy through the whole pipeline (`hwb compute`, and the same expression on
PySpark) against PHEindicatormethods' testdata_LifeExpectancy.csv.

Input rows are deaths (count) and person-years (denominator) by life-table band; the
engine gives one result per start age: "All ages" at birth, then "1", "5", ... "90".
"""

import csv
from pathlib import Path

import pandas as pd
import pytest

from hwb.engine.compute import compute_files
from hwb.engine.pipeline import build_results
from hwb.ingest.load import read_tidy, store_batches
from hwb.methods.constants import z_value
from hwb.methods.life_expectancy import TOO_SMALL

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "PHEindicatormethods"
LABELS = ["<1", "1-4", *(f"{a}-{a + 4}" for a in range(5, 90, 5)), "90+"]
AGES = ["All ages", *(str(a) for a in [1, *range(5, 95, 5)])]


def _fixture() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "testdata_LifeExpectancy.csv")


def _files(tmp_path, scale_small: float) -> dict[str, Path]:
    """One area with the fixture's bands, England with 10x them, and a small area whose
    populations are the fixture's times `scale_small`."""
    fixture = _fixture()
    rows = [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator"]]
    for area, pops, deaths in (("A", 1, 1), ("E92000001", 10, 10), ("SMALL", scale_small, scale_small)):
        for label, row in zip(LABELS, fixture.itertuples()):
            rows.append(["le", area, "2021 - 23", "Male", label, round(row.deaths * deaths), round(row.pops * pops)])
    paths = {name: tmp_path / f"{name}.csv" for name in ("data", "indicators", "areas")}
    with paths["data"].open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    paths["indicators"].write_text(
        "indicator_id,name,value_type,multiplier,polarity\nle,Life expectancy,life_expectancy,1,high_is_good\n"
    )
    paths["areas"].write_text(
        "area_code,area_name,area_type,parent_code\nE92000001,England,England,\n"
        "A,Area A,County & UA,E92000001\nSMALL,Small area,County & UA,E92000001\n"
    )
    return paths


def _check_fixture(rows: pd.DataFrame) -> None:
    """Area A's 20 results equal the fixture's rows to 1e-6 (99.8% limits from the same error)."""
    fixture = _fixture()
    area = rows[rows.area_code == "A"].set_index("age")
    assert sorted(area.index) == sorted(AGES)
    for age, row in zip(AGES, fixture.itertuples()):
        got = area.loc[age]
        assert float(got.value) == pytest.approx(row.value, rel=1e-6), age
        assert float(got.lower_95) == pytest.approx(row.lowercl95, rel=1e-6), age
        assert float(got.upper_95) == pytest.approx(row.uppercl95, rel=1e-6), age
        spread = (row.uppercl95 - row.lowercl95) / (2 * 1.96)
        assert float(got.upper_998) == pytest.approx(row.value + z_value(0.998) * spread, rel=1e-6), age
        assert float(got.lower_998) == pytest.approx(row.value - z_value(0.998) * spread, rel=1e-6), age
    assert float(area.loc["All ages", "denominator"]) == fixture.pops.sum()
    assert float(area.loc["90", "count"]) == 1937


def test_life_expectancy_through_hwb_compute(tmp_path):
    paths = _files(tmp_path, scale_small=0.005)  # about 4,300 person-years in all
    out = tmp_path / "results.csv"
    compute_files(paths["data"], paths["indicators"], paths["areas"], None, out)
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    _check_fixture(rows)
    assert len(rows) == 3 * 20
    small = rows[rows.area_code == "SMALL"]
    assert (small.value == "").all() and (small.lower_95 == "").all() and (small.upper_998 == "").all()
    assert set(small.value_note) == {TOO_SMALL}
    assert float(small[small.age == "All ages"].denominator.iloc[0]) <= 5000
    birth = rows[(rows.area_code == "A") & (rows.age == "All ages")].iloc[0]
    assert birth.compared_to_england in {"Better", "Worse", "Similar"}  # England's value is a benchmark


def test_just_over_five_thousand_person_years_is_calculated(tmp_path):
    paths = _files(tmp_path, scale_small=0.0065)  # about 5,600 person-years
    out = tmp_path / "results.csv"
    compute_files(paths["data"], paths["indicators"], paths["areas"], None, out)
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    small = rows[(rows.area_code == "SMALL") & (rows.age == "All ages")].iloc[0]
    assert float(small.denominator) > 5000
    assert small.value_note != TOO_SMALL and small.lower_95 != ""


def test_a_missing_band_gives_no_life_table(tmp_path):
    paths = _files(tmp_path, scale_small=1)
    lines = paths["data"].read_text().splitlines()
    paths["data"].write_text("\n".join(l for l in lines if not l.startswith("le,SMALL,2021 - 23,Male,40-44")) + "\n")
    out = tmp_path / "results.csv"
    compute_files(paths["data"], paths["indicators"], paths["areas"], None, out)
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    small = rows[rows.area_code == "SMALL"]
    assert len(small) == 19 and (small.value == "").all()
    assert small.value_note.str.startswith("Not calculated: not every age band").all()


@pytest.mark.spark
def test_pyspark_gives_the_same_life_table(spark_session, tmp_path):
    import ibis

    from hwb.store import connect

    paths = _files(tmp_path, scale_small=0.005)
    store = connect(tmp_path / "hwb.duckdb")
    try:
        store_batches(store, read_tidy(store, paths["data"], paths["indicators"], paths["areas"], None))
        names = ["data_points", "indicators", "areas", "neighbours"]
        con = ibis.pyspark.connect(spark_session)
        tables = {n: con.create_table(f"hwb_le_{n}", store.table(n).to_pandas(), overwrite=True) for n in names}
        sparked = build_results(*(tables[n] for n in names)).to_pandas()
    finally:
        store.close()
    _check_fixture(sparked)
    small = sparked[sparked.area_code == "SMALL"]
    assert small.value.isna().all() and set(small.value_note) == {TOO_SMALL}
