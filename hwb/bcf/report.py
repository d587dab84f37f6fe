"""The BCF section of the board pack, built as a shared report `Document`.

`build_report(plan, year_end)` sets out the whole template: summary, cover and sign-off,
income and DFG by district, expenditure (running balances as published, the itemised
schemes by category, the adult social care minimum), the checks, the metrics plan
against actual (a chart, its table and text alternative per metric), the narrative
answers with Tables 1-4, the assurance statements, the year-end return and the schemes.
Every figure names its unit; published figures are shown as published and beside any
calculation of the same thing; where the board report's own judgement of a metric and the
calculated one differ, both places say which measure each is about (hwb.bcf.judgements). `board_paper` wraps it in the board-paper frame, and
`stored_paper` finds that paper in the board's business (the agenda item whose title names the
plan, for example "Better Care Fund Plan 2026-27"). `year_end_document` is the year-end return on
its own or as the appendix of the paper that presents it ("Better Care Fund Year End 2025-26
Performance"); `paper_subject` tells which of the two a paper is. `hwb.reports.render.write_document`
renders them.
"""

from __future__ import annotations

import re

from hwb.bcf.charts import methods, period_label, trend_alt, trend_spec
from hwb.bcf.judgements import disagreements
from hwb.bcf.metrics import (
    DECIMALS, NO_ACTUALS, NOT_ON_TRACK, ON_TRACK, SHORT_NAMES, UNITS, Row, assessments, comparison, display,
    period_text, published_text, round_half_up, value,
)
from hwb.bcf.model import (
    DISCHARGE, FUNDING_SOURCES, NEA, REABLEMENT, RESIDENTIAL, MetricPoint, NarrativeAnswer, Plan, YearEnd,
)
from hwb.bcf.narrative_tables import table_blocks
from hwb.bcf.rules import RULE, SOURCE, asc_spend, planned_expenditure, pounds, run_rules
from hwb.board.model import BoardBusiness, BoardPaper
from hwb.reports.document import (
    Cell, Chart, Document, Footnote, Heading, Legend, Paragraph, Section, Table, text_blocks,
)
from hwb.reports.paper import as_board_paper

SHEETS = {NEA: "Emergency admissions 65+", DISCHARGE: "Discharge delay",
          RESIDENTIAL: "Residential admissions 65+", REABLEMENT: "Reablement 65+"}
STATUS = {"Pass": "green", "Fail": "red", "Itemised in full": "green", "Source incomplete": "amber",
          ON_TRACK: "green", NOT_ON_TRACK: "red"}
_TABLE_MARK = re.compile(r"^\(Table (\d+) follows\.\)$")
MONEY = '"£"#,##0'
_PUBLISHED_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?%?")


def _money(x: float | None) -> Cell:
    return Cell("", align="right") if x is None else Cell(pounds(x), x, number_format=MONEY, align="right")


def _percent_format(places: int) -> str:
    return "0." + "0" * places + "%" if places else "0%"


def _percent(part: float | None, whole: float | None, places: int) -> Cell:
    if part is None or not whole:
        return Cell("", align="right")
    share = 100 * part / whole
    return Cell(f"{round_half_up(share, places):.{places}f}%", share / 100,
                number_format=_percent_format(places), align="right")


def _status(text: str) -> Cell:
    """A pass/fail or on-track word, coloured as well."""
    return Cell(text, status=STATUS.get(text))


def _published(text: str) -> Cell:
    """A figure as the return prints it ('1661', '86.2%'): its text, and its number for Excel."""
    if not _PUBLISHED_NUMBER.fullmatch(text.strip()):
        return Cell(text)
    figure = text.strip().rstrip("%").replace(",", "")
    if text.strip().endswith("%"):
        places = len(figure.split(".")[1]) if "." in figure else 0
        return Cell(text, float(figure) / 100, number_format=_percent_format(places), align="right")
    return Cell(text, float(figure), align="right")


def _metric(metric: str, x: float | None) -> Cell:
    if x is None:
        return Cell("", align="right")
    places = DECIMALS[metric]
    return Cell(display(metric, x), round_half_up(x, places), number_format="#,##0." + "0" * places, align="right")


def _published_text(x: float) -> str:
    """A published figure; whole numbers without decimals (the store holds them all as floats)."""
    return published_text(int(x) if float(x).is_integer() else x)


def _published_figure(x: float | None) -> Cell:
    return Cell("", align="right") if x is None else Cell(_published_text(x), x, align="right")


def _places(x: float) -> int:
    text = f"{x}"
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def published_differences(metric: str, rows: list[Row]) -> list[str]:
    """Where the published figure differs from the calculation, at the published precision."""
    out = []
    for r in rows:
        for kind, point, calculated in (("plan", r.plan, r.plan_value), ("actual", r.actual, r.actual_value)):
            if point is None or point.published is None or calculated is None:
                continue
            places = _places(point.published)
            if round_half_up(calculated, places) != round_half_up(point.published, places):
                out.append(f"{period_label(r)} {kind}: published {_published_text(point.published)}, "
                           f"calculated {display(metric, calculated)}")
    return out


def _source_line(*sources: str) -> Paragraph:
    return Paragraph("Source: " + "; ".join(s for s in sources if s) + ".", "meta")


def summary_section(plan: Plan, year_end: YearEnd | None) -> Section:
    """What the board needs first: the pooled budget, the checks and the metrics, in sentences."""
    results = run_rules(plan)
    rules = [r for r in results if r.kind == RULE]
    failed = [r.name for r in rules if not r.passed]
    gaps = [r for r in results if r.kind == SOURCE and not r.passed]
    pooled = sum(plan.income.total(s) for s in FUNDING_SOURCES)
    lines = [f"The {plan.year} plan pools {pounds(pooled)} across the Disabled Facilities Grant, the NHS minimum "
             f"contribution and the Local Authority Better Care Grant."]
    lines.append(f"{len(rules) - len(failed)} of {len(rules)} checks pass"
                 + (f"; {len(failed)} fail: {'; '.join(failed)}." if failed else "."))
    if gaps:
        lines.append(f"The {len(plan.schemes)} schemes the published template lists itemise "
                     + _gap_text(plan) + ". The difference is a gap in the published source, not money the "
                     "plan leaves unallocated: the template's own running balances show every source fully "
                     "allocated.")
    found = assessments(_points(plan, year_end))
    pointers = {(d.assessment.metric, d.assessment.year): d.pointer for d in disagreements(found, year_end)}
    lines += [" ".join(filter(None, (_assessment_sentence(a), pointers.get((a.metric, a.year)))))
              for a in found if a.status != NO_ACTUALS]
    section = Section("Summary").add(*[Paragraph(line, "summary") for line in lines])
    return section.add(_source_line(plan.source, year_end.source if year_end else ""))


def _points(plan: Plan, year_end: YearEnd | None) -> list:
    return plan.metrics + (year_end.metric_plans if year_end else [])


def _judgement_notes(plan: Plan | None, year_end: YearEnd | None) -> list[Footnote]:
    """Where the board report's judgement and the calculated one differ, what each is about."""
    if plan is None:
        return []
    return [Footnote(d.explanation) for d in disagreements(assessments(_points(plan, year_end)), year_end)]


def _gap_text(plan: Plan) -> str:
    """'£40,365,293 of the £59,017,028 NHS Minimum Contribution (£18,651,735 not itemised) and ...'."""
    parts = []
    for source in FUNDING_SOURCES:
        published, itemised = plan.published.expenditure(source), plan.expenditure(source)
        if published is not None and published - itemised >= 0.005:
            parts.append(f"{pounds(itemised)} of the {pounds(published)} {source} expenditure "
                         f"({pounds(published - itemised)} not itemised)")
    return " and ".join(parts)


def _name(person) -> str:
    return " ".join(p for p in (person.title, person.first_name, person.surname) if p.strip())


def cover_section(plan: Plan) -> Section:
    """Governance and sign-off: who submitted the plan and who signed it off."""
    c = plan.cover
    answers = [("Health and Wellbeing Board", c.hwb_name),
               ("Plan signed off by the Health and Wellbeing Board ahead of submission", c.signed_off),
               ("If not, the reasons for the delay", c.delay_reason or "Not applicable" if c.signed_off == "Yes"
                else c.delay_reason),
               ("Submitted by", c.submitted_by), ("Role and organisation", c.role_and_organisation),
               ("Documents submitted with the template", c.documents)]
    people = [[Cell(p.section), Cell(p.role), Cell(_name(p) or ("Not required" if p.optional else "Not given")),
               Cell(p.organisation)] for p in c.people]
    return Section(f"Cover and sign-off {plan.year}", new_page=True).add(
        Table([["Question", "Answer"]], [[Cell(q), Cell(a)] for q, a in answers],
              caption="Governance and sign-off", sheet_name="Cover", widths=[60, 40]),
        Table([["Section", "Role", "Name", "Organisation"]], people,
              caption="Sign-off and assurance contacts", sheet_name="Sign-off", widths=[28, 32, 22, 18]),
        Footnote("E-mail addresses and telephone numbers given in the template are not repeated here."),
    )


def income_section(plan: Plan) -> Section:
    """Contributions by source and contributor, the pooled budget and the DFG by district."""
    inc = plan.income
    lines = [[Cell(l.source), Cell(l.contributor), _money(l.amount), Cell(l.comment)] for l in inc.lines]
    pooled = sum(inc.total(s) for s in FUNDING_SOURCES)
    totals = [[Cell(f"Total {s}"), Cell(""), _money(inc.total(s)), Cell("")] for s in FUNDING_SOURCES]
    totals.append([Cell("Total BCF pooled budget (calculated)"), Cell(""), _money(pooled), Cell("")])
    if plan.published.pooled_total is not None:
        totals.append([Cell("Total BCF pooled budget (as published)"), Cell(""),
                       _money(plan.published.pooled_total), Cell("")])
    dfg = inc.total("DFG")
    districts = [[Cell(d.name), _money(d.amount), _percent(d.amount, dfg, 1)] for d in inc.dfg_districts]
    district_total = sum(d.amount or 0 for d in inc.dfg_districts)
    section = Section(f"Income {plan.year}").add(
        Table([["Source of funding", "Contributor", "Contribution", "Comments"]], lines + totals,
              caption=f"Contributions to the pooled budget {plan.year}", sheet_name="Income",
              widths=[40, 30, 15, 15]),
        Paragraph(f"Additional local authority contributions: {inc.additional_la or 'not answered'}. "
                  f"Additional NHS contributions: {inc.additional_nhs or 'not answered'}. "
                  f"Comments on the funding contributions: {inc.comments or 'none'}."),
    )
    if districts:
        districts.append([Cell("Total of the districts (calculated)"), _money(district_total),
                          _percent(district_total, dfg, 1)])
        agree = "agrees with" if abs(district_total - dfg) < 0.005 else "differs from"
        section.add(
            Table([["District council", "Disabled Facilities Grant", "Share of the DFG"]], districts,
                  caption="Disabled Facilities Grant by district", sheet_name="DFG by district", widths=[50, 25, 25]),
            Footnote(f"The districts' total {agree} the DFG contribution of {pounds(dfg)}."),
        )
    return section


def running_balances(plan: Plan) -> list[dict]:
    """Income, expenditure and balance by funding source (the balance as published where the
    template gives one), with the part of the expenditure the listed schemes itemise."""
    rows = []
    for source in FUNDING_SOURCES:
        income = plan.income.total(source)
        spend, basis = planned_expenditure(plan, source)
        published = next((b for b in plan.published.balances if b.source == source), None)
        itemised = plan.expenditure(source)
        rows.append({"source": source, "income": income, "expenditure": spend,
                     "balance": published.balance if published and published.balance is not None else income - spend,
                     "itemised_in_schemes": itemised, "not_itemised": spend - itemised, "expenditure_basis": basis})
    return rows


def expenditure_section(plan: Plan) -> Section:
    """Running balances as published beside the itemised schemes, spend by category and the ASC minimum."""
    rows = [[Cell(r["source"]), *(_money(r[k]) for k in ("income", "expenditure", "balance",
                                                          "itemised_in_schemes", "not_itemised"))]
            for r in running_balances(plan)]
    basis = ("as the template publishes them" if plan.published.balances
             else f"the sum of the {len(plan.schemes)} schemes")
    section = Section(f"Expenditure {plan.year}").add(
        Table([["Source of funding", "Income", "Expenditure", "Balance", "Itemised in schemes", "Not itemised"]],
              rows, caption=f"Running balances {plan.year}", sheet_name="Running balances",
              widths=[30, 14, 14, 12, 15, 15]),
        Footnote(f"Expenditure and balance: {basis}. Itemised: the sum of the {len(plan.schemes)} schemes listed "
                 "in the appendix; not itemised: expenditure the listed schemes do not account for."),
    )
    section.add(*category_blocks(plan))
    section.add(
        Table([["Minimum spend", "Minimum required", "Planned", "Itemised in schemes"]], [
            [Cell("Adult social care from the NHS minimum contribution"), _money(plan.income.asc_minimum),
             _money(plan.published.asc_planned if plan.published.asc_planned is not None else asc_spend(plan)),
             _money(asc_spend(plan))],
            [Cell("NHS-commissioned out-of-hospital services"), Cell("Not in the template", align="right"),
             Cell("Not in the template", align="right"), Cell("", align="right")],
        ], caption=f"Minimum spend {plan.year}", sheet_name="Minimum spend", widths=[40, 20, 20, 20]),
        Footnote("Planned: as the template publishes it where it does, else the itemised schemes marked as adult "
                 "social care. The 2026-27 template sets no minimum for NHS-commissioned out-of-hospital services."),
    )
    return section


def category_blocks(plan: Plan) -> list:
    """Itemised spend by scheme type (category), largest first."""
    by_type: dict[str, list] = {}
    for s in plan.schemes:
        by_type.setdefault(s.category or "Not given", []).append(s)
    total = sum(s.amount or 0 for s in plan.schemes)
    ordered = sorted(by_type.items(), key=lambda kv: -sum(s.amount or 0 for s in kv[1]))
    rows = [[Cell(name), Cell(str(len(items)), len(items), align="right"),
             _money(sum(s.amount or 0 for s in items)), _percent(sum(s.amount or 0 for s in items), total, 1)]
            for name, items in ordered]
    rows.append([Cell("Total itemised"), Cell(str(len(plan.schemes)), len(plan.schemes), align="right"),
                 _money(total), _percent(total, total, 1)])
    return [Table([["Scheme type", "Schemes", "Itemised expenditure", "Share"]], rows,
                  caption=f"Itemised expenditure by scheme type {plan.year}", sheet_name="Spend by scheme type",
                  widths=[55, 10, 20, 15])]


def checks_section(plan: Plan) -> Section:
    """Every rule's result and every source finding, as a word and a colour, with the amounts involved."""
    results = run_rules(plan)
    rules = [r for r in results if r.kind == RULE]
    failed = [r.name for r in rules if not r.passed]
    summary = f"{len(rules) - len(failed)} of {len(rules)} checks pass."
    if failed:
        summary += f" {len(failed)} fail: {'; '.join(failed)}."
    gaps = [r for r in results if r.kind == SOURCE and not r.passed]
    if gaps:
        summary += (f" {len(gaps)} finding{'s' if len(gaps) != 1 else ''} about the source: the published schemes "
                    "do not itemise all the expenditure the template publishes.")
    return Section(f"Checks on the {plan.year} plan").add(
        Paragraph(summary, "summary"),
        Table([["Check", "Result", "Detail"]],
              [[Cell(r.name), _status(r.outcome), Cell(r.message)] for r in results],
              caption=f"Checks on the {plan.year} plan", sheet_name="Checks", widths=[36, 16, 48]),
        Legend("Result", [("green", "Pass"), ("red", "Fail"), ("green", "Itemised in full"),
                          ("amber", "Source incomplete: the source lists less than its published total")]),
    )


def _assessment_sentence(a) -> str:
    return (f"{SHORT_NAMES[a.metric]}, {a.year}: {a.status.lower()}: actual {display(a.metric, a.actual_ytd)} "
            f"against a plan of {display(a.metric, a.plan_ytd)} ({UNITS[a.metric]}; the metrics section shows "
            "how they are compared).")


NOT_ASSESSED = "Not assessed in the return"
REABLEMENT_NOTE = ("Not reported: the 2026-27 template prints the reablement heading with no figures (its guidance "
                   "says reablement need not be included), and the 2025-26 return has no reablement metric.")


def metrics_section(plan: Plan, year_end: YearEnd | None) -> Section:
    """Plan against actual to date with the method, then per metric a trend chart, its table and notes."""
    points = _points(plan, year_end)
    stated = {a.metric: a.assessment for a in (year_end.assessments if year_end else [])}
    section = Section("Metrics: plan against actual", new_page=True)
    found = assessments(points)
    rows = [[Cell(SHORT_NAMES[a.metric]), Cell(UNITS[a.metric]), Cell(a.year), _metric(a.metric, a.plan_ytd),
             _metric(a.metric, a.actual_ytd), _status(a.status),
             _status(stated.get(a.metric, NOT_ASSESSED) if year_end and a.year == year_end.year else ""),
             Cell(a.method)]
            for a in found]
    if not any(p.metric == REABLEMENT for p in points):
        rows.append([Cell(SHORT_NAMES[REABLEMENT]), Cell(UNITS[REABLEMENT]), Cell(plan.year), Cell("Not reported"),
                     Cell("Not reported"), Cell(NO_ACTUALS), Cell(""), Cell(REABLEMENT_NOTE)])
    section.add(
        Table([["Metric", "Measure", "Year", "Plan to date", "Actual to date", "Assessment (calculated)",
                "Assessment (year-end return)", "How plan and actual are compared"]], rows,
              caption="Plan against actual to date", sheet_name="Metrics to date",
              widths=[17, 11, 7, 9, 9, 13, 13, 21]),
        Legend("Assessment", [("green", ON_TRACK), ("red", NOT_ON_TRACK), (None, NO_ACTUALS)]),
        *_judgement_notes(plan, year_end),
    )
    compared = comparison(points)
    for metric in dict.fromkeys(r.metric for r in compared):
        section.add(*metric_blocks(metric, [r for r in compared if r.metric == metric]))
    if not any(p.metric == REABLEMENT for p in points):
        section.add(Heading(SHORT_NAMES[REABLEMENT], 3), Paragraph(REABLEMENT_NOTE))
    return section


def metric_blocks(metric: str, rows: list[Row]) -> list:
    """Heading, trend chart, data table and the published-against-calculated notes for one metric."""
    name = SHORT_NAMES[metric]
    rows_shown = [[Cell(period_label(r)), _metric(metric, r.plan_value),
                   _metric(metric, r.actual_value), _published_figure(r.plan.published if r.plan else None),
                   _published_figure(r.actual.published if r.actual else None)] for r in rows]
    table = Table([["Period", "Plan", "Actual", "Published plan", "Published actual"]], rows_shown,
                  caption=f"{name}: plan and actual by period ({UNITS[metric]})", sheet_name=SHEETS[metric],
                  widths=[32, 17, 17, 17, 17])
    chart = Chart(trend_spec(metric, rows), trend_alt(metric, rows),
                  "Plan (dashed line) and actual (solid line); the figures are in the table below.")
    blocks = [Heading(name, 3), chart, table,
              Footnote(f"Plan and Actual are calculated from the template's components ({UNITS[metric]}, "
                       f"{DECIMALS[metric]} decimal place{'s' if DECIMALS[metric] != 1 else ''}); 'Published' is the "
                       "figure as printed in the template.")]
    if len(methods(rows)) > 1:
        blocks.append(Footnote(f"The counting method changes ({' to '.join(methods(rows))}): figures counted "
                               "differently are not joined in the chart or compared with each other."))
    differences = published_differences(metric, rows)
    if differences:
        blocks.append(Footnote("Published figure differs from the calculation: " + "; ".join(differences) + "."))
    return blocks


def narrative_section(plan: Plan) -> Section:
    """The five narrative answers, each with the tables printed in it (totals and changes calculated)."""
    section = Section(f"Narrative return {plan.year}", new_page=True)
    tables = {t.number: t for t in plan.tables}
    for answer in plan.narrative:
        section.add(Heading(f"Question {answer.number}", 3), Paragraph(answer.question, "meta"))
        section.add(*answer_blocks(answer, tables))
    placed = {int(m.group(1)) for a in plan.narrative for line in a.answer.splitlines()
              if (m := _TABLE_MARK.match(line.strip()))}
    for number in sorted(set(tables) - placed):
        section.add(*table_blocks(tables[number]))
    return section


def answer_blocks(answer: NarrativeAnswer, tables: dict) -> list:
    """An answer's text, with each '(Table N follows.)' line replaced by Table N."""
    blocks, text = [], []
    for line in answer.answer.split("\n"):
        mark = _TABLE_MARK.match(line.strip())
        if mark and int(mark.group(1)) in tables:
            blocks += text_blocks("\n".join(text)) + table_blocks(tables[int(mark.group(1))])
            text = []
        else:
            text.append(line)
    return blocks + text_blocks("\n".join(text))


def assurance_section(plan: Plan) -> Section:
    """The national conditions' assurance statements and the answers given."""
    rows = [[Cell(a.condition), Cell(a.statement), Cell(a.answer), Cell(a.actions), Cell(a.timeframe)]
            for a in plan.assurances]
    return Section(f"National conditions: assurance statements {plan.year}").add(
        Table([["National condition", "Assurance statement", "Answer", "Actions where not met", "Timeframe"]],
              rows, caption=f"Assurance statements {plan.year}", sheet_name="Assurance statements",
              widths=[22, 42, 8, 16, 12]))


def year_end_section(ye: YearEnd, plan: Plan | None = None, with_metrics: bool = True) -> Section:
    """The year-end return: board summary, the return's own assessment of each metric, income,
    outturn, confirmations, successes and challenges (with `plan`, what each judgement is about
    where the board's and the calculated one differ). `with_metrics`: the document has the plan
    report's metrics section, so the note on the board's figures points to it."""
    section = Section(f"Year-end return {ye.year}", new_page=True)
    section.add(Table([["Metric", "What the figures measure", "Target", "Actual", "Commentary"]],
                      [[Cell(r.metric), Cell(r.measure or "Not stated"), _published(r.target), _published(r.actual),
                        Cell(r.commentary)] for r in ye.summary],
                      caption=f"BCF metrics {ye.year}: target and actual (as published)",
                      sheet_name="Year-end summary", widths=[22, 22, 8, 8, 40]))
    section.add(Footnote("Target and Actual are the board report's own figures"
                         + ("; the metrics section calculates plan and actual to date from the template's "
                            "monthly and quarterly figures." if with_metrics else ".")))
    section.add(*_judgement_notes(plan, ye))
    section.add(*return_assessment_blocks(ye))
    dfg = next((i.updated for i in ye.income if i.source == "DFG"), None)
    spent, dfg_spent = _percent(ye.eoy_expenditure, ye.planned_income, 0), _percent(ye.dfg_actual, dfg, 1)
    if spent.text:
        sentence = (f"By the end of {ye.year}, {pounds(ye.eoy_expenditure)} had been spent: {spent.text} "
                    f"of the planned income of {pounds(ye.planned_income)}.")
        if dfg_spent.text:
            sentence += (f" Disabled Facilities Grant spend was {pounds(ye.dfg_actual)}, {dfg_spent.text} "
                         f"of the DFG income of {pounds(dfg)}.")
        section.add(Paragraph(sentence, "summary"))
    section.add(
        Table([["Source of funding", "Planned income", "Updated income"]],
              [[Cell(i.source), _money(i.planned), _money(i.updated)] for i in ye.income]
              + [[Cell("Total"), _money(ye.planned_income), _money(ye.updated_income)]],
              caption=f"Income and expenditure {ye.year}", sheet_name="Year-end income", widths=[50, 25, 25]),
        Table([["Measure", "Value"]], [
            [Cell("End of year actual expenditure"), _money(ye.eoy_expenditure)],
            [Cell("% of planned income spent"), spent],
            [Cell("DFG end of year actual expenditure"), _money(ye.dfg_actual)],
            [Cell("DFG spent as % of DFG income"), dfg_spent],
        ], caption=f"End of year {ye.year}", sheet_name="Year-end outturn", widths=[70, 30]),
        Table([["Statement", "Confirmation", "Explanation"]],
              [[Cell(a.statement), Cell(a.answer), Cell(a.actions)] for a in ye.conditions + ye.confirmations],
              caption="National conditions and confirmations", sheet_name="Confirmations", widths=[55, 12, 33]),
    )
    for heading, text in (("Change in expenditure since the plan", ye.change_explanation),
                          ("Key successes", ye.successes), ("Key challenges", ye.challenges)):
        if text.strip():
            section.add(Heading(heading, 3), *text_blocks(text))
    return section.add(_source_line(ye.source))


def _plan_figures(point: MetricPoint) -> str:
    """One plan figure as the return gives it, with its unit: '1,655.6 per 100,000 aged 65+
    (2,605 admissions)'; for discharge, the delay in days and the share discharged on the day."""
    if point.metric == DISCHARGE:
        parts = [f"{published_text(point.published)} days average delay" if point.published is not None else "",
                 f"{round_half_up(100 * point.proportion, 1):.1f}% discharged on the discharge ready date"
                 if point.proportion is not None else ""]
        return "; ".join(p for p in parts if p)
    shown = (_published_text(point.published) if point.published is not None
             else display(point.metric, value(point)))
    unit = "% of people" if point.metric == REABLEMENT else " per 100,000 aged 65+"
    text = f"{shown}{unit}" if shown else ""
    if point.metric != REABLEMENT and point.count is not None:
        text += f" ({_published_text(point.count)} admissions)"
    return text


def return_assessment_blocks(ye: YearEnd) -> list:
    """The return's own assessment of whether each metric's goal was met in Q4, with its explanation
    and the plan figure the return gives for the last month or quarter of the year."""
    if not ye.assessments:
        return []
    rows = []
    for a in ye.assessments:
        plans = sorted((p for p in ye.metric_plans if p.metric == a.metric and p.kind == "plan"),
                       key=lambda p: p.period)
        last = plans[-1] if plans else None
        figure = (f"{period_text(last.period, last.basis)}: {_plan_figures(last)}" if last
                  else "The return gives no plan figure")
        rows.append([Cell(SHEETS.get(a.metric, a.metric)), Cell(figure), _status(a.assessment),
                     Cell(a.note or "No explanation given")])
    assessed = {a.metric for a in ye.assessments}
    unassessed = [SHEETS.get(m, m) for m in dict.fromkeys(p.metric for p in ye.metric_plans) if m not in assessed]
    note = ("The assessments and explanations are the return's own words; the return gives the plan figures but "
            "no actual figures for these metrics."
            + (f" The return gives no assessment for {' or '.join(unassessed)}." if unassessed else ""))
    return [Table([["Metric", "Plan for the end of the year (as the return gives it)",
                    "Assessment of whether the goal was met in Q4", "Explanation given"]], rows,
                  caption=f"The return's assessment of each metric {ye.year}", sheet_name="Year-end assessments",
                  widths=[18, 27, 17, 38]),
            Footnote(note)]


def schemes_section(plan: Plan) -> Section:
    """The planned expenditure, scheme by scheme."""
    rows = [[Cell("" if s.number is None else str(s.number), s.number, align="right"), Cell(s.category or ""),
             Cell(s.description), Cell(s.source), Cell(s.asc), _money(s.amount)] for s in plan.schemes]
    return Section(f"Appendix: expenditure schemes {plan.year}", new_page=True, appendix=True).add(
        Table([["No.", "Scheme type", "Description", "Source of funding", "ASC", "Amount"]], rows,
              caption=f"Planned expenditure by scheme {plan.year}", sheet_name="Schemes",
              widths=[5, 24, 33, 20, 6, 12]),
        Footnote("ASC: the scheme is adult social care spend."),
    )


def build_report(plan: Plan, year_end: YearEnd | None = None) -> Document:
    """The BCF section for `plan` and, if given, the previous year's year-end return."""
    name = plan.cover.hwb_name
    doc = Document(title=f"Better Care Fund: {name}",
                   subtitle=f"Plan {plan.year}" + (f" and year-end {year_end.year}" if year_end else ""),
                   footer=f"{name} Health and Wellbeing Board · Better Care Fund {plan.year}",
                   subject=f"Better Care Fund plan {plan.year}"
                           + (f" and year-end return {year_end.year}" if year_end else ""))
    doc.sections = [
        summary_section(plan, year_end), cover_section(plan), income_section(plan), expenditure_section(plan),
        checks_section(plan), metrics_section(plan, year_end), narrative_section(plan), assurance_section(plan),
        *([year_end_section(year_end, plan)] if year_end else []), schemes_section(plan),
    ]
    return doc


def board_paper(plan: Plan, year_end: YearEnd | None, paper: BoardPaper) -> Document:
    """The BCF report inside the board-paper frame (purpose, recommendations, officer to contact ...)."""
    return as_board_paper(build_report(plan, year_end), paper)


def paper_topic(plan: Plan) -> str:
    """The words the title of the plan's board paper carries: 'Better Care Fund Plan 2026-27'."""
    return f"Better Care Fund Plan {plan.year}"


def stored_paper(business: BoardBusiness, plan: Plan, meeting_date=None, item: str | None = None) -> BoardPaper | None:
    """The board paper for `plan` (agenda `item`, else the paper whose title names the plan) at the
    meeting on `meeting_date`, else the latest with one; None when there is none and no meeting
    or item was asked for (LookupError when one was)."""
    from hwb.reports.pack import board_paper as find_paper

    return find_paper(business, paper_topic(plan), meeting_date, item)


def bcf_document(plan: Plan, year_end: YearEnd | None, paper: BoardPaper | None) -> Document:
    """The board paper when the business has one for the plan, else the report on its own."""
    return board_paper(plan, year_end, paper) if paper else build_report(plan, year_end)


def year_end_topic(year: str) -> str:
    """The words the title of a year-end return's board paper carries: 'Better Care Fund Year End 2025-26'."""
    return f"Better Care Fund Year End {year}"


def year_end_document(year_end: YearEnd, paper: BoardPaper | None = None) -> Document:
    """The year-end return on its own, or (with `paper`) as the appendix of the board paper that
    presents it, headed with the paper's own name for that appendix. Either way the document has no
    metrics section, so the return's note does not point to one."""
    section = year_end_section(year_end, with_metrics=False)
    doc = Document(title=f"Better Care Fund year-end return {year_end.year}: {year_end.hwb_name}",
                   subject=f"Better Care Fund year-end return {year_end.year}",
                   footer=f"{year_end.hwb_name} Health and Wellbeing Board · Better Care Fund year-end "
                          f"{year_end.year}")
    if paper is None:
        section.new_page = False
        doc.sections = [section]
        return doc
    section.title = (paper.appendices[0] if len(paper.appendices) == 1
                     else f"Appendix: year-end return {year_end.year}")
    section.appendix = True
    doc.sections = [section]
    return as_board_paper(doc, paper)


_PLAN_TITLE = re.compile(r"Better Care Fund Plan (\d{4}-\d{2})", re.I)
_YEAR_END_TITLE = re.compile(r"Better Care Fund Year.End (\d{4}-\d{2})", re.I)


def paper_subject(paper: BoardPaper) -> tuple[str, str] | None:
    """What a board paper presents, from its title: ('plan', '2026-27') for 'Leicestershire Better
    Care Fund Plan 2026-27', ('year_end', '2025-26') for 'Better Care Fund Year End 2025-26
    Performance'; None for any other paper."""
    for kind, pattern in (("year_end", _YEAR_END_TITLE), ("plan", _PLAN_TITLE)):
        found = pattern.search(" ".join(paper.title.split()))
        if found:
            return kind, found.group(1)
    return None


def bcf_items(business: BoardBusiness, meeting_date=None) -> list[str]:
    """'item 8 (Better Care Fund Year End 2025-26 Performance)', ... for the BCF papers of the
    meeting on `meeting_date` (every meeting when None), in agenda order."""
    papers = [p for p in business.papers if paper_subject(p) and (meeting_date is None or p.meeting.date == meeting_date)]
    papers.sort(key=lambda p: (p.meeting.date, int(p.item) if p.item.isdigit() else 0, p.item))
    many = len({p.meeting.date for p in papers}) > 1
    return [f"item {p.item}" + (f" of {p.meeting.date:%-d %B %Y}" if many else "") + f" ({p.title})"
            for p in papers]


def previous_year(year: str) -> str:
    """'2026-27' -> '2025-26'."""
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"
