"""Every rule with a passing and a failing plan."""

from __future__ import annotations

from hwb.bcf.model import Assurance, District, IncomeLine, Published
from hwb.bcf.rules import (
    RULE, SOURCE, TEMPLATE_COMPLETE, any_failed, asc_minimum, completeness, dfg_breakdown, itemised_in_source,
    no_answers_explained, published_totals_agree, run_rules, unallocated_funds, within_bounds,
)


def by_name(results):
    return {r.name: r for r in results}


def test_the_published_plan_is_judged_on_its_published_running_balances(plan):
    # Seed lines 1936-1943: every source's balance is £0 in the template's own running balances.
    results = unallocated_funds(plan)
    assert all(r.passed and r.kind == RULE for r in results)
    assert by_name(results)["No unallocated funds: NHS Minimum Contribution"].message == (
        "income £59,017,028 fully allocated (expenditure as the template publishes it)")
    assert not any_failed(run_rules(plan))


def test_schemes_the_source_does_not_itemise_are_a_source_finding_not_a_failed_rule(plan):
    results = by_name(itemised_in_source(plan))
    nhs = results["Schemes itemise the published expenditure: NHS Minimum Contribution"]
    assert (nhs.kind, nhs.passed, nhs.failed, nhs.outcome) == (SOURCE, False, False, "Source incomplete")
    assert nhs.message == ("81 schemes itemised, £40,365,293 of £59,017,028 NHS Minimum Contribution; "
                           "£18,651,735 not itemised in the source")
    la = results["Schemes itemise the published expenditure: Local Authority Better Care Grant"]
    assert not la.passed and la.message.endswith("£347,000 not itemised in the source")
    dfg = results["Schemes itemise the published expenditure: DFG"]
    assert dfg.passed and dfg.outcome == "Itemised in full"
    gaps = [r for r in run_rules(plan) if r.kind == SOURCE and not r.passed]
    assert [g.name.split(": ")[1] for g in gaps] == ["NHS Minimum Contribution", "Local Authority Better Care Grant"]


def test_schemes_beyond_the_published_expenditure_fail_a_rule(balanced_plan):
    assert all(r.passed for r in itemised_in_source(balanced_plan))
    balanced_plan.schemes[0].amount += 1000
    la = by_name(itemised_in_source(balanced_plan))["Schemes itemise the published expenditure: "
                                                    "Local Authority Better Care Grant"]
    assert la.failed and la.kind == RULE and "£1,000 more than the £21,824,275" in la.message


def test_without_published_balances_the_itemised_schemes_are_judged(plan):
    plan.published = Published()
    results = by_name(unallocated_funds(plan))
    assert results["No unallocated funds: DFG"].passed
    nhs = results["No unallocated funds: NHS Minimum Contribution"]
    assert nhs.failed and "income £59,017,028" in nhs.message and "£40,365,293" in nhs.message
    assert "£18,651,735 unallocated" in nhs.message
    la = results["No unallocated funds: Local Authority Better Care Grant"]
    assert not la.passed and "£347,000 unallocated" in la.message
    assert itemised_in_source(plan) == [] and published_totals_agree(plan) == []
    assert any_failed(run_rules(plan))


def test_published_totals_must_agree_with_the_income(plan):
    [ok] = published_totals_agree(plan)
    assert ok.passed and "£86,557,682" in ok.message
    plan.published.balances[1].income = 59_017_000
    plan.published.pooled_total = 1
    [fail] = published_totals_agree(plan)
    assert fail.failed
    assert "NHS Minimum Contribution: published income £59,017,000, income lines £59,017,028" in fail.message
    assert "published pooled budget £1, income lines £86,557,682" in fail.message


def test_balanced_plan_has_no_unallocated_funds(balanced_plan):
    balanced_plan.published = Published()
    assert all(r.passed for r in unallocated_funds(balanced_plan))


def test_overspend_is_reported(balanced_plan):
    balanced_plan.published = Published()
    balanced_plan.schemes[0].amount += 1000
    la = by_name(unallocated_funds(balanced_plan))["No unallocated funds: Local Authority Better Care Grant"]
    assert not la.passed and "£1,000 over-allocated" in la.message


def test_asc_minimum(plan, balanced_plan):
    [published] = asc_minimum(plan)  # seed line 1949: planned £34,228,078 against £33,404,355
    assert published.passed and "planned £34,228,078 >= minimum £33,404,355" in published.message
    assert "the itemised schemes mark £15,728,461 as adult social care" in published.message
    plan.published = Published()
    [fail] = asc_minimum(plan)
    assert not fail.passed
    assert "planned £15,728,461" in fail.message and "£17,675,894 below the minimum £33,404,355" in fail.message
    balanced_plan.published = Published()
    [ok] = asc_minimum(balanced_plan)
    assert ok.passed and ">= minimum £33,404,355" in ok.message
    plan.income.asc_minimum = None
    assert not asc_minimum(plan)[0].passed


def test_dfg_breakdown(plan):
    [ok] = dfg_breakdown(plan)
    assert ok.passed and "7 districts sum to £5,716,379" in ok.message
    plan.income.dfg_districts.append(District("Rutland", 100))
    [fail] = dfg_breakdown(plan)
    assert not fail.passed and "£5,716,479" in fail.message and "difference £100" in fail.message
    plan.income.dfg_districts = []
    assert dfg_breakdown(plan)[0].passed


def test_completeness_of_the_demo(plan):
    results = by_name(completeness(plan))
    assert all(r.passed for r in results.values())
    assert results[TEMPLATE_COMPLETE].message == "Template Complete"


def test_each_sheet_checker_fails_on_a_gap(plan):
    plan.cover.email = ""
    plan.cover.people[0].surname = ""
    plan.income.additional_la = "Yes"  # but no additional LA line with a comment
    plan.schemes[5].category = ""
    plan.metrics = [m for m in plan.metrics if m.period != "2026-07"]
    plan.assurances[1].answer = ""
    results = by_name(completeness(plan))
    for sheet in ("Cover", "Income", "Expenditure", "Metrics", "National Conditions"):
        assert not results[f"Sheet complete: {sheet}"].passed, sheet
    assert "E-mail" in results["Sheet complete: Cover"].message
    assert "Health and wellbeing board chair" in results["Sheet complete: Cover"].message
    assert "scheme line 6" in results["Sheet complete: Expenditure"].message
    assert "1 of 12 monthly plans" in results["Sheet complete: Metrics"].message
    overall = results[TEMPLATE_COMPLETE]
    assert not overall.passed and overall.message.startswith("Incomplete Template")


def test_optional_people_may_be_blank_but_not_half_filled(plan):
    optional = next(p for p in plan.cover.people if p.optional and not p.surname)
    optional.surname = "Half"
    assert not by_name(completeness(plan))["Sheet complete: Cover"].passed


def test_additional_contribution_with_comment_completes_income(plan):
    plan.income.additional_la = "Yes"
    plan.income.lines.append(IncomeLine("Additional LA Contribution", "Leicestershire", 1000, "test"))
    assert by_name(completeness(plan))["Sheet complete: Income"].passed


def test_no_answers_need_actions_and_timeframe(plan):
    assert no_answers_explained(plan)[0].passed
    plan.assurances[0].answer = "No"
    [fail] = no_answers_explained(plan)
    assert not fail.passed and "Named ICB" in fail.message
    plan.assurances[0].actions = "Sign-off meeting arranged"
    assert not no_answers_explained(plan)[0].passed
    plan.assurances[0].timeframe = "By 30 June 2026"
    assert no_answers_explained(plan)[0].passed


def test_amounts_within_bounds(plan):
    assert within_bounds(plan)[0].passed
    plan.schemes[0].amount = -5
    plan.metrics[0].count = -1
    plan.assurances.append(Assurance("x", "y", "Yes"))
    discharge = next(m for m in plan.metrics if m.proportion is not None)
    discharge.proportion = 1.5
    [fail] = within_bounds(plan)
    assert not fail.passed
    assert "scheme 1 -£5" in fail.message and "proportion 1.5" in fail.message and "count -1" in fail.message


def test_run_rules_names_every_check(plan):
    names = [r.name for r in run_rules(plan)]
    assert len(names) == len(set(names)) == 21
