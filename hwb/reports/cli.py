"""`hwb report`: the strategy dashboard and the health-protection appendix, in any format.

The strategy and its progress updates come from the store's record (`hwb strategy import`,
and updates published in the web), the board paper around each report from the board's
stored business (`hwb board import`, and edits in the web); the figures from its published
results. Pages are dated by the meeting and the data, never by the clock.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from hwb.cli_common import EXIT_INPUT, STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)

FORMAT = typer.Option("html,pdf,docx,xlsx", "--format", help="Comma-separated: html, pdf, docx, xlsx.")
OUT = typer.Option(Path("."), "--out", help="Folder to write into.", file_okay=False)
MEETING = typer.Option(None, "--meeting-date", formats=["%Y-%m-%d"],
                       help="The meeting the paper is for (YYYY-MM-DD); default: the latest with such a paper.")
ITEM = typer.Option(None, "--item", help="The agenda item of the paper, when its title does not name the report.")


def _run(build, db: Path, formats: str, out: Path, meeting: datetime | None, item: str | None) -> None:
    from hwb.board.store import load_business
    from hwb.reports.render import parse_formats, write_document
    from hwb.strategy.store import load_strategy

    folder = open_folder(db)
    try:
        wanted = parse_formats(formats)
        strategy = load_strategy(folder.record)
        business = load_business(folder.record)
        with folder.reader().store() as store:
            doc, name = build(store, strategy, business, meeting.date() if meeting else None, item)
    except (ValueError, LookupError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        folder.close()
    for path in write_document(doc, out, name, wanted):
        typer.echo(str(path))


@app.command("dashboard")
def dashboard(
    section: str = typer.Option(None, "--section", help='Life-course priority, e.g. "Staying Healthy, Safe and Well".'),
    formats: str = FORMAT,
    out: Path = OUT,
    meeting_date: Optional[datetime] = MEETING,
    item: Optional[str] = ITEM,
    db: Path = STORE_OPTION,
) -> None:
    """Progress and the Appendix A dashboard for one life-course priority."""
    from hwb.reports.dashboard import build_dashboard, find_priority
    from hwb.reports.pack import board_paper, slug

    def build(store, s, business, day, item):
        priority = find_priority(s, section)
        paper = board_paper(business, priority.name, day, item)
        return build_dashboard(store, s, priority.name, paper), f"{slug(priority.name)}-dashboard"

    _run(build, db, formats, out, meeting_date, item)


@app.command("health-protection")
def health_protection(
    formats: str = FORMAT,
    out: Path = OUT,
    meeting_date: Optional[datetime] = MEETING,
    item: Optional[str] = ITEM,
    db: Path = STORE_OPTION,
) -> None:
    """The health-protection indicator appendix (charts with 95% CIs, coverage tables)."""
    from hwb.reports.health_protection import build_health_protection
    from hwb.reports.pack import HEALTH_PROTECTION, board_paper

    def build(store, s, business, day, item):
        paper = board_paper(business, HEALTH_PROTECTION, day, item)
        return build_health_protection(store, s, paper), "health-protection-appendix"

    _run(build, db, formats, out, meeting_date, item)
