"""`hwb compute`: tidy files in, RESULTS.csv or .parquet out, through an in-memory store,
computed by DuckDB or, given a Spark backend, on Spark (which then writes Parquet itself)."""

from __future__ import annotations

from pathlib import Path

from hwb.atomic import replacing
from hwb.csv_safe import inert_frame
from hwb.engine.build import build
from hwb.engine.compiled import FAST_PLANNING
from hwb.ingest.load import read_tidy, store_batches
from hwb.ingest.parquet import SUFFIXES
from hwb.store import connect


def write_frame(frame, path, parquet: bool) -> None:
    """Parquet as it is, or CSV with no cell a spreadsheet would run."""
    if parquet:
        frame.to_parquet(path, index=False)
    else:
        inert_frame(frame).to_csv(path, index=False, float_format="%.10g")


ORDER = ["indicator_id", "area_code", "sex", "age", "category_type", "category", "period_sort", "period"]
DROPPED = ["period_years", "parent_code"]


def compute_files(data, indicators, areas, neighbours, out: str | Path, progress=None, spark=None) -> int:
    """Validate, compute and write `out` (CSV or Parquet by its suffix) atomically; returns the number of result rows.

    With `spark` (an Ibis PySpark backend) the pipeline runs there, and Parquet output is
    written by Spark (a folder of part files, on any path Spark can reach).
    Raises InputError (nothing written) for bad input.
    """
    store = connect(":memory:")
    store.duck.execute(FAST_PLANNING)
    try:
        batch = read_tidy(store, data=data, indicators=indicators, areas=areas, neighbours=neighbours)
        progress and progress.advance("read and checked the input")
        store_batches(store, batch)
        progress and progress.advance("loaded")
        if spark is not None:
            return _compute_on_spark(store, spark, str(out), progress)
        build(store)
        progress and progress.advance("computed results")
        frame = store.df(f"SELECT * FROM results ORDER BY {', '.join(ORDER)}").drop(columns=DROPPED)
        return write_local(frame, Path(out), progress)
    finally:
        store.close()


def write_local(frame, out: Path, progress=None) -> int:
    """Write `frame` to `out` (CSV or Parquet by its suffix) atomically; returns its rows."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as temp:
        write_frame(frame, temp, out.suffix.lower() in SUFFIXES)
    progress and progress.advance(f"wrote {out}")
    return len(frame)


def _compute_on_spark(store, spark, out: str, progress) -> int:
    """Run on Spark; Spark writes a Parquet `out` itself (any path it can reach), else the rows come back for a local CSV."""
    from hwb.engine.spark import spark_results

    results = spark_results(store).drop(*DROPPED).order_by(*ORDER)
    if Path(out).suffix.lower() in SUFFIXES:
        spark.to_parquet(results, out, mode="overwrite")
        progress and progress.advance("computed on Spark")
        rows = spark.read_parquet(out).count().execute()
        progress and progress.advance(f"Spark wrote {out}")
        return rows
    frame = spark.to_pyarrow(results).to_pandas()
    progress and progress.advance("computed results on Spark")
    return write_local(frame, Path(out), progress)
