"""The totals a BCF workbook calculates: where each formula sits, and what it comes to.

The writers put `total_formulas()` / `year_end_formulas()` in their cells; the reader
checks that each cell still holds its formula, or a number equal to the value
recomputed from the input cells (`total_values` / `year_end_values`).
"""

from __future__ import annotations

from hwb.bcf.excel_layout import (
    ASC_ROW, BALANCES_ROW, DISTRICTS, INCOME_FIRST_ROW, INCOME_LINES, INCOME_TOTALS_ROW, LAST_ROW, SCHEMES,
    YEAR_END_FIELDS_ROW, YEAR_END_INCOME, YEAR_END_TOTALS_ROW,
)
from hwb.bcf.model import FUNDING_SOURCES, Plan, YearEnd
from hwb.bcf.rules import asc_spend


def total_formulas() -> dict[tuple[str, str], str]:
    """Every total the plan workbook calculates, by (sheet, cell): the reader checks each one."""
    src, amt, first = INCOME_LINES.letter("source"), INCOME_LINES.letter("amount"), INCOME_LINES.first_row
    top, n = INCOME_TOTALS_ROW, len(FUNDING_SOURCES)
    out = {("Income", f"B{top + i}"): f"=SUMIF(${src}${first}:${src}${LAST_ROW},A{top + i},${amt}${first}:${amt}${LAST_ROW})"
           for i in range(n)}
    out[("Income", f"B{top + n}")] = f"=SUM(B{top}:B{top + n - 1})"
    d = DISTRICTS.letter("amount")
    out[("Income", f"B{top + n + 1}")] = f"=SUM({d}{first}:{d}{LAST_ROW})"
    src, asc, amt, first = (SCHEMES.letter("source"), SCHEMES.letter("asc"), SCHEMES.letter("amount"),
                            SCHEMES.first_row)
    for i in range(n):
        r = BALANCES_ROW + i
        out[("Expenditure", f"B{r}")] = f"=Income!B{top + i}"
        out[("Expenditure", f"C{r}")] = f"=SUMIF(${src}${first}:${src}${LAST_ROW},A{r},${amt}${first}:${amt}${LAST_ROW})"
        out[("Expenditure", f"D{r}")] = f"=B{r}-C{r}"
    total = BALANCES_ROW + n
    for col in "BCD":
        out[("Expenditure", f"{col}{total}")] = f"=SUM({col}{BALANCES_ROW}:{col}{total - 1})"
    out[("Expenditure", f"B{ASC_ROW}")] = f"=Income!B{INCOME_FIRST_ROW + 3}"
    out[("Expenditure", f"C{ASC_ROW}")] = (f'=SUMIFS(${amt}${first}:${amt}${LAST_ROW},${src}${first}:${src}${LAST_ROW},'
                                           f'"NHS Minimum Contribution",${asc}${first}:${asc}${LAST_ROW},"Yes")')
    return out


def total_values(plan: Plan) -> dict[tuple[str, str], float]:
    """What each cell of `total_formulas` comes to for `plan`, recomputed from its input cells."""
    top, n = INCOME_TOTALS_ROW, len(FUNDING_SOURCES)
    income = [plan.income.total(s) for s in FUNDING_SOURCES]
    spend = [plan.expenditure(s) for s in FUNDING_SOURCES]
    out = {("Income", f"B{top + i}"): x for i, x in enumerate(income)}
    out[("Income", f"B{top + n}")] = sum(income)
    out[("Income", f"B{top + n + 1}")] = sum(d.amount or 0 for d in plan.income.dfg_districts)
    for i in range(n):
        r = BALANCES_ROW + i
        out.update({("Expenditure", f"B{r}"): income[i], ("Expenditure", f"C{r}"): spend[i],
                    ("Expenditure", f"D{r}"): income[i] - spend[i]})
    total = BALANCES_ROW + n
    out.update({("Expenditure", f"B{total}"): sum(income), ("Expenditure", f"C{total}"): sum(spend),
                ("Expenditure", f"D{total}"): sum(income) - sum(spend)})
    if plan.income.asc_minimum is not None:
        out[("Expenditure", f"B{ASC_ROW}")] = plan.income.asc_minimum
    out[("Expenditure", f"C{ASC_ROW}")] = asc_spend(plan)
    return out


def year_end_formulas() -> dict[tuple[str, str], str]:
    """Every total the year-end workbook calculates, by (sheet, cell): the reader checks each one."""
    top, first, sheet = YEAR_END_TOTALS_ROW, YEAR_END_INCOME.first_row, "Income & Expenditure"
    eoy = f"B{YEAR_END_FIELDS_ROW + 1}"
    out = {(sheet, f"B{top + i}"): f"=SUM({col}{first}:{col}{LAST_ROW})"
           for i, col in enumerate(YEAR_END_INCOME.letter(a) for a in ("planned", "updated"))}
    out[(sheet, f"B{top + 2}")] = f'=IF(AND(ISNUMBER({eoy}),B{top}<>0),{eoy}/B{top},"")'
    return out


def year_end_values(ye: YearEnd) -> dict[tuple[str, str], float]:
    """What each cell of `year_end_formulas` comes to for `ye`, recomputed from its input cells."""
    top, sheet = YEAR_END_TOTALS_ROW, "Income & Expenditure"
    out = {(sheet, f"B{top}"): ye.planned_income, (sheet, f"B{top + 1}"): ye.updated_income}
    if ye.percent_spent is not None:
        out[(sheet, f"B{top + 2}")] = ye.percent_spent / 100
    return out
