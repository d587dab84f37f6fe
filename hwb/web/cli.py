"""CLI commands of hwb.web (registered in hwb.cli): `hwb serve` and `hwb users`."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from hwb.cli_common import STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)
users = typer.Typer(no_args_is_help=True, help="Dashboard accounts (viewer, editor, admin).")
app.add_typer(users, name="users", help="Dashboard accounts (viewer, editor, admin).")


@app.command()
def serve(
    db: Path = STORE_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (each answers requests)."),
    require_login: bool = typer.Option(False, "--require-login", help="Show nothing to visitors who are not signed in."),
    https_only: bool = typer.Option(False, "--https-only", help="Send the session cookie over HTTPS only (set behind TLS)."),
) -> None:
    """Serve the web dashboard. It reads the published results and the record, so imports,
    builds and edits from the command line go on while it serves."""
    import uvicorn

    from hwb.web import app as web

    folder = open_folder(db)
    folder.record.migrate()  # once, before any worker starts
    if workers == 1:
        application = web.create_app(folder, require_login, https_only=https_only)
        web.warm(application)
        uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    os.environ.update({web.ENV_STORE: str(folder.root.resolve()), web.ENV_LOGIN: "1" if require_login else "0",
                       web.ENV_HTTPS: "1" if https_only else "0"})
    uvicorn.run("hwb.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", proxy_headers=False)


@users.command("add")
def add(
    name: str = typer.Argument(..., help="Username."),
    role: str = typer.Option("viewer", "--role", help="viewer, editor or admin."),
    password: str = typer.Option(None, "--password", envvar="HWB_PASSWORD",
                                 help="Password (else HWB_PASSWORD, else a prompt)."),
    db: Path = STORE_OPTION,
) -> None:
    """Create an account, or replace its password and role."""
    from hwb.web.auth import AccountError, add_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    folder = open_folder(db)
    try:
        add_user(folder.record, name, password, role)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        folder.close()
    typer.echo(f"{name}: {role}")


@users.command("list")
def list_accounts(db: Path = STORE_OPTION) -> None:
    """Accounts and their roles."""
    from hwb.web.auth import list_users

    folder = open_folder(db)
    try:
        for username, role, active in list_users(folder.record):
            typer.echo(f"{username}\t{role}\t{'active' if active else 'disabled'}")
    finally:
        folder.close()
