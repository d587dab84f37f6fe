"""`hwb demo`: the whole job on the bundled Leicestershire data, start to finish."""

from __future__ import annotations

from pathlib import Path

from hwb.demo.load import load_demo_indicators
from hwb.engine.build import build
from hwb.progress import steps
from hwb.store import connect


def write_bcf_reports(store, out: Path) -> list[Path]:
    """The BCF report of every stored plan, in every format."""
    from hwb.bcf.report import build_stored_report
    from hwb.bcf.store import list_plans
    from hwb.reports.pack import slug
    from hwb.reports.render import write_document

    paths: list[Path] = []
    for hwb_code, year, name in list_plans(store):
        stem = f"better-care-fund-{slug(name)}-{year}"
        paths += write_document(build_stored_report(store, hwb_code, year), out, stem)
    return paths


def run_demo(db: Path, out: Path) -> list[Path]:
    """Load the demo data, build results, load strategy and BCF, write the board pack."""
    from hwb.bcf.demo import load_demo as load_bcf_demo
    from hwb.reports.pack import write_board_pack
    from hwb.strategy.demo import DEMO_STRATEGY, load_demo_strategy

    store = connect(db)
    try:
        with steps("demo", 6) as progress:
            load_demo_indicators(store)
            progress.advance("loaded the Leicestershire indicator data")
            build(store)
            progress.advance("computed results")
            load_demo_strategy(store)
            progress.advance("loaded the strategy")
            load_bcf_demo(store)
            progress.advance("loaded the Better Care Fund plan")
            paths = write_board_pack(store, DEMO_STRATEGY, Path(out))
            progress.advance("wrote the dashboard and health-protection appendix")
            paths += write_bcf_reports(store, Path(out))
            progress.advance("wrote the Better Care Fund report")
        return paths
    finally:
        store.close()
