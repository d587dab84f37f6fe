"""The board pack: the strategy dashboard and the health-protection appendix in every format."""

from __future__ import annotations

from pathlib import Path

from hwb.reports.dashboard import build_dashboard, find_priority
from hwb.reports.health_protection import build_health_protection
from hwb.reports.render import FORMATS, write_document
from hwb.store.connection import Store
from hwb.strategy.loader import load_strategy_file


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def write_board_pack(store: Store, strategy_path: str | Path, out_dir: str | Path,
                     formats=FORMATS, section: str | None = None) -> list[Path]:
    """Write the dashboard of `section` (default: the priority the dashboard reports on) and,
    when the strategy has one, the health-protection appendix. Returns the files written."""
    strategy = load_strategy_file(strategy_path)
    out = Path(out_dir)
    priority = find_priority(strategy, section)
    paths = write_document(build_dashboard(store, strategy, priority.name), out,
                           f"{slug(priority.name)}-dashboard", formats)
    if strategy.health_protection:
        paths += write_document(build_health_protection(store, strategy), out, "health-protection-appendix", formats)
    return paths
