"""Rank of an area among itself and its nearest neighbours ("3/16").

Sorted best first: descending when high is good, otherwise ascending (lowest
is 1 when no polarity applies). Ties share the smallest rank. Only areas with
neighbours are ranked, so England and regions are not.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.methods.labels import HIGH_IS_GOOD


def neighbour_rank(results: ir.Table, neighbours: ir.Table, keys: list[str]) -> ir.Table:
    """`results` plus `nn_rank` and `nn_count`.

    `keys` identify a figure apart from the area (indicator, period, sex, age,
    category); `results` needs area_code, value and polarity.
    """
    joined = results.left_join(neighbour_ranks(results, neighbours, keys), [*keys, "area_code"])
    return joined.select(*results.columns, "nn_rank", "nn_count")


def neighbour_ranks(results: ir.Table, neighbours: ir.Table, keys: list[str]) -> ir.Table:
    """`keys`, area_code, `nn_rank` and `nn_count` of each ranked row of `results` (see neighbour_rank)."""
    own = results.select(*keys, "area_code", "value", "polarity")
    others = results.select(*keys, nb_area=results.area_code, nb_value=results.value)
    pairs = own.join(neighbours, own.area_code == neighbours.area_code).select(
        *keys, "area_code", "value", "polarity", nb_area=neighbours.neighbour_code
    )
    # One condition on the figure and the neighbour together: a database cannot then join each
    # area to every other area of its figure first and filter to neighbours afterwards.
    figure_and_neighbour = [*keys, "nb_area"]
    pairs = pairs.join(
        others,
        ibis.struct({k: pairs[k] for k in figure_and_neighbour})
        == ibis.struct({k: others[k] for k in figure_and_neighbour}),
    ).select(pairs, "nb_value")
    ahead = (pairs.polarity == HIGH_IS_GOOD).ifelse(
        pairs.nb_value > pairs.value, pairs.nb_value < pairs.value
    )
    return (
        pairs.filter(pairs.value.notnull() & pairs.nb_value.notnull())
        .group_by([*keys, "area_code"])
        .aggregate(
            nn_rank=ahead.cast("int64").sum() + 1,
            nn_count=pairs.nb_area.count() + 1,  # neighbours are unique per group
        )
    )
