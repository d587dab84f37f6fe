"""One Fingertips indicator id is one indicator, whatever names its rows carry: a download
(or two) giving an id under several names imports one indicator, and a re-import under a
new name replaces the old name rather than adding a second indicator."""

from __future__ import annotations

import csv
from pathlib import Path

from hwb.ingest.fingertips import read_fingertips
from hwb.ingest.load import store_batches

SOURCE = Path(__file__).resolve().parents[2] / "hwb" / "demo" / "data" / "fingertips" / "suicides-east_midlands.csv"
INDICATOR = "41001"


def _renamed(path, target, name: str, every_other: bool):
    """The sample download with indicator 41001 named `name` (on every other of its rows, or all)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    id_col, name_col = header.index("Indicator ID"), header.index("Indicator Name")
    seen = 0
    for row in body:
        if row[id_col] == INDICATOR:
            if not every_other or seen % 2:
                row[name_col] = name
            seen += 1
    with open(target, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body])
    return target


def test_one_id_under_two_names_in_one_download_is_one_indicator(tmp_path):
    path = _renamed(SOURCE, tmp_path / "two-names.csv", "Suicide rate (renamed)", every_other=True)
    batch = read_fingertips(path)
    ids = batch.indicators["indicator_id"].tolist()
    assert ids.count(INDICATOR) == 1 and len(ids) == len(set(ids))
    assert batch.file_indicators[str(path)] == sorted(set(batch.data_points["indicator_id"]))


def test_reimport_under_a_new_name_keeps_one_indicator_with_its_imports(store, tmp_path):
    store_batches(store, read_fingertips(SOURCE))
    renamed = _renamed(SOURCE, tmp_path / "renamed.csv", "Suicide rate (new name)", every_other=False)
    store_batches(store, read_fingertips(renamed))
    rows = store.sql("SELECT name FROM indicators WHERE indicator_id = ?", [INDICATOR])
    assert rows == [("Suicide rate (new name)",)]
    logged = store.sql("SELECT file FROM imports WHERE list_contains(indicator_ids, ?) ORDER BY imported_at, file",
                       [INDICATOR])
    assert [f for (f,) in logged] == [str(SOURCE), str(renamed)]
