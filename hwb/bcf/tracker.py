"""The web tracker's view of a stored plan: the board report's own sections, made ready for a page.

The BCF web page shows the same blocks the report builds (hwb.bcf.report), so every figure
on it is the report's cell text for the same stored value: one figure, one value, with its
label and unit, in the page, the PDF, Word and Excel alike. This module only turns those
blocks into plain dicts a Jinja template can walk, and makes the charts fit the page width.
"""

from __future__ import annotations

import copy
import re

from hwb.bcf.model import Plan, YearEnd
from hwb.bcf.report import (
    checks_section, expenditure_section, income_section, metrics_section, running_balances, summary_section,
    year_end_section,
)
from hwb.reports.document import BulletList, Cell, Chart, Footnote, GroupRow, Heading, Legend, Paragraph, Table

STATUS_CLASS = {"green": "hwb-sig hwb-sig--green", "red": "hwb-sig hwb-sig--red", "amber": "hwb-sig hwb-sig--amber"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# A table of more than STACK_COLUMNS columns with a cell of prose (over PROSE characters) stacks on a
# phone: each row a block, each cell labelled with its column; columns of figures, judgements or
# cells of up to SHORT characters (a year, "Not reported") share a line.
STACK_COLUMNS, PROSE, SHORT = 4, 60, 12


def _cell(cell: Cell) -> dict:
    return {"text": cell.text, "numeric": cell.align == "right", "status": STATUS_CLASS.get(cell.status or "", "")}


def _table(block: Table, prefix: str, n: int) -> dict:
    """A table as a dict: its rows, which columns are numeric, and how it stacks on a phone."""
    rows = [{"group": r.label} if isinstance(r, GroupRow) else {"cells": [_cell(c) for c in r]} for r in block.rows]
    columns = [[r["cells"][i] for r in rows if not r.get("group") and i < len(r["cells"])]
               for i in range(len(block.header[-1]))]
    prose = any(len(c["text"]) > PROSE for column in columns for c in column)
    return {"kind": "table", "caption": block.caption, "header": block.header[-1], "rows": rows,
            "id": f"{prefix}-table-{n}", "numeric": [any(c["numeric"] for c in column) for column in columns],
            "stack": len(columns) > STACK_COLUMNS and prose,
            "pair": [i > 0 and all(c["numeric"] or c["status"] or len(c["text"]) <= SHORT for c in column)
                     for i, column in enumerate(columns)]}


def _web_chart(spec: dict) -> dict:
    """The report's chart spec, sized to the page's column instead of the printed page."""
    spec = copy.deepcopy(spec)
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.setdefault("encoding", {}).setdefault("x", {}).setdefault("axis", {})["labelAngle"] = -45
    return spec


def _items(block: BulletList) -> list[str]:
    out = []
    for item in block.items:
        out += _items(item) if isinstance(item, BulletList) else [item]
    return out


def block_dict(block, prefix: str, n: int) -> dict:
    """One report block as a dict with a `kind` the template switches on."""
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "style": block.style}
    if isinstance(block, Footnote):
        return {"kind": "note", "text": block.text}
    if isinstance(block, Legend):
        return {"kind": "legend", "title": block.title,
                "items": [{"status": STATUS_CLASS.get(k or "", "hwb-sig"), "label": label} for k, label in block.items]}
    if isinstance(block, BulletList):
        return {"kind": "list", "items": _items(block)}
    if isinstance(block, Chart):
        return {"kind": "chart", "id": f"{prefix}-chart-{n}", "spec": _web_chart(block.spec), "alt": block.alt,
                "title": block.title}
    if isinstance(block, Table):
        return _table(block, prefix, n)
    return {"kind": "paragraph", "text": str(getattr(block, "text", "")), "style": ""}


def page_sections(plan: Plan, year_end: YearEnd | None) -> list[dict]:
    """The report's summary, metrics, money, checks and year-end return as page sections."""
    built = [summary_section(plan, year_end), metrics_section(plan, year_end), income_section(plan),
             expenditure_section(plan), checks_section(plan)]
    if year_end is not None:
        built.append(year_end_section(year_end, plan))
    out = []
    for section in built:
        slug = _slug(section.title)
        out.append({"title": section.title, "id": slug,
                    "blocks": [block_dict(b, slug, n) for n, b in enumerate(section.blocks)]})
    return out


BASIS_WORDS = {"month": "one month", "quarter": "one quarter", "rolling12": "12 months to the end of a quarter",
               "year": "one financial year"}
METRIC_COLUMNS = ["metric", "measure", "period", "period_covered", "counting_method", "plan", "actual", "published_plan",
                  "published_actual", "plan_count", "actual_count"]
# Each count with the value made from it, for hwb.web.disclosure.protect.
COUNTS = (("plan_count", "plan"), ("actual_count", "actual"))


def metric_frame(plan: Plan, year_end: YearEnd | None):
    """Every plan and actual figure, as the report's metric tables show it (same rounding, unit and label)."""
    import pandas as pd

    from hwb.bcf.charts import period_label
    from hwb.bcf.metrics import DECIMALS, SHORT_NAMES, UNITS, comparison, round_half_up

    points = plan.metrics + (year_end.metric_plans if year_end else [])
    rows = [{
        "metric": SHORT_NAMES[r.metric], "measure": UNITS[r.metric], "period": period_label(r),
        "period_covered": BASIS_WORDS[r.basis],
        "counting_method": r.method, "plan": round_half_up(r.plan_value, DECIMALS[r.metric]),
        "actual": round_half_up(r.actual_value, DECIMALS[r.metric]),
        "published_plan": r.plan.published if r.plan else None,
        "published_actual": r.actual.published if r.actual else None,
        "plan_count": r.plan.count if r.plan else None, "actual_count": r.actual.count if r.actual else None,
    } for r in comparison(points)]
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def finance_frame(plan: Plan):
    """The running balances by funding source, as the report's table shows them."""
    import pandas as pd

    return pd.DataFrame(running_balances(plan))
