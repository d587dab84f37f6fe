"""Benchmark: the full indicator pipeline on SYNTHETIC England-scale data.

Every upper-tier (153) and lower-tier (296) area, the 9 regions and England,
N indicators (half proportions, half crude rates), 20 annual periods, counts
and denominators of realistic size, 15 nearest neighbours per upper-tier area.
All data here is synthetic and labelled so; it is never used outside benchmarks.

Prints data points per second and peak memory (RSS of a fresh process per
size) for `hwb build` at each size, and, in the same run, the rate of
PHStatsMethods (GPL-3, benchmark-only: `pip install phstatsmethods`) against
hwb's own methods on a 100k-row subset.

    python bench/engine.py                 # 1M and 10M data points
    python bench/engine.py --sizes 200000  # a quick look
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UPPER_TIER, LOWER_TIER, REGIONS, PERIODS = 153, 296, 9, 20
AREAS = 1 + REGIONS + UPPER_TIER + LOWER_TIER


def synthesise(store, indicators: int) -> int:
    """Fill the store with synthetic areas, neighbours, indicators and data points."""
    duck = store.duck
    duck.execute(f"""
        INSERT INTO areas
        SELECT 'E92000001', 'England (synthetic)', 'England', NULL
        UNION ALL SELECT printf('E1200%04d', i), printf('Region %d (synthetic)', i), 'Region', 'E92000001'
            FROM range(1, {REGIONS + 1}) r(i)
        UNION ALL SELECT printf('E1000%04d', i), printf('Upper tier %d (synthetic)', i), 'County & UA',
            printf('E1200%04d', 1 + i % {REGIONS}) FROM range(1, {UPPER_TIER + 1}) r(i)
        UNION ALL SELECT printf('E0700%04d', i), printf('Lower tier %d (synthetic)', i), 'District & UA',
            printf('E1000%04d', 1 + i % {UPPER_TIER}) FROM range(1, {LOWER_TIER + 1}) r(i)
    """)
    duck.execute(f"""
        INSERT INTO neighbours
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
    """)
    return duck.execute("SELECT count(*) FROM data_points").fetchone()[0]


def run_size(points: int) -> dict:
    """In this (fresh) process: synthesise `points` data points, time the pipeline."""
    from hwb.engine.build import build
    from hwb.store import connect

    indicators = max(2, round(points / (AREAS * PERIODS)))
    with tempfile.TemporaryDirectory() as folder:
        store = connect(Path(folder) / "bench.duckdb")
        started = time.perf_counter()
        actual = synthesise(store, indicators)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rows = build(store)
        seconds = time.perf_counter() - started
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"data_points": actual, "indicators": indicators, "results": rows, "generate_s": generated,
            "pipeline_s": seconds, "points_per_s": actual / seconds, "peak_rss_mb": peak_mb}


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
    parser.add_argument("--sizes", default="1000000,10000000", help="data point counts, comma-separated")
    parser.add_argument("--subset", type=int, default=100000, help="rows for the PHStatsMethods comparison")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    print("SYNTHETIC data (benchmark only). Machine:", subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(), "cores")
    print(f"{'data points':>12} {'indicators':>10} {'pipeline s':>10} {'points/s':>12} {'peak RSS MB':>11}")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        if out.returncode:
            print(f"{size:>12,} failed: {out.stderr.strip().splitlines()[-1]}", flush=True)
            continue
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{figures['data_points']:>12,} {figures['indicators']:>10} {figures['pipeline_s']:>10.1f} "
              f"{figures['points_per_s']:>12,.0f} {figures['peak_rss_mb']:>11,.0f}", flush=True)
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
