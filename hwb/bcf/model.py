"""The Better Care Fund plan year and year-end return, as plain dataclasses.

Money is in pounds; a blank input is None (numbers) or "" (text), so the
checks can report what is missing rather than the reader guessing a value.
Yes/No answers are kept as the text "Yes", "No" or "" (not answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FUNDING_SOURCES = (
    "DFG",
    "NHS Minimum Contribution",
    "Local Authority Better Care Grant",
    "Additional LA Contribution",
    "Additional NHS Contribution",
)
YES_NO = ("Yes", "No")

NEA = "emergency_admissions_65"
DISCHARGE = "discharge_delay"
RESIDENTIAL = "residential_admissions_65"
REABLEMENT = "reablement_65"
METRICS = {
    NEA: "Emergency (non-elective) admissions to hospital for people aged 65+ per 100,000 population",
    DISCHARGE: "Average length of discharge delay for all acute adult patients (days)",
    RESIDENTIAL: "Long-term admissions to residential and nursing care homes, 65+, per 100,000 population",
    REABLEMENT: "People 65+ still in the community 12 weeks after discharge with reablement (%)",
}
KINDS = ("plan", "actual")
# month: one month's count; quarter: one quarter's count; rolling12: 12 months
# to the end of the quarter; year: a full financial year.
BASES = ("month", "quarter", "rolling12", "year")


@dataclass
class Person:
    """A named person on the cover sheet (sign-off or assurance contact)."""

    section: str
    role: str
    title: str = ""
    first_name: str = ""
    surname: str = ""
    email: str = ""
    organisation: str = ""

    @property
    def optional(self) -> bool:
        return "(where required)" in self.role

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.title, self.first_name, self.surname, self.email, self.organisation)


@dataclass
class Cover:
    hwb_name: str
    signed_off: str = ""
    delay_reason: str = ""
    expected_signoff: str = ""
    submitted_by: str = ""
    role_and_organisation: str = ""
    email: str = ""
    phone: str = ""
    documents: str = ""
    people: list[Person] = field(default_factory=list)


@dataclass
class IncomeLine:
    """One contribution to the pooled budget from one funding source."""

    source: str
    contributor: str
    amount: float | None
    comment: str = ""


@dataclass
class District:
    """A district council's share of the DFG in a two-tier area."""

    name: str
    amount: float | None


@dataclass
class Income:
    lines: list[IncomeLine] = field(default_factory=list)
    dfg_districts: list[District] = field(default_factory=list)
    additional_la: str = ""
    additional_nhs: str = ""
    comments: str = ""
    asc_minimum: float | None = None  # published minimum ASC spend from the NHS minimum contribution

    def total(self, source: str) -> float:
        return sum(line.amount or 0 for line in self.lines if line.source == source)


@dataclass
class Scheme:
    """One line of planned expenditure."""

    number: int | None
    category: str
    description: str
    source: str
    asc: str
    amount: float | None


@dataclass
class MetricPoint:
    """A plan or actual figure for one metric and one period ("YYYY-MM", the last month covered)."""

    metric: str
    kind: str
    period: str
    label: str = ""
    basis: str = "month"
    count: float | None = None
    denominator: float | None = None
    proportion: float | None = None  # discharge: proportion discharged on the discharge-ready date
    days: float | None = None  # discharge: mean days DRD to discharge for those delayed
    published: float | None = None  # the value as printed in the source template
    method: str = ""  # counting method where the source names one (residential: "SALT" or "CLD")


@dataclass
class Assurance:
    """A statement answered Yes/No; a No needs actions and a timeframe."""

    condition: str
    statement: str
    answer: str = ""
    actions: str = ""
    timeframe: str = ""
    requirement: str = ""


@dataclass
class NarrativeAnswer:
    number: int
    question: str
    answer: str = ""


@dataclass
class PublishedBalance:
    """A row of the template's own Running Balances table, as published (not recomputed)."""

    source: str
    income: float | None
    expenditure: float | None
    balance: float | None


@dataclass
class Published:
    """Totals the plan's template prints itself, kept to compare the itemised lines with."""

    balances: list[PublishedBalance] = field(default_factory=list)
    asc_planned: float | None = None  # "Planned Spend" on ASC from the NHS minimum contribution
    pooled_total: float | None = None  # "Total BCF pooled budget"
    source: str = ""  # where the figures were printed, in a reader's words

    def expenditure(self, source: str) -> float | None:
        return next((b.expenditure for b in self.balances if b.source == source), None)


@dataclass
class TableColumn:
    """A column of a narrative table: its heading and whether it holds numbers (and of what)."""

    heading: str
    unit: str = ""  # "" (text) | "count" | "pounds" | "pounds_m" | "percent"


@dataclass
class TableCell:
    """One value of a narrative table: a number where the source prints one, else text."""

    number: float | None = None
    text: str = ""


@dataclass
class TableRow:
    label: str
    values: list[TableCell] = field(default_factory=list)


@dataclass
class NarrativeTable:
    """A table printed inside a narrative answer (Tables 1-4 of the 2026-27 return), as published.

    `published_totals` holds the source's own total row; the report computes totals and
    compares them. `after` is the narrative answer the table belongs to.
    """

    number: int
    title: str
    after: int
    columns: list[TableColumn] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    published_totals: list[TableCell] = field(default_factory=list)
    source_lines: str = ""


@dataclass
class Plan:
    """A BCF plan year for one Health and Wellbeing Board."""

    hwb_code: str
    year: str
    cover: Cover
    income: Income = field(default_factory=Income)
    schemes: list[Scheme] = field(default_factory=list)
    metrics: list[MetricPoint] = field(default_factory=list)
    assurances: list[Assurance] = field(default_factory=list)
    narrative: list[NarrativeAnswer] = field(default_factory=list)
    tables: list[NarrativeTable] = field(default_factory=list)
    published: Published = field(default_factory=Published)
    source: str = ""  # where the plan comes from, in a reader's words

    def expenditure(self, source: str) -> float:
        return sum(s.amount or 0 for s in self.schemes if s.source == source)


@dataclass
class YearEndIncome:
    source: str
    planned: float | None
    updated: float | None


@dataclass
class SummaryRow:
    """A row of the board's year-end table, as published (Metric | Target | Actual | Commentary)."""

    metric: str
    target: str
    actual: str
    commentary: str = ""
    metric_key: str = ""  # the metric (NEA, DISCHARGE, ...) the row reports on
    measure: str = ""  # what the two figures measure, with their unit, in a reader's words


@dataclass
class MetricAssessment:
    metric: str
    assessment: str
    note: str = ""


@dataclass
class YearEnd:
    """The end-of-year return for a plan year."""

    hwb_code: str
    year: str
    hwb_name: str
    completed_by: str = ""
    email: str = ""
    phone: str = ""
    signed_off: str = ""
    signoff_expected: str = ""
    conditions: list[Assurance] = field(default_factory=list)
    metric_plans: list[MetricPoint] = field(default_factory=list)
    assessments: list[MetricAssessment] = field(default_factory=list)
    income: list[YearEndIncome] = field(default_factory=list)
    dfg_actual: float | None = None
    eoy_expenditure: float | None = None
    change_explanation: str = ""
    confirmations: list[Assurance] = field(default_factory=list)
    successes: str = ""
    challenges: str = ""
    summary: list[SummaryRow] = field(default_factory=list)
    source: str = ""  # where the return comes from, in a reader's words

    @property
    def planned_income(self) -> float:
        return sum(i.planned or 0 for i in self.income)

    @property
    def updated_income(self) -> float:
        return sum(i.updated or 0 for i in self.income)

    @property
    def percent_spent(self) -> float | None:
        """End-of-year expenditure as a percentage of planned income."""
        if self.eoy_expenditure is None or not self.planned_income:
            return None
        return 100 * self.eoy_expenditure / self.planned_income
