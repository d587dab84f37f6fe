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
def demo_store(tmp_path_factory):
    """A store folder filled as `hwb demo` fills it (the Leicestershire data, the local programme
    figures, every county's Fingertips downloads, the strategy and the board's business), without
    the Better Care Fund plan, which another part of the pack reports on."""
    from hwb.board.demo import demo_board
    from hwb.board.store import save_business
    from hwb.demo.fingertips import load_fingertips_samples
    from hwb.demo.load import load_demo_indicators, load_demo_local_kpis
    from hwb.engine.build import build
    from hwb.store.folder import StoreFolder
    from hwb.strategy.demo import load_demo_strategy

    root = tmp_path_factory.mktemp("demo-store") / "store"
    folder = StoreFolder(root, f"sqlite:///{root / 'record.sqlite'}")
    store = folder.open_evidence()
    try:
        load_demo_indicators(store)
        load_demo_local_kpis(store)
        load_fingertips_samples(store)
        build(store)
        folder.publish(store)
    finally:
        store.close()
    load_demo_strategy(folder.record)
    save_business(folder.record, demo_board(), by="demo")
    yield folder
    folder.close()


@pytest.fixture(scope="session")
def demo_papers(demo_store, tmp_path_factory) -> dict[str, Path]:
    """The demo's two board papers (items 6 and 13 of 15 June 2026) in every format, written by
    the board pack exactly as `hwb demo` writes them; keyed 'staying-healthy.pdf',
    'health-protection.docx' and so on."""
    from hwb.reports.pack import write_board_pack

    short = {"staying-healthy-safe-and-well-dashboard": "staying-healthy",
             "health-protection-appendix": "health-protection"}
    paths = write_board_pack(demo_store, tmp_path_factory.mktemp("demo-papers"))
    assert sorted({p.stem for p in paths}) == sorted(short)
    return {f"{short[p.stem]}{p.suffix}": p for p in paths}


@pytest.fixture(scope="session")
def demo_bcf_paper(tmp_path_factory) -> dict[str, Path]:
    """The demo's Better Care Fund papers (item 9 of 15 June 2026, the plan, and item 8, the
    year-end return) in every format, written as `hwb demo` writes them from a store holding the
    board's business and the BCF plan and return; keyed 'better-care-fund.pdf',
    'better-care-fund-year-end.pdf' and so on."""
    from hwb.bcf.store import load_demo
    from hwb.board.demo import demo_board
    from hwb.board.store import save_business
    from hwb.demo.run import write_bcf_reports
    from hwb.store.folder import StoreFolder

    root = tmp_path_factory.mktemp("demo-bcf") / "store"
    folder = StoreFolder(root, f"sqlite:///{root / 'record.sqlite'}")
    try:
        save_business(folder.record, demo_board(), by="demo")
        load_demo(folder.record)
        paths = write_bcf_reports(folder, tmp_path_factory.mktemp("demo-bcf-paper"))
    finally:
        folder.close()
    short = {"better-care-fund-leicestershire-2026-27": "better-care-fund",
             "better-care-fund-year-end-leicestershire-2025-26": "better-care-fund-year-end"}
    assert {p.stem for p in paths} == set(short)
    return {f"{short[p.stem]}{p.suffix}": p for p in paths}


@pytest.fixture(scope="session")
def pack_outputs(demo_papers, demo_bcf_paper) -> dict[str, Path]:
    """Every paper of the demo pack: the dashboard, the health-protection appendix and the BCF papers."""
    return {**demo_papers, **demo_bcf_paper}
