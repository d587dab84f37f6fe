"""Year-end rules: each passes on the demo return and fails on a return with the gap."""

from __future__ import annotations

import pytest

from hwb.bcf.metrics import NOT_ON_TRACK
from hwb.bcf.rules_year_end import (
    YEAR_END_SHEETS, assessments_explained, dfg_spend_within_income, percent_of_planned_income,
    run_year_end_rules, updated_income_given, year_end_completeness, year_end_nos_explained,
)


def test_demo_return_passes_every_rule(year_end):
    failed = [r for r in run_year_end_rules(year_end) if not r.passed]
    assert failed == []


def test_updated_income_given(year_end):
    assert all(r.passed for r in updated_income_given(year_end))
    year_end.income[1].updated = None
    del year_end.income[4]
    failed = {r.name: r.message for r in updated_income_given(year_end) if not r.passed}
    assert failed == {
        "Updated income given: NHS Minimum Contribution": "updated total income not given (planned £57,070,979)",
        "Updated income given: Additional NHS Contribution": "updated total income not given (planned not given)",
    }


def test_dfg_spend_within_income(year_end):
    [ok] = dfg_spend_within_income(year_end)
    assert ok.passed and ok.message == "spent £4,512,965 of £5,906,353 (£1,393,388 unspent)"
    year_end.dfg_actual = 6_000_000
    [over] = dfg_spend_within_income(year_end)
    assert not over.passed and "£93,647 more than the DFG income £5,906,353" in over.message
    year_end.dfg_actual = None
    [missing] = dfg_spend_within_income(year_end)
    assert not missing.passed and "DFG actual spend not given" in missing.message


def test_percent_of_planned_income_matches_the_template(year_end):
    [ok] = percent_of_planned_income(year_end)
    assert ok.passed and ok.message == "£83,408,219 of planned income £84,801,607 = 98%"  # seed line 1406
    year_end.eoy_expenditure = None
    [missing] = percent_of_planned_income(year_end)
    assert not missing.passed and "end of year expenditure not given" in missing.message


@pytest.mark.parametrize("sheet, gap", [
    ("Cover", lambda ye: setattr(ye, "signed_off", "No")),
    ("Cover", lambda ye: setattr(ye, "completed_by", " ")),
    ("National Conditions", lambda ye: setattr(ye.conditions[0], "answer", "")),
    ("National Conditions", lambda ye: ye.conditions.pop()),
    ("Metrics", lambda ye: ye.assessments.pop()),
    ("Income & Expenditure", lambda ye: setattr(ye, "eoy_expenditure", None)),
    ("Impact Summary", lambda ye: setattr(ye, "challenges", "")),
    ("Impact Summary", lambda ye: setattr(ye.confirmations[2], "answer", "Maybe")),
])
def test_each_sheet_checker_fails_on_a_gap(year_end, sheet, gap):
    assert all(r.passed for r in year_end_completeness(year_end))
    gap(year_end)
    results = {r.name: r for r in year_end_completeness(year_end)}
    assert [s for s in YEAR_END_SHEETS if not results[f"Sheet complete: {s}"].passed] == [sheet]
    assert results["Template Complete"].message == f"Incomplete Template: {sheet}"


def test_no_answers_need_an_explanation(year_end):
    year_end.confirmations[1].answer = "No"
    [bad] = year_end_nos_explained(year_end)
    assert not bad.passed and "Our BCF schemes were implemented as planned" in bad.message
    year_end.confirmations[1].actions = "Two schemes started late; agreed by partners."
    [ok] = year_end_nos_explained(year_end)
    assert ok.passed and ok.message == "1 'No' answer(s), each with an explanation"


def test_goals_not_met_are_explained(year_end):
    assert assessments_explained(year_end)[0].passed
    [discharge] = [a for a in year_end.assessments if a.assessment == NOT_ON_TRACK]
    discharge.note = ""
    [bad] = assessments_explained(year_end)
    assert not bad.passed and "discharge_delay" in bad.message
