"""Step 1 of the pipeline: a value and 95%/99.8% CIs for every data point.

Rows with a count and denominator are computed by the method of their
indicator's value type; DSR and ISR rows given by age band are standardised
into one row, and life expectancy rows by life-table band become one row per
start age; rows with only a value and CIs (surveys, modelled estimates,
Fingertips downloads) are taken as given.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.engine.keys import CI_COLUMNS, ENGLAND, KEYS
from hwb.methods import dsr, isr, life_expectancy, mean, proportion, rate

VALUE_COLUMNS = ["count", "denominator", "value", *CI_COLUMNS, "value_note"]

#: Age labels of the life-table bands (deaths and population per band), by start age.
LIFE_TABLE_BANDS: dict[str, int] = {
    "<1": 0, "0": 0, "1-4": 1,
    **{f"{a}-{a + 4}": a for a in life_expectancy.AGE_BANDS[2:-1]},
    "90+": 90,
}  # fmt: skip


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
    """Rows given by age band (DSR/ISR or life-table inputs) rather than as a result."""
    unvalued = points.value.isnull() & points["count"].notnull()
    esp = points.value_type.isin(["dsr", "isr"]) & points.age.isin(list(dsr.ESP2013))
    life = (points.value_type == "life_expectancy") & points.age.isin(list(LIFE_TABLE_BANDS))
    return unvalued & (esp | life)


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
    with_std = bands.mutate(std_pop=bands.age.cases(*dsr.ESP2013.items()))  # bands are ESP bands only
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


def _life_expectancy_rows(bands: ir.Table) -> ir.Table:
    """Chiang II life expectancy (years) at every start age, labelled as Fingertips labels it:
    "All ages" at birth, otherwise the start age ("65"); counts are deaths and person-years from it."""
    by = [k for k in KEYS if k != "age"] + ["period_sort", "period_years"]
    started = bands.mutate(_start=bands.age.cases(*LIFE_TABLE_BANDS.items()))  # bands are life-table bands only
    out = life_expectancy.life_expectancy(started, by, startage="_start", deaths="count", population="denominator")
    age = ibis.ifelse(out._start == 0, "All ages", out._start.cast("string"))
    return out.mutate(age=age, count=out.total_count, denominator=out.total_pop)


def compute_values(points: ir.Table) -> ir.Table:
    """Data points (joined to their indicator's value_type, multiplier) -> valued rows."""
    base = [*KEYS, "period_sort", "period_years", *VALUE_COLUMNS]
    points = points.mutate(_by_band=_standardised_inputs(points))  # once, for both filters
    rows = _row_level(points.filter(~points._by_band)).select(*base)
    bands = points.filter(points._by_band)
    parts = [rows]
    builders = (("dsr", _dsr_rows), ("isr", _isr_rows), ("life_expectancy", _life_expectancy_rows))
    for value_type, build in builders:
        built = build(bands.filter(bands.value_type == value_type))
        parts.append(built.select(*base))
    return ibis.union(*parts)
