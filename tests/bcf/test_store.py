"""Plans and year-end returns survive the store; the demo loads idempotently."""

from __future__ import annotations

import pytest

from hwb.bcf.demo import load_demo
from hwb.bcf.store import list_plans, load_plan, load_year_end, save_plan, save_year_end


def test_save_and_load_plan(store, plan):
    save_plan(store, plan)
    assert load_plan(store, plan.hwb_code, plan.year) == plan
    assert list_plans(store) == [("E10000018", "2026-27", "Leicestershire")]


def test_save_replaces_the_previous_version(store, plan):
    save_plan(store, plan)
    plan.schemes = plan.schemes[:3]
    save_plan(store, plan)
    assert len(load_plan(store, plan.hwb_code, plan.year).schemes) == 3


def test_year_end_round_trip(store, year_end):
    save_year_end(store, year_end)
    loaded = load_year_end(store, year_end.hwb_code, year_end.year)
    assert loaded == year_end
    assert round(loaded.percent_spent) == 98  # seed line 1408: £83,408,219 of £84,801,607
    assert loaded.planned_income == 84_801_607
    assert load_year_end(store, "E00000000", "2025-26") is None


def test_load_demo_is_idempotent(store):
    plan, year_end = load_demo(store)
    load_demo(store)
    assert store.sql("SELECT count(*) FROM bcf_schemes") == [(81,)]
    assert store.sql("SELECT count(*) FROM bcf_plans") == [(1,)]
    assert load_plan(store, plan.hwb_code, plan.year) == plan
    assert load_year_end(store, year_end.hwb_code, year_end.year) == year_end


def test_missing_plan(store):
    with pytest.raises(KeyError):
        load_plan(store, "E10000018", "2030-31")
