"""Baseline for bench/engine.py: hwb's pipeline as plain DuckDB SQL, no Ibis.

Written the straightforward way: per batch of whole indicators, one statement per
stage, each materialised as a temp table, so each stage's time can be measured:

    values and CIs  proportions (Wilson) and crude rates (exact Poisson below 10
                    events, Byar's from 10), 95% and 99.8%; joins indicators, areas
    benchmarks      England's and the parent's value by self-joins; the CI comparison
                    at the indicator's confidence; the goal (RAG)
    trend           is_latest and the recent trend (5-point weighted regression with
                    the leave-one-out sign rule) from lag() windows over each series
    rank            CIPFA nearest-neighbour rank through the neighbours table
    quintiles       phe_quantile's rule among areas of a type, and within the parent
    write           joining rank and quintiles back, the comparison by method, the
                    INSERT into a table made by the store's DDL for `results` (so
                    keyed the same), and at the end its rename to `baseline_results`

Exact Poisson limits need chi-square
quantiles, which DuckDB lacks: they are computed in Python with SciPy for counts 0..9
(the only counts that use them) and joined as a 10-row table. Only what the
benchmark's data needs is covered: proportions, crude rates, and rows that come with
their value (taken as given); stores with means (with an SD) or DSR/ISR/life-table
inputs by age band are refused.
"""

from __future__ import annotations

import math
import time

import duckdb
from scipy.stats import chi2, norm

from hwb.engine.build import INDICATOR_COUNTS, group_indicators

ENGLAND = "E92000001"
NEIGHBOURS = "CIPFA nearest neighbours"
KEYS = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
FIGURE = [k for k in KEYS if k != "area_code"]
SERIES = [k for k in KEYS if k != "period"]
COLUMNS = [
    *KEYS, "period_sort", "period_years", "is_latest", "count", "denominator", "value",
    "lower_95", "upper_95", "lower_998", "upper_998", "value_note", "england_value",
    "parent_code", "parent_value", "compared_to_england", "compared_to_parent",
    "compared_to_goal", "recent_trend", "nn_rank", "nn_count", "quintile",
]
STAGES = ["values and CIs", "benchmarks", "trend", "rank", "quintiles", "write"]
LEVELS = {"95": 0.95, "998": 0.998}
BATCH_POINTS = 1_000_000
TREND_POINTS, CHI2_998_1DF = 5, 9.54953570608324
QUINTILES = ["Lowest quintile", "Low quintile", "Middle quintile", "High quintile", "Highest quintile"]


def _q(name: str) -> str:
    return f'"{name}"'


def _on(left: str, right: str, keys: list[str]) -> str:
    return " AND ".join(f"{left}.{_q(k)} = {right}.{_q(k)}" for k in keys)


def _z(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - confidence) / 2))


def exact_poisson_rows() -> list[tuple]:
    """(count, lower_95, upper_95, lower_998, upper_998) for counts 0..9, from chi-square (Garwood)."""
    rows = []
    for k in range(10):
        row = [float(k)]
        for confidence in LEVELS.values():
            tail = (1 - confidence) / 2
            row += [float(chi2.ppf(tail, 2 * k) / 2) if k else 0.0, float(chi2.ppf(1 - tail, 2 * k + 2) / 2)]
        rows.append(tuple(row))
    return rows


def _limits_sql() -> str:
    """The value and four limits, by the indicator's value type (NULL for invalid inputs)."""
    computed = 'd."count" IS NOT NULL AND d.denominator IS NOT NULL AND d."value" IS NULL'
    prop_ok = 'd."count" >= 0 AND d.denominator > 0 AND d."count" <= d.denominator'
    rate_ok = 'd."count" >= 0 AND d.denominator > 0'
    out = {"value": ('d."count" / d.denominator * i.multiplier', 'd."count" * (i.multiplier / d.denominator)')}
    for suffix, confidence in LEVELS.items():
        z, z2 = repr(_z(confidence)), repr(_z(confidence) ** 2)
        centre = f'(2 * d."count" + {z2})'
        spread = f'({z} * sqrt({z2} + 4 * d."count" * (1 - d."count" / d.denominator)))'
        scale = f"(2 * (d.denominator + {z2}))"
        lo_base = f'(1 - 1 / (9 * d."count") - {z} / (3 * sqrt(d."count")))'
        up_base = f'(1 - 1 / (9 * (d."count" + 1)) + {z} / (3 * sqrt(d."count" + 1)))'
        byar_lower = f'CASE WHEN {lo_base} >= 0 THEN d."count" * pow({lo_base}, 3) END'
        byar_upper = f'(d."count" + 1) * pow({up_base}, 3)'
        rate_scale = "(i.multiplier / d.denominator)"
        out[f"lower_{suffix}"] = (
            f"({centre} - {spread}) / {scale} * i.multiplier",
            f'CASE WHEN d."count" < 10 THEN e.lower_{suffix} ELSE {byar_lower} END * {rate_scale}',
        )
        out[f"upper_{suffix}"] = (
            f"({centre} + {spread}) / {scale} * i.multiplier",
            f'CASE WHEN d."count" < 10 THEN e.upper_{suffix} ELSE {byar_upper} END * {rate_scale}',
        )
    return ",\n".join(
        f"CASE WHEN {computed} AND i.value_type = 'proportion' THEN CASE WHEN {prop_ok} THEN {prop} END\n"
        f"     WHEN {computed} AND i.value_type = 'crude_rate' THEN CASE WHEN {rate_ok} THEN {rate} END\n"
        f"     ELSE d.{_q(column)} END AS {_q(column)}"
        for column, (prop, rate) in out.items()
    )


def _compare_sql(benchmark: str) -> str:
    """Fingertips' single CI against a benchmark value, at the indicator's confidence."""
    lower = "CASE WHEN comparison_confidence = 99.8 THEN lower_998 ELSE lower_95 END"
    upper = "CASE WHEN comparison_confidence = 99.8 THEN upper_998 ELSE upper_95 END"
    above, below = f"({lower}) > {benchmark}", f"({upper}) < {benchmark}"
    return f"""CASE WHEN ({lower}) IS NULL OR ({upper}) IS NULL OR {benchmark} IS NULL THEN 'Not compared'
        WHEN NOT ({above}) AND NOT ({below}) THEN 'Similar'
        WHEN polarity = 'high_is_good' AND {above} THEN 'Better'
        WHEN polarity = 'high_is_good' AND {below} THEN 'Worse'
        WHEN polarity = 'low_is_good' AND {above} THEN 'Worse'
        WHEN polarity = 'low_is_good' AND {below} THEN 'Better'
        WHEN {above} THEN 'Higher' ELSE 'Lower' END"""


GOAL_SQL = """CASE WHEN "value" IS NULL OR goal_lower IS NULL THEN NULL
        WHEN goal_upper IS NULL AND polarity = 'high_is_good' THEN CASE WHEN "value" >= goal_lower THEN 'Green' ELSE 'Red' END
        WHEN goal_upper IS NULL AND polarity = 'low_is_good' THEN CASE WHEN "value" <= goal_lower THEN 'Green' ELSE 'Red' END
        WHEN polarity = 'high_is_good' AND "value" < goal_lower THEN 'Red'
        WHEN polarity = 'high_is_good' AND "value" < goal_upper THEN 'Amber'
        WHEN polarity = 'high_is_good' THEN 'Green'
        WHEN polarity = 'low_is_good' AND "value" > goal_upper THEN 'Red'
        WHEN polarity = 'low_is_good' AND "value" > goal_lower THEN 'Amber'
        WHEN polarity = 'low_is_good' THEN 'Green' END"""


def _slope(s1: str, s2: str, s3: str, s4: str, s5: str) -> str:
    return f"(({s1}) * ({s2}) - ({s3}) * ({s4})) / (({s1}) * ({s5}) - ({s3}) * ({s3}))"


def _trend_sql() -> str:
    """is_latest and recent_trend for every row of b_bench."""
    series = ", ".join(map(_q, SERIES))
    lags = ",\n".join(
        f"lag(w0, {j}) OVER o AS w{j}, lag(y0, {j}) OVER o AS y{j}" for j in range(1, TREND_POINTS)
    )
    terms = []
    for j in range(TREND_POINTS):
        t = float(TREND_POINTS - j)
        terms.append(f"w{j} AS a{j}, w{j} * y{j} * {t} AS b{j}, w{j} * {t} AS c{j}, w{j} * y{j} AS d{j}, w{j} * {t} * {t} AS e{j}")
    sums = ", ".join(f"{' + '.join(f'{p}{j}' for j in range(TREND_POINTS))} AS s{p}" for p in "abcde")
    keeps = " AND ".join(
        f"({_slope(*(f's{p} - {p}{j}' for p in 'abcde'))}) * slope > 0" for j in range(TREND_POINTS)
    )
    return f"""
    CREATE OR REPLACE TEMP TABLE b_trend AS
    WITH flagged AS (
        SELECT *,
            bool_and(period_years = 1 AND value_type IN ('proportion', 'crude_rate', 'dsr')
                     AND NOT coalesce("count" IS NOT NULL AND "count" = denominator, false)) OVER s AS series_ok,
            period_sort = max(period_sort) OVER s AS is_latest
        FROM b_bench WINDOW s AS (PARTITION BY {series})
    ), points AS (
        SELECT {series}, period, period_sort, polarity,
            1.0 / pow((upper_95 - lower_95) / 3.92, 2) AS w0, "value" AS y0
        FROM flagged
        WHERE series_ok AND "value" IS NOT NULL AND "count" IS NOT NULL AND denominator IS NOT NULL
          AND lower_95 IS NOT NULL AND upper_95 IS NOT NULL AND upper_95 > lower_95
    ), lagged AS (
        SELECT *, row_number() OVER o AS n, {lags}
        FROM points WINDOW o AS (PARTITION BY {series} ORDER BY period_sort)
    ), termed AS (
        SELECT {series}, period, polarity, n, {", ".join(terms)} FROM lagged
    ), summed AS (
        SELECT *, {sums} FROM termed
    ), sloped AS (
        SELECT *, {_slope('sa', 'sb', 'sc', 'sd', 'se')} AS slope, sa / (sa * se - sc * sc) AS se2 FROM summed
    ), labelled AS (
        SELECT {series}, period,
            CASE WHEN n < {TREND_POINTS} THEN 'Cannot be calculated'
                 WHEN NOT (slope * slope / se2 > {CHI2_998_1DF!r} AND {keeps}) THEN 'No significant change'
                 WHEN polarity IN ('high_is_good', 'low_is_good') THEN
                     CASE WHEN slope > 0 THEN 'Increasing' ELSE 'Decreasing' END
                     || CASE WHEN (slope > 0 AND polarity = 'high_is_good') OR (slope < 0 AND polarity = 'low_is_good')
                             THEN ' and getting better' ELSE ' and getting worse' END
                 ELSE CASE WHEN slope > 0 THEN 'Increasing' ELSE 'Decreasing' END END AS trend
        FROM sloped
    )
    SELECT f.* EXCLUDE (series_ok), coalesce(l.trend, 'Cannot be calculated') AS recent_trend
    FROM flagged f LEFT JOIN labelled l ON {_on('f', 'l', [*SERIES, 'period'])}
    """


def _quintile_sql(partition: list[str]) -> str:
    """phe_quantile: 6 - ceil-style bucket from the rank among N values; none when N < 5."""
    by = ", ".join(map(_q, partition))
    n, r = f"count(*) OVER (PARTITION BY {by})", f'rank() OVER (PARTITION BY {by} ORDER BY "value")'
    bucket = f"6 - (({n} + 1 - {r}) * 5 + {n} - 1) // {n}"
    labels = " ".join(f"WHEN {i} THEN '{label}'" for i, label in enumerate(QUINTILES, start=1))
    return f"CASE WHEN {n} >= 5 THEN CASE {bucket} {labels} END END"


def _by_method(interval: str, quintile: str) -> str:
    return (f"CASE WHEN comparison_method = 'none' THEN 'Not compared' "
            f"WHEN comparison_method = 'quintiles' THEN coalesce({quintile}, 'Not compared') ELSE {interval} END")


def _statements(ids: str) -> dict[str, list[str]]:
    """The SQL of each stage for the batch of indicators `ids` (a quoted list)."""
    figure = ", ".join(f"v.{_q(k)}" for k in FIGURE)
    keys = ", ".join(map(_q, KEYS))
    columns = ", ".join(map(_q, COLUMNS))
    return {
        "values and CIs": [f"""
            CREATE OR REPLACE TEMP TABLE b_values AS
            SELECT {", ".join(f"d.{_q(k)}" for k in KEYS)}, d.period_sort, d.period_years, d."count", d.denominator,
                d.value_note, i.value_type, i.polarity, i.comparison_confidence, i.comparison_method,
                i.goal_lower, i.goal_upper, a.parent_code, a.area_type,
                {_limits_sql()}
            FROM data_points d
            JOIN indicators i ON i.indicator_id = d.indicator_id
            LEFT JOIN areas a ON a.area_code = d.area_code
            LEFT JOIN b_exact e ON e.k = d."count"
            WHERE d.indicator_id IN ({ids})"""],
        "benchmarks": [f"""
            CREATE OR REPLACE TEMP TABLE b_bench AS
            SELECT *, {_compare_sql('england_value')} AS ci_england, {_compare_sql('parent_value')} AS ci_parent,
                {GOAL_SQL} AS compared_to_goal
            FROM (
                SELECT v.*, e."value" AS england_value, p."value" AS parent_value
                FROM b_values v
                LEFT JOIN b_values e ON {_on('e', 'v', FIGURE)} AND e.area_code = '{ENGLAND}'
                LEFT JOIN b_values p ON {_on('p', 'v', FIGURE)} AND p.area_code = v.parent_code
            )""", "DROP TABLE b_values"],
        "trend": [_trend_sql(), "DROP TABLE b_bench"],
        "rank": [f"""
            CREATE OR REPLACE TEMP TABLE b_rank AS
            WITH pairs AS MATERIALIZED (  -- each area with its neighbours first: joining the figure with
                                          -- itself first (as a planner without statistics may) is 100x slower
                SELECT {figure}, v.area_code, v."value", v.polarity, n.neighbour_code
                FROM b_trend v JOIN neighbours n ON n.area_code = v.area_code AND n.group_name = '{NEIGHBOURS}'
                WHERE v."value" IS NOT NULL
            )
            SELECT {figure}, v.area_code,
                sum(CASE WHEN v.polarity = 'high_is_good' THEN nb."value" > v."value" ELSE nb."value" < v."value" END::BIGINT) + 1 AS nn_rank,
                count(*) + 1 AS nn_count
            FROM pairs v
            JOIN b_trend nb ON {_on('nb', 'v', FIGURE)} AND nb.area_code = v.neighbour_code
            WHERE nb."value" IS NOT NULL
            GROUP BY ALL"""],
        "quintiles": [f"""
            CREATE OR REPLACE TEMP TABLE b_quintiles AS
            SELECT {keys}, {_quintile_sql([*FIGURE, 'area_type'])} AS quintile,
                {_quintile_sql([*FIGURE, 'area_type', 'parent_code'])} AS parent_quintile
            FROM b_trend WHERE "value" IS NOT NULL AND area_code <> '{ENGLAND}'"""],
        "write": [f"""
            INSERT INTO baseline_results_new ({columns})
            SELECT {columns} FROM (
                SELECT t.*, r.nn_rank, r.nn_count, q.quintile,
                    CASE WHEN t.area_code = '{ENGLAND}' THEN 'Not compared'
                         ELSE {_by_method('t.ci_england', 'q.quintile')} END AS compared_to_england,
                    CASE WHEN t.parent_code IS NULL OR t.parent_code = '{ENGLAND}' THEN 'Not compared'
                         ELSE {_by_method('t.ci_parent', 'q.parent_quintile')} END AS compared_to_parent
                FROM b_trend t
                LEFT JOIN b_rank r ON {_on('r', 't', KEYS)}
                LEFT JOIN b_quintiles q ON {_on('q', 't', KEYS)}
            )""", "DROP TABLE b_trend", "DROP TABLE b_rank", "DROP TABLE b_quintiles"],
    }


def _check_supported(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse data the baseline does not compute as hwb does (means with an SD, inputs by age band)."""
    found = con.execute("""
        SELECT count(*) FROM data_points d JOIN indicators i USING (indicator_id)
        WHERE (i.value_type = 'mean' AND d.sd IS NOT NULL AND d."count" IS NOT NULL)
           OR (i.value_type IN ('dsr', 'isr', 'life_expectancy') AND d."value" IS NULL AND d."count" IS NOT NULL)
    """).fetchone()[0]
    if found:
        raise ValueError(f"baseline: {found} data points need methods it does not have (means, DSR, ISR, life tables)")


def run(con: duckdb.DuckDBPyConnection, batch_points: int = BATCH_POINTS, timings: dict | None = None) -> int:
    """Replace `baseline_results`; returns its rows. `timings` gets seconds per stage.

    Batches are committed one by one into a new table, which replaces `baseline_results`
    by a rename in one short transaction at the end: a failed run leaves the old table, as
    hwb's single transaction does. (Inside one long transaction DuckDB keeps every dropped
    stage table until the commit, so memory would grow with the number of batches.)
    """
    _check_supported(con)
    ddl = con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = 'results' AND NOT temporary").fetchone()[0]
    con.execute("DROP TABLE IF EXISTS baseline_results_new")
    con.execute(ddl.replace("CREATE TABLE results(", "CREATE TABLE baseline_results_new(", 1))
    con.execute("CREATE OR REPLACE TEMP TABLE b_exact (k DOUBLE, lower_95 DOUBLE, upper_95 DOUBLE, lower_998 DOUBLE, upper_998 DOUBLE)")
    con.executemany("INSERT INTO b_exact VALUES (?, ?, ?, ?, ?)", exact_poisson_rows())
    seconds = dict.fromkeys(STAGES, 0.0)
    try:
        for batch in group_indicators(con.execute(INDICATOR_COUNTS).fetchall(), batch_points):
            ids = ", ".join("'" + i.replace("'", "''") + "'" for i in batch)
            for stage, statements in _statements(ids).items():
                started = time.perf_counter()
                for sql in statements:
                    con.execute(sql)
                seconds[stage] += time.perf_counter() - started
        started = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        con.execute("DROP TABLE IF EXISTS baseline_results")
        con.execute("ALTER TABLE baseline_results_new RENAME TO baseline_results")
        con.execute("COMMIT")
        seconds["write"] += time.perf_counter() - started
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the failure was outside the final transaction
        con.execute("DROP TABLE IF EXISTS baseline_results_new")
        raise
    if timings is not None:
        timings.update(seconds)
    return con.execute("SELECT count(*) FROM baseline_results").fetchone()[0]


def differences(ours, theirs, rel: float = 1e-9, limit: int = 20) -> list[str]:
    """Where two results frames differ: floats beyond `rel` relative, anything else not exactly equal.

    Both frames are matched on the key columns; returns readable lines (at most `limit`).
    """
    import numpy as np
    import pandas as pd

    out = []
    if list(ours.columns) != list(theirs.columns):
        return [f"columns differ: {list(ours.columns)} != {list(theirs.columns)}"]
    merged = ours.merge(theirs, on=KEYS, how="outer", suffixes=("_a", "_b"), indicator=True)
    unmatched = merged[merged["_merge"] != "both"]
    for _, row in unmatched.head(limit).iterrows():
        out.append(f"row only in {'first' if row['_merge'] == 'left_only' else 'second'}: {tuple(row[KEYS])}")
    both = merged[merged["_merge"] == "both"]
    for column in [c for c in ours.columns if c not in KEYS]:
        a, b = both[f"{column}_a"], both[f"{column}_b"]
        if pd.api.types.is_float_dtype(a) or pd.api.types.is_float_dtype(b):
            a, b = a.astype("float64"), b.astype("float64")
            finite = np.isfinite(a) & np.isfinite(b)
            close = (a == b) | (finite & ((a - b).abs() <= rel * np.maximum(a.abs(), b.abs())))
            bad = (a.isna() != b.isna()) | (a.notna() & b.notna() & ~close)
        else:
            a, b = a.astype(object), b.astype(object)
            bad = (a.isna() != b.isna()) | (a.notna() & b.notna() & (a != b))
        for index in both.index[bad.to_numpy()][: max(0, limit - len(out))]:
            out.append(f"{column} at {tuple(both.loc[index, KEYS])}: {a[index]!r} != {b[index]!r}")
    return out[:limit]


def compare_with_hwb(store, batch_points: int = BATCH_POINTS, baseline_batch_points: int | None = None) -> dict:
    """Run hwb's build and the baseline on the same store; returns rows and differences."""
    from hwb.engine.build import build

    build(store, batch_points=batch_points)
    rows = run(store.duck, baseline_batch_points or batch_points)
    order = ", ".join(map(_q, KEYS))
    columns = ", ".join(map(_q, COLUMNS))
    ours = store.df(f"SELECT {columns} FROM results ORDER BY {order}")
    theirs = store.df(f"SELECT {columns} FROM baseline_results ORDER BY {order}")
    return {"rows": rows, "hwb_rows": len(ours), "differences": differences(ours, theirs)}


def open_store(path: str, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """The store's DuckDB file with the settings hwb's store uses (memory limit, no insertion order)."""
    return duckdb.connect(path, config={"memory_limit": memory_limit, "preserve_insertion_order": False})


if __name__ == "__main__":  # a quick look: python bench/engine_sql.py STORE.duckdb [MEMORY_LIMIT]
    import sys

    connection = open_store(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "4GB")
    stage_seconds: dict = {}
    print(run(connection, timings=stage_seconds), "rows;", {k: round(v, 2) for k, v in stage_seconds.items()},
          "seconds;", round(math.fsum(stage_seconds.values()), 2), "in all")
