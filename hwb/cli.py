"""The `hwb` command line: one entry point, one sub-app per part of the system."""

from __future__ import annotations

import typer

from hwb.bcf.cli import app as bcf_app
from hwb.reports.cli import app as report_app
from hwb.web.cli import app as web_app

app = typer.Typer(
    no_args_is_help=True,
    help="hwb - indicators, strategy reports, Better Care Fund and a web dashboard for a Health and Wellbeing Board.",
)
app.add_typer(bcf_app, name="bcf", help="Better Care Fund plan, checks, metrics and Excel in/out.")
app.add_typer(report_app, name="report", help="Board-pack reports in HTML, PDF, Word and Excel.")
app.registered_commands.extend(web_app.registered_commands)
app.registered_groups.extend(web_app.registered_groups)

if __name__ == "__main__":
    app()
