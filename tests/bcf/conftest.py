"""Fixtures: the demo plan as transcribed, and a copy completed so that every rule passes."""

from __future__ import annotations

import copy

import pytest

from hwb.bcf.demo import demo_plan, demo_year_end
from hwb.bcf.model import Scheme
from hwb.bcf.rules import asc_spend
from hwb.store.folder import StoreFolder

_PLAN = demo_plan()
_YEAR_END = demo_year_end()


@pytest.fixture
def plan():
    return copy.deepcopy(_PLAN)


@pytest.fixture
def year_end():
    return copy.deepcopy(_YEAR_END)


@pytest.fixture
def balanced_plan():
    """The demo plan with three schemes added to allocate the remaining funds (test data, not seed data)."""
    plan = copy.deepcopy(_PLAN)
    nhs_gap = plan.income.total("NHS Minimum Contribution") - plan.expenditure("NHS Minimum Contribution")
    la_gap = plan.income.total("Local Authority Better Care Grant") - plan.expenditure("Local Authority Better Care Grant")
    asc_gap = plan.income.asc_minimum - asc_spend(plan)
    plan.schemes += [
        Scheme(82, "Long-term home-based social care services", "Test: ASC allocation",
               "NHS Minimum Contribution", "Yes", asc_gap),
        Scheme(83, "Other", "Test: remaining NHS allocation", "NHS Minimum Contribution", "No", nhs_gap - asc_gap),
        Scheme(84, "Other", "Test: remaining LA allocation", "Local Authority Better Care Grant", "Yes", la_gap),
    ]
    return plan


@pytest.fixture
def folder(tmp_path):
    f = StoreFolder(tmp_path / "store")
    yield f
    f.close()
