"""The file of in-year figures a BCF manager imports (and downloads to edit): one figure a row.

Columns: metric, kind, period, basis, method, first, second. A metric is written the way the
template and the board pack name it ("Emergency admissions to hospital for people aged 65+ per
100,000 population", or a short name such as "Residential admissions"); the older internal
keys are still read. Each row is checked by hwb.bcf.entry.make_point, as a figure typed into the
web form is; every problem names the file, row and column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hwb.bcf.entry import PERIODS, make_point
from hwb.bcf.metrics import SHORT_NAMES
from hwb.bcf.model import DISCHARGE, METRICS, NEA, REABLEMENT, RESIDENTIAL, MetricPoint
from hwb.errors import InputError, LocatedError

# The name each metric is written with: the templates' own row names (seed lines 1361, the 2025-26
# return; 2100 and 2110, the 2026-27 template; 1607, the planning requirements, for reablement).
NAMES = {
    NEA: "Emergency admissions to hospital for people aged 65+ per 100,000 population",
    DISCHARGE: "Average length of discharge delay for all acute adult patients",
    RESIDENTIAL: "Long-term admissions to residential and nursing care homes for people aged 65 and over "
                 "per 100,000 population",
    REABLEMENT: "Proportion of people aged 65 and over discharged from hospital with reablement provided partly "
                "or solely by LAs, and who remained in the community within 12 weeks of discharge",
}
SHORT = {NEA: "Emergency admissions", DISCHARGE: "Discharge delay", RESIDENTIAL: "Residential admissions",
         REABLEMENT: "Reablement"}
# Other names the seed gives the same metrics (lines 1236, 1371, 1380, 1383, 2081, 2106).
OTHER_NAMES = {
    NEA: ("Non elective admissions to hospital for people aged 65 and over per 100,000 population",
          "Non-elective admissions", "Emergency admissions to hospital for people aged 65+ per 100,000"),
    DISCHARGE: ("Average number of days from Discharge Ready Date to discharge (all adult acute patients)",
                "Average length of discharge delay for all acute adult patients (this calculates the % of patients "
                "discharged after their DRD, multiplied by the average number of days)",
                "Discharge delays", "Average length of discharge delay"),
    RESIDENTIAL: ("Long-term support needs of older people (age 65 and over) met by admission to residential "
                  "and nursing care homes, per 100,000 population",
                  "Admissions to residential and nursing care homes", "Long-term admissions to residential and "
                  "nursing care homes"),
    REABLEMENT: ("Reablement outcomes",),
}
BASIS_NAMES = {"month": "month", "quarter": "quarter", "rolling12": "12 months"}
OTHER_BASES = {"one month": "month", "one quarter": "quarter", "rolling 12 months": "rolling12",
               "12 months to the end of a quarter": "rolling12"}
COLUMNS = ("metric", "kind", "period", "basis", "method", "first", "second")
HELP = {
    "metric": "the metric's name, for example " + "; ".join(f"'{n}'" for n in SHORT.values()),
    "kind": "plan or actual",
    "period": "the last month covered, YYYY-MM",
    "basis": "month, quarter or 12 months (to the end of a quarter)",
    "method": "residential admissions only: CLD or SALT",
    "first": "admissions (or people at home); for discharge delay the % discharged on the discharge-ready date",
    "second": "population aged 65+ (or people discharged); for discharge delay the mean days delayed",
}


def _plain(text: str) -> str:
    """Case, dashes, '&', spacing and a closing full stop do not matter."""
    text = re.sub(r"[\u2010-\u2015-]", " ", text.lower().replace("&", " and "))
    return " ".join(text.split()).strip(" .\"'")


def _lookup() -> dict[str, str]:
    names: dict[str, str] = {}
    for key in METRICS:
        for name in (key, NAMES[key], SHORT[key], METRICS[key], SHORT_NAMES[key], *OTHER_NAMES[key]):
            if names.setdefault(_plain(name), key) != key:
                raise ValueError(f"'{name}' names two metrics")
    return names


METRIC_NAMES = _lookup()
BASES = {_plain(k): k for k in BASIS_NAMES} | {_plain(v): k for k, v in BASIS_NAMES.items()} \
    | {_plain(k): v for k, v in OTHER_BASES.items()}


def metric_key(name: str) -> str | None:
    """The metric a name (or an old key) means, or None."""
    return METRIC_NAMES.get(_plain(name))


def unknown_metric(name: str) -> str:
    """What to write instead of `name`, listing every name the file takes."""
    shown = name.strip()[:80] + ("..." if len(name.strip()) > 80 else "")
    start = f"'{shown}' is not a metric name the template uses" if shown else "no metric given"
    return (f"{start}. Write one of: "
            + "; ".join(f"'{n}'" for n in NAMES.values())
            + ", or a short name: " + ", ".join(f"'{n}'" for n in SHORT.values()))


def _row(values: dict[str, str], file: str, n: int, errors: list[LocatedError]) -> MetricPoint | None:
    metric = metric_key(values["metric"])
    if metric is None:
        errors.append(LocatedError(file, n, "metric", unknown_metric(values["metric"])))
    basis = BASES.get(_plain(values["basis"]), values["basis"])
    point, problems = make_point(metric or "", values["kind"].strip().lower(), values["period"], basis,
                                 values["method"].strip().upper(), values["first"], values["second"])
    errors += [LocatedError(file, n, column, message) for column, message in problems.items()
               if not (column == "metric" and metric is None)]
    return point


def read_csv(path: str | Path) -> list[MetricPoint]:
    """Every figure of a file of in-year figures, or InputError naming each bad row and column."""
    path = Path(path)
    errors: list[LocatedError] = []
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([LocatedError(path.name, None, None, f"cannot be read as UTF-8 text ({exc.__class__.__name__})")])
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or []) and c != "method"]
    if missing:
        raise InputError([LocatedError(path.name, 1, c, f"missing column: {HELP[c]}") for c in missing])
    points, seen = [], {}
    for n, row in enumerate(reader, start=2):
        point = _row({c: (row.get(c) or "") for c in COLUMNS}, path.name, n, errors)
        if point is None:
            continue
        key = (point.metric, point.kind, point.period, point.basis, point.method)
        if key in seen:
            errors.append(LocatedError(path.name, n, "period", f"the same figure as row {seen[key]}"))
            continue
        seen[key] = n
        points.append(point)
    if not points and not errors:
        errors.append(LocatedError(path.name, None, None, "holds no figures"))
    if errors:
        raise InputError(errors)
    return points


def _number(x: float) -> str:
    """A figure as the file reads it back: no exponent, no binary noise, no trailing zeros."""
    text = f"{round(x, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def figure_rows(points: list[MetricPoint]) -> list[dict[str, str]]:
    """The figures `read_csv` can read back, one row each, metrics by name (yearly figures have no row)."""
    rows = []
    for p in points:
        if p.basis not in PERIODS:
            continue
        pair = (p.proportion, p.days) if p.metric == DISCHARGE else (p.count, p.denominator)
        if None in pair:
            continue
        first = pair[0] * 100 if p.metric == DISCHARGE else pair[0]
        rows.append({"metric": NAMES[p.metric], "kind": p.kind, "period": p.period, "basis": BASIS_NAMES[p.basis],
                     "method": p.method, "first": _number(first), "second": _number(pair[1])})
    return rows
