"""Fixtures for the report tests (data in report_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_fixtures import NASTY, STRATEGY_YAML, build_store


@pytest.fixture
def store(tmp_path):
    s = build_store(tmp_path / "reports.duckdb")
    yield s
    s.close()


@pytest.fixture
def strategy_file(tmp_path) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(STRATEGY_YAML.replace("NARRATIVE", "WorkWell update"), "utf-8")
    return path


@pytest.fixture
def nasty_strategy_file(tmp_path) -> Path:
    """The same strategy with hostile text in a narrative, a title and a label."""
    path = tmp_path / "nasty.yaml"
    text = STRATEGY_YAML.replace("NARRATIVE", "'" + NASTY.replace("'", "''") + "'")
    text = text.replace("title: Healthy Placemaking", "title: '=HYPERLINK(\"http://x\",\"y\")'")
    path.write_text(text, "utf-8")
    return path
