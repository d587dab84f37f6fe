"""Fixtures for the report tests (data in report_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_fixtures import STRATEGY_YAML, build_folder, build_store, nasty_strategy_yaml


@pytest.fixture
def store(tmp_path):
    s = build_store(tmp_path / "reports.duckdb")
    yield s
    s.close()


@pytest.fixture
def folder(tmp_path):
    """A store folder: the results published, the test strategy imported."""
    f = build_folder(tmp_path / "store", STRATEGY_YAML.replace("NARRATIVE", "WorkWell update"))
    yield f
    f.close()


@pytest.fixture
def strategy_file(tmp_path) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(STRATEGY_YAML.replace("NARRATIVE", "WorkWell update"), "utf-8")
    return path


@pytest.fixture
def nasty_strategy_file(tmp_path) -> Path:
    """The same strategy with hostile text in a narrative, a title and a label."""
    path = tmp_path / "nasty.yaml"
    path.write_text(nasty_strategy_yaml(), "utf-8")
    return path


@pytest.fixture(scope="session")
def demo_papers(tmp_path_factory) -> dict[str, Path]:
    """The demo's two board papers (items 6 and 13 of 15 June 2026) in every format, built
    from the demo data, the local programme figures, the demo strategy and board business."""
    from hwb.board.demo import demo_board
    from hwb.demo.load import data_dir, load_demo_indicators
    from hwb.engine.build import build
    from hwb.ingest.load import read_tidy, store_batches
    from hwb.reports.dashboard import build_dashboard
    from hwb.reports.health_protection import build_health_protection
    from hwb.reports.render import write_document
    from hwb.store import connect
    from hwb.strategy.demo import DEMO_STRATEGY
    from hwb.strategy.loader import load_strategy_file

    folder = tmp_path_factory.mktemp("demo-papers")
    store = connect(folder / "demo.duckdb")
    try:
        load_demo_indicators(store)
        store_batches(store, read_tidy(store, data=data_dir() / "local_kpis.csv",
                                       indicators=data_dir() / "local_kpi_indicators.csv"))
        build(store)
        strategy, board = load_strategy_file(DEMO_STRATEGY), demo_board()
        paths = write_document(build_dashboard(store, strategy, None, board.paper("6")), folder, "staying-healthy")
        paths += write_document(build_health_protection(store, strategy, board.paper("13")), folder, "health-protection")
    finally:
        store.close()
    return {p.name: p for p in paths}
