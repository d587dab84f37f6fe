"""The board pack: the strategy dashboard and the health-protection appendix in every format.

All read the store: the strategy (with its published progress updates) and the board's
business (meetings, papers, actions) from the record, and the indicator results from the
published snapshot. Each report is the paper for its agenda item when the business has one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hwb.board.model import BoardBusiness, BoardPaper
from hwb.board.store import load_business
from hwb.filenames import safe_stem
from hwb.reports.document import Document
from hwb.reports.dashboard import build_dashboard, find_priority
from hwb.reports.health_protection import build_health_protection
from hwb.reports.render import FORMATS, write_documents
from hwb.store.folder import StoreFolder
from hwb.strategy.store import load_strategy

HEALTH_PROTECTION = "Health Protection"


def slug(text: str) -> str:
    return safe_stem(text, 80)


def _words(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " " + " ".join("".join(ch if ch.isalnum() else " " for ch in text).split()) + " "


def board_paper(business: BoardBusiness, topic: str, meeting_date: date | None = None,
                item: str | None = None) -> BoardPaper | None:
    """The paper for agenda `item`, else the one whose title names `topic`, at the meeting on
    `meeting_date` (else the latest that has one), carrying the actions from previous meetings.
    None when no paper fits and no meeting was asked for; LookupError when one was."""
    if item is not None:
        return business.paper(item, meeting_date)
    found = [p for p in business.papers if _words(topic) in _words(p.title)
             and (meeting_date is None or p.meeting.date == meeting_date)]
    if found:
        latest = max(found, key=lambda p: p.meeting.date)
        return business.paper(latest.item, latest.meeting.date)
    if meeting_date is not None:
        business.meeting(meeting_date)
        raise LookupError(f"the meeting on {meeting_date:%-d %B %Y} has no paper on {topic}")
    return None


def board_pack_documents(folder: StoreFolder, section: str | None = None,
                         meeting_date: date | None = None) -> list[tuple[Document, str]]:
    """The dashboard of `section` (default: the priority the dashboard reports on) and, when the
    strategy has one, the health-protection appendix, as the papers of the meeting on
    `meeting_date` (default: the latest with such papers): (document, file stem) each."""
    strategy = load_strategy(folder.record)
    business = load_business(folder.record)
    priority = find_priority(strategy, section)
    with folder.reader().store() as store:
        paper = board_paper(business, priority.name, meeting_date)
        docs = [(build_dashboard(store, strategy, priority.name, paper), f"{slug(priority.name)}-dashboard")]
        if strategy.health_protection:
            paper = board_paper(business, HEALTH_PROTECTION, meeting_date)
            docs.append((build_health_protection(store, strategy, paper), "health-protection-appendix"))
    return docs


def write_board_pack(folder: StoreFolder, out_dir: str | Path, formats=FORMATS, section: str | None = None,
                     meeting_date: date | None = None) -> list[Path]:
    """Write the board_pack_documents in `formats`; returns the files written."""
    return write_documents(board_pack_documents(folder, section, meeting_date), Path(out_dir), formats)
