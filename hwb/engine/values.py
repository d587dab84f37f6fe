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


def _age_label(bands: ir.Table, by: list[str]) -> ir.Table:
    """The age range the bands of each group cover: "All ages", "35+ yrs" or "15-64 yrs"."""
    first = bands.age.re_extract(r"^(\d+)", 1).cast("int32")
    last = bands.age.re_extract(r"-(\d+)$", 1).nullif("").cast("int32")  # none for "90+"
    spans = bands.group_by(by).aggregate(_lo=first.min(), _hi=last.max(), _open=bands.age.endswith("+").any())
    label = ibis.cases(
        (spans._open & (spans._lo == 0), "All ages"),
        (spans._open, spans._lo.cast("string") + "+ yrs"),
        else_=spans._lo.cast("string") + "-" + spans._hi.cast("string") + " yrs",
    )
    return spans.select(*by, age=label)


def _scaled(out: ir.Table, by: list[str], bands: ir.Table, count: str, denominator: str) -> ir.Table:
    """A standardised result (computed per 1) per the indicator's multiplier, one row per group."""
    scaled = out.mutate(
        **{c: out[c] * out.multiplier for c in ["value", *CI_COLUMNS]},
        count=out[count], denominator=out[denominator],
    )
    return scaled.join(_age_label(bands, by), by)


def _dsr_rows(bands: ir.Table) -> ir.Table:
    by = [k for k in KEYS if k != "age"] + ["multiplier", "period_sort", "period_years"]
    with_std = bands.join(dsr.esp2013(ageband="age", std_pop="std_pop"), "age")
    out = dsr.dsr(with_std, by=by, multiplier=1)
    return _scaled(out, by, bands, "total_count", "total_pop")


def _isr_rows(bands: ir.Table) -> ir.Table:
    """Indirectly standardised ratio (x multiplier, e.g. 100 for an SMR); England's bands are the reference."""
    figure = [k for k in KEYS if k not in ("age", "area_code")]
    ref = bands.filter(bands.area_code == ENGLAND).select(
        *figure, "age", ref_count=bands["count"], ref_denominator=bands.denominator
    )
    local = bands.join(ref, [*figure, "age"])
    by = [*figure, "area_code", "multiplier", "period_sort", "period_years"]
    out = isr.isratio(local, by=by, ref_count="ref_count", ref_denominator="ref_denominator")
    return _scaled(out, by, bands, "observed", "expected")


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
