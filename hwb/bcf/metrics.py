"""The BCF metrics: values from their components, plan against actual, year to date.

- Emergency (non-elective) admissions 65+ per 100,000 = admissions / population x 100,000.
- Discharge delay = (1 - proportion discharged on the discharge-ready date (DRD))
  x mean days from DRD to discharge for those delayed.
- Long-term admissions to residential and nursing care 65+ per 100,000, as a rolling
  12-month total to the end of each quarter (quarterly counts are summed four at a time).
- Reablement: % of people 65+ discharged with reablement still in the community after 12 weeks.
All four are judged against plan: lower is better except reablement.
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


@dataclass
class Row:
    """Plan and actual for one metric, one period and one basis."""

    metric: str
    period: str
    basis: str
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
    for p in with_rolling_totals(points):
        row = rows.setdefault((p.metric, p.period, p.basis), Row(p.metric, p.period, p.basis))
        setattr(row, p.kind, p)
    order = list(METRICS)
    return sorted(rows.values(), key=lambda r: (order.index(r.metric), r.period, r.basis))


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
    """Year to date plan against actual for one metric and financial year."""

    metric: str
    year: str
    periods: int
    plan_ytd: float | None
    actual_ytd: float | None

    @property
    def status(self) -> str:
        if self.periods == 0 or self.plan_ytd is None or self.actual_ytd is None:
            return NO_ACTUALS
        better_or_equal = (
            self.actual_ytd >= self.plan_ytd if self.metric in HIGH_IS_GOOD
            else self.actual_ytd <= self.plan_ytd
        )
        return ON_TRACK if better_or_equal else NOT_ON_TRACK


def assessments(points: list[MetricPoint]) -> list[Assessment]:
    """One assessment per metric and financial year that has a plan, over the periods with both."""
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in comparison(points):
        if row.basis in ("month", "rolling12"):
            by_key[(row.metric, financial_year(row.period))].append(row)
    out = []
    for (metric, year), rows in by_key.items():
        if not any(r.plan for r in rows):
            continue
        both = [r for r in rows if r.plan and r.actual]
        out.append(Assessment(
            metric, year, len(both),
            _ytd(metric, [r.plan for r in both]), _ytd(metric, [r.actual for r in both]),
        ))
    return out
