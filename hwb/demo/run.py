"""`hwb demo`: the whole job on the bundled Leicestershire data, start to finish."""

from __future__ import annotations

from pathlib import Path

from hwb.demo.load import load_demo_indicators
from hwb.engine.build import build
from hwb.progress import steps
from hwb.store import connect


def run_demo(db: Path, out: Path) -> list[Path]:
    """Load the demo data, build results, load strategy and BCF, write the board pack."""
    from hwb.bcf.demo import load_demo as load_bcf_demo
    from hwb.reports.pack import write_board_pack
    from hwb.strategy.demo import DEMO_STRATEGY, load_demo_strategy

    store = connect(db)
    try:
        with steps("demo", 5) as progress:
            load_demo_indicators(store)
            progress.advance("loaded the Leicestershire indicator data")
            build(store)
            progress.advance("computed results")
            load_demo_strategy(store)
            progress.advance("loaded the strategy")
            load_bcf_demo(store)
            progress.advance("loaded the Better Care Fund plan")
            paths = write_board_pack(store, DEMO_STRATEGY, out)
            progress.advance("wrote the board pack")
        return paths
    finally:
        store.close()
