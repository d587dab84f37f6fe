"""The bundled Leicestershire strategy (as far as the seed documents describe it)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hwb.store.connection import Store
from hwb.strategy.loader import load_strategy_file
from hwb.strategy.model import Strategy
from hwb.strategy.store import save_strategy

DEMO_STRATEGY = Path(str(resources.files("hwb.strategy.demo") / "leicestershire.yaml"))


def load_demo_strategy(store: Store) -> Strategy:
    """Read the demo YAML and save it into the store."""
    strategy = load_strategy_file(DEMO_STRATEGY)
    save_strategy(store, strategy)
    return strategy
