"""`hwb fingertips`: pull indicators, metadata, areas and neighbours from the Fingertips API."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hwb.errors import InputError
from hwb.fingertips.api import BASE_URL, FingertipsClient, FingertipsUnavailable, long_date
from hwb.fingertips.pull import Selection, pull
from hwb.ingest.load import store_batches
from hwb.progress import console, counter
from hwb.cli_common import STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True, help="Fingertips (OHID) data, metadata and areas, through a local cache.")


@app.callback()
def fingertips() -> None:
    """Fingertips (OHID) data, metadata and areas, through a local cache."""


@app.command("pull")
def pull_command(
    profile: Optional[int] = typer.Option(None, "--profile", help="Fingertips profile id (e.g. 91 for suicide prevention)."),
    group: Optional[int] = typer.Option(None, "--group", help="A profile's group (domain) id instead of the whole profile."),
    indicator: list[int] = typer.Option([], "--indicator", help="Indicator ids instead of a profile (repeat the option)."),
    area_type: int = typer.Option(502, "--area-type", help="Area type id of the areas (502: counties and unitary authorities)."),
    parent_area_type: int = typer.Option(6, "--parent-area-type", help="Area type id compared with (6: regions)."),
    also_parent_type: list[int] = typer.Option([], "--also-parent-type", help="Further parents to store, e.g. ICBs."),
    neighbours: bool = typer.Option(True, "--neighbours/--no-neighbours", help="Also pull nearest-neighbour groups."),
    cache: Path = typer.Option(Path("fingertips-cache"), "--cache", help="Folder keeping every download and its date."),
    from_cache: bool = typer.Option(False, "--from-cache", help="Use the cache only; never touch the network."),
    db: Path = STORE_OPTION,
    api_url: str = typer.Option(BASE_URL, "--api-url", help="The Fingertips API address (a mirror or proxy)."),
) -> None:
    """Download (or reuse from the cache) and import, all-or-nothing."""
    if sum(bool(x) for x in (profile, group, indicator)) != 1:
        console.print("Give exactly one of --profile, --group or --indicator.")
        raise typer.Exit(2)
    selection = Selection(area_type, parent_area_type, profile, group, list(indicator), list(also_parent_type), neighbours)
    client = FingertipsClient(cache, base_url=api_url, from_cache=from_cache)
    try:
        with counter("fingertips", "request") as progress:
            batch = pull(client, selection, progress)
    except FingertipsUnavailable as error:
        console.print(f"[red]Nothing was imported:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    except InputError as error:
        console.print("[red]A downloaded file was rejected - nothing was stored.[/red]")
        console.print(error.summary(), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if client.cached_since:
        reason = "As asked" if from_cache else "No network"
        console.print(f"{reason}; using the cache from {long_date(client.cached_since)}.")
    folder = open_folder(db)
    store = folder.open_evidence()
    try:
        for table, count in store_batches(store, batch).items():
            console.print(f"{table}: {count} rows")
    finally:
        store.close()
        folder.close()
    console.print(f"Imported into {db}. Run `hwb build --db {db}` to recompute and publish the results.")
