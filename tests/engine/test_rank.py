"""Rank among the area and its nearest neighbours: best first, ties share the smallest rank."""

import ibis
import pandas as pd

from hwb.methods.rank import neighbour_rank

KEYS = ["indicator_id", "period"]


def _ranks(values: dict[str, float | None], polarity: str, neighbours_of: dict[str, list[str]]):
    results = pd.DataFrame(
        [dict(indicator_id="i", period="2024", area_code=a, value=v, polarity=polarity) for a, v in values.items()]
    )
    pairs = pd.DataFrame(
        [dict(area_code=a, neighbour_code=n) for a, ns in neighbours_of.items() for n in ns],
        columns=["area_code", "neighbour_code"],
    )
    out = neighbour_rank(ibis.memtable(results), ibis.memtable(pairs), KEYS).to_pandas()
    return {r.area_code: (r.nn_rank, r.nn_count) for r in out.itertuples()}


def test_high_is_good_ranks_the_highest_first_and_ties_share_the_smallest_rank():
    values = {"A": 80.0, "B": 90.0, "C": 80.0, "D": 70.0}
    ranks = _ranks(values, "high_is_good", {"A": ["B", "C", "D"], "C": ["A", "B", "D"]})
    assert ranks["A"] == (2, 4)
    assert ranks["C"] == (2, 4)


def test_low_is_good_and_no_judgement_rank_the_lowest_first():
    values = {"A": 80.0, "B": 90.0, "C": 70.0}
    assert _ranks(values, "low_is_good", {"A": ["B", "C"]})["A"] == (2, 3)
    assert _ranks(values, "no_judgement", {"A": ["B", "C"]})["A"] == (2, 3)
    assert _ranks(values, "low_is_good", {"C": ["A", "B"]})["C"] == (1, 3)


def test_neighbours_without_a_value_are_left_out_of_the_count():
    values = {"A": 80.0, "B": None, "C": 85.0}
    assert _ranks(values, "high_is_good", {"A": ["B", "C"]})["A"] == (2, 2)


def test_areas_without_neighbours_or_value_are_not_ranked():
    values = {"E92000001": 75.0, "A": None, "B": 70.0}
    ranks = _ranks(values, "high_is_good", {"A": ["B"]})
    assert pd.isna(ranks["E92000001"][0])
    assert pd.isna(ranks["A"][0])
