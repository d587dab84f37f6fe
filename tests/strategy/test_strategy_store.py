"""Saving a strategy in the store, reading it back, and adding progress updates."""

from __future__ import annotations

from datetime import date

import pytest

from hwb.errors import InputError
from hwb.store import connect
from hwb.strategy.demo import DEMO_STRATEGY, load_demo_strategy
from hwb.strategy.loader import load_strategy_file
from hwb.strategy.store import add_progress_update, load_strategy, save_strategy


@pytest.fixture
def store(tmp_path):
    s = connect(tmp_path / "strategy.duckdb")
    yield s
    s.close()


def test_demo_round_trips_through_the_store(store):
    original = load_strategy_file(DEMO_STRATEGY)
    save_strategy(store, original)
    assert load_strategy(store) == original
    save_strategy(store, original)  # saving again replaces, never duplicates
    assert store.sql("SELECT count(*) FROM strategies")[0][0] == 1
    rows = store.df("SELECT section_id, kind, code, key_area_of_focus FROM strategy_sections WHERE code <> ''")
    assert sorted(map(tuple, rows.values.tolist())) == [("D3.1", "action", "D3.1", ""),
                                                       ("healthy-workplaces-and-local-economy", "commitment", "D3", "")]


def test_add_progress_update(store):
    strategy = load_demo_strategy(store)
    before = len(strategy.progress)
    update = add_progress_update(store, strategy.id, "D3.1", date(2026, 9, 30), progress="Q2: 400 more starts.",
                                 next_steps="Digital single point of referral.", title="WorkWell")
    assert update.target == "D3.1"
    reloaded = load_strategy(store)
    assert len(reloaded.progress) == before + 1
    assert reloaded.updates_for("D3.1")[0].progress == "Q2: 400 more starts."


def test_progress_update_errors_are_located(store):
    strategy = load_demo_strategy(store)
    with pytest.raises(InputError) as caught:
        add_progress_update(store, strategy.id, "D9.9", date(2026, 9, 30))
    assert [(e.column, e.message) for e in caught.value.errors] == [
        ("target", "no commitment, action or workstream 'D9.9'"),
        ("progress", "an update needs progress, next steps or challenges"),
    ]


def test_load_needs_a_known_strategy(store):
    with pytest.raises(LookupError, match="holds 0 strategies"):
        load_strategy(store)
    load_demo_strategy(store)
    with pytest.raises(LookupError, match="no strategy 'other'"):
        load_strategy(store, "other")
