"""Imports: located errors, all-or-nothing, idempotent, Fingertips downloads as downloaded."""

import subprocess
import sys
from pathlib import Path

import pytest

from hwb.errors import InputError
from hwb.ingest.fingertips import read_fingertips
from hwb.ingest.load import read_tidy, store_batches

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "fingertips_synthetic_sample.csv"


def _count(store, table):
    return store.sql(f"SELECT count(*) FROM {table}")[0][0]


def _import(store, files):
    return store_batches(store, read_tidy(store, files["data"], files["indicators"], files["areas"]))


def test_tidy_import_stores_every_table(store, tidy_files):
    written = _import(store, tidy_files)
    assert written == {"indicators": 2, "areas": 4, "data_points": 4}
    assert store.sql("SELECT period_sort, period_years FROM data_points WHERE indicator_id = 'tb'") == [(2022, 3)]


def test_reimporting_the_same_files_changes_nothing(store, tidy_files):
    _import(store, tidy_files)
    _import(store, tidy_files)
    assert _count(store, "data_points") == 4
    assert _count(store, "indicators") == 2


def test_a_bad_cell_is_located_and_nothing_is_stored(store, tidy_files):
    _import(store, tidy_files)
    before = store.df("SELECT * FROM data_points ORDER BY ALL")
    bad = tidy_files["data"].read_text().replace("64322,88112", "lots,88112") + "tb,E10000019,2024,Persons,All ages,5,\n"
    tidy_files["data"].write_text(bad)
    with pytest.raises(InputError) as caught:
        store_batches(store, read_tidy(store, data=tidy_files["data"]))
    messages = [str(e) for e in caught.value.errors]
    assert any("data.csv, row 2, column 'count': 'lots' is not a number" in m for m in messages)
    assert any("row 6, column 'count': needs count and denominator, a value, or a value_note" in m for m in messages)
    assert store.df("SELECT * FROM data_points ORDER BY ALL").equals(before)


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda t: t.replace("indicator_id,", "indicator,", 1), "column 'indicator_id': required column is missing"),
        (lambda t: t + "nope,E10000018,2024,Female,53-70 yrs,1,2\n", "'nope' is not in the indicators file or store"),
        (lambda t: t + "cov,E10000018,2024,Female,53-70 yrs,1,2\n", "duplicate of row 2"),
        (lambda t: t + "cov,E10000018,2023,Female,53-70 yrs,9,2\n", "count 9 exceeds denominator 2"),
        (lambda t: t + "cov,E10000018,latest,Female,53-70 yrs,1,2\n", "'latest' has no year"),
        (lambda t: t + "cov,E10000018,2022,Female,53-70 yrs,-1,2\n", "'-1' is not a number >= 0"),
    ],
)
def test_each_kind_of_bad_data_row_is_named(store, tidy_files, edit, expected):
    tidy_files["data"].write_text(edit(tidy_files["data"].read_text()))
    with pytest.raises(InputError) as caught:
        read_tidy(store, tidy_files["data"], tidy_files["indicators"])
    assert expected in caught.value.summary()


def test_bad_indicator_metadata_is_named(store, tidy_files):
    text = tidy_files["indicators"].read_text().replace("high_is_good", "up_is_good")
    tidy_files["indicators"].write_text(text)
    with pytest.raises(InputError, match="column 'polarity': 'up_is_good' is not one of high_is_good"):
        read_tidy(store, indicators=tidy_files["indicators"])


def test_a_process_killed_mid_import_leaves_the_store_as_it_was(tmp_path, tidy_files):
    db = tmp_path / "killed.duckdb"
    script = f"""
import os
from hwb.store import connect
from hwb.ingest.load import read_tidy
store = connect({str(db)!r})
batch = read_tidy(store, {str(tidy_files['data'])!r}, {str(tidy_files['indicators'])!r}, {str(tidy_files['areas'])!r})
store.duck.execute("BEGIN TRANSACTION")
for name, frame in batch.tables():
    store.upsert(name, frame)
os._exit(9)  # killed before COMMIT
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    from hwb.store import connect

    store = connect(db)
    try:
        assert _count(store, "data_points") == 0
        assert _count(store, "indicators") == 0
    finally:
        store.close()


def test_fingertips_download_keeps_published_figures_and_infers_metadata(store):
    batch = read_fingertips(SAMPLE)
    store_batches(store, batch)
    meta = store.df("SELECT indicator_id, value_type, multiplier, polarity FROM indicators ORDER BY 1")
    assert meta.to_dict("records") == [
        {"indicator_id": "90001", "value_type": "other", "multiplier": 1.0, "polarity": "high_is_good"},
        {"indicator_id": "90002", "value_type": "crude_rate", "multiplier": 100000.0, "polarity": "no_judgement"},
    ]
    trend = store.sql(
        "SELECT value_text FROM published_figures WHERE indicator_id='90001' AND period='2025' AND field='recent_trend'"
    )
    assert trend == [("Increasing and getting better",)]
    assert store.sql("SELECT period_years FROM data_points WHERE indicator_id='90002' LIMIT 1") == [(3,)]
    assert store.sql("SELECT area_type FROM areas WHERE area_code='E12000004'") == [("Parent area",)]


def test_fingertips_file_with_a_bad_value_is_located(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8-sig").replace(",64.9,", ",n/a,", 1))
    with pytest.raises(InputError, match=r"bad.csv, row 2, column 'Value': 'n/a' is not a number"):
        read_fingertips(bad)
