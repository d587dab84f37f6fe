"""RAG against a goal or local target.

Two limits, high is good: value < lower is Red, lower <= value < upper Amber,
value >= upper Green; mirrored when low is good (value > upper Red,
lower < value <= upper Amber, value <= lower Green). A single target
(goal_upper empty): value >= target Green else Red; mirrored when low is good.
No goal, no value, or no judgement: NULL.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.methods.labels import AMBER, GREEN, HIGH_IS_GOOD, LOW_IS_GOOD, RED


def compare_to_goal(
    value: ir.FloatingValue,
    goal_lower: ir.FloatingValue,
    goal_upper: ir.FloatingValue,
    polarity: ir.StringValue,
) -> ir.StringValue:
    """Red / Amber / Green, or NULL where no goal applies."""
    high, low = polarity == HIGH_IS_GOOD, polarity == LOW_IS_GOOD
    single = goal_upper.isnull()
    return ibis.cases(
        (value.isnull() | goal_lower.isnull(), ibis.null(str)),
        (single & high, (value >= goal_lower).ifelse(GREEN, RED)),
        (single & low, (value <= goal_lower).ifelse(GREEN, RED)),
        (high & (value < goal_lower), RED),
        (high & (value < goal_upper), AMBER),
        (high, GREEN),
        (low & (value > goal_upper), RED),
        (low & (value > goal_lower), AMBER),
        (low, GREEN),
        else_=ibis.null(str),
    )
