"""The Leicestershire BCF demo: the 2026-27 plan and 2025-26 year-end from the seeds.

The YAML files beside this module are transcriptions; each names the seed lines it
comes from. `demo_plan()` and `demo_year_end()` build the model objects.
"""

from __future__ import annotations

from importlib import resources

import yaml

from hwb.bcf.categories import scheme_type
from hwb.bcf.model import (
    Assurance, Cover, District, Income, IncomeLine, MetricAssessment, MetricPoint, NarrativeAnswer,
    NarrativeTable, Person, Plan, Published, PublishedBalance, Scheme, SummaryRow, TableCell, TableColumn,
    TableRow, YearEnd, YearEndIncome,
)


def _read(name: str) -> dict:
    """A bundled transcription, parsed by libyaml where PyYAML has it (ten times faster, same objects)."""
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _metric_points(blocks: list[dict]) -> list[MetricPoint]:
    points = []
    for block in blocks:
        for row in block["points"]:
            period, label, *values = row
            point = MetricPoint(block["metric"], block["kind"], str(period), label, block["basis"],
                                method=block.get("method", ""))
            if "population" in block:
                point.count, point.published = values
                point.denominator = block["population"]
            else:
                point.proportion, point.days, point.published = values
            points.append(point)
    return points


def _cell(value) -> TableCell:
    return TableCell(text=value) if isinstance(value, str) else TableCell(number=value)


def _tables(raw: list[dict]) -> list[NarrativeTable]:
    return [NarrativeTable(
        number=t["number"], title=t["title"], after=t["after"], source_lines=t["seed_lines"],
        columns=[TableColumn(*c) for c in t["columns"]],
        rows=[TableRow(r[0], [_cell(v) for v in r[1:]]) for r in t["rows"]],
        published_totals=[_cell(v) for v in t.get("published_totals", [])[1:]],
    ) for t in raw]


def demo_plan() -> Plan:
    """The Leicestershire 2026-27 plan as transcribed."""
    raw = _read("plan_2026_27.yaml")
    cover = dict(raw["cover"])
    people = [Person(*row) for row in cover.pop("people")]
    income = dict(raw["income"])
    published = dict(raw["published"])
    return Plan(
        hwb_code=raw["hwb_code"],
        year=raw["year"],
        source=raw["source"],
        published=Published(balances=[PublishedBalance(*row) for row in published.pop("balances")], **published),
        tables=_tables(_read("tables_2026_27.yaml")["tables"]),
        cover=Cover(**cover, people=people),
        income=Income(
            lines=[IncomeLine(*row) for row in income.pop("lines")],
            dfg_districts=[District(*row) for row in income.pop("dfg_districts")],
            **income,
        ),
        schemes=[
            Scheme(**{**row, "category": scheme_type(row["category"])})
            for row in _read("schemes_2026_27.yaml")["schemes"]
        ],
        metrics=_metric_points(raw["metrics"]),
        assurances=[Assurance(**row) for row in raw["assurances"]],
        narrative=[
            NarrativeAnswer(row["number"], row["question"], row["answer"])
            for row in _read("narrative_2026_27.yaml")["narrative"]
        ],
    )


def demo_year_end() -> YearEnd:
    """The Leicestershire 2025-26 year-end return as transcribed."""
    raw = _read("year_end_2025_26.yaml")
    return YearEnd(
        **{k: raw[k] for k in (
            "hwb_code", "year", "hwb_name", "completed_by", "email", "phone", "signed_off",
            "signoff_expected", "dfg_actual", "eoy_expenditure", "change_explanation",
            "successes", "challenges", "source",
        )},
        conditions=[Assurance("2025-26 national condition", s, a) for s, a in raw["conditions"]],
        metric_plans=_metric_points(raw["metric_plans"]),
        assessments=[MetricAssessment(**row) for row in raw["assessments"]],
        income=[YearEndIncome(*row) for row in raw["income"]],
        confirmations=[Assurance("Year-end confirmation", s, a) for s, a in raw["confirmations"]],
        summary=[SummaryRow(**row) for row in raw["summary"]],
    )
