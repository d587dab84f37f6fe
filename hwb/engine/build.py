"""Run the pipeline over the store's tables and write the results table.

Every step of the pipeline works within one indicator, so the store is built
in batches of whole indicators: memory stays bounded at any scale and the
progress bar moves batch by batch. All batches land in one transaction.
"""

from __future__ import annotations

from hwb.engine.pipeline import RESULT_COLUMNS, build_results
from hwb.store import Store

BATCH_POINTS = 1_000_000  # data points per batch: about 2.5 GB of DuckDB memory


def results_expression(store: Store, indicator_ids: list[str] | None = None):
    """The results expression over the store's tables (not yet executed)."""
    t = store.table
    points = t("data_points")
    if indicator_ids is not None:
        points = points.filter(points.indicator_id.isin(indicator_ids))
    return build_results(points, t("indicators"), t("areas"), t("neighbours"))


def indicator_batches(store: Store, batch_points: int = BATCH_POINTS) -> list[list[str]]:
    """Indicator ids grouped so that each group has about `batch_points` data points."""
    batches: list[list[str]] = [[]]
    size = 0
    counts = store.sql("SELECT indicator_id, count(*) FROM data_points GROUP BY 1 ORDER BY 1")
    for indicator_id, points in counts:
        if batches[-1] and size + points > batch_points:
            batches.append([])
            size = 0
        batches[-1].append(indicator_id)
        size += points
    return [b for b in batches if b]


def build(store: Store, progress=None, batch_points: int = BATCH_POINTS) -> int:
    """Replace the results table in one transaction; returns its row count.

    `progress`, if given, is called with (batches done, batches in all).
    """
    batches = indicator_batches(store, batch_points)
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    with store.transaction():
        store.duck.execute("DELETE FROM results")
        for done, batch in enumerate(batches, start=1):
            sql = store.con.compile(results_expression(store, batch))
            store.duck.execute(f"INSERT INTO results ({columns}) SELECT {columns} FROM ({sql})")
            if progress:
                progress(done, len(batches))
    return store.sql("SELECT count(*) FROM results")[0][0]
