"""Building in batches of whole indicators gives exactly the results of one batch."""

import pandas as pd

from hwb.demo.load import load_demo_indicators
from hwb.engine.build import build, indicator_batches

ORDER = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]


def test_small_batches_match_one_batch(store):
    load_demo_indicators(store)
    seen = []
    build(store, progress=lambda done, total: seen.append((done, total)), batch_points=40)
    batched = store.df("SELECT * FROM results").sort_values(ORDER).reset_index(drop=True)
    build(store, batch_points=10**9)
    whole = store.df("SELECT * FROM results").sort_values(ORDER).reset_index(drop=True)
    assert len(seen) > 5 and seen[-1][0] == seen[-1][1]
    pd.testing.assert_frame_equal(batched, whole)


def test_batches_keep_indicators_whole_and_cover_them_all(store):
    load_demo_indicators(store)
    batches = indicator_batches(store, batch_points=40)
    flat = [i for batch in batches for i in batch]
    assert len(flat) == len(set(flat)) == store.sql("SELECT count(DISTINCT indicator_id) FROM data_points")[0][0]
