"""The checks a BCF year-end return must pass, each a named rule (framework of `hwb.bcf.rules`).

Each rule names the lines of the seed's 2025-26 EOY template
(shared/seeds/000_b92421ad229691ee.txt) it comes from.
"""

from __future__ import annotations

from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK
from hwb.bcf.model import DISCHARGE, FUNDING_SOURCES, NEA, YES_NO, YearEnd
from hwb.bcf.rules import TOLERANCE, RuleResult, completeness_results, nos_explained, pounds, unanswered

YEAR_END_SHEETS = ("Cover", "National Conditions", "Metrics", "Income & Expenditure", "Impact Summary")
ASSESSED = (NEA, DISCHARGE)  # 4.1 and 4.2 carry an assessment (lines 1350-1351, 1364-1365); 4.3 does not


def _income(ye: YearEnd, source: str):
    return next((i for i in ye.income if i.source == source), None)


def _given(x: float | None) -> str:
    return "not given" if x is None else pounds(x)


def updated_income_given(ye: YearEnd) -> list[RuleResult]:
    """The updated total income is entered for every funding source (lines 1222, 1395-1403)."""
    results = []
    for source in FUNDING_SOURCES:
        line = _income(ye, source)
        planned = pounds(line.planned) if line and line.planned is not None else "not given"
        ok = line is not None and line.updated is not None
        message = (f"planned {planned}, updated {pounds(line.updated)}" if ok
                   else f"updated total income not given (planned {planned})")
        results.append(RuleResult(f"Updated income given: {source}", ok, message))
    return results


def dfg_spend_within_income(ye: YearEnd) -> list[RuleResult]:
    """DFG end-of-year actual spend is no more than the DFG income available this year (lines 1220, 1397)."""
    name = "DFG actual spend within DFG income"
    line = _income(ye, "DFG")
    income = line.updated if line else None
    if ye.dfg_actual is None or income is None:
        return [RuleResult(name, False, f"DFG actual spend {_given(ye.dfg_actual)}, "
                                        f"updated DFG income {_given(income)}")]
    if ye.dfg_actual <= income + TOLERANCE:
        return [RuleResult(name, True, f"spent {pounds(ye.dfg_actual)} of {pounds(income)} "
                                       f"({pounds(income - ye.dfg_actual)} unspent)")]
    return [RuleResult(name, False, f"spent {pounds(ye.dfg_actual)}, {pounds(ye.dfg_actual - income)} "
                                    f"more than the DFG income {pounds(income)}")]


def percent_text(ye: YearEnd) -> str:
    """% of planned income spent, whole percent as the template shows it (line 1406: 98%)."""
    return f"{ye.percent_spent:.0f}%"


def percent_of_planned_income(ye: YearEnd) -> list[RuleResult]:
    """End-of-year expenditure and planned income give the % of planned income spent (lines 1224, 1405-1406)."""
    name = "End of year expenditure as % of planned income"
    if ye.percent_spent is None:
        return [RuleResult(name, False, f"end of year expenditure {_given(ye.eoy_expenditure)}, "
                                        f"planned income {pounds(ye.planned_income)}: no percentage")]
    return [RuleResult(name, True, f"{pounds(ye.eoy_expenditure)} of planned income "
                                   f"{pounds(ye.planned_income)} = {percent_text(ye)}")]


def _missing_cover(ye: YearEnd) -> list[str]:
    """Lines 1284-1289."""
    missing = [label for label, v in (
        ("Health and Wellbeing Board", ye.hwb_name), ("Completed by", ye.completed_by),
        ("E-mail", ye.email), ("Contact number", ye.phone),
    ) if not v.strip()]
    if ye.signed_off not in YES_NO:
        missing.append("Signed off by (or on behalf of) the HWB Chair (Yes/No)")
    elif ye.signed_off == "No" and not ye.signoff_expected.strip():
        missing.append("When the report is expected to be signed off")
    return missing


def _missing_conditions(ye: YearEnd) -> list[str]:
    """Lines 1175-1177, 1326-1332: the four national conditions confirmed."""
    return ([] if len(ye.conditions) >= 4 else [f"{4 - len(ye.conditions)} of 4 national conditions"]) \
        + unanswered(ye.conditions)


def _missing_metrics(ye: YearEnd) -> list[str]:
    """Lines 1350-1351, 1364-1365: an assessment for each of 4.1 and 4.2."""
    stated = {a.metric: a.assessment for a in ye.assessments}
    return [f"{m}: assessment ({ON_TRACK} / {NOT_ON_TRACK})" for m in ASSESSED
            if stated.get(m) not in (ON_TRACK, NOT_ON_TRACK)]


def _missing_income(ye: YearEnd) -> list[str]:
    """Lines 1395-1406 (the checklist at 1412-1420): updated income per source, DFG and EOY spend."""
    missing = [f"updated income: {s}" for s in FUNDING_SOURCES
               if (line := _income(ye, s)) is None or line.updated is None]
    missing += [label for label, v in (("DFG EOY actual expenditure", ye.dfg_actual),
                                       ("End of year actual expenditure", ye.eoy_expenditure)) if v is None]
    return missing


def _missing_impact(ye: YearEnd) -> list[str]:
    """Lines 1424-1451: the three statements confirmed, two successes and two challenges."""
    missing = ([] if len(ye.confirmations) >= 3 else [f"{3 - len(ye.confirmations)} of 3 statements"]) \
        + unanswered(ye.confirmations)
    return missing + [label for label, v in (("key successes", ye.successes), ("key challenges", ye.challenges))
                      if not v.strip()]


_CHECKERS = {
    "Cover": _missing_cover, "National Conditions": _missing_conditions, "Metrics": _missing_metrics,
    "Income & Expenditure": _missing_income, "Impact Summary": _missing_impact,
}


def year_end_status(ye: YearEnd) -> dict[str, list[str]]:
    """What each sheet of the return is missing (lines 1296-1308: the checklist)."""
    return {sheet: _CHECKERS[sheet](ye) for sheet in YEAR_END_SHEETS}


def year_end_completeness(ye: YearEnd) -> list[RuleResult]:
    """Each sheet complete and overall 'Template Complete' (lines 1165-1170)."""
    return completeness_results(year_end_status(ye))


def year_end_nos_explained(ye: YearEnd) -> list[RuleResult]:
    """A 'No' to a national condition or impact statement has an explanation (lines 1175, 1326, 1426)."""
    return nos_explained("'No' confirmations have an explanation", ye.conditions + ye.confirmations,
                         ("actions",), "an explanation")


def assessments_explained(ye: YearEnd) -> list[RuleResult]:
    """A goal not met has a short explanation (line 1212)."""
    name = "Goals not met are explained"
    gaps = [a.metric for a in ye.assessments if a.assessment == NOT_ON_TRACK and not a.note.strip()]
    if gaps:
        return [RuleResult(name, False, f"'{NOT_ON_TRACK}' without an explanation: {', '.join(gaps)}")]
    return [RuleResult(name, True, f"{sum(a.assessment == NOT_ON_TRACK for a in ye.assessments)} "
                                   f"goal(s) not on track, each explained")]


YEAR_END_RULES = (updated_income_given, dfg_spend_within_income, percent_of_planned_income,
                  year_end_completeness, year_end_nos_explained, assessments_explained)


def run_year_end_rules(ye: YearEnd) -> list[RuleResult]:
    """Every year-end rule's results, in a fixed order."""
    return [result for rule in YEAR_END_RULES for result in rule(ye)]
