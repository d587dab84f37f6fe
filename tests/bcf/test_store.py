"""Plans and year-end returns in the record: round trips, row-level edits, imports that keep edits."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from hwb.bcf.store import (
    EditedSinceImport, edit_header, list_plans, load_demo, load_plan, load_year_end, save_plan, save_year_end,
    upsert_item,
)
from hwb.store.record import Conflict
from hwb.store.record import schema as t


def test_save_and_load_plan(record, plan):
    save_plan(record, plan)
    assert load_plan(record, plan.hwb_code, plan.year) == plan
    assert list_plans(record) == [("E10000018", "2026-27", "Leicestershire")]


def test_save_replaces_an_unedited_plan(record, plan):
    save_plan(record, plan)
    plan.schemes = plan.schemes[:3]
    save_plan(record, plan)
    assert len(load_plan(record, plan.hwb_code, plan.year).schemes) == 3


def test_year_end_round_trip(record, year_end):
    save_year_end(record, year_end)
    loaded = load_year_end(record, year_end.hwb_code, year_end.year)
    assert loaded == year_end
    assert round(loaded.percent_spent) == 98  # seed line 1408: £83,408,219 of £84,801,607
    assert load_year_end(record, "E00000000", "2025-26") is None


def test_load_demo_is_idempotent(record, plan, year_end):
    load_demo(record)
    load_demo(record)
    with record.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.bcf_returns)).scalar_one() == 2
        schemes = conn.execute(select(func.count()).where(t.bcf_items.c.part == "schemes")).scalar_one()
    assert schemes == len(plan.schemes)
    assert load_plan(record, plan.hwb_code, plan.year) == plan
    assert load_year_end(record, year_end.hwb_code, year_end.year) == year_end


def test_an_edited_plan_is_not_overwritten_by_an_import(record, plan):
    save_plan(record, plan)
    point = dataclasses.replace(plan.metrics[0], count=1234)
    upsert_item(record, plan.hwb_code, plan.year, "metrics",
                {k: getattr(point, k) for k in ("metric", "kind", "period", "basis")}, point, by="editor")
    with pytest.raises(EditedSinceImport, match="edited since it was imported"):
        save_plan(record, plan)
    assert load_demo(record)[0].startswith("Kept the stored return")
    assert load_plan(record, plan.hwb_code, plan.year).metrics[0].count == 1234
    save_plan(record, plan, replace=True)
    assert load_plan(record, plan.hwb_code, plan.year).metrics[0].count == plan.metrics[0].count


def test_a_cover_edit_names_a_stale_field(record, plan):
    save_plan(record, plan)
    was = {"submitted_by": plan.cover.submitted_by}
    edit_header(record, plan.hwb_code, plan.year, "cover", was, {"submitted_by": "A. Person"}, by="a")
    with pytest.raises(Conflict, match="submitted_by changed since you opened this page"):
        edit_header(record, plan.hwb_code, plan.year, "cover", was, {"submitted_by": "B. Person"}, by="b")
    assert load_plan(record, plan.hwb_code, plan.year).cover.submitted_by == "A. Person"


def test_missing_plan(record):
    with pytest.raises(KeyError):
        load_plan(record, "E10000018", "2030-31")
