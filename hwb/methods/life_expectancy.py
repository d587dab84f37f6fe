"""Life expectancy from an abridged life table (Chiang II), as phe_life_expectancy.

References: Chiang CL (1968) Introduction to Stochastic Processes in Biostatistics, Wiley,
189-214; Silcocks PBS, Jenner DA, Reza R (2001) J Epidemiol Community Health 55:38-43 (the
variance term of the final, open age band); OHID Fingertips life expectancy calculator and
PHEindicatormethods::phe_life_expectancy, whose rules this module follows:

- age bands start at 0, 1, 5, 10, ..., 85 and 90 (the open band 90+); a group without
  exactly these 20 bands gets no life table;
- no life table where any band has negative deaths, no population, more deaths than
  population, where the 90+ band has no deaths, or where the group has 5,000 person-years
  or fewer;
- a life expectancy whose 95% confidence interval is wider than 20 years is not shown
  (its limits are).

The product of survival probabilities is a window sum of logarithms, so the whole table
is column arithmetic and window sums, on any Ibis backend.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hwb.methods import reject_invalid
from hwb.methods.constants import CONFIDENCE_LEVELS, z_value

#: Start ages of the 20 bands of the abridged life table (the last is 90+).
AGE_BANDS: tuple[int, ...] = (0, 1, *range(5, 95, 5))

#: Groups with this many person-years or fewer get no life table.
MIN_PERSON_YEARS = 5000

#: Widest 95% confidence interval, in years, of a life expectancy that is shown.
MAX_CI_WIDTH = 20

#: Radix of the life table (survivors at age 0).
RADIX = 100000

NEGATIVE_DEATHS = "Not calculated: an age band has negative deaths"
NO_POPULATION = "Not calculated: an age band has no population"
INCOMPLETE = "Not calculated: not every age band from 0 to 90+ is present once"
MORE_DEATHS = "Not calculated: an age band has more deaths than population"
TOO_SMALL = f"Not calculated: {MIN_PERSON_YEARS:,} person-years or fewer"
NO_OLDEST_DEATHS = "Not calculated: no deaths in the 90+ age band"
WIDE_CI = f"Not shown: the 95% confidence interval is wider than {MAX_CI_WIDTH} years"


def life_expectancy(
    table: ir.Table,
    by: list[str],
    startage: str = "startage",
    deaths: str = "deaths",
    population: str = "population",
) -> ir.Table:
    """Life expectancy at each start age of each `by` group, with 95% and 99.8% limits.

    `table` has one row per group and age band: the band's start age (AGE_BANDS), deaths
    and population (person-years). The result has one row per input row: the keys,
    `startage`, total_count and total_pop (deaths and person-years from that age up),
    value, lower_95, upper_95, lower_998, upper_998 and value_note (why a value is blank).
    Raises ValueError for a start age that is not one of AGE_BANDS.
    """
    reject_invalid(
        table,
        {
            f"life_expectancy: start ages must be one of {', '.join(map(str, AGE_BANDS))} "
            f"(column {startage!r})": ~table[startage].isin(AGE_BANDS)
            | table[startage].isnull()
        },
    )
    rows = table.select(
        *by,
        _age=table[startage],
        _deaths=table[deaths].cast("float64"),
        _pop=table[population].cast("float64"),
    )
    rows = rows.mutate(_copies=rows._age.count().over(ibis.window(group_by=[*by, "_age"])))
    rows = rows.mutate(_note=_group_note(rows, by))
    table_rows = _life_table(rows, by)
    shown = table_rows._note.isnull()
    spread = (table_rows._var / table_rows._l**2).sqrt()
    too_wide = 2 * z_value(0.95) * spread > MAX_CI_WIDTH
    out = {"value": ibis.cases((shown & ~too_wide, table_rows._e))}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        z = z_value(confidence)
        out[f"lower_{suffix}"] = ibis.cases((shown, table_rows._e - z * spread))
        out[f"upper_{suffix}"] = ibis.cases((shown, table_rows._e + z * spread))
    out["value_note"] = ibis.cases((~shown, table_rows._note), (too_wide, WIDE_CI))
    return table_rows.select(
        *by,
        **{startage: table_rows._age},
        total_count=table_rows._deaths_up,
        total_pop=table_rows._pop_up,
        **out,
    )


def _group_note(rows: ir.Table, by: list[str]) -> ir.StringValue:
    """Why a group gets no life table (in phe_life_expectancy's order), or NULL.

    Bands are known to be AGE_BANDS, so 20 rows with no band twice means every band.
    """
    group = ibis.window(group_by=by)
    oldest = rows._age == AGE_BANDS[-1]

    def any_row(condition: ir.BooleanValue) -> ir.BooleanValue:
        return ibis.ifelse(condition, 1, 0).sum().over(group) > 0

    return ibis.cases(
        (any_row(rows._deaths < 0), NEGATIVE_DEATHS),
        (any_row((rows._pop <= 0) | rows._pop.isnull()), NO_POPULATION),
        (
            (rows._age.count().over(group) != len(AGE_BANDS))
            | any_row(rows._copies > 1)
            | any_row(rows._deaths.isnull()),
            INCOMPLETE,
        ),
        (any_row(rows._deaths > rows._pop), MORE_DEATHS),
        (rows._pop.sum().over(group) <= MIN_PERSON_YEARS, TOO_SMALL),
        (any_row(oldest & (rows._deaths == 0)), NO_OLDEST_DEATHS),
    )


def _life_table(rows: ir.Table, by: list[str]) -> ir.Table:
    """Chiang's abridged life table per group: survivors _l, expectancy _e, variance _var.

    Rows of groups with a note are carried through (their figures are discarded). Each
    step is its own select because window functions cannot nest.
    """
    ordered = ibis.window(group_by=by, order_by="_age")
    before = ibis.window(group_by=by, order_by="_age", rows=(None, -1))
    from_here = ibis.window(group_by=by, order_by="_age", rows=(0, None))
    last = rows._age == AGE_BANDS[-1]
    rate = rows._deaths / rows._pop.nullif(0)
    # Width of the band; the open band 90+ is given 2 / M so that its q is 1 (as the package).
    width = ibis.cases((last, 2 / rate.nullif(0)), else_=rows._age.lead().over(ordered) - rows._age)
    staged = rows.mutate(
        _last=last,
        _rate=rate,
        _width=width,
        _share=ibis.ifelse(rows._age == 0, 0.1, 0.5),  # part of the band lived by those who die
        _deaths_up=rows._deaths.sum().over(from_here),
        _pop_up=rows._pop.sum().over(from_here),
    )
    dying = staged._rate * staged._width
    staged = staged.mutate(
        _q=ibis.cases(
            (
                staged._deaths <= staged._pop / staged._width / staged._share,
                dying / (1 + dying * (1 - staged._share)),
            ),
            else_=1.0,
        )
    )
    # Survivors l = RADIX * product of earlier p = 1 - q, as a window sum of logarithms.
    p = 1 - staged._q
    dead_before = ibis.ifelse(p <= 0, 1, 0).sum().over(before).fill_null(0)
    log_survival = ibis.cases((p > 0, p.ln()), else_=0.0).sum().over(before).fill_null(0)
    staged = staged.mutate(_l=ibis.ifelse(dead_before > 0, 0.0, RADIX * log_survival.exp()))
    # Person-years lived in the band: n (l_next + a d) with l_next = l p and d = l q.
    lived = ibis.cases(
        (staged._last, staged._l / staged._rate.nullif(0)),
        else_=staged._width * staged._l * (1 - staged._q + staged._share * staged._q),
    )
    staged = staged.mutate(_lived_up=lived.sum().over(from_here))
    staged = staged.mutate(
        _e=ibis.ifelse(staged._l == 0, 0.0, staged._lived_up / staged._l.nullif(0))
    )
    # Chiang's variance of q, Silcocks' term for the open band, weighted and summed upwards.
    var_q = ibis.cases(
        (staged._last, 4 / (staged._deaths * staged._rate**2).nullif(0)),
        (staged._l * staged._q == 0, 0.0),
        else_=staged._q**2 * (1 - staged._q) / staged._deaths.nullif(0),
    )
    staged = staged.mutate(_var_q=var_q, _next_e=staged._e.lead().over(ordered))
    remaining = (1 - staged._share) * staged._width + staged._next_e
    weighted = ibis.cases(
        (staged._last, (staged._l / 2) ** 2 * staged._var_q),
        else_=staged._var_q * staged._l**2 * remaining**2,
    )
    return staged.mutate(_var=weighted.sum().over(from_here))
