"""The bundled Leicestershire strategy (as far as the seed documents describe it)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hwb.store.record import Record
from hwb.strategy.loader import load_strategy_file
from hwb.strategy.model import Strategy
from hwb.strategy.store import save_strategy

DEMO_STRATEGY = Path(str(resources.files("hwb.strategy.demo") / "leicestershire.yaml"))


def load_demo_strategy(record: Record) -> Strategy:
    """Import the demo YAML into the record (adding, never removing, progress updates)."""
    strategy = load_strategy_file(DEMO_STRATEGY)
    save_strategy(record, strategy, by="demo")
    return strategy
