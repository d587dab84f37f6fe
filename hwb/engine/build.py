"""Run the pipeline over the store's tables and write the results table."""

from __future__ import annotations

from hwb.engine.pipeline import RESULT_COLUMNS, build_results
from hwb.store import Store


def results_expression(store: Store):
    """The results expression over the store's tables (not yet executed)."""
    t = store.table
    return build_results(t("data_points"), t("indicators"), t("areas"), t("neighbours"))


def build(store: Store) -> int:
    """Replace the results table in one transaction; returns its row count."""
    sql = store.con.compile(results_expression(store))
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    with store.transaction():
        store.duck.execute("DELETE FROM results")
        store.duck.execute(f"INSERT INTO results ({columns}) SELECT {columns} FROM ({sql})")
    return store.sql("SELECT count(*) FROM results")[0][0]
