"""The strategy in the record: import, export, read back, progress updates with versions and history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hwb.errors import InputError
from hwb.store.record import Conflict, audit
from hwb.store.record import schema as t
from hwb.strategy.demo import DEMO_STRATEGY, load_demo_strategy
from hwb.strategy.loader import load_strategy_file, parse_strategy
from hwb.strategy.store import (
    add_progress_update, edit_progress_update, export_strategy, load_strategy, progress_updates, save_strategy,
    update_history,
)


def _count(record, table) -> int:
    with record.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_demo_round_trips_through_the_record(record):
    original = load_strategy_file(DEMO_STRATEGY)
    save_strategy(record, original)
    assert load_strategy(record) == original
    assert parse_strategy(export_strategy(record)) == original
    counts = save_strategy(record, original)  # importing again replaces the structure, never duplicates updates
    assert counts["updates added"] == 0 and counts["updates already held"] == len(original.progress)
    assert _count(record, t.strategies) == 1
    assert _count(record, t.progress_updates) == len(original.progress)


def test_reimport_keeps_updates_entered_since(record):
    strategy = load_demo_strategy(record)
    update_id = add_progress_update(record, strategy.id, "D3.1", date(2026, 9, 30), progress="Q2: 400 more starts.",
                                    by="editor")
    load_demo_strategy(record)
    assert [u["update_id"] for u in progress_updates(record, strategy.id, "D3.1", include_drafts=True)][0] == update_id
    assert load_strategy(record).updates_for("D3.1")[0].progress == "Q2: 400 more starts."


def test_drafts_stay_out_of_the_published_strategy(record):
    strategy = load_demo_strategy(record)
    update_id = add_progress_update(record, strategy.id, "D3.1", date(2026, 9, 30), progress="Not yet agreed.",
                                    draft=True, by="editor")
    assert "Not yet agreed." not in [u.progress for u in load_strategy(record).progress]
    assert "Not yet agreed." in [u.progress for u in load_strategy(record, include_drafts=True).progress]
    edit_progress_update(record, update_id, 1, {"status": "published"}, by="editor")
    assert "Not yet agreed." in [u.progress for u in load_strategy(record).progress]


def test_an_edit_keeps_the_earlier_version_and_refuses_a_stale_one(record):
    strategy = load_demo_strategy(record)
    update_id = add_progress_update(record, strategy.id, "D3.1", date(2026, 9, 30), progress="First words.", by="a")
    assert edit_progress_update(record, update_id, 1, {"progress": "Second words."}, by="b") == 2
    with pytest.raises(Conflict, match="changed by b since you opened it"):
        edit_progress_update(record, update_id, 1, {"progress": "Lost words?"}, by="c")
    assert [h["progress"] for h in update_history(record, update_id)] == ["First words."]
    assert progress_updates(record, strategy.id, "D3.1", include_drafts=True)[0]["progress"] == "Second words."
    with record.read() as conn:
        actions = [e.action for e in audit.entries(conn, entity_type="progress_update")]
    assert actions == ["update", "create"]


def test_progress_update_errors_are_located(record):
    strategy = load_demo_strategy(record)
    with pytest.raises(InputError) as caught:
        add_progress_update(record, strategy.id, "D9.9", date(2026, 9, 30))
    assert [(e.column, e.message) for e in caught.value.errors] == [
        ("target", "no commitment, action or workstream 'D9.9'"),
        ("progress", "an update needs progress, next steps or challenges"),
    ]
    with pytest.raises(InputError, match="between 2000 and 2100"):
        add_progress_update(record, strategy.id, "D3.1", date(9999, 1, 1), progress="x")


def test_load_needs_a_known_strategy(record):
    with pytest.raises(LookupError, match="no strategy has been imported"):
        load_strategy(record)
    load_demo_strategy(record)
    with pytest.raises(LookupError, match="no strategy 'other'"):
        load_strategy(record, "other")
