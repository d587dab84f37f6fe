"""Step 1 of the pipeline: a value and 95%/99.8% CIs for every data point.

Rows with a count and denominator are computed by the method of their
indicator's value type; DSR and ISR rows given by age band are standardised
into one row; rows with only a value and CIs (surveys, modelled estimates,
Fingertips downloads) are taken as given.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.engine.keys import CI_COLUMNS, ENGLAND, KEYS
from hwb.methods import dsr, isr, mean, proportion, rate

VALUE_COLUMNS = ["count", "denominator", "value", *CI_COLUMNS, "value_note"]


def _row_level(points: ir.Table) -> ir.Table:
    """Proportions, crude rates and means computed row by row; others as given."""
    has_counts = points["count"].notnull() & points.denominator.notnull() & points.value.isnull()
    prop = proportion.proportion(points["count"], points.denominator, points.multiplier)
    crude = rate.crude_rate(points["count"], points.denominator, points.multiplier)
    means = mean.mean_limits(points.value, points.sd, points["count"])
    is_prop = has_counts & (points.value_type == "proportion")
    is_rate = has_counts & (points.value_type == "crude_rate")
    is_mean = (points.value_type == "mean") & points.sd.notnull() & points["count"].notnull()

    def pick(column: str) -> ir.Value:
        return ibis.cases(
            (is_prop, prop[column]),
            (is_rate, crude[column]),
            (is_mean, means[column]),
            else_=points[column],
        )

    return points.mutate(**{c: pick(c) for c in ["value", *CI_COLUMNS]})


def _standardised_inputs(points: ir.Table) -> ir.Expr:
    """Rows given by standard age band (DSR/ISR inputs) rather than as a result."""
    return (
        points.value_type.isin(["dsr", "isr"])
        & points.value.isnull()
        & points["count"].notnull()
        & points.age.isin(list(dsr.ESP2013))
    )


def _dsr_rows(bands: ir.Table) -> ir.Table:
    by = [k for k in KEYS if k != "age"] + ["multiplier", "period_sort", "period_years"]
    with_std = bands.join(dsr.esp2013(ageband="age", std_pop="std_pop"), "age")
    out = dsr.dsr(with_std, by=by, multiplier=100000)
    return out.mutate(
        age=ibis.literal("All ages"), count=out.total_count, denominator=out.total_pop
    )


def _isr_rows(bands: ir.Table) -> ir.Table:
    by = [k for k in KEYS if k not in ("age", "area_code")]
    ref = bands.filter(bands.area_code == ENGLAND).select(
        *by, "age", ref_count=bands["count"], ref_denominator=bands.denominator
    )
    local = bands.join(ref, [*by, "age"])
    out = isr.isratio(
        local,
        by=[*by, "area_code", "multiplier", "period_sort", "period_years"],
        count="count",
        denominator="denominator",
        ref_count="ref_count",
        ref_denominator="ref_denominator",
    )
    return out.mutate(
        age=ibis.literal("All ages"), count=out.observed, denominator=out.expected
    )


def compute_values(points: ir.Table) -> ir.Table:
    """Data points (joined to their indicator's value_type, multiplier) -> valued rows."""
    base = [*KEYS, "period_sort", "period_years", *VALUE_COLUMNS]
    standardised = _standardised_inputs(points)
    rows = _row_level(points.filter(~standardised)).select(*base)
    bands = points.filter(standardised)
    parts = [rows]
    for value_type, build in (("dsr", _dsr_rows), ("isr", _isr_rows)):
        built = build(bands.filter(bands.value_type == value_type))
        parts.append(built.select(*base))
    return ibis.union(*parts)
