"""The benchmark's account of what bounds the build (bench/engine_floors.py) measures the build it names."""

from __future__ import annotations

import sys

from bench_scripts import BENCH, load

engine = load("engine")
floors = load("engine_floors")


def test_floors_time_the_results_written_and_the_build_statement(tmp_path, capsys):
    from hwb.engine.build import build
    from hwb.store import connect

    path = tmp_path / "bench.duckdb"
    store = connect(path)
    points = engine.synthesise(store, 3)
    rows = build(store)
    store.close()

    figures = floors.measure(str(path))

    assert figures["floor"]["rows"] == rows
    assert figures["floor"]["table_s"] > 0 and figures["floor"]["parquet_s"] > 0
    profile = figures["profile"]
    assert profile["points"] == points  # one batch holds every indicator at this size
    kinds = profile["kinds"]
    for kind in ("writing the results table", "window passes (trend, quintiles)", "hash joins (benchmarks, join back, numbering)"):
        assert kinds[kind] > 0, kind
    store = connect(path)
    assert store.sql("SELECT count(*) FROM results")[0][0] == rows  # the profiled statement wrote the batch again
    assert "_floor_copy" not in {name for (name,) in store.sql("SELECT table_name FROM duckdb_tables()")}
    store.close()

    floors.report(figures, build_seconds=2.0)
    printed = capsys.readouterr().out
    assert f"What bounds the build at {rows:,} result rows" in printed
    assert "% of hwb's build above" in printed
    assert f"on the first batch: {points:,} points" in printed
    assert "window passes (trend, quintiles)" in printed


def test_floors_run_from_the_benchmark_as_a_child(tmp_path):
    """`bench/engine.py --floors` runs in a fresh process, as the benchmark calls it."""
    import json
    import subprocess

    from hwb.engine.build import build
    from hwb.store import connect

    path = tmp_path / "bench.duckdb"
    store = connect(path)
    engine.synthesise(store, 2)
    build(store)
    store.close()
    out = subprocess.run([sys.executable, str(BENCH / "engine.py"), "--floors", "--store", str(path)],
                         capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(figures) == {"floor", "profile"}
