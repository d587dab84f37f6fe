"""Run the pipeline over the store's tables and write the results table.

Every step of the pipeline works within one indicator, so the store is built
in batches of whole indicators: memory stays bounded at any scale and the
progress bar moves batch by batch. The expression is compiled once, over the
data points of the indicators named in a temporary table that each batch
refills. All batches land in one transaction.
"""

from __future__ import annotations

import time

from hwb.engine.compiled import cached_sql, join_sides_as_written
from hwb.engine.keys import KEYS
from hwb.engine.pipeline import INPUT_TABLES, RESULT_COLUMNS, build_results, stages
from hwb.errors import InputError, LocatedError
from hwb.store import Store

BATCH_POINTS = 1_000_000  # data points per batch: about 2.5 GB of DuckDB memory
BATCH_TABLE = "_hwb_batch_indicators"


INDICATOR_COUNTS = "SELECT indicator_id, count(*) FROM data_points GROUP BY 1 ORDER BY 1"


def indicator_batches(store: Store, batch_points: int = BATCH_POINTS) -> list[list[str]]:
    """Indicator ids grouped so that each group has about `batch_points` data points."""
    return group_indicators(store.sql(INDICATOR_COUNTS), batch_points)


def group_indicators(counts, batch_points: int) -> list[list[str]]:
    """(indicator id, data points) rows, in order, grouped whole into about `batch_points` each."""
    batches: list[list[str]] = [[]]
    size = 0
    for indicator_id, points in counts:
        if batches[-1] and size + points > batch_points:
            batches.append([])
            size = 0
        batches[-1].append(indicator_id)
        size += points
    return [b for b in batches if b]


def _batch_points(store: Store):
    """The data points of the indicators listed in the batch table."""
    points, listed = store.table("data_points"), store.table(BATCH_TABLE)
    return points.filter(points.indicator_id.isin(listed.indicator_id))


def build(store: Store, progress=None, batch_points: int = BATCH_POINTS, timings: dict | None = None) -> int:
    """Replace the results table in one transaction; returns its row count.

    `progress`, if given, is called with (batches done, batches in all). `timings`, if
    given, is filled with seconds per pipeline step: each step is then run and stored
    on its own, outside a transaction (slower in all: for the benchmark's profile only).
    """
    batches = indicator_batches(store, batch_points)
    store.duck.execute(f"CREATE OR REPLACE TEMP TABLE {BATCH_TABLE} (indicator_id VARCHAR)")
    try:
        with join_sides_as_written(store):
            if timings is None:
                with store.transaction():
                    _run_batches(store, batches, _batch(store), progress)
            else:
                _run_batches(store, batches, _timed_batch(store, timings), progress)
    finally:
        store.duck.execute(f"DROP TABLE IF EXISTS {BATCH_TABLE}")
    return store.sql("SELECT count(*) FROM results")[0][0]


def _run_batches(store: Store, batches: list[list[str]], run, progress) -> None:
    """Empty the results table, then `run()` the pipeline for each batch of indicators."""
    store.duck.execute("DELETE FROM results")
    for done, batch in enumerate(batches, start=1):
        store.duck.execute(f"DELETE FROM {BATCH_TABLE}")
        store.duck.executemany(f"INSERT INTO {BATCH_TABLE} VALUES (?)", [[i] for i in batch])
        run()
        check_unique(store, f"indicator_id IN (SELECT indicator_id FROM {BATCH_TABLE})")
        if progress:
            progress(done, len(batches))


def check_unique(store: Store, where: str = "true") -> None:
    """Refuse two results for one figure (only a total given beside its own age bands can give
    them), naming the figures: InputError, and the caller's transaction leaves nothing written."""
    keys = ", ".join(KEYS)
    twice = store.sql(f"SELECT {keys} FROM results WHERE {where} GROUP BY ALL HAVING count(*) > 1 LIMIT 20")
    if twice:
        raise InputError([
            LocatedError("the stored data points", None, "age",
                         f"indicator {i}, area {a}, period {p}, {' / '.join(x for x in rest if x) or 'no breakdown'}: "
                         "this figure is given both as a value and as age bands to standardise; "
                         "remove one of them and import the data again")
            for i, a, p, *rest in twice
        ])


def _insert_sql(select_sql: str) -> str:
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    return f"INSERT INTO results ({columns}) SELECT {columns} FROM ({select_sql})"


def _batch(store: Store):
    """One batch: the whole pipeline as one statement, compiled once (see `cached_sql`)."""
    t = store.table

    def compile_sql() -> str:
        expression = build_results(_batch_points(store), t("indicators"), t("areas"), t("neighbours"))
        return _insert_sql(store.con.compile(expression))

    sql = cached_sql(store, (*INPUT_TABLES, BATCH_TABLE), compile_sql)
    return lambda: store.duck.execute(sql)


def _timed_batch(store: Store, timings: dict):
    """One batch step by step, each step stored in a temporary table and timed."""
    t = store.table
    steps = stages(t("indicators"), t("areas"), t("neighbours"))

    def run() -> None:
        done = {"data points": _batch_points(store)}
        for number, (name, step) in enumerate(steps):
            started = time.perf_counter()
            done[name] = store.con.create_table(f"_hwb_step_{number}", step(done), temp=True, overwrite=True)
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        store.duck.execute(_insert_sql(f"SELECT * FROM _hwb_step_{len(steps) - 1}"))
        for number in range(len(steps)):
            store.duck.execute(f"DROP TABLE _hwb_step_{number}")
        timings["write"] = timings.get("write", 0.0) + time.perf_counter() - started

    return run
