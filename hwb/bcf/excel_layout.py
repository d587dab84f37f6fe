"""Where everything sits in hwb's BCF workbook: shared by the writer and the reader.

Each sheet has a title, an optional block of labelled values (label in A, value in
B) and tables whose header row is fixed and whose rows run to the last filled row.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    """Prefix text Excel could run as a formula (= + - @, tab, CR) with an apostrophe.

    Text already starting with an apostrophe is prefixed too, so `restore` undoes
    exactly what this did.
    """
    return QUOTE + text if text.startswith(DANGEROUS_START + (QUOTE,)) else text


def restore(text: str) -> str:
    """Undo `neutralise`."""
    if text.startswith(QUOTE) and text[1:].startswith(DANGEROUS_START + (QUOTE,)):
        return text[1:]
    return text


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int
    first_col: int
    columns: tuple[tuple[str, str], ...]  # (attribute, header)

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    def col(self, attribute: str) -> int:
        return self.first_col + [a for a, _ in self.columns].index(attribute)

    def letter(self, attribute: str) -> str:
        return get_column_letter(self.col(attribute))


COVER_FIELDS = (
    ("hwb_code", "HWB code (ONS)"),
    ("year", "Plan year (e.g. 2026-27)"),
    ("hwb_name", "Health and Wellbeing Board"),
    ("signed_off", "Plan signed off by the Health and Wellbeing Board ahead of submission? (Yes/No)"),
    ("delay_reason", "If no, the reasons for the delay"),
    ("expected_signoff", "If no, when the HWB is expected to sign off the plan"),
    ("submitted_by", "Submitted by"),
    ("role_and_organisation", "Role and organisation"),
    ("email", "E-mail"),
    ("phone", "Contact number"),
    ("documents", "Documents submitted in addition to this template"),
    ("source", "Where these figures were published (optional)"),
)
COVER_FIRST_ROW = 4
PEOPLE = Table("Cover", 17, 1, (
    ("section", "Section"), ("role", "Role"), ("title", "Professional title (e.g. Dr, Cllr, Prof)"),
    ("first_name", "First name"), ("surname", "Surname"), ("email", "E-mail"),
    ("organisation", "Organisation"),
))

INCOME_FIELDS = (
    ("additional_la", "Are any additional local authority contributions being made? (Yes/No)"),
    ("additional_nhs", "Are any additional NHS contributions being made? (Yes/No)"),
    ("comments", "Funding contributions comments (insert 'NA' if none)"),
    ("asc_minimum", "Minimum required spend on adult social care from the NHS minimum contribution (£)"),
)
INCOME_FIRST_ROW = 4
INCOME_TOTALS_ROW = 10  # header at 9; one row per funding source, then the pooled total
INCOME_LINES = Table("Income", 19, 1, (
    ("source", "Source of funding"), ("contributor", "Contributor"),
    ("amount", "Contribution (£)"), ("comment", "Comments"),
))
DISTRICTS = Table("Income", 19, 6, (("name", "DFG breakdown for two-tier areas: district"), ("amount", "DFG (£)")))

BALANCES_ROW = 5  # header at 4
ASC_ROW = 13  # header at 12
SCHEMES = Table("Expenditure", 16, 1, (
    ("number", "Number"), ("category", "Category of scheme"), ("description", "Description of scheme"),
    ("source", "Source of funding"), ("asc", "Adult Social Care Spend (Yes/No)"),
    ("amount", "Expenditure (£)"),
))

METRIC_POINTS = Table("Metrics", 4, 1, (
    ("metric", "Metric"), ("kind", "Plan or actual"), ("period", "Period (YYYY-MM, last month covered)"),
    ("label", "Label"), ("basis", "Basis (month, quarter, rolling12, year)"), ("count", "Count"),
    ("denominator", "Population 65+ (or people discharged, for reablement)"),
    ("proportion", "Proportion discharged on discharge-ready date"),
    ("days", "Average days DRD to discharge, for those delayed"),
    ("published", "Published value"),
    ("method", "Counting method where the source names one (e.g. SALT, CLD)"),
))
METRIC_VALUE_COL = METRIC_POINTS.first_col + len(METRIC_POINTS.columns)  # calculated

ASSURANCES = Table("National Conditions", 4, 1, (
    ("condition", "National condition"), ("requirement", "Planning requirement"),
    ("statement", "Assurance statement"), ("answer", "Yes/No to assurance statement"),
    ("actions", "Where not met, actions in place towards meeting the requirement"),
    ("timeframe", "Timeframe for resolution"),
))

NARRATIVE = Table("Narrative", 4, 1, (("number", "Question"), ("question", "Question text"), ("answer", "Response")))

# The template's own totals as published (kept to compare the itemised schemes with).
PUBLISHED_FIELDS = (
    ("pooled_total", "Total BCF pooled budget, as published (£)"),
    ("asc_planned", "Planned adult social care spend from the NHS minimum contribution, as published (£)"),
    ("source", "Where the published totals were printed"),
)
PUBLISHED_FIRST_ROW = 4
PUBLISHED_BALANCES = Table("Published Totals", 9, 1, (
    ("source", "Source of funding"), ("income", "Income, as published (£)"),
    ("expenditure", "Expenditure, as published (£)"), ("balance", "Balance, as published (£)"),
))

# Tables 1-4 of the narrative return, one cell per row: the headings first ("columns"), then each
# row's cells under its label, then the source's own total row ("published total").
TABLE_COLUMNS_ROW, TABLE_TOTAL_ROW = "columns", "published total"
NARRATIVE_TABLES = Table("Narrative Tables", 4, 1, (
    ("number", "Table"), ("title", "Title"), ("after", "In the answer to question"),
    ("source_lines", "Where printed"), ("row", "Row ('columns': the headings; 'published total': the source's total)"),
    ("column", "Column heading"), ("unit", "Unit (count, pounds, pounds_m, percent; blank for text)"),
    ("value", "Number"), ("text", "Text"),
))

SHEET_TITLES = {
    "Cover": "2. Cover", "Income": "3. Income", "Expenditure": "4. Expenditure", "Metrics": "5. Metrics",
    "National Conditions": "6. National Conditions", "Narrative": "Narrative return",
    "Published Totals": "Running balances and totals as the template publishes them",
    "Narrative Tables": "Tables printed in the narrative return", "Checklist": "Checklist",
}
SHEETS = tuple(SHEET_TITLES)
LAST_ROW = 5000  # the reach of the SUMIF formulas over the tables

# The year-end return (seed lines 1262-1451: sheets 2 to 6 of the 2025-26 EOY template).
YEAR_END_COVER_FIELDS = (
    ("hwb_code", "HWB code (ONS)"),
    ("year", "Year of the return (e.g. 2025-26)"),
    ("hwb_name", "Health and Wellbeing Board:"),
    ("completed_by", "Completed by:"),
    ("email", "E-mail:"),
    ("phone", "Contact number:"),
    ("signed_off", "Has this report been signed off by (or on behalf of) the HWB Chair at the time of submission?"),
    ("signoff_expected", "If no, please indicate when the report is expected to be signed off:"),
    ("source", "Where these figures were published (optional)"),
)
EXPLAIN = 'If the answer is "No" please provide an explanation'
YEAR_END_CONDITIONS = Table("National Conditions", 4, 1, (
    ("condition", "Section"), ("statement", "National Condition"), ("answer", "Confirmation"),
    ("actions", f"{EXPLAIN} as to why the condition was not met and mitigating actions underway"),
))
ASSESSMENTS = Table("Metrics", 4, METRIC_VALUE_COL + 2, (
    ("metric", "Metric"), ("assessment", "Assessment of whether goal has been met in Q4"),
    ("note", "A very brief explanation of overall progress (required if the goal has not been met)"),
))
YEAR_END_INCOME_FIELDS = (
    ("dfg_actual", "DFG EOY Actual Expenditure (£)"),
    ("eoy_expenditure", "End of Year Actual Expenditure (£)"),
    ("change_explanation", "If expenditure by activity has changed since the original plan, please confirm that "
                           "this has been agreed by local partners (and summarise a change over 5%)"),
)
YEAR_END_TOTALS_ROW = 8  # total planned income, total updated income, % of planned income spent
YEAR_END_INCOME = Table("Income & Expenditure", 12, 1, (
    ("source", "Source of Funding"), ("planned", "Planned Income (£)"),
    ("updated", "Updated Total Income for the year (£)"),
))
IMPACT_FIELDS = (
    ("successes", "2 key successes observed towards driving the enablers for integration"),
    ("challenges", "2 key challenges observed towards driving the enablers for integration"),
)
CONFIRMATIONS = Table("Impact Summary", 8, 1, (
    ("condition", "Section"), ("statement", "Question statements"), ("answer", "Confirmation"),
    ("actions", f"{EXPLAIN}:"),
))
SUMMARY = Table("Board Summary", 4, 1, (
    ("metric", "Metric"), ("target", "Target"), ("actual", "Actual"), ("commentary", "Commentary"),
    ("measure", "What the target and actual measure, with their unit"), ("metric_key", "Metric key (optional)"),
))
YEAR_END_TITLES = {
    "Cover": "2. Cover", "National Conditions": "3. National Conditions", "Metrics": "4. Metrics",
    "Income & Expenditure": "5. Income & Expenditure", "Impact Summary": "6. Year End Impact Summary",
    "Board Summary": "Board summary (Metric | Target | Actual | Commentary)", "Checklist": "Checklist",
}
YEAR_END_MARK = "Income & Expenditure"  # the sheet that tells a year-end workbook from a plan
YEAR_END_FIELDS_ROW = 4  # where the labelled values of each year-end sheet start
