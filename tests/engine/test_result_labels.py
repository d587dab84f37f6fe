"""The results' labels are stored as enumerations whose values are exactly the labels the engine
writes (a label missing from one would stop the build), and every reader gets them as text."""

from __future__ import annotations

import pandas as pd

from hwb.methods.labels import AMBER, COMPARISON_LABELS, GREEN, RED, TREND_LABELS
from hwb.methods.quantiles import QUINTILE_LABELS
from hwb.store import connect


def _labels(store, column: str) -> list[str]:
    """The values the results column's enumeration allows, in order."""
    return [label for (label,) in store.sql(f"SELECT unnest(enum_range(NULL::{_type(store, column)}))")]


def _type(store, column: str) -> str:
    return store.sql("SELECT data_type FROM information_schema.columns WHERE table_name = 'results' AND column_name = ?",
                     [column])[0][0]


def test_the_enumerations_are_the_engines_labels():
    store = connect(":memory:")
    comparisons = [*COMPARISON_LABELS, *QUINTILE_LABELS]
    assert _labels(store, "compared_to_england") == _labels(store, "compared_to_parent") == comparisons
    assert _labels(store, "compared_to_goal") == [RED, AMBER, GREEN]
    assert _labels(store, "recent_trend") == list(TREND_LABELS)
    assert _labels(store, "quintile") == list(QUINTILE_LABELS)


def test_readers_get_the_labels_as_text_with_none_where_missing():
    store = connect(":memory:")
    store.duck.execute("CREATE TABLE t (label ENUM ('Increasing', 'Decreasing'), other VARCHAR)")
    store.duck.execute("INSERT INTO t VALUES ('Increasing', 'x'), (NULL, NULL)")
    frame = store.df("SELECT label, other, label::VARCHAR AS as_text FROM t ORDER BY other")
    assert frame["label"].dtype == frame["as_text"].dtype == frame["other"].dtype  # none a category
    assert frame["label"].equals(frame["as_text"].rename("label"))
    assert frame["label"][0] == "Increasing" and pd.isna(frame["label"][1])
