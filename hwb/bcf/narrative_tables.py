"""Tables printed in the narrative return (Tables 1-4), with totals and changes computed.

The rows are shown as published. The total of the rows is calculated; where the source
prints its own total row it is shown beside it (as published), with the percentage
changes calculated from it, and a note names every published total that differs from
the sum of the rows printed (Table 1's published totals count activity its rows do not
list).
"""

from __future__ import annotations

from hwb.bcf.metrics import round_half_up
from hwb.bcf.model import NarrativeTable, TableCell
from hwb.bcf.rules import pounds
from hwb.reports.document import Cell, Footnote, Table

FORMATS = {"count": "#,##0", "pounds": '"£"#,##0', "pounds_m": '"£"#,##0.0"m"', "percent": '0.0"%"'}
CHANGE_FORMAT = '+0.0"%";-0.0"%";0.0"%"'


def number_text(x: float, unit: str) -> str:
    """A table figure in its unit: 2,840 · £550,000 · £56.3m · 7.5%."""
    if unit == "pounds":
        return pounds(x)
    if unit == "pounds_m":
        return f"£{x:,.1f}m"
    if unit == "percent":
        return f"{x:g}%"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def change(before: float | None, after: float | None) -> float | None:
    """Percentage change from `before` to `after` (None when it cannot be calculated)."""
    if before is None or after is None or not before:
        return None
    return 100 * (after - before) / before


def change_text(x: float | None) -> str:
    return "" if x is None else f"{round_half_up(x, 1):+.1f}%"


def _cell(value: TableCell, unit: str) -> Cell:
    if value.number is None:
        return Cell(value.text, align="right" if unit else "")
    return Cell(number_text(value.number, unit), value.number, number_format=FORMATS[unit], align="right")


def _change_cell(x: float | None) -> Cell:
    return Cell(change_text(x), None if x is None else round_half_up(x, 1), number_format=CHANGE_FORMAT,
                align="right")


def numeric_columns(table: NarrativeTable) -> list[int]:
    """Indexes (into each row's values) of the columns that hold money or counts."""
    return [i for i, c in enumerate(table.columns[1:]) if c.unit in ("count", "pounds", "pounds_m")]


def column_totals(table: NarrativeTable) -> dict[int, float]:
    """Each money or count column summed over the rows."""
    return {i: sum(r.values[i].number or 0 for r in table.rows) for i in numeric_columns(table)}


def _changes(table: NarrativeTable) -> list[tuple[int, int]]:
    """Pairs of consecutive count columns to show the change between (Table 1's years)."""
    counts = [i for i in numeric_columns(table) if table.columns[i + 1].unit == "count"]
    return list(zip(counts, counts[1:]))


def _shares(table: NarrativeTable) -> int | None:
    """The money column a published percentage column divides, if the table has both."""
    money = [i for i in numeric_columns(table) if table.columns[i + 1].unit in ("pounds", "pounds_m")]
    has_percent = any(c.unit == "percent" for c in table.columns[1:])
    return money[0] if money and has_percent else None


def table_blocks(table: NarrativeTable) -> list:
    """The table (rows as published, calculated total, changes) and its notes."""
    columns = table.columns[1:]
    pairs, share = _changes(table), _shares(table)
    totals = column_totals(table)
    header = [table.columns[0].heading] + [c.heading for c in columns]
    header += [f"Change, {columns[a].heading.split()[0]} to {columns[b].heading.split()[0]}" for a, b in pairs]
    if share is not None:
        header.append("% of calculated total")

    def extras(values: list[float | None]) -> list[Cell]:
        cells = [_change_cell(change(values[a], values[b])) for a, b in pairs]
        if share is not None:
            part = values[share]
            pct = None if part is None or not totals[share] else 100 * part / totals[share]
            cells.append(Cell("" if pct is None else f"{round_half_up(pct, 1):.1f}%", pct, number_format='0.0"%"',
                              align="right"))
        return cells

    rows = []
    for row in table.rows:
        values = [v.number for v in row.values]
        rows.append([Cell(row.label)] + [_cell(v, c.unit) for v, c in zip(row.values, columns)] + extras(values))
    total_values = [totals.get(i) for i in range(len(columns))]
    total_row = [Cell("Total of the rows (calculated)")]
    for i, c in enumerate(columns):
        total_row.append(_cell(TableCell(number=totals[i]), c.unit) if i in totals else Cell(""))
    rows.append(total_row + extras(total_values))
    if table.published_totals:
        published = [v.number for v in table.published_totals]
        rows.append([Cell("Total as published")]
                    + [_cell(v, c.unit) for v, c in zip(table.published_totals, columns)]
                    + [_change_cell(change(published[a], published[b])) for a, b in pairs]
                    + ([Cell("")] if share is not None else []))
    widths = [24] + [10 if c.unit else 30 for c in columns] + [9] * (len(header) - 1 - len(columns))
    blocks = [Table([header], rows, caption=f"Table {table.number}: {table.title}",
                    sheet_name=f"Narrative table {table.number}", widths=widths)]
    blocks += [Footnote(note) for note in published_notes(table)]
    return blocks


def published_notes(table: NarrativeTable) -> list[str]:
    """How the calculated totals compare with the published total row (if the source prints one)."""
    if not table.published_totals:
        return []
    totals, columns = column_totals(table), table.columns[1:]
    agree, differ = [], []
    for i, value in enumerate(table.published_totals):
        if value.number is None or i not in totals:
            continue
        unit = columns[i].unit
        places = 1 if unit == "pounds_m" else 0
        same = round_half_up(totals[i], places) == round_half_up(value.number, places)
        (agree if same else differ).append(
            number_text(value.number, unit) if same else
            f"{columns[i].heading}: published {number_text(value.number, unit)}, "
            f"calculated {number_text(round_half_up(totals[i], places), unit)}")
    notes = []
    if agree:
        notes.append(f"The calculated totals agree with the published totals ({'; '.join(agree)}).")
    if differ:
        notes.append("The published total differs from the sum of the rows printed: " + "; ".join(differ)
                     + ". Changes on the published total row are calculated from the published totals.")
    return notes
