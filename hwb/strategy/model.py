"""The Joint Local Health and Wellbeing Strategy as plain dataclasses.

A strategy has life-course priorities (split into priority areas holding
commitments and their actions), cross-cutting priorities (with workstreams),
a dashboard (pages of indicator rows mapped to commitments), a health-protection
appendix and dated progress updates. Every reference is by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SCHEMA_VERSION = 1


@dataclass
class SuccessMeasure:
    """How progress is judged: an indicator in the store or a local KPI."""

    description: str = ""
    indicator: str = ""  # indicator_id in the store
    kpi: str = ""  # a local KPI name when there is no indicator


@dataclass
class Action:
    """A delivery-plan action such as D3.1."""

    code: str
    text: str
    delivery_group: str = ""
    success_measures: list[SuccessMeasure] = field(default_factory=list)


@dataclass
class Commitment:
    """A commitment of a priority area; `code` (e.g. D3) only where the strategy gives one."""

    id: str
    name: str
    code: str = ""
    text: str = ""
    key_area_of_focus: str = ""  # e.g. "25-26"; empty when not a key area of focus
    delivery_group: str = ""
    actions: list[Action] = field(default_factory=list)
    success_measures: list[SuccessMeasure] = field(default_factory=list)


@dataclass
class PriorityArea:
    id: str
    name: str
    commitments: list[Commitment] = field(default_factory=list)


@dataclass
class LifeCoursePriority:
    id: str
    name: str
    delivery_group: str = ""
    priority_areas: list[PriorityArea] = field(default_factory=list)


@dataclass
class Workstream:
    """A named strand of work under a cross-cutting priority."""

    id: str
    name: str
    success_measures: list[SuccessMeasure] = field(default_factory=list)


@dataclass
class CrossCuttingPriority:
    id: str
    name: str
    text: str = ""
    workstreams: list[Workstream] = field(default_factory=list)


@dataclass
class DeliveryGroup:
    id: str
    name: str
    text: str = ""


@dataclass
class DashboardRow:
    """One indicator on the dashboard; every sex/age breakdown in the store is shown
    unless `sex`/`age` narrow it. `section` is the commitment or workstream it measures."""

    indicator: str
    section: str = ""
    sex: str = ""
    age: str = ""


@dataclass
class DashboardPage:
    id: str
    title: str
    section: str  # the priority area or cross-cutting priority this page reports on
    rows: list[DashboardRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Dashboard:
    title: str
    area_code: str
    rank_note: str = ""
    source_note: str = ""
    pages: list[DashboardPage] = field(default_factory=list)


@dataclass
class TableColumn:
    """A column of an appendix table: a field of one indicator's result at one area."""

    label: str
    indicator: str = ""
    area: str = ""
    field: str = "value"  # value | count | period | recent_trend | goal | compared_to_england


@dataclass
class TableRow:
    label: str
    indicator: str = ""
    area: str = ""
    period: str = ""  # empty: the latest period
    sex: str = ""  # empty: the first breakdown (Persons where there is one)
    category: str = ""  # e.g. an organism, for indicators split by category


@dataclass
class AppendixTable:
    """A grid: each cell takes its indicator and area from its row or column."""

    title: str
    columns: list[TableColumn]
    rows: list[TableRow]
    target_row: bool = False  # add a "Target" row from the indicators' goals
    note: str = ""
    sheet: str = ""  # short Excel sheet name (31 characters at most); the title otherwise
    row_header: str = ""  # heading of the label column; "Location" or "Indicator" when empty


@dataclass
class ChartItem:
    """A time-series page for one indicator at the strategy area."""

    indicator: str
    label: str = ""  # short name used in summaries, e.g. "NIPE"
    sex: str = ""
    age: str = ""


@dataclass
class SummaryGroup:
    """Indicators summarised in one sentence, e.g. 'Screening coverage ... 5 of 6 programmes'."""

    subject: str
    noun: str
    indicators: list[str]


@dataclass
class HealthProtectionDomain:
    id: str
    name: str
    text: str = ""
    charts: list[ChartItem] = field(default_factory=list)
    tables: list[AppendixTable] = field(default_factory=list)
    summaries: list[SummaryGroup] = field(default_factory=list)


@dataclass
class HealthProtection:
    title: str
    area_code: str
    cross_cutting: str = ""  # the cross-cutting priority it reports on
    domains: list[HealthProtectionDomain] = field(default_factory=list)


@dataclass
class ProgressUpdate:
    """What a delivery group reported on a commitment, action or workstream on a date."""

    target: str  # commitment id, action code or workstream id
    date: date
    title: str = ""
    progress: str = ""
    next_steps: str = ""
    challenges: str = ""
    source: str = ""


@dataclass
class Strategy:
    id: str
    title: str
    area_code: str
    area_name: str
    schema_version: int = SCHEMA_VERSION
    source: str = ""
    delivery_groups: list[DeliveryGroup] = field(default_factory=list)
    priorities: list[LifeCoursePriority] = field(default_factory=list)
    cross_cutting: list[CrossCuttingPriority] = field(default_factory=list)
    dashboard: Dashboard | None = None
    health_protection: HealthProtection | None = None
    progress: list[ProgressUpdate] = field(default_factory=list)

    def commitments(self) -> list[Commitment]:
        return [c for p in self.priorities for a in p.priority_areas for c in a.commitments]

    def section_names(self) -> dict[str, str]:
        """Name of every id a dashboard or update can point at."""
        names: dict[str, str] = {}
        for p in self.priorities:
            names[p.id] = p.name
            for area in p.priority_areas:
                names[area.id] = area.name
                for c in area.commitments:
                    names[c.id] = c.name
                    for a in c.actions:
                        names[a.code] = f"{a.code} {c.name}"
        for x in self.cross_cutting:
            names[x.id] = x.name
            for w in x.workstreams:
                names[w.id] = w.name
        return names

    def section_order(self) -> list[str]:
        """Ids in strategy order (for grouping rows by commitment or workstream)."""
        order: list[str] = []
        for p in self.priorities:
            order.append(p.id)
            for area in p.priority_areas:
                order.append(area.id)
                for c in area.commitments:
                    order.append(c.id)
                    order.extend(a.code for a in c.actions)
        for x in self.cross_cutting:
            order.append(x.id)
            order.extend(w.id for w in x.workstreams)
        return order

    def updates_for(self, target: str) -> list[ProgressUpdate]:
        """Progress updates on `target`, newest first."""
        return sorted((u for u in self.progress if u.target == target), key=lambda u: u.date, reverse=True)
