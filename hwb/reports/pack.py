"""The board pack: the strategy dashboard and the health-protection appendix in every format.

Both read the store: the strategy (with its published progress updates) from the
record, and the indicator results from the published snapshot.
"""

from __future__ import annotations

from pathlib import Path

from hwb.reports.dashboard import build_dashboard, find_priority
from hwb.reports.health_protection import build_health_protection
from hwb.reports.render import FORMATS, write_document
from hwb.store.folder import StoreFolder
from hwb.strategy.store import load_strategy


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def write_board_pack(folder: StoreFolder, out_dir: str | Path, formats=FORMATS,
                     section: str | None = None) -> list[Path]:
    """Write the dashboard of `section` (default: the priority the dashboard reports on) and,
    when the strategy has one, the health-protection appendix. Returns the files written."""
    strategy = load_strategy(folder.record)
    out = Path(out_dir)
    priority = find_priority(strategy, section)
    with folder.reader().store() as store:
        paths = write_document(build_dashboard(store, strategy, priority.name), out,
                               f"{slug(priority.name)}-dashboard", formats)
        if strategy.health_protection:
            paths += write_document(build_health_protection(store, strategy), out, "health-protection-appendix",
                                    formats)
    return paths
