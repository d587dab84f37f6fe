"""The BCF metrics: values from their components, plan against actual, year to date.

- Emergency (non-elective) admissions 65+ per 100,000 = admissions / population x 100,000.
- Discharge delay = (1 - proportion discharged on the discharge-ready date (DRD))
  x mean days from DRD to discharge for those delayed.
- Long-term admissions to residential and nursing care 65+ per 100,000, as a rolling
  12-month total to the end of each quarter (quarterly counts are summed four at a time).
- Reablement: % of people 65+ discharged with reablement still in the community after 12 weeks.
All four are judged against plan: lower is better except reablement.

Points are paired by metric, period, basis and counting method, so figures counted two
ways (SALT and CLD residential admissions) are never compared or joined.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from hwb.bcf.model import DISCHARGE, METRICS, NEA, REABLEMENT, RESIDENTIAL, MetricPoint

ON_TRACK = "On track to meet goal"
NOT_ON_TRACK = "Not on track to meet goal"
NO_ACTUALS = "No actuals to compare yet"
HIGH_IS_GOOD = {REABLEMENT}
DECIMALS = {NEA: 1, DISCHARGE: 2, RESIDENTIAL: 1, REABLEMENT: 1}
# What a value of each metric measures: a rate is never shown without saying so.
UNITS = {
    NEA: "rate per 100,000 aged 65+",
    DISCHARGE: "days",
    RESIDENTIAL: "rate per 100,000 aged 65+",
    REABLEMENT: "% of people",
}
SHORT_NAMES = {
    NEA: "Emergency admissions 65+ per 100,000",
    DISCHARGE: "Discharge delay (days)",
    RESIDENTIAL: "Residential/nursing admissions 65+ per 100,000",
    REABLEMENT: "Reablement: at home after 12 weeks (%)",
}


def rate_per_100k(count: float | None, population: float | None) -> float | None:
    if count is None or not population:
        return None
    return count / population * 100_000


def discharge_delay(proportion_on_drd: float | None, days_delayed: float | None) -> float | None:
    if proportion_on_drd is None or days_delayed is None:
        return None
    return (1 - proportion_on_drd) * days_delayed


def reablement_percent(at_home: float | None, discharged: float | None) -> float | None:
    if at_home is None or not discharged:
        return None
    return 100 * at_home / discharged


def value(point: MetricPoint) -> float | None:
    """The metric's value for one plan or actual point, from its components."""
    if point.metric == DISCHARGE:
        return discharge_delay(point.proportion, point.days)
    if point.metric == REABLEMENT:
        return reablement_percent(point.count, point.denominator)
    return rate_per_100k(point.count, point.denominator)


def round_half_up(x: float | None, places: int) -> float | None:
    """Round as Excel does (half away from zero), ignoring binary noise below 1e-9."""
    if x is None:
        return None
    exact = Decimal(repr(round(x, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def display(metric: str, x: float | None) -> str:
    rounded = round_half_up(x, DECIMALS[metric])
    return "" if rounded is None else f"{rounded:,.{DECIMALS[metric]}f}"


def published_text(x: float | None) -> str:
    """A published figure with the decimals it was given (1173 -> '1,173', 0.45 -> '0.45')."""
    return "" if x is None else f"{x:,}"


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_BASIS_TEXT = {"month": "{}", "quarter": "Quarter to {}", "rolling12": "12 months to {}", "year": "Year to {}"}


def period_text(period: str, basis: str) -> str:
    """'2025-06', 'rolling12' -> '12 months to Jun 2025'."""
    year, month = period.split("-")
    return _BASIS_TEXT[basis].format(f"{_MONTHS[int(month) - 1]} {year}")


def financial_year(period: str) -> str:
    """'2025-04' .. '2026-03' -> '2025-26'."""
    year, month = (int(p) for p in period.split("-"))
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _month_index(period: str) -> int:
    year, month = (int(p) for p in period.split("-"))
    return year * 12 + month


def with_rolling_totals(points: list[MetricPoint]) -> list[MetricPoint]:
    """Add a rolling 12-month point wherever four consecutive quarterly counts end."""
    out = list(points)
    groups: dict[tuple, dict[int, MetricPoint]] = defaultdict(dict)
    for p in points:
        if p.basis == "quarter":
            groups[(p.metric, p.kind)][_month_index(p.period)] = p
    for (metric, kind), quarters in groups.items():
        for end, last in sorted(quarters.items()):
            window = [quarters.get(end - 3 * i) for i in range(4)]
            if any(q is None or q.count is None for q in window):
                continue
            out.append(replace(
                last, basis="rolling12", count=sum(q.count for q in window), published=None,
                label=f"12 months to {last.period} (sum of 4 quarterly {kind}s)",
            ))
    return out


def _quarter_plan(metric: str, months: list[MetricPoint], end: str) -> MetricPoint:
    """A quarter's plan from its three monthly plans (counts summed; discharge components averaged)."""
    last = months[-1]
    label = f"Quarter to {period_text(end, 'month')} (sum of 3 monthly plans)"
    if metric == DISCHARGE:
        return replace(last, basis="quarter", published=None, label=label.replace("sum", "mean"),
                       proportion=sum(m.proportion for m in months) / 3, days=sum(m.days for m in months) / 3)
    denominator = sum(m.denominator for m in months) if metric == REABLEMENT else last.denominator
    return replace(last, basis="quarter", published=None, label=label,
                   count=sum(m.count for m in months), denominator=denominator)


def with_quarterly_plans(points: list[MetricPoint]) -> list[MetricPoint]:
    """Add a quarterly plan wherever a quarterly actual meets three monthly plans (NEA, discharge, reablement)."""
    out = list(points)
    plans = {(p.metric, _month_index(p.period)): p for p in points if p.kind == "plan" and p.basis == "month"}
    needs = {NEA: ("count", "denominator"), DISCHARGE: ("proportion", "days"), REABLEMENT: ("count", "denominator")}
    for p in points:
        if p.kind != "actual" or p.basis != "quarter" or p.metric not in needs:
            continue
        end = _month_index(p.period)
        months = [plans.get((p.metric, end - i)) for i in (2, 1, 0)]
        if all(m is not None and all(getattr(m, n) is not None for n in needs[p.metric]) for m in months):
            out.append(_quarter_plan(p.metric, months, p.period))
    return out


@dataclass
class Row:
    """Plan and actual for one metric, one period, one basis and one counting method."""

    metric: str
    period: str
    basis: str
    method: str = ""
    plan: MetricPoint | None = None
    actual: MetricPoint | None = None

    @property
    def label(self) -> str:
        return (self.plan or self.actual).label

    @property
    def plan_value(self) -> float | None:
        return value(self.plan) if self.plan else None

    @property
    def actual_value(self) -> float | None:
        return value(self.actual) if self.actual else None


def comparison(points: list[MetricPoint]) -> list[Row]:
    """Pair plans with actuals by metric, period and basis, in metric then time order."""
    rows: dict[tuple, Row] = {}
    for p in with_rolling_totals(with_quarterly_plans(points)):
        key = (p.metric, p.period, p.basis, p.method)
        row = rows.setdefault(key, Row(*key))
        setattr(row, p.kind, p)
    order = list(METRICS)
    return sorted(rows.values(), key=lambda r: (order.index(r.metric), r.period, r.basis, r.method))


def _ytd(metric: str, points: list[MetricPoint]) -> float | None:
    """Year-to-date value: pooled rate for counts, mean for discharge delay, latest for rolling totals."""
    if not points:
        return None
    if metric == DISCHARGE:
        values = [value(p) for p in points]
        return None if None in values else sum(values) / len(values)
    if metric == RESIDENTIAL:
        return value(max(points, key=lambda p: p.period))
    counts = [p.count for p in points]
    denominators = [p.denominator for p in points]
    if None in counts or None in denominators:
        return None
    if metric == REABLEMENT:
        return reablement_percent(sum(counts), sum(denominators))
    return rate_per_100k(sum(counts), sum(denominators))


@dataclass
class Assessment:
    """Plan against actual to date for one metric and financial year, and how they were compared."""

    metric: str
    year: str
    periods: int
    plan_ytd: float | None
    actual_ytd: float | None
    method: str = ""
    counting: str = ""  # the counting method of the figures compared (residential admissions: CLD or SALT)

    @property
    def status(self) -> str:
        if self.plan_ytd is None or self.actual_ytd is None:
            return NO_ACTUALS
        better_or_equal = (
            self.actual_ytd >= self.plan_ytd if self.metric in HIGH_IS_GOOD
            else self.actual_ytd <= self.plan_ytd
        )
        return ON_TRACK if better_or_equal else NOT_ON_TRACK


_PERIOD_WORDS = {"month": "months", "quarter": "quarters", "rolling12": "quarter-ends"}
_HOW = {
    NEA: "admissions pooled over them, as an average rate per 100,000 aged 65+ per {unit}",
    REABLEMENT: "people at home pooled over them, as a percentage of those discharged",
    DISCHARGE: "the mean of the average delays (days) over them",
    RESIDENTIAL: "the latest rolling 12-month rate per 100,000 aged 65+",
}


def _span(rows: list[Row]) -> str:
    first, last = (period_text(r.period, r.basis) for r in (rows[0], rows[-1]))
    return first if len(rows) == 1 else f"{first} to {last}"


def _counting(rows: list[Row]) -> str:
    return " and ".join(dict.fromkeys(r.method for r in rows if r.method))


def _assess(metric: str, year: str, rows: list[Row]) -> Assessment:
    """Compare on the finest basis with both figures; rolling totals fall back to latest actual against the year's plan."""
    for basis in ("month", "quarter", "rolling12"):
        both = [r for r in rows if r.basis == basis and r.plan and r.actual]
        if both:
            how = _HOW[metric].format(unit=_PERIOD_WORDS[basis][:-1])
            method = (f"{len(both)} {_PERIOD_WORDS[basis] if len(both) != 1 else _PERIOD_WORDS[basis][:-1]} with both a plan and "
                      f"an actual ({_span(both)}); {how}.")
            return Assessment(metric, year, len(both), _ytd(metric, [r.plan for r in both]),
                              _ytd(metric, [r.actual for r in both]), method, _counting(both))
    plans = [r for r in rows if r.basis == "rolling12" and r.plan]
    actuals = [r for r in rows if r.basis == "rolling12" and r.actual]
    if plans and actuals:
        plan, actual = plans[-1], actuals[-1]
        method = (f"No quarter has both; the latest actual ({period_text(actual.period, actual.basis)}) is compared "
                  f"with the plan for {period_text(plan.period, plan.basis)}, as rates per 100,000 aged 65+.")
        return Assessment(metric, year, 0, plan.plan_value, actual.actual_value, method, _counting([plan, actual]))
    return Assessment(metric, year, 0, None, None, "No period has both a plan and an actual yet.")


def assessments(points: list[MetricPoint]) -> list[Assessment]:
    """One assessment per metric and financial year that has a plan (see `_assess` for the method)."""
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in comparison(points):
        if row.basis in ("month", "quarter", "rolling12"):
            by_key[(row.metric, financial_year(row.period))].append(row)
    return [_assess(metric, year, rows) for (metric, year), rows in by_key.items() if any(r.plan for r in rows)]
