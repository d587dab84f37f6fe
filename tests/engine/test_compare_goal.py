"""Benchmark comparison and goal RAG, case by case from design.md's rules."""

import ibis
import pandas as pd
import pytest

from hwb.methods.compare import compare_to_benchmark
from hwb.methods.goal import compare_to_goal

NAN = float("nan")


def _evaluate(frame: pd.DataFrame, build) -> list:
    t = ibis.memtable(frame)
    return t.select(out=build(t)).to_pandas()["out"].tolist()


@pytest.mark.parametrize(
    "lower, upper, bench, polarity, expected",
    [
        (70.0, 75.0, 72.0, "high_is_good", "Similar"),
        (70.0, 75.0, 70.0, "high_is_good", "Similar"),  # inclusive at the lower limit
        (70.0, 75.0, 75.0, "high_is_good", "Similar"),  # and at the upper
        (76.0, 78.0, 72.0, "high_is_good", "Better"),
        (60.0, 65.0, 72.0, "high_is_good", "Worse"),
        (76.0, 78.0, 72.0, "low_is_good", "Worse"),
        (60.0, 65.0, 72.0, "low_is_good", "Better"),
        (76.0, 78.0, 72.0, "no_judgement", "Higher"),
        (60.0, 65.0, 72.0, "no_judgement", "Lower"),
        (NAN, NAN, 72.0, "high_is_good", "Not compared"),
        (60.0, 65.0, NAN, "high_is_good", "Not compared"),
    ],
)
def test_single_ci_against_benchmark(lower, upper, bench, polarity, expected):
    frame = pd.DataFrame({"l": [lower], "u": [upper], "b": [bench], "p": [polarity]})
    assert _evaluate(frame, lambda t: compare_to_benchmark(t.l, t.u, t.b, t.p)) == [expected]


@pytest.mark.parametrize(
    "value, low, high, polarity, expected",
    [
        (79.9, 80.0, 90.0, "high_is_good", "Red"),
        (80.0, 80.0, 90.0, "high_is_good", "Amber"),
        (89.9, 80.0, 90.0, "high_is_good", "Amber"),
        (90.0, 80.0, 90.0, "high_is_good", "Green"),
        (63.3, 25.0, 50.0, "low_is_good", "Red"),  # HIV late diagnosis, seed appendix 7
        (50.0, 25.0, 50.0, "low_is_good", "Amber"),
        (25.0, 25.0, 50.0, "low_is_good", "Green"),
        (84.2, 80.0, NAN, "high_is_good", "Green"),  # LD health checks against 80%
        (79.0, 80.0, NAN, "high_is_good", "Red"),
        (91.0, 95.0, NAN, "high_is_good", "Red"),  # MMR2 91.0% against 95%
        (5.0, 6.0, NAN, "low_is_good", "Green"),
        (5.0, NAN, NAN, "high_is_good", None),
    ],
)
def test_goal_rag(value, low, high, polarity, expected):
    frame = pd.DataFrame({"v": [value], "lo": [low], "hi": [high], "p": [polarity]})
    result = _evaluate(frame, lambda t: compare_to_goal(t.v, t.lo, t.hi, t.p))
    assert result == [expected] or (expected is None and pd.isna(result[0]))
