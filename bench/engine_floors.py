"""What bounds hwb's build: where its one statement spends its time, and what writing its output
costs with no computation at all (bench/engine.py prints both at the profile size).

Both run in a fresh process on a store that `hwb build` has filled:

- the floor: hwb's result rows copied into a new table of the same store, and written as
  Parquet, each timed on its own (the least any build that writes these rows must spend);
- the profile: DuckDB's operator timings for the build statement of the store's first batch of
  indicators, grouped by kind of work (the build as it runs, not step by step).

Run last: the profile leaves only that batch in the results table.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

#: DuckDB operator types, grouped into the kinds of work the profile reports.
OPERATOR_KINDS = {
    "writing the results table": ("INSERT",),
    "window passes (trend, quintiles)": ("WINDOW", "STREAMING_WINDOW"),
    "hash joins (benchmarks, join back, numbering)": ("HASH_JOIN", "NESTED_LOOP_JOIN", "PIECEWISE_MERGE_JOIN"),
    "common tables kept for reuse": ("CTE", "CTE_SCAN"),
    "column arithmetic, labels, filters": ("PROJECTION", "FILTER"),
    "grouping (ranks, numbering)": ("HASH_GROUP_BY", "PERFECT_HASH_GROUP_BY", "UNGROUPED_AGGREGATE"),
    "reading the data points": ("TABLE_SCAN",),
}


def write_floor(store) -> dict:
    """Seconds to write the results table's rows into a new table of the store, and as Parquet."""
    duck = store.duck
    duck.execute("CREATE OR REPLACE TEMP TABLE _floor_rows AS SELECT * FROM results")
    rows = duck.execute("SELECT count(*) FROM _floor_rows").fetchone()[0]
    started = time.perf_counter()
    duck.execute("CREATE TABLE _floor_copy AS SELECT * FROM _floor_rows")
    duck.execute("CHECKPOINT")
    table_s = time.perf_counter() - started
    duck.execute("DROP TABLE _floor_copy")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        duck.execute(f"COPY _floor_rows TO '{Path(folder) / 'results.parquet'}' (FORMAT parquet)")
        parquet_s = time.perf_counter() - started
    duck.execute("DROP TABLE _floor_rows")
    return {"rows": rows, "table_s": table_s, "parquet_s": parquet_s}


def _operators(node: dict):
    """(operator type, seconds) of every operator under `node` in DuckDB's JSON profile."""
    yield node.get("operator_type", ""), node.get("operator_timing", 0.0)
    for child in node.get("children", []):
        yield from _operators(child)


def operator_profile(store) -> dict:
    """Seconds per kind of work in the build statement of the first batch, as DuckDB times its operators."""
    from hwb.engine import build as hwb_build
    from hwb.engine.compiled import join_sides_as_written

    duck = store.duck
    first = hwb_build.indicator_batches(store)[0]
    duck.execute(f"CREATE OR REPLACE TEMP TABLE {hwb_build.BATCH_TABLE} (indicator_id VARCHAR)")
    timed: dict = {}
    with tempfile.TemporaryDirectory() as folder, join_sides_as_written(store):
        run = hwb_build._batch(store)
        output = Path(folder) / "profile.json"

        def profiled() -> None:
            duck.execute("PRAGMA enable_profiling = 'json'")
            duck.execute(f"PRAGMA profiling_output = '{output}'")
            started = time.perf_counter()
            run()
            timed["seconds"] = time.perf_counter() - started
            duck.execute("PRAGMA disable_profiling")

        hwb_build._run_batches(store, [first], profiled, None)  # the build's own loop, for one batch
        profile = json.loads(output.read_text())
    points = duck.execute(
        f"SELECT count(*) FROM data_points WHERE indicator_id IN (SELECT indicator_id FROM {hwb_build.BATCH_TABLE})"
    ).fetchone()[0]
    kinds = dict.fromkeys([*OPERATOR_KINDS, "other"], 0.0)
    for operator, timing in _operators(profile):
        kind = next((k for k, types in OPERATOR_KINDS.items() if operator in types), "other")
        kinds[kind] += timing
    return {"points": points, "seconds": timed["seconds"], "kinds": kinds}


def measure(path: str) -> dict:
    """In this (fresh) process: the write floor, then the operator profile, on the store at `path`."""
    from hwb.store import connect

    store = connect(path)
    try:
        return {"floor": write_floor(store), "profile": operator_profile(store)}
    finally:
        store.close()


def report(figures: dict, build_seconds: float | None) -> None:
    """Print the floor beside hwb's build of the same rows, and the profile's shares."""
    floor, profile = figures["floor"], figures["profile"]
    print(f"\nWhat bounds the build at {floor['rows']:,} result rows (same store; no computation, only writing):")
    for name, seconds in (("into a new table of the store", floor["table_s"]), ("as Parquet", floor["parquet_s"])):
        share = f" = {100 * seconds / build_seconds:.0f}% of hwb's build above" if build_seconds else ""
        print(f"  writing the result rows {name}: {seconds:.1f} s{share}")
    total = sum(profile["kinds"].values()) or 1.0
    print(f"\nWhere the build statement's time goes (DuckDB's operator timings, all threads, on the first batch: "
          f"{profile['points']:,} points in {profile['seconds']:.1f} s):")
    for kind, seconds in sorted(profile["kinds"].items(), key=lambda item: -item[1]):
        print(f"  {kind:<46} {100 * seconds / total:5.1f}%")
