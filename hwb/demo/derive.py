"""Derive the denominators of the bundled demo data from what the seeds print.

The health-protection appendix of the seed board papers prints, for each period, the
count, the value and its 95% confidence interval, but not the denominator. For every
Leicestershire row of `data.csv` that has a count and published value/lower_95/upper_95
in `published.csv`, this module searches the whole integer denominators n for which

* the value recomputed from count/n, rounded half-up to the printed precision, equals the
  printed value, and
* the 95% limits from hwb's own methods (Wilson for proportions, exact Poisson below 10
  events and Byar's from 10 for crude rates), rounded likewise, equal the printed limits,

and writes the candidate closest to count / (value / multiplier) into the `denominator`
column of `data.csv`. Rows with no candidate keep a blank denominator and carry the
printed value and 95% limits instead (taken as given by the engine), with a value note. A summary of every search
(number of candidates, their range, the one chosen) goes to `denominator_candidates.csv`.

Every candidate of every row is evaluated in one Ibis expression over one memtable.

    python -m hwb.demo.derive [--data-dir DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from decimal import Decimal
from pathlib import Path

import ibis
import pandas as pd

from hwb.methods.proportion import wilson_limits
from hwb.methods.rate import crude_rate

DATA_DIR = Path(__file__).parent / "data"
KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
SUMMARY_COLUMNS = KEY + [
    "value_type", "count", "printed_value", "printed_lower_95", "printed_upper_95",
    "candidates", "smallest", "largest", "chosen",
]
SUPPORTED = ("proportion", "crude_rate")
AS_PUBLISHED = (
    "Value and 95% CI as published: no integer denominator reproduces the printed figures "
    "(see SOURCES.md)"
)


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def decimals(text: str) -> int:
    """Number of decimal places printed in a plain number ("96.7" -> 1, "57" -> 0)."""
    exponent = Decimal(text).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def targets(data_dir: Path = DATA_DIR) -> list[dict]:
    """The rows whose denominators can be searched for, with their printed figures."""
    _, indicators = _read(data_dir / "indicators.csv")
    meta = {row["indicator_id"]: row for row in indicators}
    _, published = _read(data_dir / "published.csv")
    printed: dict[tuple, dict[str, str]] = {}
    for row in published:
        printed.setdefault(tuple(row[k] for k in KEY), {})[row["field"]] = row["value_text"]
    _, data = _read(data_dir / "data.csv")
    out = []
    for row in data:
        key = tuple(row[k] for k in KEY)
        fields = printed.get(key, {})
        if not row["count"] or not {"value", "lower_95", "upper_95"} <= fields.keys():
            continue
        info = meta[row["indicator_id"]]
        if info["value_type"] not in SUPPORTED:
            continue
        out.append({
            **{k: row[k] for k in KEY},
            "value_type": info["value_type"],
            "multiplier": float(info["multiplier"]),
            "count": int(Decimal(row["count"])),
            "printed_value": fields["value"],
            "printed_lower_95": fields["lower_95"],
            "printed_upper_95": fields["upper_95"],
        })
    return out


def _candidate_range(count: int, value: Decimal, places: int, multiplier: float) -> range:
    """Every n whose count/n*multiplier could round to `value` (with a margin of 2)."""
    half = Decimal(5) * Decimal(10) ** (-places - 1)
    low_value = float(value + half)
    high_value = float(value - half)
    smallest = math.floor(count * multiplier / low_value) - 2
    largest = math.ceil(count * multiplier / high_value) + 2 if high_value > 0 else smallest + 2
    return range(max(smallest, 1), largest + 1)


def search(rows: list[dict]) -> list[dict]:
    """Candidate denominators for each target row (one Ibis query over all of them)."""
    frames = []
    for index, row in enumerate(rows):
        places = max(decimals(row[f]) for f in ("printed_value", "printed_lower_95", "printed_upper_95"))
        n = _candidate_range(row["count"], Decimal(row["printed_value"]), places, row["multiplier"])
        frames.append(pd.DataFrame({
            "row": index,
            "count": float(row["count"]),
            "n": pd.RangeIndex(n.start, n.stop).astype("float64"),
            "multiplier": row["multiplier"],
            "is_rate": row["value_type"] == "crude_rate",
            "places": places,
            "want_value": float(row["printed_value"]),
            "want_lower": float(row["printed_lower_95"]),
            "want_upper": float(row["printed_upper_95"]),
        }))
    if not frames:
        return []
    table = ibis.memtable(pd.concat(frames, ignore_index=True))
    wilson_low, wilson_high = wilson_limits(table["count"], table["n"], 0.95)
    rate = crude_rate(table["count"], table["n"], multiplier=1.0)
    value = ibis.ifelse(table["is_rate"], rate["value"], table["count"] / table["n"]) * table["multiplier"]
    lower = ibis.ifelse(table["is_rate"], rate["lower_95"], wilson_low) * table["multiplier"]
    upper = ibis.ifelse(table["is_rate"], rate["upper_95"], wilson_high) * table["multiplier"]
    scale = 10.0 ** table["places"]

    def rounded(column):
        # half-up, as printed tables round; the nudge keeps 84.65 (84.6499..) rounding up
        return ((column * scale) + 0.5 + 1e-9).floor() / scale

    def same(column, wanted):
        return (rounded(column) - table[wanted]).abs() < 1e-9

    ok = same(value, "want_value") & same(lower, "want_lower") & same(upper, "want_upper")
    possible = table["is_rate"] | (table["count"] <= table["n"])
    hits = table.filter(ok & possible)
    found = hits.select("row", "n").to_pandas()
    results = []
    for index, row in enumerate(rows):
        ns = sorted(int(x) for x in found.loc[found["row"] == index, "n"])
        target = row["count"] / (float(row["printed_value"]) / row["multiplier"])
        chosen = min(ns, key=lambda n: (abs(n - target), n)) if ns else None
        results.append({
            **{k: row[k] for k in KEY},
            **{k: row[k] for k in ("value_type", "count", "printed_value", "printed_lower_95", "printed_upper_95")},
            "candidates": len(ns),
            "smallest": ns[0] if ns else "",
            "largest": ns[-1] if ns else "",
            "chosen": chosen if chosen is not None else "",
        })
    return results


def derive(data_dir: Path = DATA_DIR, check: bool = False) -> list[dict]:
    """Search, then write denominators into data.csv (or, with check, compare only)."""
    results = search(targets(data_dir))
    by_key = {tuple(r[k] for k in KEY): r for r in results}
    columns, data = _read(data_dir / "data.csv")
    mismatches = []
    for row in data:
        key = tuple(row[k] for k in KEY)
        if key not in by_key:
            continue
        result = by_key[key]
        wanted = dict(row)
        wanted["denominator"] = str(result["chosen"])
        notes = [n for n in row["value_note"].split("; ") if n and n != AS_PUBLISHED]
        if result["chosen"] == "":
            # nothing to compute from: keep the printed figures, taken as given by the engine
            wanted["value"] = result["printed_value"]
            wanted["lower_95"] = result["printed_lower_95"]
            wanted["upper_95"] = result["printed_upper_95"]
            notes.append(AS_PUBLISHED)
        else:
            wanted["value"] = wanted["lower_95"] = wanted["upper_95"] = ""
        wanted["value_note"] = "; ".join(notes)
        if wanted != row:
            mismatches.append((key, {c: row[c] for c in row if row[c] != wanted[c]},
                               {c: wanted[c] for c in row if row[c] != wanted[c]}))
            row.update(wanted)
    if check:
        if mismatches:
            for key, old, new in mismatches:
                print(f"stored data differ for {key}: stored {old!r}, derived {new!r}", file=sys.stderr)
            raise SystemExit(1)
        return results
    _write(data_dir / "data.csv", columns, data)
    _write(data_dir / "denominator_candidates.csv", SUMMARY_COLUMNS,
           [{k: r[k] for k in SUMMARY_COLUMNS} for r in results])
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m hwb.demo.derive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--check", action="store_true", help="compare with the stored denominators; write nothing")
    args = parser.parse_args(argv)
    results = derive(args.data_dir, check=args.check)
    none = [r for r in results if r["candidates"] == 0]
    print(f"{len(results)} rows searched; {len(results) - len(none)} with a denominator; {len(none)} with none")
    for r in none:
        print(f"  no integer denominator: {r['indicator_id']} {r['period']} count {r['count']} "
              f"value {r['printed_value']} ({r['printed_lower_95']}-{r['printed_upper_95']})")


if __name__ == "__main__":
    main()
