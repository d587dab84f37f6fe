"""`hwb report`: the strategy dashboard and the health-protection appendix, in any format.

The strategy and its progress updates come from the store's record (`hwb strategy import`,
and updates published in the web); the figures from its published results.
"""

from __future__ import annotations

from pathlib import Path

import typer

from hwb.cli_common import EXIT_INPUT, STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)

FORMAT = typer.Option("html,pdf,docx,xlsx", "--format", help="Comma-separated: html, pdf, docx, xlsx.")
OUT = typer.Option(Path("."), "--out", help="Folder to write into.", file_okay=False)


def _run(build, db: Path, formats: str, out: Path) -> None:
    from hwb.reports.render import parse_formats, write_document
    from hwb.strategy.store import load_strategy

    folder = open_folder(db)
    try:
        wanted = parse_formats(formats)
        strategy = load_strategy(folder.record)
        with folder.reader().store() as store:
            doc, name = build(store, strategy)
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
    db: Path = STORE_OPTION,
) -> None:
    """Progress and the Appendix A dashboard for one life-course priority."""
    from hwb.reports.dashboard import build_dashboard, find_priority
    from hwb.reports.pack import slug

    def build(store, s):
        priority = find_priority(s, section)
        return build_dashboard(store, s, priority.name), f"{slug(priority.name)}-dashboard"

    _run(build, db, formats, out)


@app.command("health-protection")
def health_protection(
    formats: str = FORMAT,
    out: Path = OUT,
    db: Path = STORE_OPTION,
) -> None:
    """The health-protection indicator appendix (charts with 95% CIs, coverage tables)."""
    from hwb.reports.health_protection import build_health_protection

    _run(lambda store, s: (build_health_protection(store, s), "health-protection-appendix"), db, formats, out)
