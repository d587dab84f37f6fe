"""The checks a BCF plan must pass before submission, each a named rule.

`run_rules(plan)` returns every result; a rule that covers several things (the
funding sources, the template's sheets) returns one result for each. A result is
of one of two kinds: RULE (the plan passes or fails a check) or SOURCE (whether
the source itemises the totals it publishes: an incomplete source is reported,
not counted as a failed rule). Where the template's own running balances are
published, the money rules judge the plan on them and the itemised schemes are
compared with them as a SOURCE finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hwb.bcf.categories import SCHEME_TYPES
from hwb.bcf.metrics import SHORT_NAMES, financial_year, period_text
from hwb.bcf.model import (
    BASES, DISCHARGE, FUNDING_SOURCES, KINDS, METRICS, NEA, YES_NO, Assurance, Plan,
)

# hwb's bounds for template inputs (the seed does not print the template's own
# data validation): money in whole or part pounds from £0 up to £1bn per cell.
MAX_AMOUNT = 1_000_000_000
MAX_DAYS = 365
TOLERANCE = 0.005  # half a penny: balances closer to zero than this are zero
SHEETS = ("Cover", "Income", "Expenditure", "Metrics", "National Conditions")
TEMPLATE_COMPLETE = "Template Complete"
TEMPLATE_INCOMPLETE = "Incomplete Template"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


RULE = "rule"  # a check of the plan: passed or failed
SOURCE = "source"  # a check of the source: complete, or incomplete (not a failure of the plan)
OUTCOMES = {(RULE, True): "Pass", (RULE, False): "Fail",
            (SOURCE, True): "Itemised in full", (SOURCE, False): "Source incomplete"}


@dataclass(frozen=True)
class RuleResult:
    name: str
    passed: bool
    message: str
    kind: str = RULE

    @property
    def failed(self) -> bool:
        """The plan fails this rule (an incomplete source is not a failed rule)."""
        return self.kind == RULE and not self.passed

    @property
    def outcome(self) -> str:
        """'Pass', 'Fail', 'Itemised in full' or 'Source incomplete'."""
        return OUTCOMES[(self.kind, self.passed)]


def any_failed(results: list[RuleResult]) -> bool:
    """True when a rule fails (decides the exit status of a check)."""
    return any(r.failed for r in results)


def pounds(x: float) -> str:
    """£1,234 (or £1,234.56 when there are pence); negatives as -£1,234."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    text = f"{x:,.0f}" if abs(x - round(x)) < TOLERANCE else f"{x:,.2f}"
    return f"{sign}£{text}"


def planned_expenditure(plan: Plan, source: str) -> tuple[float, str]:
    """Planned expenditure from `source` and where it comes from: the template's published
    running balance when there is one, else the sum of the itemised schemes."""
    published = plan.published.expenditure(source)
    if published is not None:
        return published, "as the template publishes it"
    return plan.expenditure(source), f"the sum of {len(plan.schemes)} schemes"


def unallocated_funds(plan: Plan) -> list[RuleResult]:
    """Income minus planned expenditure is zero for each funding source."""
    results = []
    for source in FUNDING_SOURCES:
        income = plan.income.total(source)
        spend, basis = planned_expenditure(plan, source)
        balance = income - spend
        if abs(balance) < TOLERANCE:
            message = f"income {pounds(income)} fully allocated (expenditure {basis})"
        else:
            what = "unallocated" if balance > 0 else "over-allocated"
            message = (f"income {pounds(income)}, planned expenditure {pounds(spend)} ({basis}): "
                       f"{pounds(abs(balance))} {what}")
        results.append(RuleResult(f"No unallocated funds: {source}", abs(balance) < TOLERANCE, message))
    return results


def itemised_in_source(plan: Plan) -> list[RuleResult]:
    """The itemised schemes add up to the expenditure the template publishes, per source.

    Less itemised than published is a gap in the source (a SOURCE finding); more itemised
    than published means the figures disagree (a failed rule).
    """
    results = []
    for source in FUNDING_SOURCES:
        published = plan.published.expenditure(source)
        if published is None:
            continue
        itemised = plan.expenditure(source)
        name = f"Schemes itemise the published expenditure: {source}"
        gap = published - itemised
        if abs(gap) < TOLERANCE:
            results.append(RuleResult(name, True, f"{pounds(itemised)} itemised, as published", SOURCE))
        elif gap > 0:
            results.append(RuleResult(name, False, (
                f"{len(plan.schemes)} schemes itemised, {pounds(itemised)} of {pounds(published)} {source}; "
                f"{pounds(gap)} not itemised in the source"), SOURCE))
        else:
            results.append(RuleResult(name, False, (
                f"the schemes add up to {pounds(itemised)}, {pounds(-gap)} more than the {pounds(published)} "
                f"the template publishes")))
    return results


def published_totals_agree(plan: Plan) -> list[RuleResult]:
    """The template's published running balances agree with its income lines and with themselves."""
    pub = plan.published
    if not pub.balances:
        return []
    bad = []
    for b in pub.balances:
        income = plan.income.total(b.source)
        if b.income is None or abs(b.income - income) >= TOLERANCE:
            bad.append(f"{b.source}: published income {_maybe(b.income)}, income lines {pounds(income)}")
        if None not in (b.income, b.expenditure, b.balance) and abs(b.income - b.expenditure - b.balance) >= TOLERANCE:
            bad.append(f"{b.source}: published balance {pounds(b.balance)} is not income minus expenditure")
    total = sum(plan.income.total(s) for s in FUNDING_SOURCES)
    if pub.pooled_total is not None and abs(pub.pooled_total - total) >= TOLERANCE:
        bad.append(f"published pooled budget {pounds(pub.pooled_total)}, income lines {pounds(total)}")
    message = shown(bad) if bad else (f"income, expenditure and balance of {len(pub.balances)} sources and the "
                                      f"pooled budget {_maybe(pub.pooled_total)} agree")
    return [RuleResult("Published totals agree with the income", not bad, message)]


def _maybe(x: float | None) -> str:
    return "not given" if x is None else pounds(x)


def asc_spend(plan: Plan) -> float:
    """Itemised adult social care spend from the NHS minimum contribution."""
    return sum(s.amount or 0 for s in plan.schemes
               if s.source == "NHS Minimum Contribution" and s.asc == "Yes")


def asc_minimum(plan: Plan) -> list[RuleResult]:
    """ASC spend from the NHS minimum contribution meets the published minimum."""
    name = "ASC spend from NHS minimum contribution"
    itemised, published = asc_spend(plan), plan.published.asc_planned
    spend = itemised if published is None else published
    basis = "" if published is None else (f" (as the template publishes it; the itemised schemes mark "
                                          f"{pounds(itemised)} as adult social care)")
    minimum = plan.income.asc_minimum
    if minimum is None:
        return [RuleResult(name, False, f"planned {pounds(spend)}{basis}; the published minimum is not given")]
    if spend + TOLERANCE >= minimum:
        return [RuleResult(name, True, f"planned {pounds(spend)} >= minimum {pounds(minimum)}{basis}")]
    return [RuleResult(name, False, f"planned {pounds(spend)} is {pounds(minimum - spend)} "
                                    f"below the minimum {pounds(minimum)}{basis}")]


def dfg_breakdown(plan: Plan) -> list[RuleResult]:
    """In a two-tier area the district shares add up to the DFG."""
    name = "DFG district breakdown sums to DFG"
    dfg = plan.income.total("DFG")
    if not plan.income.dfg_districts:
        return [RuleResult(name, True, f"no district breakdown (single-tier area); DFG {pounds(dfg)}")]
    districts = sum(d.amount or 0 for d in plan.income.dfg_districts)
    if abs(districts - dfg) < TOLERANCE:
        return [RuleResult(name, True, f"{len(plan.income.dfg_districts)} districts sum to {pounds(dfg)}")]
    return [RuleResult(name, False, f"districts sum to {pounds(districts)}, DFG is {pounds(dfg)} "
                                    f"(difference {pounds(districts - dfg)})")]


def _missing_cover(plan: Plan) -> list[str]:
    c = plan.cover
    missing = [label for label, v in (
        ("Health and Wellbeing Board", c.hwb_name), ("Submitted by", c.submitted_by),
        ("Role and organisation", c.role_and_organisation), ("E-mail", c.email),
        ("Contact number", c.phone), ("Documents submitted", c.documents),
    ) if not v.strip()]
    if c.signed_off not in YES_NO:
        missing.append("Signed off by the HWB (Yes/No)")
    elif c.signed_off == "No" and not c.expected_signoff.strip():
        missing.append("Expected sign-off date")
    for person in c.people:
        filled = [bool(f.strip()) for f in person.fields]
        if (not person.optional and not all(filled)) or (person.optional and any(filled) and not all(filled)):
            missing.append(f"{person.role}: title, names, e-mail and organisation")
    return missing


def _missing_income(plan: Plan) -> list[str]:
    inc = plan.income
    missing = []
    for flag, source, label in ((inc.additional_la, "Additional LA Contribution", "additional LA"),
                                (inc.additional_nhs, "Additional NHS Contribution", "additional NHS")):
        if flag not in YES_NO:
            missing.append(f"Are any {label} contributions being made? (Yes/No)")
        elif flag == "Yes" and not [l for l in inc.lines if l.source == source and l.amount is not None and l.comment.strip()]:
            missing.append(f"{label} contribution with amount and comment")
    for source in ("DFG", "NHS Minimum Contribution", "Local Authority Better Care Grant"):
        if not [l for l in inc.lines if l.source == source and l.amount is not None]:
            missing.append(f"{source} contribution")
    if not inc.comments.strip():
        missing.append("Funding contributions comments (insert 'NA' if none)")
    if inc.asc_minimum is None:
        missing.append("Minimum required ASC spend from NHS minimum contribution")
    return missing


def _missing_expenditure(plan: Plan) -> list[str]:
    missing = [] if plan.schemes else ["at least one scheme"]
    for i, s in enumerate(plan.schemes, start=1):
        gaps = [label for label, ok in (
            ("number", s.number is not None), ("category", s.category in SCHEME_TYPES),
            ("description", bool(s.description.strip())), ("source of funding", s.source in FUNDING_SOURCES),
            ("ASC spend Yes/No", s.asc in YES_NO), ("expenditure", s.amount is not None),
        ) if not ok]
        if gaps:
            missing.append(f"scheme line {i} ({s.description or 'no description'}): {', '.join(gaps)}")
    return missing


def _missing_metrics(plan: Plan) -> list[str]:
    missing = []
    for metric, needs in ((NEA, ("count", "denominator")), (DISCHARGE, ("proportion", "days"))):
        points = [p for p in plan.metrics if p.metric == metric and p.kind == "plan"
                  and financial_year(p.period) == plan.year]
        complete = {p.period for p in points if all(getattr(p, n) is not None for n in needs)}
        if len(complete) < 12:
            missing.append(f"{metric}: {12 - len(complete)} of 12 monthly plans for {plan.year}")
    return missing


def unanswered(statements: list[Assurance]) -> list[str]:
    """The statements not answered Yes or No."""
    return [f"answer to: {a.statement[:60]}" for a in statements if a.answer not in YES_NO]


def _missing_conditions(plan: Plan) -> list[str]:
    return ([] if plan.assurances else ["assurance statements"]) + unanswered(plan.assurances)


_CHECKERS = {
    "Cover": _missing_cover, "Income": _missing_income, "Expenditure": _missing_expenditure,
    "Metrics": _missing_metrics, "National Conditions": _missing_conditions,
}


def sheet_status(plan: Plan) -> dict[str, list[str]]:
    """What each sheet is missing (an empty list: the sheet's checker is all 'Yes')."""
    return {sheet: _CHECKERS[sheet](plan) for sheet in SHEETS}


def shown(items: list[str], limit: int = 5) -> str:
    """The first `limit` items joined by '; ', and how many more there are."""
    more = f"; and {len(items) - limit} more" if len(items) > limit else ""
    return "; ".join(items[:limit]) + more


def completeness_results(status: dict[str, list[str]]) -> list[RuleResult]:
    """One result per sheet of `status` (sheet -> what is missing), then 'Template Complete'."""
    results = [RuleResult(f"Sheet complete: {sheet}", not missing,
                          f"missing {shown(missing)}" if missing else "all required fields complete")
               for sheet, missing in status.items()]
    incomplete = [s for s, m in status.items() if m]
    results.append(RuleResult(
        TEMPLATE_COMPLETE, not incomplete,
        TEMPLATE_COMPLETE if not incomplete else f"{TEMPLATE_INCOMPLETE}: {', '.join(incomplete)}",
    ))
    return results


def completeness(plan: Plan) -> list[RuleResult]:
    """The template's checker: each sheet complete, and overall 'Template Complete'."""
    return completeness_results(sheet_status(plan))


def nos_explained(name: str, statements: list[Assurance], needs: tuple[str, ...], what: str) -> list[RuleResult]:
    """Every 'No' among `statements` has each of the `needs` fields (described as `what`) filled in."""
    gaps = [a.statement[:70] for a in statements
            if a.answer == "No" and not all(getattr(a, n).strip() for n in needs)]
    if gaps:
        return [RuleResult(name, False, f"{len(gaps)} 'No' answer(s) without {what}: " + "; ".join(gaps))]
    nos = sum(a.answer == "No" for a in statements)
    return [RuleResult(name, True, f"{nos} 'No' answer(s), each with {what}")]


def no_answers_explained(plan: Plan) -> list[RuleResult]:
    """Every 'No' to an assurance statement has actions and a timeframe."""
    return nos_explained("'No' assurances have actions and timeframe", plan.assurances,
                         ("actions", "timeframe"), "actions and timeframe")


def _when(point) -> str:
    """'Quarter to Jun 2026 (CLD)', or the period as stored when it is not a month."""
    try:
        text = period_text(point.period, point.basis)
    except (ValueError, KeyError, IndexError):
        text = point.period
    return f"{text} ({point.method})" if point.method else text


def _out_of_bounds(plan: Plan) -> list[str]:
    bad = []

    def money(label, x):
        if x is not None and not 0 <= x <= MAX_AMOUNT:
            bad.append(f"{label} {pounds(x)} (expected £0 to {pounds(MAX_AMOUNT)})")

    for line in plan.income.lines:
        money(f"income {line.source} / {line.contributor}", line.amount)
    for d in plan.income.dfg_districts:
        money(f"DFG {d.name}", d.amount)
    money("ASC minimum", plan.income.asc_minimum)
    for s in plan.schemes:
        money(f"scheme {s.number}", s.amount)
    for p in plan.metrics:
        where = f"{SHORT_NAMES.get(p.metric, p.metric)}, {p.kind}, {_when(p)}"
        if p.metric not in METRICS or p.kind not in KINDS or p.basis not in BASES:
            bad.append(f"{where}: unknown metric, kind or basis")
        if p.count is not None and p.count < 0:
            bad.append(f"{where}: count {p.count} below 0")
        if p.denominator is not None and p.denominator <= 0:
            bad.append(f"{where}: population {p.denominator} not above 0")
        if p.proportion is not None and not 0 <= p.proportion <= 1:
            bad.append(f"{where}: proportion {p.proportion} outside 0-100%")
        if p.days is not None and not 0 <= p.days <= MAX_DAYS:
            bad.append(f"{where}: days {p.days} outside 0-{MAX_DAYS}")
    for s in plan.schemes:
        if s.source and s.source not in FUNDING_SOURCES:
            bad.append(f"scheme {s.number}: source {s.source!r} is not a funding source")
    numbers = [s.number for s in plan.schemes if s.number is not None]
    if len(numbers) != len(set(numbers)):
        bad.append("scheme numbers repeat")
    if plan.cover.email and not _EMAIL.match(plan.cover.email):
        bad.append(f"e-mail {plan.cover.email!r} is not an address")
    return bad


def within_bounds(plan: Plan) -> list[RuleResult]:
    """Amounts and metric inputs lie within the template's bounds."""
    bad = _out_of_bounds(plan)
    message = shown(bad, 8) if bad else "all amounts and metric inputs within bounds"
    return [RuleResult("Amounts within template bounds", not bad, message)]


RULES = (unallocated_funds, itemised_in_source, published_totals_agree, asc_minimum, dfg_breakdown, completeness, no_answers_explained, within_bounds)


def run_rules(plan: Plan) -> list[RuleResult]:
    """Every rule's results, in a fixed order."""
    return [result for rule in RULES for result in rule(plan)]
