"""`hwb compute`: tidy files in, RESULTS.csv or .parquet out, through an in-memory store."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hwb.csv_safe import inert_frame
from hwb.engine.build import build
from hwb.ingest.load import read_tidy, store_batches
from hwb.ingest.parquet import SUFFIXES
from hwb.store import connect


def write_frame(frame, path, parquet: bool) -> None:
    """Parquet as it is, or CSV with no cell a spreadsheet would run."""
    if parquet:
        frame.to_parquet(path, index=False)
    else:
        inert_frame(frame).to_csv(path, index=False, float_format="%.10g")


def compute_files(data, indicators, areas, neighbours, out: Path, progress=None) -> int:
    """Validate, compute and write `out` (CSV or Parquet by its suffix) atomically; returns the number of result rows.

    Raises InputError (nothing written) for bad input.
    """
    store = connect(":memory:")
    try:
        batch = read_tidy(store, data=data, indicators=indicators, areas=areas, neighbours=neighbours)
        progress and progress.advance("read and checked the input")
        store_batches(store, batch)
        progress and progress.advance("loaded")
        rows = build(store)
        progress and progress.advance("computed results")
        frame = store.df("SELECT * FROM results ORDER BY indicator_id, area_code, sex, age, category_type, category, period_sort, period")
        frame = frame.drop(columns=["period_years", "parent_code"])
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=out.parent, suffix=".partial")
        os.close(handle)
        try:
            write_frame(frame, temp, out.suffix.lower() in SUFFIXES)
            os.replace(temp, out)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        progress and progress.advance(f"wrote {out}")
        return rows
    finally:
        store.close()
