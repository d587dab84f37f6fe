"""OHID (Fingertips / PHEindicatormethods) statistical methods as Ibis expressions.

One module per method: proportion (Wilson), rate (exact Poisson / Byar's), dsr (Dobson),
isr (indirect standardisation), mean (Student's t) and quantiles (phe_quantile).
Every method is vectorised and backend-neutral (DuckDB and PySpark through Ibis).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def reject_invalid(table: ir.Table, problems: dict[str, ir.BooleanValue]) -> None:
    """Raise ValueError naming every problem (message -> row condition) any row of table has.

    Runs one aggregate query; used by the table-level methods (DSR, ISR), which refuse
    invalid inputs as PHEindicatormethods does.
    """
    messages = list(problems)
    counts = table.aggregate(
        **{f"p{i}": ibis.ifelse(problems[m], 1, 0).sum() for i, m in enumerate(messages)}
    ).execute()
    found = [m for i, m in enumerate(messages) if (counts[f"p{i}"].fillna(0) > 0).any()]
    if found:
        raise ValueError("; ".join(found))
