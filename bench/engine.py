"""Benchmark: the full indicator pipeline on SYNTHETIC England-scale data, hwb against a plain-SQL baseline.

Every upper-tier (153) and lower-tier (296) area, the 9 regions and England,
N indicators (half proportions, half crude rates), 20 annual periods, counts
and denominators of realistic size, 15 nearest neighbours per upper-tier area.
All data here is synthetic and labelled so; it is never used outside benchmarks.

For each size, in fresh processes: the synthetic store is generated (timed apart,
not counted), then `hwb build` runs on it, then bench/engine_sql.py (the same stages
as plain DuckDB SQL, the baseline to beat), both with the same DuckDB memory limit.
Prints seconds, data points per second and peak RSS of each, and the ratio; a run
past `--limit` seconds is stopped and the larger sizes of that engine are skipped.
Then the share of time per stage of both at the largest size both completed (hwb's
from `build(..., timings=)` in a separate run, as timing steps one by one slows it),
what bounds hwb's build at that size (bench/engine_floors.py: writing its result rows
alone, and DuckDB's operator timings of the build statement by kind of work), the
check that both give the same results on a sample, and the rate of PHStatsMethods
(GPL-3, benchmark-only: `pip install phstatsmethods`) against hwb's own methods on a
100k-row subset.

    python bench/engine.py                            # 1M, 10M, 30M and 100M data points
    python bench/engine.py --sizes 1000000 --limit 300
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UPPER_TIER, LOWER_TIER, REGIONS, PERIODS = 153, 296, 9, 20
AREAS = 1 + REGIONS + UPPER_TIER + LOWER_TIER
CHUNK = 100  # indicators per INSERT while generating


def synthesise(store, indicators: int) -> int:
    """Fill the store with synthetic areas, neighbours, indicators and data points."""
    duck = store.duck
    duck.execute(f"""
        INSERT INTO areas (area_code, area_name, area_type, parent_code)
        SELECT 'E92000001', 'England (synthetic)', 'England', NULL
        UNION ALL SELECT printf('E1200%04d', i), printf('Region %d (synthetic)', i), 'Region', 'E92000001'
            FROM range(1, {REGIONS + 1}) r(i)
        UNION ALL SELECT printf('E1000%04d', i), printf('Upper tier %d (synthetic)', i), 'County & UA',
            printf('E1200%04d', 1 + i % {REGIONS}) FROM range(1, {UPPER_TIER + 1}) r(i)
        UNION ALL SELECT printf('E0700%04d', i), printf('Lower tier %d (synthetic)', i), 'District & UA',
            printf('E1000%04d', 1 + i % {UPPER_TIER}) FROM range(1, {LOWER_TIER + 1}) r(i)
    """)
    duck.execute(f"""
        INSERT INTO neighbours (area_code, neighbour_code, group_name)
        SELECT printf('E1000%04d', a.i), printf('E1000%04d', 1 + (a.i + k.j) % {UPPER_TIER}), 'CIPFA nearest neighbours'
        FROM range(1, {UPPER_TIER + 1}) a(i), range(0, 15) k(j)
    """)
    duck.execute(f"""
        INSERT INTO indicators (indicator_id, name, value_type, multiplier, polarity, comparison_confidence, goal_lower, goal_upper, source)
        SELECT printf('syn%05d', i), printf('Synthetic indicator %d', i),
            CASE WHEN i % 2 = 0 THEN 'proportion' ELSE 'crude_rate' END,
            CASE WHEN i % 2 = 0 THEN 100 ELSE 100000 END,
            CASE WHEN i % 2 = 0 THEN 'high_is_good' ELSE 'low_is_good' END,
            CASE WHEN i % 5 = 0 THEN 99.8 ELSE 95 END,
            CASE WHEN i % 2 = 0 THEN 60 END, CASE WHEN i % 2 = 0 THEN 80 END,
            'synthetic (benchmark only)'
        FROM range(0, {indicators}) r(i)
    """)
    for first in range(0, indicators, CHUNK):  # about a million points per statement
        duck.execute(f"""
        INSERT INTO data_points (indicator_id, area_code, period, sex, age, category_type, category,
                                 count, denominator, period_sort, period_years, source)
        WITH pop AS (
            SELECT area_code, CASE area_type WHEN 'England' THEN 57000000 WHEN 'Region' THEN 6000000
                   WHEN 'County & UA' THEN 400000 ELSE 110000 END * (0.7 + 0.6 * (hash(area_code) % 1000) / 1000.0) AS people
            FROM areas
        )
        SELECT i.indicator_id, p.area_code, CAST(y.year AS VARCHAR), 'Persons', 'All ages', '', '',
            round(p.people * 0.2 * CASE WHEN i.value_type = 'proportion'
                THEN 0.5 + 0.3 * ((hash(i.indicator_id || p.area_code) % 1000) / 1000.0) + 0.004 * (y.year - 2005)
                ELSE 0.002 + 0.004 * ((hash(i.indicator_id || p.area_code) % 1000) / 1000.0) END),
            round(p.people * 0.2), y.year, 1, 'synthetic'
        FROM indicators i, pop p, range(2005, 2005 + {PERIODS}) y(year)
        WHERE i.indicator_id >= printf('syn%05d', {first}) AND i.indicator_id < printf('syn%05d', {first + CHUNK})
        """)
    return duck.execute("SELECT count(*) FROM data_points").fetchone()[0]


def _version() -> str:
    """The commit, and whether hwb/ has changes not committed (the figures are of the tree as it is)."""
    here = Path(__file__).resolve().parent.parent
    git = ["git", "-C", str(here)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run([*git, "status", "--porcelain", "--", "hwb"], capture_output=True, text=True).stdout.strip()
    return f"commit {commit or 'unknown'}" + (" with uncommitted changes in hwb/" if changed else "")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path: str, points: int) -> dict:
    """In this (fresh) process: a synthetic store of about `points` data points at `path`."""
    from hwb.store import connect

    indicators = max(2, round(points / (AREAS * PERIODS)))
    started = time.perf_counter()
    store = connect(path)
    actual = synthesise(store, indicators)
    store.close()
    return {"data_points": actual, "indicators": indicators, "generate_s": time.perf_counter() - started}


def run_hwb(path: str, timed: bool) -> dict:
    """In this (fresh) process: `hwb build` on the store at `path`; per-stage seconds when `timed`."""
    from hwb.engine.build import build
    from hwb.store import connect

    store = connect(path)
    stages = {} if timed and "timings" in inspect.signature(build).parameters else None
    started = time.perf_counter()
    rows = build(store, timings=stages) if stages is not None else build(store)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_mb(), "stages": stages}


def run_baseline(path: str) -> dict:
    """In this (fresh) process: the plain-SQL baseline on the store at `path`, timed per stage."""
    from engine_sql import open_store, run

    con = open_store(path, os.environ["HWB_MEMORY_LIMIT"])
    stages: dict = {}
    started = time.perf_counter()
    rows = run(con, timings=stages)
    seconds = time.perf_counter() - started
    con.close()
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_mb(), "stages": stages}


def check(points: int) -> dict:
    """In this (fresh) process: hwb and the baseline on one synthetic store, every result column compared."""
    from engine_sql import compare_with_hwb

    from hwb.store import connect

    with tempfile.TemporaryDirectory() as folder:
        store = connect(Path(folder) / "check.duckdb")
        actual = synthesise(store, max(2, round(points / (AREAS * PERIODS))))
        outcome = compare_with_hwb(store)
        store.close()
    return {"data_points": actual, **outcome}


def _child(limit: float, *args: str) -> tuple[str, dict | str]:
    """Run this script with `args` in a fresh process: ("ok", figures), ("stopped", text) or ("failed", text)."""
    started = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        return "stopped", f"stopped after {time.perf_counter() - started:.0f} s"
    if out.returncode:
        lines = [line.strip() for line in out.stderr.splitlines() if line.strip()] or [f"exit code {out.returncode}"]
        errors = [line for line in lines if "Error" in line or "Exception" in line]
        return "failed", "failed: " + (errors or lines)[-1][:100]
    return "ok", json.loads(out.stdout.strip().splitlines()[-1])


HEADER = (f"{'data points':>12} {'generate s':>10} | {'hwb s':>8} {'points/s':>10} {'peak MB':>8} | "
          f"{'baseline s':>10} {'points/s':>10} {'peak MB':>8} | {'hwb/baseline':>12}")


def _cells(status: str, figures, points: int, seconds_width: int) -> str:
    """Seconds, points/s and peak RSS, or why there are none, across the same width."""
    if status != "ok":
        return f"{figures:>{seconds_width + 20}}"
    return (f"{figures['seconds']:>{seconds_width}.1f} {points / figures['seconds']:>10,.0f} "
            f"{figures['peak_rss_mb']:>8,.0f}")


def _shares(title: str, hwb: dict | None, baseline: dict | None, hwb_note: str) -> None:
    """Percent of each engine's time per stage ("other": the rest of the run, e.g. batching)."""
    print(f"\n{title}")
    columns = {}
    for name, figures in (("hwb", hwb), ("baseline", baseline)):
        if figures and figures.get("stages"):
            stages = dict(figures["stages"])
            stages["other"] = max(0.0, figures["seconds"] - sum(stages.values()))
            columns[name] = {k: 100 * v / figures["seconds"] for k, v in stages.items()}
    names = [*columns.get("hwb", {})]
    names += [n for n in columns.get("baseline", {}) if n not in names]
    names = [n for n in names if n != "other"] + ["other"]
    print(f"  {'stage':<16} {'hwb %':>8} {'baseline %':>11}")
    for name in names:
        cells = [f"{columns[e][name]:.1f}" if e in columns and name in columns[e] else "-" for e in ("hwb", "baseline")]
        print(f"  {name:<16} {cells[0]:>8} {cells[1]:>11}")
    for name, figures in (("hwb", hwb), ("baseline", baseline)):
        if name in columns:
            print(f"  {name}: {figures['seconds']:.1f} s in all")
    if "hwb" not in columns:
        print(f"  hwb: per-stage share not available ({hwb_note})")


def _profile_hwb(limit: float, path: str) -> tuple[dict | None, str]:
    """hwb's per-stage seconds from a separate timed run (if build takes `timings`)."""
    from hwb.engine.build import build

    if "timings" not in inspect.signature(build).parameters:
        return None, "hwb.engine.build.build takes no `timings` argument"
    status, figures = _child(limit, "--run", "hwb", "--timed", "--store", path)
    if status != "ok":
        return None, f"the timed run {figures}"
    return figures, "from a separate run that stores each step (slower than the run above)"


def bench(sizes: list[int], limit: float, profile_size: int | None, check_points: int) -> None:
    """The side-by-side table, the per-stage shares and the equality check."""
    engines = ("hwb", "baseline")
    stopped: dict[str, str] = {}
    # size -> (store folder, baseline figures, points, hwb seconds), both completed
    kept: dict[int, tuple[str, dict | None, int, float | None]] = {}
    print(HEADER)
    for size in sizes:
        folder = tempfile.mkdtemp(prefix="hwb-bench-")
        path = str(Path(folder) / "bench.duckdb")
        status, generated = _child(limit, "--generate", str(size), "--store", path)
        if status != "ok":
            print(f"{size:>12,} generating the data {generated}", flush=True)
            shutil.rmtree(folder, ignore_errors=True)
            break
        points = generated["data_points"]
        results = {}
        for engine in engines:
            if engine in stopped:
                results[engine] = ("skipped", f"skipped: {stopped[engine]}")
                continue
            results[engine] = _child(limit, "--run", engine, "--store", path)
            if results[engine][0] != "ok":
                stopped[engine] = f"{points:,} points {results[engine][1]}"
        ratio = (f"{results['hwb'][1]['seconds'] / results['baseline'][1]['seconds']:>11.2f}x"
                 if all(results[e][0] == "ok" for e in engines) else f"{'-':>12}")
        print(f"{points:>12,} {generated['generate_s']:>10.1f} | {_cells(*results['hwb'], points, 8)} | "
              f"{_cells(*results['baseline'], points, 10)} | {ratio}", flush=True)
        if all(results[e][0] == "ok" for e in engines):
            for old, (old_folder, *_) in list(kept.items()):
                if profile_size != old:
                    shutil.rmtree(old_folder, ignore_errors=True)
                    del kept[old]
            kept[size] = (folder, results["baseline"][1], points, results["hwb"][1]["seconds"])
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for engine, why in stopped.items():
        print(f"{engine}: larger sizes skipped after {why}")

    if profile_size and profile_size not in kept:
        folder = tempfile.mkdtemp(prefix="hwb-bench-")
        path = str(Path(folder) / "bench.duckdb")
        status, generated = _child(limit, "--generate", str(profile_size), "--store", path)
        base_status, baseline = _child(limit, "--run", "baseline", "--store", path) if status == "ok" else (status, generated)
        kept[profile_size] = (folder, baseline if base_status == "ok" else None,
                              generated["data_points"] if status == "ok" else profile_size, None)
    if kept:
        size = profile_size or max(kept)
        folder, baseline, points, hwb_seconds = kept[size]
        hwb, note = _profile_hwb(limit, str(Path(folder) / "bench.duckdb"))
        _shares(f"Share of time per stage at {points:,} SYNTHETIC data points (baseline: same run as above):",
                hwb, baseline, note)
        if hwb:  # the timed run has filled the results table
            status, floors = _child(limit, "--floors", "--store", str(Path(folder) / "bench.duckdb"))
            if status == "ok":
                from engine_floors import report

                report(floors, hwb_seconds)
            else:
                print(f"\nWhat bounds the build: {floors}")
    for folder, *_ in kept.values():
        shutil.rmtree(folder, ignore_errors=True)

    status, outcome = _child(limit, "--one-check", str(check_points))
    if status != "ok":
        print(f"\nEquality check on {check_points:,} SYNTHETIC data points {outcome}")
    elif outcome["differences"] or outcome["rows"] != outcome["hwb_rows"]:
        print(f"\nEquality check on {outcome['data_points']:,} SYNTHETIC data points: the baseline DIFFERS from hwb "
              f"({outcome['rows']:,} rows against {outcome['hwb_rows']:,}):")
        for line in outcome["differences"]:
            print("  " + line)
    else:
        print(f"\nEquality check on {outcome['data_points']:,} SYNTHETIC data points: the baseline's "
              f"{outcome['rows']:,} results equal hwb's in every column (floats to 1e-9 relative, labels exactly)")


def run_methods(rows: int) -> dict:
    """hwb's methods vs PHStatsMethods on the same `rows` proportions and `rows` rates (95% and 99.8%)."""
    import ibis
    import numpy as np
    import pandas as pd

    from hwb.methods.proportion import proportion
    from hwb.methods.rate import crude_rate

    rng = np.random.default_rng(20261123)
    den = rng.integers(1000, 500000, rows).astype(float)
    frame = pd.DataFrame({"area": np.arange(rows).astype(str), "den": den,
                          "num": np.floor(den * rng.uniform(0.01, 0.95, rows))})
    con = ibis.duckdb.connect()
    table = con.create_table("subset", frame)
    started = time.perf_counter()
    prop = table.select(**proportion(table.num, table.den, 100)).to_pandas()
    rate = table.select(**crude_rate(table.num, table.den, 100000)).to_pandas()
    hwb_seconds = time.perf_counter() - started
    result = {"rows": 2 * rows, "hwb_methods_s": hwb_seconds, "hwb_rows_per_s": 2 * rows / hwb_seconds}
    try:
        import PHStatsMethods as phs
    except ImportError:
        result["phstatsmethods"] = "not installed: pip install phstatsmethods (benchmark only, GPL-3)"
        return result
    started = time.perf_counter()
    theirs_prop = phs.ph_proportion(frame, "num", "den", group_cols="area", confidence=[0.95, 0.998], multiplier=100)
    theirs_rate = phs.ph_rate(frame, "num", "den", group_cols="area", confidence=[0.95, 0.998], multiplier=100000)
    ph_seconds = time.perf_counter() - started
    result.update(phs_s=ph_seconds, phs_rows_per_s=2 * rows / ph_seconds, speedup=ph_seconds / hwb_seconds)
    same = all(
        np.allclose(np.sort(ours[column].to_numpy()), np.sort(theirs[f"{column}_ci"].to_numpy()), rtol=1e-9)
        for ours, theirs in ((prop, theirs_prop), (rate, theirs_rate))
        for column in ("lower_95", "upper_95")
    )
    result["same_limits"] = bool(same)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000,30000000,100000000", help="data point counts, comma-separated")
    parser.add_argument("--limit", type=float, default=900, help="seconds per size and engine before the run is stopped")
    parser.add_argument("--profile-size", type=int, help="data points for the per-stage shares (default: the largest size both completed)")
    parser.add_argument("--check", type=int, default=100000, help="data points for the check that both give the same results")
    parser.add_argument("--subset", type=int, default=100000, help="rows for the PHStatsMethods comparison")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for both engines (default: hwb's store default)")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)  # internal, each in a fresh process:
    parser.add_argument("--run", choices=["hwb", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--timed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--one-check", dest="one_check", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--floors", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.store, args.generate)))
    elif args.run == "hwb":
        print(json.dumps(run_hwb(args.store, args.timed)))
    elif args.run == "baseline":
        print(json.dumps(run_baseline(args.store)))
    elif args.floors:
        from engine_floors import measure

        print(json.dumps(measure(args.store)))
    elif args.one_check:
        print(json.dumps(check(args.one_check)))
    else:
        from hwb.store.connection import memory_limit

        os.environ["HWB_MEMORY_LIMIT"] = args.memory_limit or memory_limit()  # read by both engines' children
        cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
        print(f"SYNTHETIC data (benchmark only). Machine: {cores} cores; DuckDB memory_limit "
              f"{os.environ['HWB_MEMORY_LIMIT']} for both engines; each run in a fresh process, stopped after {args.limit:.0f} s")
        print("hwb: hwb.engine.build.build; baseline: bench/engine_sql.py (plain DuckDB SQL, same stages, same results); "
              "generating the data is timed apart and not counted")
        print(f"hwb code: {_version()}\n")
        sizes = [int(float(s)) for s in args.sizes.split(",")]
        bench(sizes, args.limit, args.profile_size, args.check)
        methods = run_methods(args.subset // 2)
        print(f"\nMethods on a {methods['rows']:,}-row subset (half proportions, half rates; 95% and 99.8%):")
        print(f"  hwb (Ibis on DuckDB): {methods['hwb_rows_per_s']:,.0f} rows/s")
        if "phs_rows_per_s" in methods:
            print(f"  PHStatsMethods:       {methods['phs_rows_per_s']:,.0f} rows/s")
            print(f"  ratio hwb / PHStatsMethods: {methods['speedup']:.1f}x; same 95% limits: {methods['same_limits']}")
        else:
            print("  PHStatsMethods:", methods["phstatsmethods"])


if __name__ == "__main__":
    main()
