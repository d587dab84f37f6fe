"""Directly standardised rates (DSR): Dobson method with the 2013 European Standard Population.

References: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991) Stat Med 10:457-462;
Eurostat (2013) Revision of the European Standard Population; OHID Fingertips and
PHEindicatormethods::phe_dsr, including its variance adjustment for non-independent events
(individuals with more than one event).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hwb.methods import reject_invalid
from hwb.methods.constants import CONFIDENCE_LEVELS, MIN_EVENTS
from hwb.methods.rate import byars_limits

#: 2013 European Standard Population by five-year age band (total 100,000).
ESP2013: dict[str, int] = {
    "0-4": 5000, "5-9": 5500, "10-14": 5500, "15-19": 5500, "20-24": 6000,
    "25-29": 6000, "30-34": 6500, "35-39": 7000, "40-44": 7000, "45-49": 7000,
    "50-54": 7000, "55-59": 6500, "60-64": 6000, "65-69": 5500, "70-74": 5000,
    "75-79": 4000, "80-84": 2500, "85-89": 1500, "90+": 1000,
}  # fmt: skip

TOO_FEW_EVENTS = f"Not calculated: fewer than {MIN_EVENTS} events"


def esp2013(ageband: str = "ageband", std_pop: str = "std_pop") -> ir.Table:
    """The 2013 ESP as a table (ageband, std_pop) to join onto age-banded counts."""
    return ibis.memtable({ageband: list(ESP2013), std_pop: list(ESP2013.values())})


def dsr(
    table: ir.Table,
    by: list[str],
    count: str = "count",
    denominator: str = "denominator",
    std_pop: str = "std_pop",
    multiplier: float = 100000,
    independent_events: bool = True,
    eventfreq: str | None = None,
    ageband: str | None = None,
) -> ir.Table:
    """DSR per `by` group with 95% and 99.8% Dobson limits (Byar's limits on the total count).

    `table` has one row per group and standardisation band (count, denominator, std_pop);
    a missing count is taken as no events. With independent_events=False it has one row
    per group, `ageband` and `eventfreq` (events per individual), the count being the
    events of individuals with that frequency, and the variance uses sum(count * eventfreq).
    Groups with fewer than 10 events get NULL value and limits and a value_note.
    Raises ValueError for negative counts, non-positive denominators or bad std_pop.
    """
    _check_inputs(table, count, denominator, std_pop, eventfreq)
    if independent_events:
        bands = _bands(table, by, count, denominator, std_pop)
    else:
        if eventfreq is None or ageband is None:
            raise ValueError("dsr: independent_events=False needs eventfreq and ageband")
        bands = _bands_of_frequencies(table, by, count, denominator, std_pop, eventfreq, ageband)
    totals = bands.aggregate(
        by=by,
        total_count=bands._count.sum(),
        total_pop=bands._pop.sum(),
        _rate=(bands._std * bands._count / bands._pop).sum() / bands._std.sum(),
        _var=(bands._var * bands._std**2 / bands._pop**2).sum() / bands._std.sum() ** 2,
    )
    return totals.select(*by, "total_count", "total_pop", **_dobson(totals, multiplier))


def _check_inputs(table, count, denominator, std_pop, eventfreq) -> None:
    """Refuse the inputs PHEindicatormethods refuses, naming the column."""
    problems = {
        f"dsr: counts must not be negative (column {count!r})": table[count] < 0,
        f"dsr: denominators must all be greater than zero (column {denominator!r})": (
            table[denominator].isnull() | (table[denominator] <= 0)
        ),
        f"dsr: standard populations must be present and not negative (column {std_pop!r})": (
            table[std_pop].isnull() | (table[std_pop] < 0)
        ),
    }
    if eventfreq is not None:
        problems[f"dsr: event frequencies must be at least 1 (column {eventfreq!r})"] = (
            table[eventfreq] < 1
        )
    reject_invalid(table, problems)


def _bands(table, by, count, denominator, std_pop) -> ir.Table:
    """One row per group and band: events, their variance, population and standard weight."""
    events = table[count].fill_null(0)
    return table.select(
        *by, _count=events, _var=events, _pop=table[denominator], _std=table[std_pop]
    )


def _bands_of_frequencies(table, by, count, denominator, std_pop, eventfreq, ageband):
    """Collapse event-frequency rows to bands; variance of events = sum(count * eventfreq)."""
    events = table[count].fill_null(0)
    return table.aggregate(
        by=[*by, ageband],
        _count=events.sum(),
        _var=(events * table[eventfreq]).sum(),
        _pop=table[denominator].max(),
        _std=table[std_pop].max(),
    )


def _dobson(totals: ir.Table, multiplier: float) -> dict[str, ir.Value]:
    """Value, Dobson limits and note; NULL values below MIN_EVENTS events."""
    events = totals.total_count
    enough = events >= MIN_EVENTS
    out = {"value": totals._rate * multiplier}
    spread = (totals._var / events.nullif(0)).sqrt()
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        lower, upper = byars_limits(events, confidence)
        out[f"lower_{suffix}"] = (totals._rate + spread * (lower - events)) * multiplier
        out[f"upper_{suffix}"] = (totals._rate + spread * (upper - events)) * multiplier
    out = {key: ibis.cases((enough, expr)) for key, expr in out.items()}
    out["value_note"] = ibis.cases((~enough, TOO_FEW_EVENTS))
    return out
